"""extract/quantities.py: number + unit + qualifier on one sentence (cases/quantities.yaml), and the rules data."""

from __future__ import annotations

import unicodedata
from typing import Any

import opencc
import pytest
from casefile import load_cases

from ruralmetrics.errors import RuleFileError
from ruralmetrics.extract.quantities import extract_quantities
from ruralmetrics.records import Quantity, Sentence
from ruralmetrics.rulebook import Rulebook, load_rulebook
from ruralmetrics.rulebook import quantities as quantity_rules

_T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


def normalized(text: str) -> str:
    """What extract sees: half-width (NFKC) and simplified script (as normalize.py does)."""
    return _T2S.convert(unicodedata.normalize("NFKC", text))


def sentence_of(text: str, start: int = 0, index: int = 0) -> Sentence:
    return Sentence(index=index, start=start, end=start + len(text), text=text, paragraph=0, article=0)


def as_case(quantity: Quantity, keys: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``quantity`` that an expected item names."""
    return {key: getattr(quantity, key) for key in keys}


@pytest.mark.parametrize("text, expect", load_cases("quantities"))
def test_quantities(rules: Rulebook, text: str, expect: list[dict[str, Any]]) -> None:
    text = normalized(text)
    found = extract_quantities(sentence_of(text), rules)
    for quantity in found:
        assert text[quantity.start:quantity.end] == quantity.surface
    assert [as_case(q, item) for q, item in zip(found, expect, strict=False)] == [
        {k: pytest.approx(v) if isinstance(v, float | int) and not isinstance(v, bool) else v for k, v in item.items()}
        for item in expect
    ]
    assert len(found) == len(expect)


def test_offsets_are_absolute_and_sentence_is_set(rules: Rulebook) -> None:
    text = "新建公厕12座。"
    (quantity,) = extract_quantities(sentence_of(text, start=100, index=7), rules)
    assert (quantity.start, quantity.end, quantity.sentence) == (104, 107, 7)


def test_base_unit_and_dimension(rules: Rulebook) -> None:
    (mu, ton, count) = extract_quantities(sentence_of("流转土地300亩,收获玉米2吨,建成大棚5个。"), rules)
    assert (mu.base_unit, mu.base_value, mu.dimension) == ("平方米", pytest.approx(200001.0), "area")
    assert (ton.base_unit, ton.base_value, ton.dimension) == ("公斤", 2000.0, "mass")
    assert (count.base_unit, count.base_value, count.dimension) == ("个", 5.0, "count")


def test_nothing_is_read_inside_or_glued_to_a_damaged_run(rules: Rulebook) -> None:
    text = "选派干部52名,浣犲ソ0.04公里,新建处理点35个。"
    damaged = ((8, 12),)  # the mojibake run 浣犲ソ and its comma neighbour
    surfaces = [q.surface for q in extract_quantities(sentence_of(text), rules, damaged=damaged)]
    assert surfaces == ["52名", "35个"]


def test_damaged_offsets_are_absolute(rules: Rulebook) -> None:
    text = "新建公厕12座。"
    assert extract_quantities(sentence_of(text, start=50), rules, damaged=((54, 56),)) == []
    assert len(extract_quantities(sentence_of(text, start=50), rules, damaged=((4, 6),))) == 1


def test_every_unit_has_a_dimension_and_known_base(rules: Rulebook) -> None:
    units = {u.name: u for u in rules.quantities.units}
    for unit in units.values():
        assert unit.dimension in quantity_rules.DIMENSIONS
        assert unit.base_unit is None or unit.base_unit in units
    for spelling in rules.quantities.spellings.values():
        assert spelling.unit in units


def test_the_annotation_folds_hold(rules: Rulebook) -> None:
    spellings = rules.quantities.spellings
    for written, (unit, factor) in {"名": ("人", 1), "位": ("人", 1), "平米": ("平方米", 1), "m2": ("平方米", 1),
                                    "公里": ("米", 1000), "千米": ("米", 1000), "立方": ("立方米", 1),
                                    "台(套)": ("台套", 1), "场次": ("场次", 1)}.items():
        assert (spellings[written].unit, spellings[written].factor) == (unit, factor)


def test_a_broken_rule_file_names_file_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {"元": {"dimension": "money", "spellings": {"元": 1}}, "人": {"dimension": "people", "spellings": {"元": 1}}}
    monkeypatch.setattr(quantity_rules, "read_yaml", lambda name: broken if name == "units.yaml" else None)
    with pytest.raises(RuleFileError, match="units.yaml.*元.*listed under 元 and 人"):
        quantity_rules._load_units()


def test_skip_phrases_go_to_the_segmenter(rules: Rulebook) -> None:
    words = {word for word, _, _ in rules.quantities.jieba_words()}
    assert "三会一课" in words


@pytest.mark.parametrize(("text", "surfaces"), [
    ("驻村工作队在三家子村新建大棚20座。", ["20座"]),
    ("第一書記來到八間房村,為村裏爭取資金30萬元。", ["30万元"]),
    ("工作隊在三間房鄉新建大棚20座。", ["20座"]),
])
def test_a_numeral_inside_a_place_name_is_no_fact(rules: Rulebook, text: str, surfaces: list[str]) -> None:
    from ruralmetrics.pipeline import derive
    from ruralmetrics.read import source_from_text

    extraction = derive(source_from_text("case", text, "utf-8"), rules)
    assert [f.quantity.surface for f in extraction.facts] == surfaces
