"""The command line: thin commands over pipeline, db and evaluate (``ruralmetrics --help``).

Every failure is one line on stderr and an exit code (``ruralmetrics.errors``: 1 files failed,
2 refused, 3 database); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..db import make_engine
from ..db.engine import database_problem
from ..errors import DatabaseError, RuralmetricsError


@contextmanager
def warehouse(ctx: typer.Context, *, read_only: bool = False) -> Iterator[Engine]:
    """The engine for the top-level ``--database-url``; errors become one line and their exit code.

    ``read_only`` commands never create a database: a SQLite file that does not exist is an error.
    """
    try:
        engine = make_engine(ctx.obj["database_url"], read_only=read_only)
        try:
            yield engine
        finally:
            engine.dispose()
    except (RuralmetricsError, SQLAlchemyError) as err:
        if ctx.obj.get("debug"):
            raise
        if isinstance(err, SQLAlchemyError):
            err = DatabaseError(f"database: {database_problem(err)}")
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
