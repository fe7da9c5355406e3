"""Quantities: number + unit + qualifier, with the value folded and the base unit set.

One compiled regex (``rules.quantities.quantity_pattern``) finds every numeral with its unit; the
checks below drop what is no fact (data/nonfacts.yaml, lexicon/skip_phrases.txt) and read the
qualifier from cues on both sides (data/qualifiers.yaml). Spellings, cues and word classes are data;
this module spells no Chinese word.
"""

from __future__ import annotations

import logging
import math
import re

from ..records import Qualifier, Quantity, Sentence
from ..rulebook import Rulebook
from ..rulebook.quantities import NonFacts, QuantityRules
from .numbers import Number, number_from_match

_BEFORE_WINDOW = 6  # characters searched for a before-cue and its filler


def extract_quantities(sentence: Sentence, rules: Rulebook,
                       damaged: tuple[tuple[int, int], ...] = ()) -> list[Quantity]:
    """Every quantity stated in ``sentence``, offsets absolute (into the document text), half-open."""
    q = rules.quantities
    text = sentence.text
    blocked = [m.span() for pattern in q.nonfacts.blockers for m in pattern.finditer(text)]
    found: list[Quantity] = []
    previous_end = -1
    chain: Qualifier | None = None  # the before-cue of quantities written back to back
    for match in q.quantity_pattern.finditer(text):
        read = _read(match, text, q, blocked)
        if read is None:
            continue
        start, end, number, unit, factor, cue, cue_start = read
        if damaged and _touches(sentence.start + start - 1, sentence.start + end + 1, damaged):
            continue
        qualifier = _qualifier(match, number, cue, q)
        if cue is not None:
            chain = qualifier
        elif start == previous_end and chain is not None and qualifier == "exact":
            qualifier = chain  # 大约有32户55人: the cue covers both
        else:
            chain = None
        previous_end = end
        quantity = _quantity(sentence, text, cue_start, end, number, unit, factor, qualifier, q)
        if _plausible(quantity):
            found.append(quantity)
        else:
            _log.warning("not a fact: %s… is beyond %g or not finite", quantity.surface[:20], MAX_VALUE)
    return found


_log = logging.getLogger(__name__)
MAX_VALUE = 1e15  # of any unit: beyond this a "figure" is a digit run, an identifier or an overflow


def _plausible(quantity: Quantity) -> bool:
    """A value the warehouse can store and sum: finite and at most MAX_VALUE (``1`` and 400 zeros is not)."""
    values = (quantity.value, quantity.value_max, quantity.base_value)
    return all(v is None or (math.isfinite(v) and abs(v) <= MAX_VALUE) for v in values)


def _read(match: re.Match[str], text: str, q: QuantityRules, blocked: list[tuple[int, int]]):
    """(start, end, number, unit, factor, before-cue, surface start) of a fact, or None if it is none."""
    start = match.start("number")
    number = number_from_match(match, q)
    if number is None or number.lone:
        return None
    before = text[:match.start()]
    if match.group("gap"):  # 保护点 6 处: a padded number, never a spaced-out list (3 人 vs 第 3 人)
        if not before.endswith(" ") or number.chinese:
            return None
        before = before.rstrip(" ")
    if match.group("pad"):  # 投资 30 万元, 资金17 万元 (a PDF's line joined): Arabic digits only
        if number.chinese:
            return None
        before = before.rstrip(" ")
    nonfacts = q.nonfacts
    if before and nonfacts.glued_before.match(before[-1]) or before[-1:].isdigit():
        return None
    after_number = text[match.end("number"):match.end("number") + 1]
    if after_number and nonfacts.glued_after.match(after_number) and not match.group("unit"):
        return None
    if before.endswith(nonfacts.ordinal_before) or before.endswith(q.numerals.vague_before):
        return None
    if any(s <= start < e for s, e in blocked):
        return None
    if number.bare and not before.endswith(q.numerals.bare_after) and not (
            match.group("unit") and match.group("after")):  # 百棵以上: a cue after the unit will do
        return None
    end = match.end()
    unit, factor = _unit(match, text, number, q)
    if unit is None:
        return None
    if number.chinese and q.unit_index[unit].dimension == "count" and _abstract(
            text, match.end("unit") if match.group("unit") else end, nonfacts):
        return None  # 七个方面, 两个方向: an enumeration of ideas
    cue, cue_start = _before_cue(before, number, q)
    return match.start(), end, number, unit, factor, cue, (cue_start if cue is not None else match.start())


