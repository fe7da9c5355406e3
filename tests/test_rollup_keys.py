"""The rollup keys on facts (province, county, region_level, as_of) always equal their sources, the
place's regions row and the document: after a load, a replacement, a reload and its pruning, and when a
place's row learns its level later."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from test_load import _extraction

from ruralmetrics.load import store_extraction
from ruralmetrics.pipeline import load_paths, reload_documents
from ruralmetrics.records import Place

SEEDS = Path(__file__).parent.parent / "seeds"

DIFFERENT = """
SELECT COUNT(*) FROM facts f
JOIN documents d ON d.id = f.document_id
LEFT JOIN regions r ON r.id = f.region_id
WHERE f.province IS DISTINCT FROM r.province OR f.county IS DISTINCT FROM r.county
   OR f.region_level IS DISTINCT FROM r.level OR f.as_of IS DISTINCT FROM d.as_of
"""


def _keys(engine: Engine) -> tuple[int, int, int]:
    """(facts whose keys differ from their sources, facts with a province, facts with a date)."""
    with engine.connect() as connection:
        return (connection.execute(text(DIFFERENT)).scalar_one(),
                connection.execute(text("SELECT COUNT(*) FROM facts WHERE province IS NOT NULL")).scalar_one(),
                connection.execute(text("SELECT COUNT(*) FROM facts WHERE as_of IS NOT NULL")).scalar_one())


def test_keys_follow_loads_replacements_and_reloads(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    assert load_paths([folder], engine).ok
    different, placed, dated = _keys(engine)
    assert different == 0 and placed > 100 and dated > 0
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n山东省济宁市微山县今年争取资金80万元。\n",
                     encoding="utf-8")
    report = load_paths([folder], engine)
    assert report.ok and report.replaced
    assert _keys(engine)[0] == 0
    with engine.begin() as connection:  # a place stored under another name: reload rewrites it, prune drops it
        connection.execute(text("INSERT INTO regions (name, level, code, resolved, path, province)"
                                " VALUES ('西海岸新区', 'county', '370211', TRUE, '山东省/青岛市/西海岸新区', '山东省')"))
    assert reload_documents(engine).ok
    assert _keys(engine)[0] == 0
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM regions WHERE name = '西海岸新区'")).scalar_one() == 0
        with_ids = connection.execute(text(
            "SELECT COUNT(*) FROM fact_details WHERE county IS NOT NULL")).scalar_one()
    assert with_ids > 0


def test_a_level_learned_later_reaches_the_facts_of_other_documents(engine: Engine) -> None:
    unleveled, source = _extraction("a")
    facts = tuple(replace(f, place=_without_level(f.place)) for f in unleveled.facts)
    with Session(engine) as session, session.begin():
        store_extraction(session, replace(unleveled, facts=facts, entities=()), source)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT DISTINCT region_level FROM fact_details")).scalars().all() == [None]
    with Session(engine) as session, session.begin():  # another report knows 某村 is a village
        store_extraction(session, *_extraction("b"))
    with engine.connect() as connection:
        levels = connection.execute(text(
            "SELECT document_key, region_level FROM fact_details ORDER BY fact_id")).all()
    assert [tuple(r) for r in levels] == [("a", "village")] * 2 + [("b", "village")] * 2
    assert _keys(engine)[0] == 0


def _without_level(place: Place | None) -> Place | None:
    assert place is not None
    return replace(place, level=None)
