"""public views: fact_details, entity_mentions, document_overview (shared/spec/contract.md)

The contract's column names, in plain SQL valid on SQLite and PostgreSQL. Dates come out as
the backends store them: ISO 'YYYY-MM-DD' text on SQLite, DATE on PostgreSQL. To change a
view, add a migration that drops and recreates it; never edit this one (alembic cookbook,
"Replaceable Objects").

Revision ID: 8b2e5d41c9a3
Revises: 3f1c0a7d2b10
Create Date: 2026-11-23 20:20:00

"""
from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '8b2e5d41c9a3'
down_revision: str | Sequence[str] | None = '3f1c0a7d2b10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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

ENTITY_MENTIONS = """
CREATE VIEW entity_mentions AS
SELECT
    d.key AS document_key,
    m.entity_type AS entity_type,
    COALESCE(p.name, t.name, o.name, pr.name, pl.name) AS name,
    m.role AS role,
    r.name AS region_name,
    COALESCE(m.person_id, m.team_id, m.organization_id, m.project_id, m.place_id) AS entity_id
FROM mentions m
JOIN documents d ON d.id = m.document_id
LEFT JOIN people p ON p.id = m.person_id
LEFT JOIN teams t ON t.id = m.team_id
LEFT JOIN organizations o ON o.id = m.organization_id
LEFT JOIN projects pr ON pr.id = m.project_id
LEFT JOIN regions pl ON pl.id = m.place_id
LEFT JOIN regions r ON r.id = m.region_id
"""

DOCUMENT_OVERVIEW = """
CREATE VIEW document_overview AS
SELECT
    d.key AS document_key,
    d.title AS title,
    d.published_on AS published_on,
    d.source AS source,
    d.script AS script,
    (SELECT COUNT(*) FROM articles a WHERE a.document_id = d.id) AS article_count,
    (SELECT COUNT(*) FROM facts f WHERE f.document_id = d.id) AS fact_count,
    d.sha256 AS sha256,
    d.extractor_version AS extractor_version,
    d.loaded_at AS loaded_at
FROM documents d
"""


def upgrade() -> None:
    """Create the three public views."""
    op.execute(FACT_DETAILS)
    op.execute(ENTITY_MENTIONS)
    op.execute(DOCUMENT_OVERVIEW)


def downgrade() -> None:
    """Drop the three public views."""
    op.execute("DROP VIEW IF EXISTS document_overview")
    op.execute("DROP VIEW IF EXISTS entity_mentions")
    op.execute("DROP VIEW IF EXISTS fact_details")
