"""extract_people: names from context (titles, bylines, speech and dispatch frames), with roles."""

from __future__ import annotations

import pytest
from casefile import load_cases

from ruralmetrics.extract.people import extract_people
from ruralmetrics.records import Sentence
from ruralmetrics.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


def sentence(text: str) -> Sentence:
    return Sentence(index=0, start=0, end=len(text), text=text, paragraph=0, article=0)


@pytest.mark.parametrize(("text", "expect"), load_cases("people"))
def test_people(rules: Rulebook, text: str, expect: list[str]) -> None:
    found = extract_people(sentence(text), rules)
    assert all(text[m.start:m.end] == m.name for m in found)
    assert [f"{m.name}/{m.role or ''}" for m in found] == expect
