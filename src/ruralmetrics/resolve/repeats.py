"""Repeats: a figure the document states again points to its first mention (contract.md, `repeat_of`).

A repeat has the same value, upper bound, unit, indicator and place as an earlier fact of another
sentence (a headline restating the body, a summary restating a paragraph). Two items of one list
(养鸭场1个、养牛场1个) are never repeats, and a fact the catalog could not classify (`other`)
repeats an earlier one only when its subject is the same too.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Fact

_UNCLASSIFIED = "other"


def _key(fact: Fact) -> tuple:
    q = fact.quantity
    subject = fact.description.subject if fact.description.indicator_code == _UNCLASSIFIED else None
    return (q.value, q.value_max, q.unit, fact.description.indicator_code,
            fact.place.path_text if fact.place else None, subject)


def mark_repeats(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """Set ``repeat_of`` (an index into ``facts``) on every later mention of the same figure."""
    first: dict[tuple, int] = {}
    marked = []
    for index, fact in enumerate(facts):
        key = _key(fact)
        earlier = first.get(key)
        if earlier is not None and facts[earlier].quantity.sentence != fact.quantity.sentence:
            marked.append(replace(fact, repeat_of=earlier))
            continue
        first.setdefault(key, index)
        marked.append(fact)
    return tuple(marked)
