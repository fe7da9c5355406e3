"""rollup keys on facts: the place's province, county and level and the document's date, indexed

``facts.province``, ``county`` and ``region_level`` copy the place's ``regions`` row, ``facts.as_of`` the
document's date; the loader fills them from the rows it writes (no text is parsed) and keeps them equal
to their sources. Indexes in GROUP BY order that also hold every facts column fact_details' joins need
let a rollup read one index in order (the index on indicator alone goes: it is the first column of one
of them); an index on the level's rank (README example 3's ORDER BY) lets "most specific place first"
stop after LIMIT rows. ``fact_details`` takes these four columns from ``facts`` (same names, types and
values as before); its optional look-ups (article, team, person, project, and on SQLite the place's
names) become scalar subqueries, so a rollup that does not read them never touches the table
(``_fact_details`` says why). ``figure_series`` reads the base tables (the same rows). PostgreSQL gets
statistics on the year of ``as_of``, so a GROUP BY year is planned for its real number of groups. Views'
SQL and descriptions are written out here, so this revision keeps meaning what it meant when it landed.

Revision ID: b363395aa8ab
Revises: f5a93c1d7e28
Create Date: 2026-12-04 09:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = 'b363395aa8ab'
down_revision: str | Sequence[str] | None = 'f5a93c1d7e28'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("province", sa.String(length=200), "regions.province of its place (a copy kept at load, for rollups)"),
    ("county", sa.String(length=200), "regions.county of its place (a copy kept at load, for rollups)"),
    ("region_level", sa.String(length=16), "regions.level of its place (a copy kept at load, for ordering by level)"),
    ("as_of", sa.Date(), "documents.as_of of its document (a copy kept at load, for rollups by year)"),
)
INDEXES = {
    "ix_facts_province_rollup": ["province", "indicator_id", "as_of", "repeat_of", "value", "document_id", "unit_id",
                                 "region_id"],
    "ix_facts_county_rollup": ["unit_id", "repeat_of", "province", "county", "indicator_id", "document_id", "value",
                               "region_id"],
    "ix_facts_indicator_rollup": ["indicator_id", "document_id", "unit_id", "region_id"],
}
# README example 3's ORDER BY (most specific place first), laid out as PostgreSQL prints it back
PLACE_ORDER = ("(\nCASE region_level\n    WHEN 'village' THEN 1\n    WHEN 'town' THEN 2\n"
               "    WHEN 'county' THEN 3\n    WHEN 'city' THEN 4\n    ELSE 5\nEND)")

# PostgreSQL: how many distinct years the dates hold (about a dozen, against thousands of days), so a GROUP BY
# year is estimated at its real number of groups and hashed instead of sorted. Filled by ANALYZE (autovacuum
# runs it after a load); not part of the models (Alembic does not compare statistics objects)
YEAR_STATISTICS = {
    "st_facts_year": "EXTRACT(YEAR FROM as_of)",
    "st_facts_year_integer": "CAST(EXTRACT(YEAR FROM as_of) AS INTEGER)",
}

# set-based backfill, the same SQL on both backends
BACKFILL = """
UPDATE facts SET
    province = (SELECT r.province FROM regions r WHERE r.id = facts.region_id),
    county = (SELECT r.county FROM regions r WHERE r.id = facts.region_id),
    region_level = (SELECT r.level FROM regions r WHERE r.id = facts.region_id),
    as_of = (SELECT d.as_of FROM documents d WHERE d.id = facts.document_id)
"""

# as f5a93c1d7e28 left them
FACT_DETAILS_BEFORE = """
CREATE VIEW fact_details AS
SELECT
    f.id AS fact_id,
    d.key AS document_key,
    a.title AS article_title,
    f.sentence AS sentence,
    f.surface AS surface,
    f.char_start AS char_start,
    f.char_end AS char_end,
    f.value AS value,
    u.name AS unit,
    f.value_max AS value_max,
    f.qualifier AS qualifier,
    f.base_value AS base_value,
    f.base_unit AS base_unit,
    f.subject AS subject,
    i.code AS indicator_code,
    i.name AS indicator_name,
    i.category AS indicator_category,
    COALESCE(f.place_name, r.name) AS region_name,
    r.level AS region_level,
    r.code AS region_code,
    r.path AS region_path,
    t.name AS team_name,
    p.name AS person_name,
    pr.name AS project_name,
    f.period_text AS period_text,
    d.as_of AS as_of,
    f.repeat_of AS repeat_of,
    r.province AS province,
    r.city AS city,
    r.county AS county,
    r.town AS town,
    r.village AS village,
    r.county_code AS county_code,
    {same_as} AS same_as
