"""extract_people: names from context (titles, credits, lists, speech and dispatch frames), with roles;
and derive(): the team and sending unit each person is linked to."""

from __future__ import annotations

import unicodedata
from functools import cache

import opencc
import pytest
from casefile import load_cases

from ruralmetrics.extract.people import extract_people
from ruralmetrics.pipeline import derive
from ruralmetrics.records import Sentence, SourceFile
from ruralmetrics.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalized(text: str) -> str:
    """What normalize() makes of a case written in traditional script (the extractors see only this)."""
    return _t2s().convert(unicodedata.normalize("NFKC", text))


def sentence(text: str) -> Sentence:
    return Sentence(index=0, start=0, end=len(text), text=text, paragraph=0, article=0)


@pytest.mark.parametrize(("text", "expect"), load_cases("people"))
def test_people(rules: Rulebook, text: str, expect: list[str]) -> None:
    text = normalized(text)
    found = extract_people(sentence(text), rules)
    assert all(text[m.start:m.end] == m.name for m in found)
    assert [f"{m.name}/{m.role or ''}" for m in found] == expect


@pytest.mark.parametrize(("text", "expect"), load_cases("links"))
def test_links(rules: Rulebook, text: str, expect: list[str]) -> None:
    extraction = derive(SourceFile(key="case", text=text, sha256="", encoding="utf-8"), rules)
    got = [f"{e.name}|{dict(e.attrs).get('team', '')}|{dict(e.attrs).get('organization', '')}"
           for e in extraction.entities if e.type == "person"]
    assert got == expect


@pytest.mark.parametrize(("text", "expect"), load_cases("discovery"))
def test_discovery(rules: Rulebook, text: str, expect: list[str]) -> None:
    extraction = derive(SourceFile(key="case", text=text, sha256="", encoding="utf-8"), rules)
    assert [f"{e.name}/{e.role or ''}" for e in extraction.entities if e.type == "person"] == expect
