"""extract_teams: work teams bounded on the left, with a canonical key and the place in their name."""

from __future__ import annotations

import unicodedata

import opencc
import pytest
from casefile import load_cases

from ruralmetrics.extract.teams import extract_teams
from ruralmetrics.records import Mention, Sentence
from ruralmetrics.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize(("text", "expect"), load_cases("teams"))
def test_teams(rules: Rulebook, text: str, expect: list[str]) -> None:
    text = opencc.OpenCC("t2s").convert(unicodedata.normalize("NFKC", text))  # what normalize() gives
    found = extract_teams(Sentence(index=0, start=0, end=len(text), text=text, paragraph=0, article=0), rules)
    assert all(text[m.start:m.end] == m.name for m in found)
    assert [_shown(m) for m in found] == expect


def _shown(m: Mention) -> str:
    """name|key|region; a generic mention's key shows as *, a unit still to be checked for a place ends in check"""
    key = "*" if m.attr("generic") else m.attr("key")
    return f"{m.name}|{key}|{m.attr('region') or ''}" + ("check" if m.attr("needs_place") else "")
