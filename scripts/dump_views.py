"""Dump what a load makes, as sorted text without surrogate ids: the check that a speed change
changes no output.

    PYTHONPATH=src .venv/bin/python scripts/dump_views.py OUT.txt [--workers 1] [--reload] [--keep DB]

Loads seeds/, ../shared/dev/reports and the test sets (blind, holdout, unseen3-5) into a scratch
SQLite warehouse in one ``load_paths`` call, then writes every public view (``fact_details``,
``entity_mentions``, ``document_overview``, ``figure_series``) and the shared rows (regions,
aliases, teams, people, organizations, projects, assignments) as tab-separated lines, sorted
(``--reload``: after reloading every document, which replaces its rows). Ids
become natural keys: a fact is (document key, ordinal), an entity (type, name, place path);
``loaded_at`` is dropped. Two dumps of the same extractor must be byte-identical.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from ruralmetrics.db import make_engine
from ruralmetrics.pipeline import load_paths, reload_documents

ROOT = Path(__file__).resolve().parent.parent
SETS = ("seeds", "../shared/dev/reports", "tests/blind/reports", "tests/holdout/reports",
        "tests/unseen3/reports", "tests/unseen4/reports", "tests/unseen5/reports")
ENTITY_TABLES = {"team": "teams", "person": "people", "organization": "organizations", "project": "projects"}


def _cell(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _lines(rows: Iterable[tuple]) -> list[str]:
    return sorted("\t".join(map(_cell, row)) for row in rows)


def dump(conn: Connection) -> str:
    """Every view and shared table as sorted lines, ids replaced by natural keys."""
    facts = {fid: f"{key}#{ordinal}" for fid, key, ordinal in conn.execute(text(
        "SELECT f.id, d.key, f.ordinal FROM facts f JOIN documents d ON d.id = f.document_id"))}
    paths = dict(conn.execute(text("SELECT id, path FROM regions")).all())
    entities: dict[tuple[str, int], str] = {("region", i): f"region:{p}" for i, p in paths.items()}
    for kind, table in ENTITY_TABLES.items():
        for eid, name, region_id in conn.execute(text(f"SELECT id, name, region_id FROM {table}")):
            entities[(kind, eid)] = f"{kind}:{name}@{paths.get(region_id)}"

    def fact(value: int | None) -> str | None:
        return None if value is None else facts[value]

    def region(value: int | None) -> str | None:
        return None if value is None else paths[value]

    out: list[str] = []

    def section(name: str, sql: str, convert: dict[str, Callable[[Any], Any]] | None = None,
                drop: tuple[str, ...] = (), row_key: Callable[[dict], Any] | None = None) -> None:
        result = conn.execute(text(sql))
        columns = [c for c in result.keys() if c not in drop]  # noqa: SIM118 (a Result, not a dict)
        rows = []
        for raw in result.mappings():
            row = dict(raw)
            if row_key is not None:
                row = row_key(row)
            for column, fn in (convert or {}).items():
                row[column] = fn(row[column])
            rows.append(tuple(row[c] for c in columns))
        out.append(f"== {name} ({len(rows)} rows): {' '.join(columns)}")
        out.extend(_lines(rows))

    section("fact_details", "SELECT * FROM fact_details",
            {"fact_id": fact, "repeat_of": fact, "same_as": fact})
    section("figure_series", "SELECT * FROM figure_series", {"fact_id": fact, "same_as": fact})

    def mention(row: dict) -> dict:
        row["entity_id"] = entities[(row["entity_type"], row["entity_id"])]
        return row

    section("entity_mentions", "SELECT * FROM entity_mentions", row_key=mention)
    section("document_overview", "SELECT * FROM document_overview", drop=("loaded_at",))
    section("regions", "SELECT name, level, code, resolved, path, parent_id, province, city, county, town,"
            " village, county_code FROM regions", {"parent_id": region})
    section("region_aliases", "SELECT region_id, name FROM region_aliases", {"region_id": region})
    for kind, table in ENTITY_TABLES.items():
        extra = ", sending_unit" if kind == "team" else ""
        section(table, f"SELECT name, region_id{extra} FROM {table}", {"region_id": region})
    section("assignments", "SELECT d.key, a.person_id, a.role, a.team_id, a.organization_id, a.region_id"
            " FROM assignments a JOIN documents d ON d.id = a.document_id",
            {"person_id": lambda v: entities[("person", v)] if v else None,
             "team_id": lambda v: entities[("team", v)] if v else None,
             "organization_id": lambda v: entities[("organization", v)] if v else None,
             "region_id": region})
    return "".join(line + "\n" for line in out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the SQLite warehouse at this path")
    parser.add_argument("--reload", action="store_true", help="then reload every document (replacing its rows)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rm_dump_") as tmp:
        db = args.keep or Path(tmp) / "dump.db"
        engine = make_engine(f"sqlite:///{db}")
        report = load_paths([ROOT / s for s in SETS], engine, workers=args.workers)
        if args.reload:
            report = reload_documents(engine, workers=args.workers)
        with engine.connect() as conn:
            body = dump(conn)
        engine.dispose()
    failed = "".join(f"failed\t{name}\t{problem}\n" for name, problem in sorted(report.failed))
    args.out.write_text(f"{report.summary()}\n{failed}{body}", encoding="utf-8")
    print(report.summary())


if __name__ == "__main__":
    main()
