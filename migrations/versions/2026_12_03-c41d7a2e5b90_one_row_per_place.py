"""one row per place: region_aliases lists the other names reports write; mentions keep the name as written

A place the gazetteer knows is stored once, under its official name (微山县, 黄岛区), however a report
writes it; ``region_aliases`` holds the written forms (微山, 青岛西海岸新区) and ``mentions.name`` the form
a document uses, which ``entity_mentions`` shows. Rows stored before this revision are rewritten by
``reload``; the rows no document refers to any more are then removed. The view SQL is written out here,
not imported, so this revision keeps meaning what it meant when it landed.

Revision ID: c41d7a2e5b90
Revises: 9a4e1c7b3d20
Create Date: 2026-12-03 13:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = 'c41d7a2e5b90'
down_revision: str | Sequence[str] | None = '9a4e1c7b3d20'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITY_MENTIONS_BEFORE = """
CREATE VIEW entity_mentions AS
SELECT
    d.key AS document_key,
    m.entity_type AS entity_type,
    COALESCE(p.name, t.name, o.name, pr.name, pl.name) AS name,
    m.role AS role,
    r.name AS region_name,
    COALESCE(m.person_id, m.team_id, m.organization_id, m.project_id, m.place_id) AS entity_id,
    ta.name AS team_name,
    oa.name AS organization_name
FROM mentions m
JOIN documents d ON d.id = m.document_id
LEFT JOIN people p ON p.id = m.person_id
LEFT JOIN teams t ON t.id = m.team_id
LEFT JOIN organizations o ON o.id = m.organization_id
LEFT JOIN projects pr ON pr.id = m.project_id
LEFT JOIN regions pl ON pl.id = m.place_id
LEFT JOIN regions r ON r.id = m.region_id
LEFT JOIN assignments a ON a.document_id = m.document_id AND a.person_id = m.person_id
LEFT JOIN teams ta ON ta.id = a.team_id
LEFT JOIN organizations oa ON oa.id = a.organization_id
"""

ENTITY_MENTIONS = """
CREATE VIEW entity_mentions AS
SELECT
    d.key AS document_key,
    m.entity_type AS entity_type,
    COALESCE(m.name, p.name, t.name, o.name, pr.name, pl.name) AS name,
    m.role AS role,
    r.name AS region_name,
    COALESCE(m.person_id, m.team_id, m.organization_id, m.project_id, m.place_id) AS entity_id,
    ta.name AS team_name,
    oa.name AS organization_name,
    pl.name AS official_name
FROM mentions m
JOIN documents d ON d.id = m.document_id
LEFT JOIN people p ON p.id = m.person_id
LEFT JOIN teams t ON t.id = m.team_id
LEFT JOIN organizations o ON o.id = m.organization_id
LEFT JOIN projects pr ON pr.id = m.project_id
LEFT JOIN regions pl ON pl.id = m.place_id
LEFT JOIN regions r ON r.id = m.region_id
LEFT JOIN assignments a ON a.document_id = m.document_id AND a.person_id = m.person_id
LEFT JOIN teams ta ON ta.id = a.team_id
LEFT JOIN organizations oa ON oa.id = a.organization_id
"""


def upgrade() -> None:
    """Create ``region_aliases``; add ``mentions.name``; ``entity_mentions`` shows it (and official_name)."""
    op.execute("DROP VIEW IF EXISTS entity_mentions")
    op.create_table(
        'region_aliases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_region_aliases_region_id_regions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_region_aliases')),
        sa.UniqueConstraint('region_id', 'name', name=op.f('uq_region_aliases_region_id_name')),
    )
    with op.batch_alter_table('region_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_region_aliases_name'), ['name'], unique=False)
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=200), nullable=True))
    op.execute(ENTITY_MENTIONS)


def downgrade() -> None:
    """Put back ``entity_mentions`` as it was; drop ``mentions.name`` and ``region_aliases``."""
    op.execute("DROP VIEW IF EXISTS entity_mentions")
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_column('name')
    with op.batch_alter_table('region_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_region_aliases_name'))
    op.drop_table('region_aliases')
    op.execute(ENTITY_MENTIONS_BEFORE)
