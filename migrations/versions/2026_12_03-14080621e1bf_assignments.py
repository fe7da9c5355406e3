"""assignments: a person's team, sending unit and place per document; entity_mentions shows them

Adds the ``assignments`` table and recreates ``entity_mentions`` with two more columns,
``team_name`` and ``organization_name`` (set on a person's rows where the report links them;
the contract's columns stay as they were). The view SQL is written out here, not imported, so
this revision keeps meaning what it meant when it landed.

Revision ID: 14080621e1bf
Revises: 8b2e5d41c9a3
Create Date: 2026-12-03 08:41:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '14080621e1bf'
down_revision: str | Sequence[str] | None = '8b2e5d41c9a3'
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

ENTITY_MENTIONS = """
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


def upgrade() -> None:
    """Create ``assignments``; recreate ``entity_mentions`` with team_name and organization_name."""
    op.create_table(
        'assignments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('organization_id', sa.Integer(), nullable=True),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_assignments_document_id_documents'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_assignments_organization_id_organizations')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_assignments_person_id_people')),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_assignments_region_id_regions')),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_assignments_team_id_teams')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
        sa.UniqueConstraint('document_id', 'person_id', name=op.f('uq_assignments_document_id_person_id')),
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_team_id'), ['team_id'], unique=False)
    op.execute("DROP VIEW IF EXISTS entity_mentions")
    op.execute(ENTITY_MENTIONS)


def downgrade() -> None:
    """Put back the contract's ``entity_mentions``; drop ``assignments``."""
    op.execute("DROP VIEW IF EXISTS entity_mentions")
    op.execute(ENTITY_MENTIONS_BEFORE)
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_team_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_person_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_organization_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_document_id'))
    op.drop_table('assignments')
