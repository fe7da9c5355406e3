"""regions know their ancestors by level; fact_details gains province, city, county, town, village, county_code

"Money by county" and "indicator by province and year" become plain GROUP BYs over fact_details
(the contract allows more columns). Existing regions are filled in from their parent chain.

Revision ID: 9a4e1c7b3d20
Revises: 5d0c7e2a9f41
Create Date: 2026-12-03 10:05:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '9a4e1c7b3d20'
down_revision: str | Sequence[str] | None = '5d0c7e2a9f41'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = ("province", "city", "county", "town", "village")

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
    r.name AS region_name,
    r.level AS region_level,
    r.code AS region_code,
    r.path AS region_path,
    t.name AS team_name,
    p.name AS person_name,
    pr.name AS project_name,
    f.period_text AS period_text,
    d.as_of AS as_of,
    f.repeat_of AS repeat_of
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
FACT_DETAILS = """
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
    r.name AS region_name,
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
    r.county_code AS county_code
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

def upgrade() -> None:
    """Add the ancestor columns to ``regions``, fill them in, and recreate ``fact_details`` with them."""
    op.execute("DROP VIEW IF EXISTS fact_details")
    with op.batch_alter_table('regions', schema=None) as batch_op:
        for level in LEVELS:
            batch_op.add_column(sa.Column(level, sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('county_code', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_regions_county'), ['county'], unique=False)
        batch_op.create_index(batch_op.f('ix_regions_province'), ['province'], unique=False)
    _fill_ancestors()
    op.execute(FACT_DETAILS)


def _fill_ancestors() -> None:
    connection = op.get_bind()
    rows = {r.id: r for r in connection.execute(sa.text("SELECT id, parent_id, name, level, code FROM regions"))}
    updates = []
    for region_id in rows:
        found: dict[str, str | None] = dict.fromkeys((*LEVELS, "county_code"))
        node, seen = rows.get(region_id), set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            if node.level in LEVELS and found[node.level] is None:
                found[node.level] = node.name
                if node.level == "county":
                    found["county_code"] = node.code
            node = rows.get(node.parent_id)
        updates.append({"region_id": region_id, **found})
    if updates:
        connection.execute(sa.text(
            "UPDATE regions SET province = :province, city = :city, county = :county, town = :town,"
            " village = :village, county_code = :county_code WHERE id = :region_id"), updates)


def _other_views() -> dict[str, str]:
    """The other public views' SQL as stored: on SQLite a view over ``regions`` blocks its table copy."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return {}
    rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'view'").all()
    return {name: sql for name, sql in rows if name in ("entity_mentions", "document_overview")}


def downgrade() -> None:
    """Put back the contract's ``fact_details``; drop the ancestor columns."""
    op.execute("DROP VIEW IF EXISTS fact_details")
    others = _other_views()
    for name in others:
        op.execute(f"DROP VIEW {name}")
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regions_province'))
        batch_op.drop_index(batch_op.f('ix_regions_county'))
        batch_op.drop_column('county_code')
        for level in reversed(LEVELS):
            batch_op.drop_column(level)
    for sql in others.values():
        op.execute(sql)
    op.execute(FACT_DETAILS_BEFORE)