FROM facts f
JOIN documents d ON d.id = f.document_id
JOIN units u ON u.id = f.unit_id
JOIN indicators i ON i.id = f.indicator_id
LEFT JOIN articles a ON a.id = f.article_id
LEFT JOIN regions r ON r.id = f.region_id
LEFT JOIN teams t ON t.id = f.team_id
LEFT JOIN people p ON p.id = f.person_id
LEFT JOIN projects pr ON pr.id = f.project_id
"""

# the first fact of another document stating the same figure, dated up to a year before (or the same day,
# with a smaller key: the same answer whatever order the documents were loaded in); {days} is the
# dialect's day difference between two dates, {binary} makes keys compare byte by byte
SAME_AS = """(
        SELECT f2.id FROM facts f2 JOIN documents d2 ON d2.id = f2.document_id
        WHERE f2.indicator_id = f.indicator_id AND f2.region_id = f.region_id AND f2.unit_id = f.unit_id
          AND f2.value = f.value AND f2.document_id <> f.document_id AND f2.repeat_of IS NULL
          AND i.code <> 'other' AND d.as_of IS NOT NULL AND d2.as_of IS NOT NULL
          AND (d2.as_of < d.as_of OR (d2.as_of = d.as_of AND d2.key {binary} < d.key {binary}))
          AND {days} <= 366
        ORDER BY d2.as_of, d2.key {binary}, f2.char_start LIMIT 1)"""
DAYS = {"sqlite": "julianday(d.as_of) - julianday(d2.as_of)", "postgresql": "(d.as_of - d2.as_of)"}
BINARY = {"sqlite": "", "postgresql": 'COLLATE "C"'}  # keys compared byte by byte on both backends

FIGURE_SERIES_BEFORE = """
CREATE VIEW figure_series AS
SELECT
    region_name, region_level, region_code, region_path, indicator_code, indicator_name,
    as_of, period_text, value, value_max, unit, qualifier, subject, document_key, fact_id, same_as, surface
FROM fact_details
WHERE repeat_of IS NULL AND region_name IS NOT NULL AND indicator_code <> 'other'
"""


FACT_DETAILS = """
CREATE VIEW fact_details AS
SELECT
    f.id AS fact_id,
    d.key AS document_key,
    {article_title} AS article_title,
    f.sentence AS sentence,
    f.surface AS surface,
    f.char_start AS char_start,
    f.char_end AS char_end,
    f.value AS value,
    u.name AS unit,
    f.value_max AS value_max,
    f.qualifier AS qualifier,
    f.base_value AS base_value,
    f.base_unit AS base_unit,
    f.subject AS subject,
    i.code AS indicator_code,
    i.name AS indicator_name,
    i.category AS indicator_category,
    COALESCE(f.place_name, {region_name}) AS region_name,
    f.region_level AS region_level,
    {region_code} AS region_code,
    {region_path} AS region_path,
    {team_name} AS team_name,
    {person_name} AS person_name,
    {project_name} AS project_name,
    f.period_text AS period_text,
    f.as_of AS as_of,
    f.repeat_of AS repeat_of,
    f.province AS province,
    {city} AS city,
    f.county AS county,
    {town} AS town,
    {village} AS village,
    {county_code} AS county_code,
    {same_as} AS same_as
FROM facts f
{join} documents d ON d.id = f.document_id
{join} units u ON u.id = f.unit_id
{join} indicators i ON i.id = f.indicator_id{joins}
"""
LOOKUPS = {  # fact_details column -> (table, its column, the facts column pointing to it)
    "article_title": ("articles", "title", "article_id"), "region_name": ("regions", "name", "region_id"),
    "region_code": ("regions", "code", "region_id"), "region_path": ("regions", "path", "region_id"),
    "team_name": ("teams", "name", "team_id"), "person_name": ("people", "name", "person_id"),
    "project_name": ("projects", "name", "project_id"), "city": ("regions", "city", "region_id"),
    "town": ("regions", "town", "region_id"), "village": ("regions", "village", "region_id"),
    "county_code": ("regions", "county_code", "region_id"),
}
REGIONS_JOIN = """
LEFT JOIN regions r ON r.id = f.region_id"""

FIGURE_SERIES = """
CREATE VIEW figure_series AS
SELECT
    COALESCE(f.place_name, r.name) AS region_name,
    f.region_level AS region_level,
    r.code AS region_code,
    r.path AS region_path,
    i.code AS indicator_code,
    i.name AS indicator_name,
    f.as_of AS as_of,
    f.period_text AS period_text,
    f.value AS value,
    f.value_max AS value_max,
    u.name AS unit,
    f.qualifier AS qualifier,
    f.subject AS subject,
    d.key AS document_key,
    f.id AS fact_id,
    {same_as} AS same_as,
    f.surface AS surface
