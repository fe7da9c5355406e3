"""Crash safety: a loader killed with SIGKILL at any moment leaves an intact warehouse with no
half-loaded document, and loading again converges to exactly the rows of an uninterrupted load."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from test_load import row_counts, view_rows

from ruralmetrics.db import make_engine
from ruralmetrics.db.engine import READING
from ruralmetrics.pipeline import load_paths, reload_documents

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
COPIES = 4
# where the loader is killed: (command, documents stored by then; 0: once the schema exists), 11 points
KILL_AT = [("load", n) for n in (0, 1, 2, 3, 5, 8, 11, 14, 18)] \
    + [("load --workers 2", 6)] \
    + [("reload", 4)]  # reload: documents rewritten by then (their loaded_at moves)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 reports: the seeds four times, each copy's bytes made distinct."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(COPIES):
        for seed in SEEDS:
            text_ = seed.read_text(encoding="utf-8")
            (folder / f"{copy}_{seed.name}").write_text(text_ + "\n" * (copy + 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, dict]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}")
    assert load_paths([corpus], engine).ok
    found = (row_counts(engine), view_rows(engine), facts_per_document(engine))
    engine.dispose()
    return found


def facts_per_document(engine: Engine) -> dict[str, tuple[int, int, int]]:
    with engine.connect() as connection:
        return {key: (facts, articles, mentions) for key, facts, articles, mentions in connection.execute(text(
            "SELECT d.key, (SELECT COUNT(*) FROM facts f WHERE f.document_id = d.id),"
            " (SELECT COUNT(*) FROM articles a WHERE a.document_id = d.id),"
            " (SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id) FROM documents d"))}


@pytest.mark.parametrize(("command", "at"), KILL_AT, ids=[f"{c.replace(' ', '')}-{n}" for c, n in KILL_AT])
def test_a_killed_load_leaves_no_partial_document(database_url: str, corpus: Path, clean: tuple, command: str,
                                                  at: int) -> None:
    counts, rows, per_document = clean
    watcher = make_engine(database_url)
    since = None
    if command == "reload":  # a loaded warehouse, then a reload killed part way
        assert load_paths([corpus], watcher).ok
        since = _latest_load(watcher)
    args = command.split() + ([str(corpus)] if command.startswith("load") else [])
    loader = subprocess.Popen([sys.executable, "-m", "ruralmetrics", "--database-url", database_url, *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while loader.poll() is None and time.monotonic() < deadline and stored_documents(watcher, since) < at:
        time.sleep(0.01)
    children = psutil.Process(loader.pid).children(recursive=True) if loader.poll() is None else []
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=60)
    watcher.dispose()
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, "a worker outlived its killed loader"
    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        stored = facts_per_document(engine) if stored_documents(engine) >= 0 else {}
        assert all(stored[key] == per_document[key] for key in stored)  # each stored document is whole
        again = reload_documents(engine) if command == "reload" else load_paths([corpus], engine)
        assert again.ok
        assert row_counts(engine) == counts
        assert view_rows(engine)["facts"] == rows["facts"]
    finally:
        engine.dispose()


def _latest_load(engine: Engine) -> object:
    with engine.connect() as connection:
        return connection.execute(text("SELECT MAX(loaded_at) FROM documents")).scalar_one()


def stored_documents(engine: Engine, since: object = None) -> int:
    """Documents stored so far, or stored again after ``since`` (-1 while the schema is not there yet)."""
    try:
        with engine.connect().execution_options(**READING) as connection:  # never waits for the writer
            if since is not None:
                return int(connection.execute(text("SELECT COUNT(*) FROM documents WHERE loaded_at > :since"),
                                              {"since": since}).scalar_one())
            return int(connection.execute(text("SELECT COUNT(*) FROM document_overview")).scalar_one())
    except SQLAlchemyError:
        return -1
