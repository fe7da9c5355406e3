"""Several loaders on one warehouse at once (real processes): they queue, nobody sees an error,
and the warehouse ends with exactly the rows of one load, on SQLite and PostgreSQL, whether they
start on an empty database or a migrated one, with overlapping or disjoint inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from test_load import row_counts, view_rows

from ruralmetrics.db import make_engine, upgrade_to_head
from ruralmetrics.pipeline import load_paths

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
INPUTS = {  # two loaders on SQLite, three on PostgreSQL
    ("sqlite", "overlapping"): [SEEDS, SEEDS[::-1]],
    ("sqlite", "disjoint"): [SEEDS[:2], SEEDS[2:]],
    ("postgresql", "overlapping"): [SEEDS, SEEDS[::-1], SEEDS[1:4]],
    ("postgresql", "disjoint"): [SEEDS[:2], SEEDS[2:4], SEEDS[4:]],
}


@pytest.fixture(scope="module")
def one_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('one') / 'one.db'}")
    assert load_paths(SEEDS, engine).ok
    found = _comparable(engine)
    engine.dispose()
    return found


def _comparable(engine: Engine) -> tuple[dict, dict]:
    counts = row_counts(engine)
    rows = view_rows(engine)
    rows["documents"] = [r[:-1] for r in rows["documents"]]  # not the extractor version
    return counts, rows


@pytest.mark.parametrize(("start", "inputs"), [("empty", "overlapping"), ("migrated", "disjoint")])
def test_loaders_at_once_end_with_one_loads_rows(database_url: str, one_load: tuple[dict, dict],
                                                start: str, inputs: str) -> None:
    engine = make_engine(database_url)
    if start == "migrated":
        upgrade_to_head(engine)
    loaders = INPUTS[engine.dialect.name, inputs]
    processes = [subprocess.Popen([sys.executable, "-m", "ruralmetrics", "--database-url", database_url, "load",
                                   *map(str, files)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for files in loaders]
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "failed 0" in out and "error" not in err
    assert _comparable(engine) == one_load
    engine.dispose()