FROM facts f
JOIN documents d ON d.id = f.document_id
JOIN units u ON u.id = f.unit_id
JOIN indicators i ON i.id = f.indicator_id
LEFT JOIN regions r ON r.id = f.region_id
WHERE f.repeat_of IS NULL AND COALESCE(f.place_name, r.name) IS NOT NULL AND i.code <> 'other'
"""

# descriptions (PostgreSQL COMMENT ON), unchanged: views lose theirs when dropped
FACT_DETAILS_COMMENTS = ('One row per figure a report states: its value and unit, what it counts, where, whose, and the sentence it '
 'comes from.',
 {'fact_id': "the fact's row id (facts.id)",
  'document_key': "the document's key: its file's path under the loaded folder, .txt dropped",
  'article_title': 'title of the article inside the file the fact comes from (null if none)',
  'sentence': 'the normalized sentence holding the fact',
  'surface': 'the quantity as written in the normalized text (290余名)',
  'char_start': "where surface starts in the document's normalized text",
  'char_end': "where surface ends in the document's normalized text",
  'value': 'magnitude with 万/亿 folded in, in the stated unit (3.31亿元 -> 331000000)',
  'unit': 'canonical unit (元, 亩, 人, 户, 个 …)',
  'value_max': 'upper bound of a range (5至10个 -> value 5, value_max 10), else null',
  'qualifier': 'exact, at_least (余, 多, 以上), at_most (不足, 以内) or approx (约, 左右)',
  'base_value': 'the value in a base unit where one exists (亩 -> 平方米 at 666.67)',
  'base_unit': 'the base unit of base_value',
  'subject': 'what is counted (发展党员)',
  'indicator_code': 'what the figure counts, from the indicator catalog; other when none fits',
  'indicator_name': "the indicator's Chinese name",
  'indicator_category': 'program, party, industry, livelihood, poverty, infrastructure, governance or other',
  'region_name': 'the most specific place the fact is about, as the report writes it (null if none); '
                 'region_path and the ancestor columns give its official names',
  'region_level': 'province, city, county, town or village',
  'region_code': 'official administrative division code where known',
  'region_path': 'names from the province down, joined by /',
  'team_name': 'the work team the fact is credited to (null if none)',
  'person_name': 'the cadre the fact is credited to (null if none)',
  'project_name': 'the project the fact belongs to (null if none)',
  'period_text': 'the time phrase the fact is stated for (两年来, 2020年以来), null if none',
  'as_of': "the report's date, when known",
  'repeat_of': 'for a figure the same document states again, the fact_id of its first mention; WHERE '
               'repeat_of IS NULL sums each figure once',
  'province': "the province of the fact's place (or the place itself)",
  'city': "the city of the fact's place",
  'county': "the county or district of the fact's place: money by county is a GROUP BY county",
  'town': "the town or street of the fact's place",
  'village': "the village or community of the fact's place",
  'county_code': 'the official code of that county',
  'same_as': 'the first fact of another document stating the same figure (same value, unit, indicator and '
             'place, dated up to a year before); WHERE repeat_of IS NULL AND same_as IS NULL counts each '
             'figure once across reports'})
FIGURE_SERIES_COMMENTS = ('Per place and indicator, the figures of all documents, each once per document: ORDER BY region_path, '
 'indicator_code, as_of follows an indicator over time.',
 {'region_name': 'the place the figure is about, as the report writes it',
  'region_level': 'province, city, county, town or village',
  'region_code': 'official administrative division code where known',
  'region_path': 'names from the province down, joined by /',
  'indicator_code': 'what the figure counts (never other here)',
  'indicator_name': "the indicator's Chinese name",
  'as_of': "the report's date, when known",
  'period_text': 'the time phrase the figure is stated for, null if none',
  'value': "the figure's value in its unit",
  'value_max': 'upper bound of a range, else null',
  'unit': 'canonical unit',
  'qualifier': 'exact, at_least, at_most or approx',
  'subject': 'what is counted',
  'document_key': 'the document stating it',
  'fact_id': "the fact's row id (fact_details.fact_id)",
  'same_as': 'the first fact of another document stating the same figure, null if none',
  'surface': 'the quantity as written'})


def _quoted(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def _describe(view: str, about: str, columns: dict[str, str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f'COMMENT ON VIEW "{view}" IS {_quoted(about)}')
    for column, text in columns.items():
        op.execute(f'COMMENT ON COLUMN "{view}"."{column}" IS {_quoted(text)}')


def _other_views() -> dict[str, str]:
    """The other public views' SQL as stored: on SQLite a view over ``facts`` blocks its table copy."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return {}
    rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'view'").all()
    return {name: sql for name, sql in rows if name in ("entity_mentions", "document_overview")}


