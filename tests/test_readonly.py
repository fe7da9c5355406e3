"""The analyst's read-only path: time limits enforced by the database, rows streamed and capped,
and on PostgreSQL a reader role that sees the public views and nothing else."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ruralmetrics.db import make_engine
from ruralmetrics.db.readonly import VIEWS, grant_reader, run_select, stream_select
from ruralmetrics.errors import DatabaseError, RefusedRequest

COUNT_FOREVER = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000000) "
                 "SELECT COUNT(*) FROM n")
MANY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT i FROM n"


def test_the_time_limit_stops_a_runaway_query(engine: Engine) -> None:
    started = time.monotonic()
    with pytest.raises(DatabaseError, match="time limit"):
        run_select(engine, COUNT_FOREVER, timeout=0.5)
    assert time.monotonic() - started < 10
    assert run_select(engine, "SELECT COUNT(*) FROM documents").rows == ((0,),)  # the connection is fine


def test_rows_are_capped_and_streamed(engine: Engine) -> None:
    started = time.monotonic()
    assert run_select(engine, MANY, timeout=30, max_rows=5).rows == ((1,), (2,), (3,), (4,), (5,))
    with stream_select(engine, MANY, timeout=30) as (columns, rows):
        assert columns == ("i",)
        assert [next(rows) for _ in range(3)] == [(1,), (2,), (3,)]  # the first rows before the last is made
    assert time.monotonic() - started < 10


def test_grant_reader_is_for_postgresql_and_plain_names(engine: Engine) -> None:
    with pytest.raises(RefusedRequest):
        grant_reader(engine, 'x"; DROP TABLE facts; --')
    if engine.dialect.name == "sqlite":
        with pytest.raises(RefusedRequest, match="PostgreSQL"):
            grant_reader(engine, "analyst")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_reader_role_reads_the_views_and_nothing_else(engine: Engine, database_url: str) -> None:
    role = f"rm_reader_{uuid.uuid4().hex[:8]}"
    grant_reader(engine, role, "s3cret")
    grant_reader(engine, role, "s3cret")  # again: updates, does not fail
    reader = make_engine(make_url(database_url).set(username=role, password="s3cret")
                         .render_as_string(hide_password=False))
    try:
        for view in VIEWS:
            assert run_select(reader, f"SELECT COUNT(*) FROM {view}").rows == ((0,),)
        for sql in ("SELECT COUNT(*) FROM facts", "SELECT COUNT(*) FROM documents",
                    "INSERT INTO units (name, dimension, base_factor) VALUES ('x', 'y', 1)",
                    "CREATE TABLE mine (x int)", "SELECT pg_read_file('/etc/hostname')",
                    "SELECT pg_ls_dir('.')"):
            with reader.connect() as connection, pytest.raises(SQLAlchemyError, match="denied|read-only"):
                connection.exec_driver_sql(sql)
    finally:
        reader.dispose()
        with engine.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))


def test_percent_signs_params_and_a_half_read_stream(engine: Engine) -> None:
    sql = "SELECT 'a%b' AS s, :n AS n WHERE 'x%' LIKE '%\\%' ESCAPE '\\' OR 1 = 1"
    assert run_select(engine, sql, params={"n": 7}).rows == (("a%b", 7),)
    for _ in range(3):  # stopped halfway: the query is cancelled and the pooled connection stays usable
        with stream_select(engine, MANY, timeout=30) as (_, rows):
            assert next(rows) == (1,)
    assert run_select(engine, "SELECT COUNT(*) FROM fact_details WHERE 1 = 0").rows == ((0,),)
    assert run_select(engine, "SELECT 1 AS one WHERE 1 = 0").columns == ("one",)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_streams_without_a_server_side_cursor(engine: Engine) -> None:
    """A server-side cursor (DECLARE) is planned without parallel workers; the reads are plain queries."""
    with stream_select(engine, "SELECT name FROM pg_cursors WHERE name <> ''") as (_, rows):
        assert list(rows) == []
