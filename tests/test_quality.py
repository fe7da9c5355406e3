"""Quality floor: the seeds loaded into SQLite, scored by ``evaluate`` against tests/gold/seeds.*.

The floors sit a little under what the pipeline measures; raise them as it improves, never lower
them to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ruralmetrics.db import make_engine
from ruralmetrics.evaluate import Evaluation, evaluate
from ruralmetrics.pipeline import load_paths

TESTS = Path(__file__).parent
# measured when set: facts F1 1.000 (P 1.000, R 1.000), indicator 0.994, region 0.961,
# entities F1 0.896, documents fields 1.000
FLOORS = {"facts F1": 0.97, "facts precision": 0.95, "facts recall": 0.95,
          "facts indicator": 0.90, "facts region": 0.90, "entities F1": 0.85, "documents fields": 0.90}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('quality') / 'seeds.db'}")
    report = load_paths([TESTS.parent / "seeds"], engine)
    assert report.failed == []
    result = evaluate(engine, TESTS / "gold" / "seeds")
    engine.dispose()
    return result


def figures(result: Evaluation) -> dict[str, float]:
    assert result.facts is not None and result.entities is not None and result.documents is not None
    counts = result.facts.counts
    return {"facts F1": counts.f1, "facts precision": counts.precision, "facts recall": counts.recall,
            "facts indicator": result.facts.attributes["indicator"].share or 0.0,
            "facts region": result.facts.attributes["region"].share or 0.0,
            "entities F1": result.entities.counts.f1, "documents fields": result.documents.share}


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_quality_floor(scored: Evaluation, figure: str) -> None:
    assert figures(scored)[figure] >= FLOORS[figure]


def test_evaluate_agrees_with_its_own_matching(scored: Evaluation) -> None:
    assert scored.facts is not None and scored.entities is not None and scored.documents is not None
    c = scored.facts.counts
    assert c.matched + len(scored.facts.missed) == c.gold
    assert c.matched + len(scored.facts.spurious) == c.system