def _same_as(dialect: str) -> str:
    return SAME_AS.format(days=DAYS.get(dialect, DAYS["postgresql"]), binary=BINARY.get(dialect, BINARY["postgresql"]))


def _fact_details(dialect: str) -> str:
    """The optional look-ups (article, team, person, project; on SQLite the place's names too) are scalar
    subqueries, evaluated only for the columns a query reads: the same values as a LEFT JOIN on a primary
    key. SQLite keeps every LEFT JOIN of a view in an aggregate query, and PostgreSQL 16, though it drops an
    unused one, still reads its key column from ``facts``, so neither could answer a rollup from an index
    alone. PostgreSQL keeps the join to ``regions`` (hash-joined when a query groups by city, town or path;
    the rollup indexes hold ``region_id``). There documents, units and indicators are LEFT JOINs too: on
    NOT NULL foreign keys they give the rows an inner join gives, and PostgreSQL drops the ones a query
    does not read (a WHERE on one of their columns makes it an inner join again)."""
    subquery = {column: f"(SELECT x.{attr} FROM {table} x WHERE x.id = f.{key})"
                for column, (table, attr, key) in LOOKUPS.items()}
    if dialect == "sqlite":
        return FACT_DETAILS.format(**subquery, same_as=_same_as(dialect), join="JOIN", joins="")
    joined = {column: f"r.{attr}" for column, (table, attr, _) in LOOKUPS.items() if table == "regions"}
    return FACT_DETAILS.format(**{**subquery, **joined}, same_as=_same_as(dialect), join="LEFT JOIN",
                               joins=REGIONS_JOIN)


def upgrade() -> None:
    """Add and fill the rollup keys on ``facts``, index them; recreate ``fact_details`` and ``figure_series``
    reading them."""
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS figure_series")
    op.execute("DROP VIEW IF EXISTS fact_details")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        for name, type_, comment in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True, comment=comment))
    op.execute(BACKFILL)
    for name, columns in INDEXES.items():
        op.create_index(name, "facts", columns, unique=False)
    op.drop_index("ix_facts_indicator_id", table_name="facts")  # the first column of ix_facts_indicator_rollup
    op.create_index("ix_facts_place_order", "facts", [sa.text(PLACE_ORDER), "id"], unique=False)
    if dialect == "postgresql":
        for name, expression in YEAR_STATISTICS.items():
            op.execute(f"CREATE STATISTICS {name} ON ({expression}) FROM facts")
    op.execute(_fact_details(dialect))
    op.execute(FIGURE_SERIES.format(same_as=_same_as(dialect)))
    _describe("fact_details", *FACT_DETAILS_COMMENTS)
    _describe("figure_series", *FIGURE_SERIES_COMMENTS)


def downgrade() -> None:
    """Drop the rollup keys and their indexes; put back ``fact_details`` and ``figure_series`` as they were."""
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS figure_series")
    op.execute("DROP VIEW IF EXISTS fact_details")
    op.drop_index("ix_facts_place_order", table_name="facts")
    if dialect == "postgresql":
        for name in YEAR_STATISTICS:
            op.execute(f"DROP STATISTICS IF EXISTS {name}")
    op.create_index("ix_facts_indicator_id", "facts", ["indicator_id"], unique=False)
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="facts")
    others = _other_views()
    for name in others:
        op.execute(f"DROP VIEW {name}")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        for name, _, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
    for sql in others.values():
        op.execute(sql)
    op.execute(FACT_DETAILS_BEFORE.format(same_as=_same_as(dialect)))
    op.execute(FIGURE_SERIES_BEFORE)
    _describe("fact_details", *FACT_DETAILS_COMMENTS)
    _describe("figure_series", *FIGURE_SERIES_COMMENTS)
