"""The ``ruralmetrics`` application: composes the command modules explicitly."""

from __future__ import annotations

from typing import Annotated

import typer

from ..db.engine import DEFAULT_URL
from . import db, load, peek

app = typer.Typer(no_args_is_help=True, help="Figures, places and people from rural-revitalization reports, in SQL.")
app.add_typer(load.app)
app.add_typer(peek.app)
app.add_typer(db.app, name="db")


@app.callback()
def configure(
    ctx: typer.Context,
    database_url: Annotated[str, typer.Option(
        "--database-url", envvar="RURALMETRICS_DATABASE_URL",
        help="Any SQLAlchemy URL (sqlite:///file.db, postgresql://user@host/db).")] = DEFAULT_URL,
) -> None:
    """Load reports into the warehouse, look at it, migrate it."""
    ctx.obj = {"database_url": database_url}


def main() -> None:
    app(prog_name="ruralmetrics")
