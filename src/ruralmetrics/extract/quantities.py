"""Quantities: number + unit + qualifier, with the value folded and the base unit set."""

from __future__ import annotations

import re

from ..records import Quantity, Sentence
from ..rulebook import Rulebook

_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(元|人|名|个|户|亩|支|家|次|件|处)")
_MAGNITUDE = {"万": 1e4, "亿": 1e8, None: 1.0}
_UNIT = {"名": "人"}


def extract_quantities(sentence: Sentence, rules: Rulebook,
                       damaged: tuple[tuple[int, int], ...] = ()) -> list[Quantity]:
    found = []
    for m in _NUMBER_UNIT.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if any(s < end and start < e for s, e in damaged):
            continue
        value = float(m.group(1)) * _MAGNITUDE[m.group(2)]
        unit = _UNIT.get(m.group(3), m.group(3))
        found.append(Quantity(surface=m.group(), start=start, end=end, value=value, unit=unit,
                              base_value=value, base_unit=unit, sentence=sentence.index))
    return found
