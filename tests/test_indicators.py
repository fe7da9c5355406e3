"""describe_quantities(): subject, indicator code and period for each quantity of a sentence."""

from __future__ import annotations

import unicodedata
from functools import cache
from types import SimpleNamespace
from typing import Any

import opencc
import pytest
from casefile import load_cases

from ruralmetrics.errors import RuleFileError
from ruralmetrics.extract.indicators import describe_quantities
from ruralmetrics.records import Quantity, Sentence
from ruralmetrics.rulebook import indicators
from ruralmetrics.rulebook.files import data_dir, read_yaml


@cache
def _rules() -> Any:
    # Only the indicators domain is needed; the other domains are loaded by their own tests.
    return SimpleNamespace(indicators=indicators.load())


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _normalize(text: str) -> str:
    return _t2s().convert(unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("text, expect", load_cases("indicators"))
def test_describe(text: str, expect: list[dict]) -> None:
    text = _normalize(text)
    sentence = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0, article=0)
    quantities, cursor = [], 0
    for item in expect:
        surface = _normalize(str(item["surface"]))
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        quantities.append(Quantity(surface=surface, start=start, end=cursor, value=0.0, unit=item["unit"],
                                   qualifier=item.get("qualifier", "exact")))
    described = describe_quantities(sentence, quantities, _rules())
    assert len(described) == len(quantities)
    got = [{"surface": q.surface, "indicator": d.indicator_code,
            **({"subject": d.subject} if "subject" in e else {}),
            **({"period": d.period_text} if "period" in e else {})}
           for q, d, e in zip(quantities, described, expect, strict=True)]
    want = [{"surface": _normalize(str(e["surface"])), "indicator": e["indicator"],
             **({"subject": e["subject"]} if "subject" in e else {}),
             **({"period": e["period"]} if "period" in e else {})} for e in expect]
    assert got == want


def test_offsets_are_document_offsets() -> None:
    """Quantities carry document offsets; the sentence may start anywhere in the document."""
    text = "培养入党积极分子40名。"
    sentence = Sentence(index=3, start=100, end=100 + len(text), text=text, paragraph=1, article=0)
    q = Quantity(surface="40名", start=108, end=111, value=40, unit="人")
    [d] = describe_quantities(sentence, [q], _rules())
    assert d.indicator_code == "party.activists_trained"


def test_no_quantities() -> None:
    sentence = Sentence(index=0, start=0, end=4, text="乡村振兴", paragraph=0, article=0)
    assert describe_quantities(sentence, [], _rules()) == []


def test_catalog_matches_spec() -> None:
    """Every code of shared/spec/indicators.md v1 is in the catalog, with a known category."""
    table = _rules().indicators
    codes = {d.code for d in table.catalog}
    assert "other" in codes and table.fallback == "other"
    assert len(codes) == len(table.catalog) >= 55
    for d in table.catalog:
        assert d.code == "other" or d.code.startswith(d.category + ".")
        assert d.name


def test_every_rule_code_is_in_catalog() -> None:
    table = _rules().indicators
    codes = {d.code for d in table.catalog}
    assert table.rules and all(rule.code in codes for rule in table.rules)
    units = {u for _, us in table.unit_classes for u in us}
    for rule in table.rules:
        assert rule.accepts <= units | {"村"}, rule.code


def test_bad_window_is_rejected() -> None:
    with pytest.raises(RuleFileError, match="unknown window"):
        indicators._conditions("indicators.yaml", "x", {"paragraph": ["党员"]})


def test_bad_pattern_is_rejected() -> None:
    with pytest.raises(RuleFileError, match="does not compile"):
        indicators._conditions("indicators.yaml", "x", {"clause": ["(党员"]})


def test_data_files_have_headers() -> None:
    for name in (indicators.INDICATORS_FILE, indicators.SUBJECTS_FILE, indicators.PERIODS_FILE):
        assert read_yaml(name)


def test_word_classes_expand_in_patterns() -> None:
    words = indicators._word_classes("indicators.yaml", {"roads": ["道路", "公路"], "works": ["@roads", "水渠"]})
    [(window, pattern)] = indicators._conditions("indicators.yaml", "x", {"rest": ["修建@works"]}, words)
    assert window == "rest" and pattern.search("修建水渠") and pattern.search("修建公路")


def test_unknown_word_class_is_rejected() -> None:
    with pytest.raises(RuleFileError, match="unknown word class"):
        indicators._conditions("indicators.yaml", "x", {"clause": ["@nonesuch"]}, {})


def test_every_word_class_is_used() -> None:
    """A class nobody references is dead weight in the rule file."""
    text = (data_dir() / indicators.INDICATORS_FILE).read_text(encoding="utf-8")
    for name, _ in _rules().indicators.word_classes:
        assert f"@{name}" in text, name


@pytest.mark.parametrize(("text", "codes"), [
    # the group of cadres counted once by its noun, then again in story terms (both scripts)
    ("县税务局选派3名驻村工作队员到石桥村。\n一年多来,3个年轻人走遍了全村。3个小伙子还办起了合作社。",
     {"3名": "program.cadres_dispatched", "3个年轻人": "program.cadres_dispatched",
      "3个小伙子": "program.cadres_dispatched"}),
    ("縣裡派駐2名第一書記。兩年來,2個“90後”姑娘帶領村民種茶。",
     {"2名": "program.cadres_dispatched", "2个“90后”姑娘": "program.cadres_dispatched"}),
    # another value, or people of the village, stay what their own sentence says
    ("县里选派3名驻村干部。村里有5个年轻人外出打工,3个村民小组通了路。",
     {"3名": "program.cadres_dispatched", "5个年轻人": "other", "3个村民小组": "other"}),
])
def test_a_group_restated_in_story_terms(text: str, codes: dict[str, str]) -> None:
    """restate_groups: a count of no known kind repeating a cadre count's value, a noun of people after it."""
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from ruralmetrics.pipeline import derive
    from ruralmetrics.read import read_file

    with TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_text("标题\n" + text + "\n", encoding="utf-8")
        extraction = derive(read_file(path))
    text = extraction.document.text
    found = {key: fact.description.indicator_code for fact in extraction.facts
             for key in codes if text.startswith(key, fact.quantity.start)}
    assert found == codes
