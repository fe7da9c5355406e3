"""rollups written at load: facts per document and category, each figure once per document, province and
indicator; figure_series' order copied onto facts and indexed

Two tables filled from ``facts`` (a GROUP BY per document; the loader writes a document's rows again
whenever its facts are written or a row they read changes): ``document_category_counts`` (facts per
document and indicator category) behind the view ``document_categories``, and
``document_indicator_totals`` (facts with ``repeat_of`` null and a province, per document, province and
indicator, with their sum and the document's year) behind the view ``indicator_years``. "What the reports
count, by category" (README example 2) and "indicator by province and year" then read a few hundred
thousand rollup rows instead of a million facts, with no sort for COUNT(DISTINCT document).

``facts.region_path`` and ``facts.indicator_code`` copy the place's path and the indicator's code (neither
changes for a row id), indexed with ``as_of`` and ``id``: ``figure_series`` takes them from ``facts``, so
its documented order (README example 7) reads one index and stops at the LIMIT. Same rows, names and types
as before. Views' SQL and descriptions are written out here, so this revision keeps meaning what it meant.

Revision ID: 15878e56fc32
Revises: b363395aa8ab
Create Date: 2026-12-03 20:15:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '15878e56fc32'
down_revision: str | Sequence[str] | None = 'b363395aa8ab'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("region_path", sa.String(length=1000), "regions.path of its place (a copy kept at load, for figure_series' order)"),
    ("indicator_code", sa.String(length=100),
     "indicators.code of its indicator (a copy kept at load, for figure_series' order)"),
)
SERIES_INDEX = ("ix_facts_series_order", ["region_path", "indicator_code", "as_of", "id"])
BACKFILL_FACTS = """
UPDATE facts SET
    region_path = (SELECT r.path FROM regions r WHERE r.id = facts.region_id),
    indicator_code = (SELECT i.code FROM indicators i WHERE i.id = facts.indicator_id)
"""

YEAR = {"sqlite": "CAST(strftime('%Y', d.as_of) AS INTEGER)",
        "postgresql": "CAST(EXTRACT(YEAR FROM d.as_of) AS INTEGER)"}
BACKFILL_ROLLUPS = ("""
INSERT INTO document_category_counts (document_id, category, facts)
SELECT f.document_id, i.category, COUNT(*) FROM facts f JOIN indicators i ON i.id = f.indicator_id
GROUP BY f.document_id, i.category""", """
INSERT INTO document_indicator_totals (document_id, province, indicator_id, year, facts, total)
SELECT f.document_id, f.province, f.indicator_id, {year}, COUNT(*), SUM(f.value)
FROM facts f JOIN documents d ON d.id = f.document_id
WHERE f.repeat_of IS NULL AND f.province IS NOT NULL
GROUP BY f.document_id, f.province, f.indicator_id, {year}""")

DOCUMENT_CATEGORIES = """
CREATE VIEW document_categories AS
SELECT
    d.key AS document_key,
    c.category AS indicator_category,
    c.facts AS facts
FROM document_category_counts c
JOIN documents d ON d.id = c.document_id
"""
INDICATOR_YEARS = """
CREATE VIEW indicator_years AS
SELECT
    t.province AS province,
    i.code AS indicator_code,
    t.year AS year,
    t.facts AS facts,
    t.total AS total