def _abstract(text: str, at: int, nonfacts: NonFacts) -> bool:
    """An abstract noun follows (七个方面), and heads no concrete noun (两个重点村 is a count of villages)."""
    nouns = [n for n in nonfacts.abstract_nouns if text.startswith(n, at)]
    if not nouns:
        return False
    return not text.startswith(nonfacts.concrete_heads, at + max(map(len, nouns))) if nonfacts.concrete_heads else True


def _unit(match: re.Match[str], text: str, number: Number, q: QuantityRules) -> tuple[str | None, float]:
    """The canonical unit and its factor: written, given by a prefix (百分之), or implied by a noun."""
    if match.group("prefix"):
        return q.unit_prefixes[match.group("prefix")], 1.0
    written = match.group("unit")
    if written:
        spelling = q.spellings[written]
        if text.startswith(spelling.not_before, match.end("unit")) if spelling.not_before else False:
            return None, 1.0  # 2个月, 两部门, 5名额
        return spelling.unit, spelling.factor
    # no unit written: 粉丝数量过万, 收入从零增至百万 take the unit a noun of the clause implies
    if not number.has_magnitude or q.implied_pattern is None:
        return None, 1.0
    following = text[match.end():match.end() + 1]
    if following and not q.nonfacts.clause_end.match(following):
        return None, 1.0
    clause_start = max((m.end() for m in q.nonfacts.clause_end.finditer(text, 0, match.start())), default=0)
    nouns = q.implied_pattern.findall(text, clause_start, match.start())
    return (q.implied[nouns[-1]], 1.0) if nouns else (None, 1.0)


def _before_cue(before: str, number: Number, q: QuantityRules) -> tuple[str | None, int]:
    """The before-cue right before the number (约800亩, 超过2万人次, 大约有32户), and where it starts."""
    window = before[-_BEFORE_WINDOW:]
    m = q.before_cue_pattern.search(window)
    if m is None:
        return None, len(before)
    cue = m.group("cue") or m.group("gap_cue") if "gap_cue" in m.re.groupindex else m.group("cue")
    cue_start = len(before) - len(window) + m.start()
    if cue in q.cues.bare_only and not number.bare:
        return None, len(before)
    if before[:cue_start].endswith(q.cues.not_after.get(cue, ())):
        return None, len(before)  # 通过3家企业, 最近5次, 签约3个
    return cue, cue_start


def _qualifier(match: re.Match[str], number: Number, cue: str | None, q: QuantityRules) -> Qualifier:
    if cue is not None:
        return q.cues.before[cue]  # type: ignore[return-value]
    after = match.group("after")
    if after:
        return q.cues.after[after]  # type: ignore[return-value]
    return number.qualifier


def _quantity(sentence: Sentence, text: str, start: int, end: int, number: Number, unit: str, factor: float,
              qualifier: Qualifier, q: QuantityRules) -> Quantity:
    value = number.value * factor
    value_max = number.value_max * factor if number.value_max is not None else None
    unit_def = q.unit_index[unit]
    base_unit = unit_def.base_unit or unit
    base_value = value * unit_def.base_factor if unit_def.base_unit else value
    return Quantity(surface=text[start:end], start=sentence.start + start, end=sentence.start + end,
                    value=_clean(value), unit=unit, qualifier=qualifier,
                    value_max=_clean(value_max) if value_max is not None else None,
                    base_value=_clean(base_value), base_unit=base_unit, dimension=unit_def.dimension,
                    sentence=sentence.index)


def _clean(value: float) -> float:
    """Drop float noise from factors (1.2 x 1000 = 1200.0000000000002)."""
    return round(value, 6)


def _touches(start: int, end: int, damaged: tuple[tuple[int, int], ...]) -> bool:
    return any(s < end and start < e for s, e in damaged)
