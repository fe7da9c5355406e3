"""Engines and migrations: make_engine(url), upgrade/downgrade/current through Alembic.

Alembic runs on the caller's connection (``config.attributes["connection"]``, the cookbook's
"Sharing a Connection" recipe), so code and the ``alembic`` command use the same env.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from ..errors import DatabaseError

DEFAULT_URL = "sqlite:///ruralmetrics.db"
_PACKAGE = Path(__file__).resolve().parents[1]
# an installed wheel carries them as ruralmetrics/migrations; a checkout has the top-level migrations/
MIGRATIONS = next((p for p in (_PACKAGE / "migrations", _PACKAGE.parents[1] / "migrations") if (p / "env.py").is_file()),
                  _PACKAGE.parents[1] / "migrations")


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def masked(url: str | URL) -> str:
    """A URL fit to print: its password replaced by ``***`` (also when it does not parse)."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return _PASSWORD.sub(r"\1***@", url)


def database_problem(err: BaseException) -> str:
    """One line saying what the database said: the driver's first line, never the SQL or its parameters."""
    orig = getattr(err, "orig", None) or err
    first = (str(orig).strip().splitlines() or [""])[0].strip()
    return f"{type(orig).__name__}: {first}" if first else type(orig).__name__


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for any SQLAlchemy URL; ``postgresql://`` means psycopg 3, SQLite enforces foreign keys.

    SQLite files are opened for several processes at once: WAL journal (synchronous NORMAL), a busy timeout, and
    write transactions that take the write lock when they begin (``BEGIN IMMEDIATE``), so two
    loaders queue instead of failing. ``read_only`` is for commands that only look: a SQLite file
    must exist already and is opened ``mode=ro`` (nothing is ever created or written).
    """
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        if read_only and parsed.get_backend_name() == "sqlite":
            parsed = _read_only_sqlite(parsed)
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as err:
        raise DatabaseError(f"cannot use database URL {masked(url)}: {_without(err, url)}") from err
    if engine.dialect.name == "sqlite":
        on_file = sqlite_file(engine.url) is not None
        event.listen(engine, "connect", _sqlite_connect(writer=on_file and not read_only))
        event.listen(engine, "begin", _sqlite_begin(immediate=not read_only))
    return engine


SQLITE_BUSY_MS = 120_000  # how long a writer waits for another one's transaction before giving up


def _sqlite_connect(writer: bool):
    def connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN, not pysqlite
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        if writer:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
            # WAL's recommended durability: a commit is not synced to disk (a checkpoint is), so a crash of the
            # process loses nothing and a power cut at worst the last transactions, never consistency
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
    return connect


READING = {"ruralmetrics_reading": True}  # execution options of a connection that only reads


def _sqlite_begin(immediate: bool):
    def begin(connection: Connection) -> None:
        reading = connection.get_execution_options().get("ruralmetrics_reading")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate and not reading else "BEGIN")
    return begin


WRITER_LOCK = 0x72_6D_6C_6B  # "rmlk": the PostgreSQL advisory lock every warehouse writer takes


def lock_for_writing(connection: Connection) -> None:
    """Serialize this transaction's writes with every other loader of the warehouse until it ends.

    PostgreSQL: a transaction-level advisory lock (get-or-create of shared rows and document
    keys can then never race); SQLite: the transaction already holds the write lock
    (``BEGIN IMMEDIATE``). Extraction runs outside, so loaders still work in parallel.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database)."""
    database = (url.database or "").removeprefix("file:")
    return None if database in ("", ":memory:") else Path(database)


def _read_only_sqlite(url: URL) -> URL:
    path = sqlite_file(url)
    if path is None:
        return url
    if not path.is_file():
        raise DatabaseError(f"no warehouse at {path} (load reports or run `ruralmetrics db upgrade` to create one)")
    return url.set(database=f"file:{path.resolve()}", query={**url.query, "mode": "ro", "uri": "true"})


def _without(err: BaseException, url: str) -> str:
    """An error's text with the URL (and so its password) masked wherever it appears."""
    return str(err).replace(url, masked(url))


def alembic_config(connection=None) -> Config:
    """The Alembic configuration of the repository's ``migrations/``, optionally bound to a connection."""
    if not (MIGRATIONS / "env.py").is_file():
        raise DatabaseError(f"migrations not found at {MIGRATIONS} (a broken install: reinstall ruralmetrics)")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: an empty database)."""
    try:
        with engine.connect().execution_options(**READING) as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as err:
        raise DatabaseError(f"cannot read the schema revision of {_shown(engine)}: {database_problem(err)}") from err


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision``."""
    _run(engine, command.upgrade, revision)


def upgrade_to_head(engine: Engine) -> None:
    upgrade(engine, "head")


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base`` drops every table and view)."""
    _run(engine, command.downgrade, revision)


def require_schema(engine: Engine) -> str:
    """The revision of a warehouse that commands can read; an error for a database without the schema."""
    at = current(engine)
    if at is None:
        raise DatabaseError(f"{_shown(engine)} is not a ruralmetrics warehouse: run `ruralmetrics db upgrade`"
                            " (or load reports into it)")
    return at


def ensure_schema(engine: Engine) -> None:
    """Migrate an empty database to head; refuse one that is at an older revision.

    Several loaders may start on one empty warehouse: the first migrates under the writer lock,
    the others find the schema there when they get the lock.
    """
    at, newest = current(engine), head()
    if at == newest:
        return
    if at is None:
        _run(engine, command.upgrade, "head", only_if_empty=True)
        at = current(engine)
        if at == newest:
            return
    raise DatabaseError(f"{_shown(engine)} is at revision {at}, the code needs {newest}: "
                        "run `ruralmetrics db upgrade` first")


def _run(engine: Engine, step, revision: str, only_if_empty: bool = False) -> None:
    """One migration step in one transaction under the writer lock (``only_if_empty``: skipped when
    another process migrated the database while this one waited for the lock)."""
    try:
        with engine.connect() as connection, foreign_keys_off(connection), connection.begin():
            lock_for_writing(connection)
            if only_if_empty and MigrationContext.configure(connection).get_current_revision() is not None:
                return
            step(alembic_config(connection), revision)
    except SQLAlchemyError as err:
        raise DatabaseError(f"migration to {revision} failed on {_shown(engine)}: {database_problem(err)}") from err
    except Exception as err:  # alembic's CommandError for an unknown revision, etc.
        if type(err).__module__.startswith("alembic"):
            raise DatabaseError(f"{err}") from err
        raise


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite: foreign keys off around migrations, so a batch table copy fires no ON DELETE CASCADE.

    The pragma only takes effect outside a transaction, so it goes straight to the driver's
    connection (in autocommit); afterwards the keys are checked and switched back on.
    Other backends: nothing to do.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise DatabaseError(f"the migration left {len(broken)} rows with dangling foreign keys")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
