"""documents.source_path: the file a document was loaded from; keys up to 500 characters

A document's key is now its path under the loaded folder (``a/x`` for ``a/x.txt``), so two
files never share one document; ``source_path`` tells a changed file from a different file that
would take the same key, and a moved file from a new one.

Revision ID: 5d0c7e2a9f41
Revises: 14080621e1bf
Create Date: 2026-12-03 09:40:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '5d0c7e2a9f41'
down_revision: str | Sequence[str] | None = '14080621e1bf'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ("fact_details", "entity_mentions", "document_overview")


def _views(connection) -> dict[str, str]:
    """The public views' SQL as stored: a view over ``documents`` blocks the SQLite table copy and
    PostgreSQL's column type change, so they are dropped and put back exactly as they were."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'view'").all()
        return {name: sql for name, sql in rows if name in VIEWS}
    rows = connection.exec_driver_sql(
        "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema()").all()
    return {name: f"CREATE VIEW {name} AS {sql}" for name, sql in rows if name in VIEWS}


def _alter(change) -> None:
    connection = op.get_bind()
    views = _views(connection)
    for name in views:
        op.execute(f"DROP VIEW {name}")
    # SQLite copies the table: the runner switched foreign keys off first, so no ON DELETE CASCADE
    # fires (ruralmetrics.db.engine and env.py do it outside the transaction, where it takes effect)
    with op.batch_alter_table('documents', schema=None) as batch_op:
        change(batch_op)
    for sql in views.values():
        op.execute(sql)


def upgrade() -> None:
    """Add ``documents.source_path``; widen ``documents.key`` to 500 characters."""
    def change(batch_op) -> None:
        batch_op.add_column(sa.Column('source_path', sa.Text(), nullable=True))
        batch_op.alter_column('key', existing_type=sa.String(length=200), type_=sa.String(length=500),
                              existing_nullable=False)
    _alter(change)


def downgrade() -> None:
    """Drop ``documents.source_path``; keys back to 200 characters."""
    def change(batch_op) -> None:
        batch_op.alter_column('key', existing_type=sa.String(length=500), type_=sa.String(length=200),
                              existing_nullable=False)
        batch_op.drop_column('source_path')
    _alter(change)
