"""Read-only looks at the warehouse: row counts, and SELECT statements run so they cannot write."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..errors import DatabaseError, RefusedRequest
from .base import Base
from .dictionary import column_comment
from .engine import READING, database_problem, require_schema

VIEWS = ("fact_details", "figure_series", "entity_mentions", "document_overview", "document_categories",
         "indicator_years")  # the public views
_LEADING_COMMENTS = re.compile(r"^(\s*(--[^\n]*(\n|$)|/\*.*?\*/))*\s*", re.S)
_READING = re.compile(r"(select|with|values|explain)\b", re.I)
_FIRST_WORD = re.compile(r"\S{1,30}")
_EXPLAIN = re.compile(r"explain\b", re.I)
# SQLite's page cache while a query runs (negative: KiB). Its sorter keeps that much in memory before it
# spills to temporary files: GROUP BY and COUNT(DISTINCT) over a million facts sort in memory
SQLITE_READ_CACHE_KIB = -65536


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


def run_select(engine: Engine, sql: str, timeout: float | None = None, max_rows: int | None = None,
               params: dict[str, Any] | None = None) -> QueryResult:
    """Run one SELECT (or WITH ... SELECT) read-only and return its rows (see ``stream_select``)."""
    with stream_select(engine, sql, timeout, max_rows, params) as (columns, rows):
        return QueryResult(columns, tuple(rows))


def count_query(engine: Engine, sql: str, params: dict[str, Any] | None = None,
                timeout: float | None = None) -> int | None:
    """How many rows a SELECT gives (read-only, like the query itself), or None where that cannot be
    asked (EXPLAIN, VALUES) or the count fails."""
    statement = _LEADING_COMMENTS.sub("", sql).strip().rstrip(";").strip()
    if not re.match(r"(?is)(select|with)\b", statement):
        return None
    try:
        result = run_select(engine, f"SELECT COUNT(*) FROM ({statement}) AS counted", timeout, None, params)
    except (RefusedRequest, DatabaseError):
        return None
    return int(result.rows[0][0])


@contextmanager
def stream_select(engine: Engine, sql: str, timeout: float | None = None, max_rows: int | None = None,
                  params: dict[str, Any] | None = None) -> Iterator[tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]]:
    """Run one SELECT (or WITH ... SELECT) in a read-only transaction, rolled back afterwards;
    yields (columns, rows) with rows fetched as they are read, never all held at once.

    SQLite: ``PRAGMA query_only`` (and the CLI opens the file ``mode=ro``); PostgreSQL: a READ ONLY
    transaction. ``timeout`` (seconds) is enforced by the database: PostgreSQL's
    ``statement_timeout`` (the server cancels the query even if this client dies), SQLite's
    progress handler. ``max_rows`` stops after that many rows. ``params`` bind ``:name`` placeholders.
    Rows stream from a SQLite cursor, and on PostgreSQL from a plain query read row by row
    (``_client_stream``), not a server-side cursor, so the planner may use parallel workers.
    """
    statement = _LEADING_COMMENTS.sub("", sql).strip().rstrip(";").strip()
    if not _READING.match(statement):
        first = _FIRST_WORD.match(statement)
        raise RefusedRequest("only SELECT, WITH, VALUES or EXPLAIN statements are allowed"
                             + (f" (this one starts with {first.group()!r})" if first else " (this one is empty)"))
    if ";" in _strip_literals(statement):
        raise RefusedRequest("one statement at a time")
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect().execution_options(**READING) as connection:
            raw = connection.connection.dbapi_connection
            cache = None
            try:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA query_only = ON")
                    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
                    connection.exec_driver_sql(f"PRAGMA cache_size = {SQLITE_READ_CACHE_KIB}")
                    if timeout:
                        deadline = time.monotonic() + timeout
                        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
                else:
                    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                    if timeout:
                        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(timeout * 1000))}")
                close: Callable[[], None] = _nothing
                if sqlite:
                    result = connection.execute(text(statement).execution_options(stream_results=True), params or {})
                    columns = tuple(result.keys()) if result.returns_rows else ()
                    rows: Iterator[tuple[Any, ...]] = (tuple(row) for row in result) if result.returns_rows else iter(())
                else:
                    columns, rows, close = _client_stream(connection, statement, params)
                try:
                    yield columns, _guarded(itertools.islice(rows, max_rows) if max_rows else rows, timeout)
                finally:
                    close()  # a stream left half-read is cancelled before the rollback
            finally:
                connection.rollback()
                if sqlite:
                    raw.set_progress_handler(None, 0)
                    if cache is not None:  # the memory goes back
                        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
                    connection.exec_driver_sql("PRAGMA query_only = OFF")
                    connection.rollback()
    except SQLAlchemyError as err:
        raise DatabaseError(f"query failed: {_said(err, timeout)}") from err


def _client_stream(connection: Connection, statement: str, params: dict[str, Any] | None
                   ) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]], Callable[[], None]]:
    """PostgreSQL: (columns, rows, close) of a plain query read row by row as the server sends them
    (psycopg's ``cursor.stream()``, libpq single-row mode): never all held at once and, unlike a
    server-side cursor (``stream_results``), planned like any query, parallel workers included.
    ``close`` cancels a query read halfway, leaving the connection usable."""
    compiled = text(statement).compile(dialect=connection.dialect)
    values = compiled.construct_params(params or {})
    dbapi = connection.dialect.loaded_dbapi
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    stream = cursor.stream(str(compiled), values)  # values always a mapping: %% in the SQL is then %

    def close() -> None:
        stream.close()
        cursor.close()

    try:
        first = next(stream, None)
    except dbapi.Error as err:
        close()
        raise DBAPIError.instance(statement, None, err, dbapi.Error) from err
    if first is None and cursor.description is None and not _EXPLAIN.match(statement):
        # no row came, and psycopg drops the empty result's column names: ask for them (LIMIT 0 runs nothing)
        try:
            cursor.execute(f"SELECT * FROM ({compiled}) AS described LIMIT 0", values)
        except dbapi.Error as err:
            close()
            raise DBAPIError.instance(statement, None, err, dbapi.Error) from err
    columns = tuple(d.name for d in cursor.description) if cursor.description else ()

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            if first is not None:
                yield tuple(first)
                for row in stream:
                    yield tuple(row)
        except dbapi.Error as err:
            raise DBAPIError.instance(statement, None, err, dbapi.Error) from err
        finally:
            close()

    return columns, rows(), close


def _nothing() -> None:
    pass


def _guarded(rows: Iterator[tuple[Any, ...]], timeout: float | None) -> Iterator[tuple[Any, ...]]:
    """Rows as they are fetched; a database error while fetching is a DatabaseError too."""
    try:
        yield from rows
    except SQLAlchemyError as err:
        raise DatabaseError(f"query failed: {_said(err, timeout)}") from err


def _said(err: SQLAlchemyError, timeout: float | None) -> str:
    problem = database_problem(err)
    if timeout and ("interrupted" in problem or "statement timeout" in problem):
        return f"stopped after the {timeout:g} s time limit (--timeout)"
    return problem


def _strip_literals(sql: str) -> str:
    return re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "''", sql)


_ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def grant_reader(engine: Engine, role: str, password: str | None = None) -> None:
    """PostgreSQL: create or update a login role that can SELECT the public views and nothing else.

    The views run with their owner's rights, so the role needs no right on any base table; it
    cannot write, create, or call server-file functions (``pg_read_file`` needs a superuser or
    ``pg_read_server_files``). Its sessions are read-only with a 60 s statement timeout by default.
    This is the way to give analysts access: a superuser's read-only transaction can still call
    such functions.
    """
    if engine.dialect.name != "postgresql":
        raise RefusedRequest("grant-reader is for PostgreSQL (a SQLite analyst opens the file read-only)")
    if not _ROLE.fullmatch(role):
        raise RefusedRequest(f"{role!r} is not a plain role name (letters, digits, _; at most 63)")
    require_schema(engine)
    quoted = f'"{role}"'
    secret = "" if password is None else " PASSWORD '" + password.replace("'", "''") + "'"
    try:
        with engine.begin() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
            connection.exec_driver_sql(f"{'ALTER' if exists else 'CREATE'} ROLE {quoted} LOGIN NOSUPERUSER "
                                       f"NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS{secret}")
            database = connection.exec_driver_sql("SELECT current_database()").scalar_one()
            for sql in (f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}',
                        f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}',
                        f'REVOKE CREATE ON SCHEMA public FROM {quoted}',
                        f'GRANT CONNECT ON DATABASE "{database}" TO {quoted}',
                        f'GRANT USAGE ON SCHEMA public TO {quoted}',
                        f'GRANT SELECT ON {", ".join(VIEWS)} TO {quoted}',
                        f'ALTER ROLE {quoted} SET default_transaction_read_only = on',
                        f"ALTER ROLE {quoted} SET statement_timeout = '60s'"):
                connection.exec_driver_sql(sql)
    except SQLAlchemyError as err:
        raise DatabaseError(f"cannot grant reading to {role}: {database_problem(err)}") from err


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str | None


def list_relations(engine: Engine, views: bool = True, tables: bool = True) -> list[tuple[str, str]]:
    """(name, 'table' or 'view') of the warehouse's relations, the public views first."""
    require_schema(engine)
    with engine.connect().execution_options(**READING) as connection:
        found = inspect(connection)
        out = [(v, "view") for v in VIEWS if views and v in found.get_view_names()]
        out += [(t, "table") for t in sorted(found.get_table_names()) if tables and t != "alembic_version"]
    return out


def describe(engine: Engine, name: str) -> list[Column]:
    """The columns of a table or view, with their descriptions (the data dictionary: db/dictionary.py)."""
    relations = dict(list_relations(engine))
    if name not in relations:
        raise RefusedRequest(f"no table or view {name!r} (see `ruralmetrics tables`)")
    table = Base.metadata.tables.get(name)
    with engine.connect().execution_options(**READING) as connection:
        columns = inspect(connection).get_columns(name)
    return [Column(c["name"], str(c["type"]), bool(c.get("nullable", True)),
                   (table.c[c["name"]].comment if table is not None and c["name"] in table.c
                    else column_comment(name, c["name"])))
            for c in columns]


def select_rows(engine: Engine, name: str, where: str | None = None, limit: int = 20,
                params: dict[str, Any] | None = None) -> QueryResult:
    """Rows of one table or view (an optional WHERE condition, read-only)."""
    if name not in dict(list_relations(engine)):
        raise RefusedRequest(f"no table or view {name!r} (see `ruralmetrics tables`)")
    sql = f'SELECT * FROM "{name}"' + (f" WHERE {where}" if where else "")
    return run_select(engine, sql, max_rows=limit, params=params)
