"""attribute_facts: team and person credit by scope (own subject, paragraph focus, article topic)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc
import pytest
from casefile import figures_at, load_cases

from ruralmetrics.extract import Extracted
from ruralmetrics.extract.indicators import describe_quantities
from ruralmetrics.extract.organizations import extract_organizations
from ruralmetrics.extract.people import extract_people
from ruralmetrics.extract.projects import extract_projects
from ruralmetrics.extract.quantities import extract_quantities
from ruralmetrics.extract.teams import extract_teams
from ruralmetrics.records import Description, Document, Quantity, Sentence
from ruralmetrics.resolve.attribution import attribute_facts
from ruralmetrics.resolve.entities import collect_entities
from ruralmetrics.rulebook import Rulebook, load_rulebook

_SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?")


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@pytest.mark.parametrize(("text", "expect"), load_cases("attribution"))
def test_attribution(rules: Rulebook, text: str, expect: list[str]) -> None:
    text = _t2s().convert(unicodedata.normalize("NFKC", text))  # what normalize() gives the extractors
    document = Document(key="case", original_text=text, text=text, script="simplified", encoding="utf-8", sha256="")
    sentences = tuple(Sentence(index=n, start=m.start(), end=m.end(), text=m.group(),
                               paragraph=text.count("\n", 0, m.start()), article=0)
                      for n, m in enumerate(m for m in _SENTENCE.finditer(text) if m.group().strip()))
    mentions = tuple(m for s in sentences for extract in (extract_teams, extract_people, extract_organizations,
                                                          extract_projects) for m in extract(s, rules))
    entities = collect_entities(document, mentions, {}, rules)
    quantities = figures_at(text, sentences, expect)
    extracted = Extracted(tuple(quantities), _descriptions(quantities, sentences, rules), mentions)
    facts = attribute_facts(document, sentences, extracted, {}, entities, rules)
    got = [f"{f.quantity.surface}|{f.team or ''}|{f.person or ''}" for f in facts]
    assert got == expect


def _descriptions(quantities: list[Quantity], sentences: tuple[Sentence, ...], rules: Rulebook) -> tuple[Description, ...]:
    """What each figure counts, as the extract stage says it (stocks and figures of no known kind get no
    fallback credit); a figure the quantity rules do not read as one counts as ``other``."""
    described: dict[int, Description] = {}
    for sentence in sentences:
        found = extract_quantities(sentence, rules)
        described.update((q.start, d) for q, d in zip(found, describe_quantities(sentence, found, rules), strict=True))
    return tuple(described.get(q.start, Description(None, "other")) for q in quantities)

