"""export: views, tables and queries to CSV, JSON Lines and Parquet, whole or not at all, on both backends."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from ruralmetrics.cli.app import app
from ruralmetrics.errors import RefusedRequest
from ruralmetrics.export import export
from ruralmetrics.pipeline import load_paths

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    assert load_paths([SEEDS], engine).ok
    return engine


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for exported files only (the SQLite warehouse sits in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def read_back(path: Path) -> list[dict]:
    """The exported rows as dicts of strings (None for NULL), whatever the format."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        body = raw.decode("utf-8-sig")
        rows = list(csv.reader(body.splitlines()))
        # NULL is an empty unquoted field, '' a quoted one: tell them apart on the raw line
        return [dict(zip(rows[0], (v if v != "" else None for v in row), strict=True)) for row in rows[1:]]
    if path.suffix == ".jsonl":
        return [{k: (None if v is None else str(v)) for k, v in json.loads(line).items()}
                for line in path.read_text(encoding="utf-8").splitlines()]
    table = pq.read_table(path).to_pylist()
    return [{k: (None if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v))
             for k, v in row.items()} for row in table]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_view_exports_every_row_and_value(loaded: Engine, out: Path, suffix: str) -> None:
    target = out / f"facts{suffix}"
    assert export(loaded, "fact_details", target) == _count(loaded, "fact_details")
    rows = read_back(target)
    with loaded.connect() as connection:
        first = connection.execute(text("SELECT fact_id, surface, value, region_name, value_max FROM fact_details"
                                        " ORDER BY fact_id LIMIT 1")).one()
    got = min(rows, key=lambda r: int(r["fact_id"]))
    assert (got["surface"], got["region_name"], got["value_max"]) == (first.surface, first.region_name, None)
    assert float(got["value"]) == first.value
    assert list(out.iterdir()) == [target]  # no temporary file left


def test_csv_for_excel_starts_with_a_bom_and_keeps_null_apart_from_empty(loaded: Engine, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    export(loaded, "SELECT NULL AS a, '' AS b, 'x,y' AS c", target, bom=True)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[1] == ',"","x,y"'


def test_a_query_with_parameters(loaded: Engine, tmp_path: Path) -> None:
    target = tmp_path / "money.jsonl"
    n = export(loaded, "SELECT county, SUM(value) AS yuan FROM fact_details WHERE unit = :unit GROUP BY county",
               target, params={"unit": "元"})
    assert n == len(read_back(target)) > 0


@pytest.mark.parametrize(("source", "name", "message"), [
    ("no_such_view", "x.csv", "no table or view"),
    ("fact_details", "x.xlsx", "say the format"),
    ("DELETE FROM facts", "x.csv", "only SELECT"),
])
def test_refused_exports_leave_no_file(loaded: Engine, out: Path, source: str, name: str, message: str) -> None:
    with pytest.raises(RefusedRequest, match=message):
        export(loaded, source, out / name)
    assert list(out.iterdir()) == []


def test_export_command(loaded: Engine, tmp_path: Path) -> None:
    url = loaded.url.render_as_string(hide_password=False)
    target = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["--database-url", url, "export", "entity_mentions", "-o", str(target),
                                      "--bom"])
    assert result.exit_code == 0, result.output
    assert len(read_back(target)) == _count(loaded, "entity_mentions")
    bad = CliRunner().invoke(app, ["--database-url", url, "export", "nope", "-o", str(tmp_path / "n.csv")])
    assert bad.exit_code == 2 and "no table or view" in bad.output
    nowhere = CliRunner().invoke(app, ["--database-url", url, "export", "fact_details", "-o",
                                       str(tmp_path / "missing" / "x.csv")])
    assert nowhere.exit_code == 2 and "cannot write there" in nowhere.output and "Traceback" not in nowhere.output


def _count(engine: Engine, view: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT COUNT(*) FROM {view}")).scalar_one()
