"""``db upgrade|downgrade|current``: Alembic migrations, for operators."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy import Engine, inspect, text

from .. import db
from ..db.readonly import VIEWS, grant_reader
from ..errors import RefusedRequest
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


@app.command("downgrade", context_settings={"ignore_unknown_options": True})
def downgrade_command(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(
        help="Target revision, or -1, -2 … steps down; 'base' drops every table and view.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask, even when documents are held.")] = False,
) -> None:
    """Migrate the schema down to REVISION (asks first when the warehouse holds documents)."""
    with warehouse(ctx) as engine:
        held = _documents_held(engine)
        if held and not yes:
            question = f"the warehouse holds {held} documents; downgrading to {revision} may drop data"
            if not sys.stdin.isatty():
                raise RefusedRequest(f"{question}: add --yes to go ahead")
            typer.confirm(f"{question}. Go ahead?", abort=True)
        db.downgrade(engine, revision)
        typer.echo(f"at revision {db.current(engine) or 'base'}")


def _documents_held(engine: Engine) -> int:
    if "documents" not in inspect(engine).get_table_names():
        return 0
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM documents")).scalar_one())


@app.command("current")
def current_command(ctx: typer.Context) -> None:
    """Print the schema revision of the database, and whether it is the newest."""
    with warehouse(ctx, read_only=True) as engine:
        at, head = db.current(engine), db.head()
        typer.echo(f"{at or 'base (empty)'}" + (" (head)" if at == head else f" (head is {head})"))


@app.command("grant-reader")
def grant_reader_command(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(help="The login role to create or update.")],
    password: Annotated[str | None, typer.Option(
        "--password", envvar="RURALMETRICS_READER_PASSWORD",
        help="Its password (better from RURALMETRICS_READER_PASSWORD than on the command line).")] = None,
) -> None:
    """PostgreSQL: a login role that can SELECT the public views and nothing else (for analysts)."""
    with warehouse(ctx) as engine:
        grant_reader(engine, role, password)
    typer.echo(f"{role} can read the public views ({', '.join(VIEWS)}), and nothing else")
