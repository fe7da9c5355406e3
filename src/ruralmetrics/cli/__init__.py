"""The command line: thin commands over pipeline, db and evaluate (``ruralmetrics --help``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy import Engine

from ..db import make_engine
from ..errors import RuralmetricsError


@contextmanager
def warehouse(ctx: typer.Context) -> Iterator[Engine]:
    """The engine for the top-level ``--database-url``; library errors become a message and exit 1."""
    try:
        engine = make_engine(ctx.obj["database_url"])
        try:
            yield engine
        finally:
            engine.dispose()
    except RuralmetricsError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err
