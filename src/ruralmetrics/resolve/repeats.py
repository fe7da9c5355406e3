"""Repeats: a figure the document states again (same value, unit, indicator and place) points to its first mention."""

from __future__ import annotations

from dataclasses import replace

from ..records import Fact


def mark_repeats(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    first: dict[tuple, int] = {}
    marked = []
    for index, fact in enumerate(facts):
        q = fact.quantity
        key = (q.value, q.value_max, q.unit, fact.description.indicator_code,
               fact.place.name if fact.place else None)
        if key in first:
            marked.append(replace(fact, repeat_of=first[key]))
        else:
            first[key] = index
            marked.append(fact)
    return tuple(marked)