FROM (
    SELECT province, indicator_id, year, SUM(facts) AS facts, SUM(total) AS total
    FROM document_indicator_totals
    GROUP BY province, indicator_id, year
) t
JOIN indicators i ON i.id = t.indicator_id
"""

# as in b363395aa8ab; {region_path} and {indicator_code} from regions and indicators there, from facts here
FIGURE_SERIES = """
{create} VIEW figure_series AS
SELECT
    COALESCE(f.place_name, r.name) AS region_name,
    f.region_level AS region_level,
    r.code AS region_code,
    {region_path} AS region_path,
    {indicator_code} AS indicator_code,
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
WHERE f.repeat_of IS NULL AND COALESCE(f.place_name, r.name) IS NOT NULL AND {indicator_code} <> 'other'
"""
SERIES_BEFORE = {"region_path": "r.path", "indicator_code": "i.code"}
SERIES_AFTER = {"region_path": "f.region_path", "indicator_code": "f.indicator_code"}
SAME_AS = """(
        SELECT f2.id FROM facts f2 JOIN documents d2 ON d2.id = f2.document_id
        WHERE f2.indicator_id = f.indicator_id AND f2.region_id = f.region_id AND f2.unit_id = f.unit_id
          AND f2.value = f.value AND f2.document_id <> f.document_id AND f2.repeat_of IS NULL
          AND i.code <> 'other' AND d.as_of IS NOT NULL AND d2.as_of IS NOT NULL
          AND (d2.as_of < d.as_of OR (d2.as_of = d.as_of AND d2.key {binary} < d.key {binary}))
          AND {days} <= 366
        ORDER BY d2.as_of, d2.key {binary}, f2.char_start LIMIT 1)"""
DAYS = {"sqlite": "julianday(d.as_of) - julianday(d2.as_of)", "postgresql": "(d.as_of - d2.as_of)"}
BINARY = {"sqlite": "", "postgresql": 'COLLATE "C"'}

DESCRIPTIONS = {
    "document_categories": (
        "One row per document and indicator category: how many of the document's facts count that category "
        "(a rollup written at load). SUM(facts) and COUNT(*) by category give the facts and the documents.",
        {"document_key": "the document's key",
         "indicator_category": "program, party, industry, livelihood, poverty, infrastructure, governance or other",
         "facts": "the document's facts in that category (repeats included), at least 1"}),
    "indicator_years": (
        "One row per province, indicator and year: each figure once (repeat_of null), counted and summed "
        "(a rollup written at load). Facts without a place's province are left out; year is null for "
        "reports without a date.",
        {"province": "the province of the facts' places (fact_details.province)",
         "indicator_code": "what the figures count, from the indicator catalog",
         "year": "the year of the reports' date (fact_details.as_of), null when unknown",
         "facts": "how many figures (fact_details rows with repeat_of null)",
         "total": "the sum of their values (units as stated: filter by indicator)"}),
}


def _quoted(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def _describe(view: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    about, columns = DESCRIPTIONS[view]
    op.execute(f'COMMENT ON VIEW "{view}" IS {_quoted(about)}')
    for column, text in columns.items():
        op.execute(f'COMMENT ON COLUMN "{view}"."{column}" IS {_quoted(text)}')


def _figure_series(dialect: str, columns: dict[str, str]) -> None:
    """Replace figure_series in place on PostgreSQL (same columns and types: its descriptions stay); drop and
    create it on SQLite."""
    same_as = SAME_AS.format(days=DAYS.get(dialect, DAYS["postgresql"]), binary=BINARY.get(dialect, BINARY["postgresql"]))
    if dialect != "postgresql":
        op.execute("DROP VIEW IF EXISTS figure_series")
    create = "CREATE OR REPLACE" if dialect == "postgresql" else "CREATE"
    op.execute(FIGURE_SERIES.format(create=create, same_as=same_as, **columns))


def _rollup_tables() -> None:
    op.create_table(
        "document_category_counts",
        sa.Column("document_id", sa.Integer(), nullable=False, comment="the document"),
        sa.Column("category", sa.String(length=32), nullable=False, comment="indicators.category of the facts counted"),
        sa.Column("facts", sa.Integer(), nullable=False,
                  comment="the document's facts in that category (repeats included)"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_document_category_counts_document_id_documents")),
        sa.PrimaryKeyConstraint("document_id", "category", name=op.f("pk_document_category_counts")),
        comment="How many facts a document has in each indicator category: one row per (document, category), "
                "written at load from the document's facts (view ``document_categories``).")
    op.create_table(
        "document_indicator_totals",
        sa.Column("document_id", sa.Integer(), nullable=False, comment="the document"),
        sa.Column("province", sa.String(length=200), nullable=False, comment="facts.province of the facts counted"),
        sa.Column("indicator_id", sa.Integer(), nullable=False, comment="facts.indicator_id of the facts counted"),
        sa.Column("year", sa.Integer(), nullable=True,
                  comment="the year of the document's date (documents.as_of), null when it has none"),
        sa.Column("facts", sa.Integer(), nullable=False, comment="how many such facts (each figure once)"),
        sa.Column("total", sa.Float(), nullable=False, comment="the sum of their values"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_document_indicator_totals_document_id_documents")),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"],
                                name=op.f("fk_document_indicator_totals_indicator_id_indicators")),
        sa.PrimaryKeyConstraint("document_id", "province", "indicator_id", name=op.f("pk_document_indicator_totals")),
        comment="Each figure once (``repeat_of`` null), per document, province and indicator: how many and their "
                "sum, with the document's year; only facts with a place (view ``indicator_years``).")
    op.create_index("ix_document_indicator_totals_rollup", "document_indicator_totals",
                    ["province", "indicator_id", "year", "facts", "total"], unique=False)


def upgrade() -> None:
    """Copy the series order onto facts and index it; create, fill and publish the two rollups."""
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("facts", schema=None) as batch_op:
        for name, type_, comment in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True, comment=comment))
    op.execute(BACKFILL_FACTS)
    op.create_index(SERIES_INDEX[0], "facts", SERIES_INDEX[1], unique=False)
    _rollup_tables()
    for statement in BACKFILL_ROLLUPS:
        op.execute(statement.format(year=YEAR.get(dialect, YEAR["postgresql"])))
    _figure_series(dialect, SERIES_AFTER)
    op.execute(DOCUMENT_CATEGORIES)
    op.execute(INDICATOR_YEARS)
    for view in DESCRIPTIONS:
        _describe(view)
    if dialect == "postgresql":
        op.execute("ANALYZE document_category_counts")
        op.execute("ANALYZE document_indicator_totals")


def downgrade() -> None:
    """Drop the rollup views and tables and the copied columns; figure_series reads regions and indicators
    again."""
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS indicator_years")
    op.execute("DROP VIEW IF EXISTS document_categories")
    _figure_series(dialect, SERIES_BEFORE)
    op.drop_index("ix_document_indicator_totals_rollup", table_name="document_indicator_totals")
    op.drop_table("document_indicator_totals")
    op.drop_table("document_category_counts")
    op.drop_index(SERIES_INDEX[0], table_name="facts")
    views: dict[str, str] = {}
    indexes: dict[str, str] = {}
    if dialect == "sqlite":  # a view over facts blocks its table copy, which loses expression indexes: both back
        connection = op.get_bind()
        views = dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'view'").all())
        indexes = dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                                  "AND tbl_name = 'facts' AND sql IS NOT NULL").all())
        for name in views:
            op.execute(f"DROP VIEW {name}")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        for name, _, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
    if indexes:
        kept = {row[0] for row in op.get_bind().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'facts'")}
        for name, sql in indexes.items():
            if name not in kept:
                op.execute(sql)
    for sql in views.values():
        op.execute(sql)
