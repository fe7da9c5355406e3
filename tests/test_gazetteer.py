"""The gazetteer: lookups, the cache (built once, keyed by the sources), and a restricted fixture build."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ruralmetrics.gazetteer import (
    Gazetteer,
    build_gazetteer,
    cache_path,
    load_gazetteer,
    open_gazetteer,
    package_file,
)
from ruralmetrics.rulebook import places as place_rules


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_exact_name_with_code_and_chain(gazetteer: Gazetteer) -> None:
    (town,) = gazetteer.by_name("张家楼街道")
    assert town.level == "town" and town.code == "370211014"
    assert [d.name for d in gazetteer.chain(town)] == ["山东省", "青岛市", "黄岛区", "张家楼街道"]


def test_namesakes_are_all_returned(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.by_name("漕河镇")) >= 3


def test_county_short_names(gazetteer: Gazetteer) -> None:
    assert [d.name for d in gazetteer.lookup("泗水")] == ["泗水县"]
    assert [d.name for d in gazetteer.lookup("兖州")] == ["兖州区"]
    assert [d.name for d in gazetteer.by_short("科右中旗")] == ["科尔沁右翼中旗"]


def test_name_with_suffix_appended(gazetteer: Gazetteer) -> None:
    assert [d.code for d in gazetteer.lookup("微山", ["县", "区"])] == ["370826"]


def test_children(gazetteer: Gazetteer) -> None:
    (county,) = gazetteer.by_name("黄岛区")
    names = {d.name for d in gazetteer.children(county.id)}
    assert {"灵珠山街道", "六汪镇", "隐珠街道"} <= names


def test_common_short_names_are_flagged(gazetteer: Gazetteer) -> None:
    assert all(d.common for d in gazetteer.by_short("清水"))
    assert not any(d.common for d in gazetteer.by_short("泗水"))


@pytest.mark.skipif(package_file("jionlp", "dictionary/china_location.zip") is None,
                    reason="jionlp (village names) is optional and not installed")
def test_villages_from_jionlp(gazetteer: Gazetteer) -> None:
    (village,) = [d for d in gazetteer.by_name("唐家庄社区") if "崂山区" in gazetteer.chain(d)[2].name]
    assert village.level == "village" and village.code is None
    assert gazetteer.chain(village)[3].name == "王哥庄街道"


def test_cached_load_is_fast() -> None:
    rules = place_rules.load()
    open_gazetteer(rules)  # builds on first use
    began = time.perf_counter()
    gazetteer = open_gazetteer(rules)
    assert time.perf_counter() - began < 1.0
    assert gazetteer.count()["county"] > 2800


def test_cache_is_keyed_by_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RURALMETRICS_CACHE_DIR", str(tmp_path))
    target, mca, _ = cache_path(place_rules.load())
    assert target.parent == tmp_path and target.name.startswith("gazetteer-")
    assert mca.name == "divisions.json"


def test_restricted_fixture_build(tmp_path: Path) -> None:
    rules = place_rules.load()
    _, mca, jionlp = cache_path(rules)
    path = build_gazetteer(tmp_path / "small.sqlite", rules, mca, jionlp, counties=["370812", "370832"])
    small = Gazetteer(path)
    assert [d.code for d in small.by_name("颜店镇")] == ["370812102"]
    assert small.by_name("六汪镇") == ()
    assert small.count()["province"] == 34 or small.count()["province"] == 33


@pytest.mark.slow
def test_full_build_counts(tmp_path: Path) -> None:
    rules = place_rules.load()
    _, mca, jionlp = cache_path(rules)
    counts = Gazetteer(build_gazetteer(tmp_path / "full.sqlite", rules, mca, jionlp)).count()
    assert counts["town"] >= 38723
    if jionlp is not None:
        assert counts["village"] == 657807
