"""Alembic environment: the models' metadata, batch mode everywhere, the connection from the caller.

Code passes its connection in ``config.attributes["connection"]`` (ruralmetrics.db.engine); the
``alembic`` command builds one from ``-x url=...``, RURALMETRICS_DATABASE_URL, or the default
SQLite file ``ruralmetrics.db`` in the working directory.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from ruralmetrics.db import models  # noqa: F401  (registers the tables on Base.metadata)
from ruralmetrics.db.base import Base
from ruralmetrics.db.engine import DEFAULT_URL, foreign_keys_off, make_engine

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and "connection" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    return (context.get_x_argument(as_dictionary=True).get("url")
            or os.environ.get("RURALMETRICS_DATABASE_URL")
            or DEFAULT_URL)


def configure(**kwargs) -> None:
    context.configure(target_metadata=target_metadata, render_as_batch=True, compare_type=True, **kwargs)


def run_migrations_offline() -> None:
    configure(url=database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection, foreign_keys_off(connection):
            configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
