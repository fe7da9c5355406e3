"""``db upgrade|downgrade|current``: Alembic migrations, for operators."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import db
from . import warehouse

app = typer.Typer(no_args_is_help=True, help="Migrate the warehouse schema (Alembic).")


@app.command("upgrade")
def upgrade_command(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Migrate the schema up to REVISION (default: head)."""
    with warehouse(ctx) as engine:
        db.upgrade(engine, revision)
        typer.echo(f"at revision {db.current(engine) or 'base'}")


@app.command("downgrade")
def downgrade_command(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' drops every table and view.")],
) -> None:
    """Migrate the schema down to REVISION."""
    with warehouse(ctx) as engine:
        db.downgrade(engine, revision)
        typer.echo(f"at revision {db.current(engine) or 'base'}")


@app.command("current")
def current_command(ctx: typer.Context) -> None:
    """Print the schema revision of the database, and whether it is the newest."""
    with warehouse(ctx) as engine:
        at, head = db.current(engine), db.head()
        typer.echo(f"{at or 'base (empty)'}" + (" (head)" if at == head else f" (head is {head})"))
