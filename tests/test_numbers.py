"""extract/numbers.py: numerals as written -> value, range bound and inner qualifier (cases/numbers.yaml)."""

from __future__ import annotations

from typing import Any

import pytest
from casefile import load_cases

from ruralmetrics.extract.numbers import read_number
from ruralmetrics.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize("text, expect", load_cases("numbers"))
def test_read_number(rules: Rulebook, text: str, expect: dict[str, Any] | None) -> None:
    number = read_number(text, rules)
    if expect is None:
        assert number is None
        return
    assert number is not None
    assert number.value == pytest.approx(expect["value"])
    assert number.value_max == (pytest.approx(expect["value_max"]) if "value_max" in expect else None)
    assert number.qualifier == expect.get("qualifier", "exact")


def test_a_lone_one_is_read_but_marked(rules: Rulebook) -> None:
    number = read_number("一", rules)
    assert number is not None and number.value == 1 and number.lone


def test_a_bare_magnitude_is_marked(rules: Rulebook) -> None:
    number = read_number("百万", rules)
    assert number is not None and number.bare and number.has_magnitude
    ten = read_number("十万", rules)
    assert ten is not None and not ten.bare
