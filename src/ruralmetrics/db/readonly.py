"""Read-only looks at the warehouse: row counts, and SELECT statements run so they cannot write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import DatabaseError, RefusedRequest
from .base import Base
from .engine import READING, database_problem, require_schema

VIEWS = ("fact_details", "entity_mentions", "document_overview")
_LEADING_COMMENTS = re.compile(r"^(\s*(--[^\n]*(\n|$)|/\*.*?\*/))*\s*", re.S)
_READING = re.compile(r"(select|with|values)\b", re.I)


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def count_rows(engine: Engine) -> dict[str, int]:
    """Rows in every table and public view; an error for a database without the schema."""
    require_schema(engine)
    try:
        with engine.connect().execution_options(**READING) as connection:
            present = set(inspect(connection).get_table_names()) | set(inspect(connection).get_view_names())
            names = [t for t in Base.metadata.tables if t in present] + [v for v in VIEWS if v in present]
            return {name: connection.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one() for name in names}
    except SQLAlchemyError as err:
        raise DatabaseError(f"cannot count rows: {database_problem(err)}") from err


def run_select(engine: Engine, sql: str) -> QueryResult:
    """Run one SELECT (or WITH ... SELECT) in a read-only transaction, rolled back afterwards."""
    statement = _LEADING_COMMENTS.sub("", sql).strip().rstrip(";").strip()
    if not _READING.match(statement):
        raise RefusedRequest("only SELECT (or WITH ... SELECT) statements are allowed")
    if ";" in _strip_literals(statement):
        raise RefusedRequest("one statement at a time")
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect().execution_options(**READING) as connection:
            try:
                # SQLite: the connection refuses writes; PostgreSQL: the transaction is READ ONLY.
                connection.exec_driver_sql("PRAGMA query_only = ON" if sqlite else "SET TRANSACTION READ ONLY")
                result = connection.execute(text(statement))
                columns = tuple(result.keys()) if result.returns_rows else ()
                rows = tuple(tuple(row) for row in result) if result.returns_rows else ()
            finally:
                connection.rollback()
                if sqlite:
                    connection.exec_driver_sql("PRAGMA query_only = OFF")
                    connection.rollback()
    except SQLAlchemyError as err:
        raise DatabaseError(f"query failed: {database_problem(err)}") from err
    return QueryResult(columns, rows)


def _strip_literals(sql: str) -> str:
    return re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "''", sql)
