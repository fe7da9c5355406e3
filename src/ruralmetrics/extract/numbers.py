"""Numbers: 二十三 / 3.31亿 / 1220万余 / 七八十 / 5至10万 -> value (no units here).

The digits, place words, magnitudes and inner cues come from data/numerals.yaml and
data/qualifiers.yaml through ``rules.quantities``; nothing Chinese is spelled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..records import Qualifier
from ..rulebook import Rulebook
from ..rulebook.quantities import Numerals, QuantityRules


@dataclass(frozen=True)
class Number:
    """A numeral as written, its magnitude folded in."""

    value: float  # the number, or the lower bound of a range
    value_max: float | None = None  # upper bound of a range (5至10, 七八十)
    qualifier: Qualifier = "exact"  # from inner cues (290余, 20来) or a range (at_least)
    chinese: bool = False  # written in Chinese numerals (二十三, 两万)
    bare: bool = False  # a place word or magnitude with no digit (百, 万, 百万, 亿)
    lone: bool = False  # a single digit that is no count on its own (一, 二: numerals.yaml lone_not_counts)
    has_magnitude: bool = False  # 万/亿 written (1.5万, 两万, 百万)


def read_number(text: str, rules: Rulebook) -> Number | None:
    """Read a whole numeral such as 二十三, 3.31亿, 1220万余, 七八十, 3—5万; None if ``text`` is not one."""
    match = rules.quantities.number_pattern.fullmatch(text)
    return number_from_match(match, rules.quantities) if match else None


def number_from_match(match: re.Match[str], rules: QuantityRules) -> Number | None:
    """The Number of a match of ``number_pattern`` or ``quantity_pattern`` (groups n1 m1 sep n2 i1 mag i2)."""
    numerals = rules.numerals
    n1, n2 = match.group("n1"), match.group("n2")
    chinese = not n1[0].isascii()
    mag_text = match.group("mag")
    mag = _integer(mag_text, numerals) if mag_text else Decimal(1)
    if mag is None:
        return None
    low_text = n1
    high: Decimal | None = None
    if n2 is not None:
        low = _value(n1, numerals)
        m1 = match.group("m1")
        low_mag = _integer(m1, numerals) if m1 else mag
        upper = _value(n2, numerals)
        if low is None or upper is None or low_mag is None or low[1] is not None or upper[1] is not None:
            return None
        value, high = low[0] * low_mag, upper[0] * mag
    else:
        read = _value(n1, numerals)
        if read is None:
            return None
        value = read[0] * mag
        if read[1] is not None:
            high = read[1] * mag
            low_text = _range_low_text(n1, numerals)
    if high is not None and high <= value:
        return None
    qualifier: Qualifier = "exact"
    for group in ("i1", "i2"):
        cue = match.group(group)
        if cue:
            qualifier = rules.cues.inner[cue]  # type: ignore[assignment]
    if high is not None and qualifier == "exact":
        qualifier = "at_least"
    # 百余名, 千余亩 are plain numbers; a bare 百/万/亿 without an inner cue needs a cue before it
    bare = chinese and not any(ch in numerals.digits for ch in n1) and not n1.startswith(numerals.ten) \
        and n2 is None and not match.group("i1")
    has_magnitude = bool(mag_text) or any(ch in numerals.magnitudes for ch in n1)
    return Number(value=float(value), value_max=float(high) if high is not None else None, qualifier=qualifier,
                  chinese=chinese, bare=bare, lone=low_text in numerals.lone_not_counts,
                  has_magnitude=has_magnitude)


def _value(text: str, numerals: Numerals) -> tuple[Decimal, Decimal | None] | None:
    """(value, upper bound or None) of Arabic or Chinese digits without a trailing magnitude group."""
    if text[0].isascii():
        return Decimal(text.replace(",", "")), None
    point = numerals.decimal_point
    if point in text:
        whole, fraction = text.split(point, 1)
        integer = _integer(whole, numerals)
        if integer is None or not fraction:
            return None
        return integer + Decimal("0." + "".join(str(numerals.digits[ch]) for ch in fraction)), None
    pair = _range_pair(text, numerals)
    if pair is not None:
        low = _integer(text[:pair + 1] + text[pair + 2:], numerals)
        high = _integer(text[:pair] + text[pair + 1:], numerals)
        if low is None or high is None:
            return None
        return low, high
    integer = _integer(text, numerals)
    return (integer, None) if integer is not None else None


def _range_pair(text: str, numerals: Numerals) -> int | None:
    """Index of the first of two adjacent, consecutive, non-zero digits (七八十, 两三, 十五六)."""
    digits = numerals.digits
    for i in range(len(text) - 1):
        a, b = digits.get(text[i]), digits.get(text[i + 1])
        if a and b and b == a + 1:
            return i
    return None


def _range_low_text(text: str, numerals: Numerals) -> str:
    pair = _range_pair(text, numerals)
    return text if pair is None else text[:pair + 1] + text[pair + 2:]


def _integer(text: str, numerals: Numerals) -> Decimal | None:
    """一万二千 -> 12000, 二十三 -> 23, 百万 -> 1000000, 一万二 -> 12000, 二〇二一 -> 2021."""
    digits, places, magnitudes = numerals.digits, numerals.places, numerals.magnitudes
    total = Decimal(0)
    section = Decimal(0)
    number: Decimal | None = None
    last: int | None = None  # the place or magnitude just written (for 一万二, 三百五)
    previous: int | None = None  # the digit just written, if the last character was a digit
    spelled = False  # a digit right after a non-zero digit: digits written one by one (二〇二一)
    has_place = False
    for ch in text:
        if ch in digits:
            d = digits[ch]
            if previous is not None and number is not None:
                spelled = spelled or previous != 0
                number = number * 10 + d
            else:
                number = Decimal(d)
            if d == 0:
                last = None
            previous = d
        elif ch in places:
            section += (number if number is not None else 1) * places[ch]
            number, last, previous, has_place = None, places[ch], None, True
        elif ch in magnitudes:
            m = magnitudes[ch]
            segment = section + (number or 0)
            if segment == 0:
                total = total * m if total else Decimal(m)
            elif total and total < m:
                total = (total + segment) * m
            else:
                total += segment * m
            section, number, last, previous, has_place = Decimal(0), None, m, None, True
        else:
            return None
    if spelled:
        # a year or code (二〇二一) has a zero or three digits or more; two unrelated digits (三五) are no number
        zero = any(digits[ch] == 0 for ch in text if ch in digits)
        if has_place or not (zero or len(text) >= 3):
            return None
        return number
    if number is not None and last is not None and last >= 10:
        number = number * last / 10  # 一万二 = 12000, 三百五 = 350, 十五 = 15
    return total + section + (number or 0)
