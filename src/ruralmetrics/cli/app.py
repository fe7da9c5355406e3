"""The ``ruralmetrics`` application: composes the command modules explicitly."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from ..db.engine import DEFAULT_URL
from . import browse, db, export, load, peek

app = typer.Typer(no_args_is_help=True, help="Figures, places and people from rural-revitalization reports, in SQL.")
app.add_typer(load.app)
app.add_typer(peek.app)
app.add_typer(export.app)
app.add_typer(browse.app)
app.add_typer(db.app, name="db")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"ruralmetrics {__version__}")
        raise typer.Exit()


@app.callback()
def configure(
    ctx: typer.Context,
    database_url: Annotated[str, typer.Option(
        "--database-url", envvar="RURALMETRICS_DATABASE_URL",
        help="Any SQLAlchemy URL (sqlite:///file.db, postgresql://user@host/db).")] = DEFAULT_URL,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Load reports into the warehouse, look at it, migrate it.

    Exit codes: 0 ok, 1 some files failed, 2 a refused request, 3 a database problem.
    """
    ctx.obj = {"database_url": database_url, "debug": debug}


def main() -> None:
    app(prog_name="ruralmetrics")
