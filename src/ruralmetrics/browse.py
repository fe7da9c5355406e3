"""browse: a SQLite warehouse in Datasette, read-only, described by the data dictionary.

Datasette (the ``browse`` extra: ``pip install 'ruralmetrics[browse]'``) serves the file immutable (it
never writes to it), with the descriptions of every table, view and column as its metadata and the
README's example queries (``data/examples.yaml``) as canned queries. PostgreSQL warehouses are for psql and
other clients: Datasette reads SQLite only.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from . import __version__
from .db.dictionary import VIEWS
from .db.models import Base
from .errors import RefusedRequest

DATABASE = "ruralmetrics"  # the database's name in Datasette's URLs: /ruralmetrics/fact_details
EXAMPLES_FILE = Path(__file__).parent / "data" / "examples.yaml"


@cache
def examples() -> tuple[tuple[str, str, str], ...]:
    """(name, title, sql) of the README's example queries (data/examples.yaml), loaded once."""
    entries = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8")) or []
    return tuple((f"example_{n}", str(e["title"]), str(e["sql"]).strip()) for n, e in enumerate(entries, 1))


def warehouse_file(engine: Engine) -> Path:
    """The SQLite file of a warehouse; a refusal for any other database."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        raise RefusedRequest("browse serves a SQLite warehouse file; use psql or another client for PostgreSQL")
    database = engine.url.database
    if database.startswith("file:"):  # opened read-only as a URI: file:/path?mode=ro
        database = database.removeprefix("file:").split("?", 1)[0]
    path = Path(database)
    if not path.is_file():
        raise RefusedRequest(f"{path}: no such warehouse file")
    return path


def metadata() -> dict[str, Any]:
    """Datasette metadata: title, descriptions of tables, views and columns, canned queries."""
    tables: dict[str, Any] = {}
    for view, (about, columns) in VIEWS.items():
        tables[view] = {"description": about, "columns": dict(columns)}
    for table in Base.metadata.sorted_tables:
        tables[table.name] = {"description": table.comment or "",
                              "columns": {c.name: c.comment or "" for c in table.columns}}
    return {
        "title": "ruralmetrics warehouse",
        "description": f"Figures, places and people from rural-revitalization reports (ruralmetrics {__version__}). "
                       "Start with the view fact_details; its columns are described on its page.",
        "databases": {DATABASE: {"tables": tables,
                                 "queries": {name: {"title": title, "sql": sql} for name, title, sql in examples()}}},
    }


def make_datasette(path: Path) -> Any:
    """A Datasette serving ``path`` immutable (opened read-only, never written) as ``ruralmetrics``."""
    try:
        from datasette.app import Datasette
        from datasette.database import Database
    except ImportError as err:
        raise RefusedRequest("browse needs Datasette: pip install 'ruralmetrics[browse]'") from err
    datasette = Datasette(metadata=metadata(), settings={"default_page_size": 50, "sql_time_limit_ms": 5000})
    datasette.add_database(Database(datasette, path=str(path), is_mutable=False), name=DATABASE)
    return datasette
