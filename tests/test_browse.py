"""browse: Datasette serves the warehouse read-only, described by the data dictionary, with the README's
example queries; tested with Datasette's own client (the 'browse' extra)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ruralmetrics.browse import DATABASE, examples, make_datasette, warehouse_file
from ruralmetrics.db import make_engine
from ruralmetrics.errors import RefusedRequest
from ruralmetrics.pipeline import load_paths

pytest.importorskip("datasette")

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browse") / "warehouse.db"
    engine = make_engine(f"sqlite:///{path}")
    assert load_paths([SEEDS], engine).ok
    engine.dispose()
    return path


def get(datasette, url: str):
    return asyncio.run(datasette.client.get(url))


def test_the_fact_table_page_shows_rows_and_descriptions(warehouse: Path) -> None:
    datasette = make_datasette(warehouse)
    page = get(datasette, f"/{DATABASE}/fact_details")
    assert page.status_code == 200
    assert "the most specific place the fact is about" in page.text  # a column's description
    rows = get(datasette, f"/{DATABASE}/fact_details.json?_shape=array&_size=5").json()
    assert len(rows) == 5 and {"value", "unit", "indicator_code", "region_name"} <= set(rows[0])


def test_the_readme_examples_are_canned_queries(warehouse: Path) -> None:
    datasette = make_datasette(warehouse)
    for name, title, _sql in examples():
        answer = get(datasette, f"/{DATABASE}/{name}.json?_shape=array")
        assert answer.status_code == 200, (title, answer.text[:200])
        assert isinstance(answer.json(), list)


def test_the_warehouse_is_never_written(warehouse: Path) -> None:
    before = warehouse.stat().st_mtime_ns, warehouse.read_bytes()
    datasette = make_datasette(warehouse)
    answer = get(datasette, f"/{DATABASE}.json?sql=DELETE+FROM+facts")
    assert answer.status_code >= 400
    assert (warehouse.stat().st_mtime_ns, warehouse.read_bytes()) == before


def test_only_a_sqlite_file_is_served(tmp_path: Path, engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with pytest.raises(RefusedRequest, match="SQLite"):
            warehouse_file(engine)
    with pytest.raises(RefusedRequest, match="no such warehouse file"):
        warehouse_file(make_engine(f"sqlite:///{tmp_path / 'missing.db'}"))
