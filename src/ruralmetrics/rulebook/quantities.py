"""Rules for numerals, units, qualifiers and not-a-fact patterns (extract/numbers.py, extract/quantities.py).

Reads data/units.yaml, data/numerals.yaml, data/qualifiers.yaml, data/nonfacts.yaml and
data/lexicon/skip_phrases.txt, validates them, and compiles the regexes the extractors use once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..errors import RuleFileError
from .files import alternation, compile_pattern, read_words, read_yaml, require_keys

UNITS_FILE = "units.yaml"
NUMERALS_FILE = "numerals.yaml"
QUALIFIERS_FILE = "qualifiers.yaml"
NONFACTS_FILE = "nonfacts.yaml"
SKIP_FILE = "lexicon/skip_phrases.txt"

DIMENSIONS = frozenset({"money", "people", "person_times", "households", "area", "length", "percent",
                        "events", "mass", "volume", "power", "energy", "count"})
QUALIFIERS = ("at_least", "at_most", "approx")
CUE_PLACES = ("before", "inner", "after")


@dataclass(frozen=True)
class UnitDef:
    """A canonical unit (the `unit` column) and how it converts to its base unit."""

    name: str  # canonical unit: 元, 人, 亩, 米, 个 ...
    dimension: str  # money, people, area, length, count, percent, mass ...
    base_unit: str | None = None  # 亩 -> 平方米; None: the unit is its own base
    base_factor: float = 1.0  # value * base_factor = base value


@dataclass(frozen=True)
class Spelling:
    """One way a unit is written after a number: 名 -> 人; 公里 -> 米 x 1000."""

    text: str
    unit: str  # canonical unit
    factor: float = 1.0  # value in the canonical unit = number x factor
    not_before: tuple[str, ...] = ()  # the spelling is no unit when one of these follows it


@dataclass(frozen=True)
class Numerals:
    digits: dict[str, int]
    places: dict[str, int]
    magnitudes: dict[str, int]
    decimal_point: str
    range_separators: tuple[str, ...]
    vague_before: tuple[str, ...]
    bare_after: tuple[str, ...]
    lone_not_counts: tuple[str, ...]

    @cached_property
    def ten(self) -> str:
        """The place word worth 10 (十), or ""."""
        return next((ch for ch, v in self.places.items() if v == 10), "")


@dataclass(frozen=True)
class Cues:
    """Qualifier cue words by place: cue -> qualifier."""

    before: dict[str, str]
    inner: dict[str, str]
    after: dict[str, str]
    bare_only: tuple[str, ...]
    fillers: tuple[str, ...]
    not_after: dict[str, tuple[str, ...]]
    verb_gap: tuple[str, ...] = ()  # cues that may stand a short verb before the number: 至少认领1个


@dataclass(frozen=True)
class NonFacts:
    ordinal_before: tuple[str, ...]
    glued_before: re.Pattern[str]
    glued_after: re.Pattern[str]
    abstract_nouns: tuple[str, ...]
    blockers: tuple[re.Pattern[str], ...]  # spans holding no fact: skip phrases, slogans, quoted, patterns
    clause_end: re.Pattern[str]  # where the clause of an implied unit ends
    skip_phrases: tuple[str, ...] = ()
    concrete_heads: tuple[str, ...] = ()  # 两个重点村: an abstract-looking noun that heads a concrete one


@dataclass(frozen=True)
class QuantityRules:
    """Everything extract/numbers.py and extract/quantities.py need, compiled once."""

    units: tuple[UnitDef, ...] = ()
    spellings: dict[str, Spelling] = field(default_factory=dict)
    unit_prefixes: dict[str, str] = field(default_factory=dict)  # 百分之 -> %
    implied: dict[str, str] = field(default_factory=dict)  # noun -> unit (粉丝 -> 人)
    numerals: Numerals | None = None
    cues: Cues | None = None
    nonfacts: NonFacts | None = None
    number_pattern: re.Pattern[str] | None = None  # one numeral with range and inner cues (fullmatch)
    quantity_pattern: re.Pattern[str] | None = None  # prefix? number unit? after-cue?
    before_cue_pattern: re.Pattern[str] | None = None  # a before-cue (and filler) ending a text
    implied_pattern: re.Pattern[str] | None = None  # nouns implying a unit
    unit_index: dict[str, UnitDef] = field(default_factory=dict)  # name -> UnitDef

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        """Set phrases stay whole in the segmenter, so they never split into a count."""
        if self.nonfacts is not None:
            for phrase in self.nonfacts.skip_phrases:
                yield phrase, None, None


# ------------------------------------------------------------------ helpers

def _strings(name: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleFileError(name, key, "expected a list of non-empty strings")
    if len(set(value)) != len(value):
        raise RuleFileError(name, key, "an entry is listed twice")
    return tuple(value)


def _mapping(name: str, key: str, value: Any) -> dict:
    if not isinstance(value, dict):
        raise RuleFileError(name, key, "expected a mapping")
    return value




# ------------------------------------------------------------------ units.yaml

def _load_units() -> tuple[tuple[UnitDef, ...], dict[str, Spelling], dict[str, str], dict[str, str]]:
    data = _mapping(UNITS_FILE, "", read_yaml(UNITS_FILE))
    units: list[UnitDef] = []
    spellings: dict[str, Spelling] = {}
    prefixes: dict[str, str] = {}
    implied: dict[str, str] = {}
    for name, entry in data.items():
        name = str(name)
        require_keys(UNITS_FILE, name, entry,
                     {"dimension", "spellings", "base", "not_before", "prefixes", "implied_by"},
                     {"dimension", "spellings"})
        if entry["dimension"] not in DIMENSIONS:
            raise RuleFileError(UNITS_FILE, name, f"unknown dimension {entry['dimension']!r}")
        base_unit, base_factor = None, 1.0
        if "base" in entry:
            require_keys(UNITS_FILE, f"{name}.base", entry["base"], {"unit", "factor"}, {"unit", "factor"})
            base_unit, base_factor = str(entry["base"]["unit"]), float(entry["base"]["factor"])
        units.append(UnitDef(name=name, dimension=entry["dimension"], base_unit=base_unit, base_factor=base_factor))
        not_before = _mapping(UNITS_FILE, f"{name}.not_before", entry.get("not_before") or {})
        written = _mapping(UNITS_FILE, f"{name}.spellings", entry["spellings"])
        for key in not_before:
            if key not in written:
                raise RuleFileError(UNITS_FILE, f"{name}.not_before", f"{key!r} is not a spelling of {name}")
        for text, factor in written.items():
            text = str(text)
            if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor <= 0:
                raise RuleFileError(UNITS_FILE, f"{name}.spellings.{text}", "factor must be a positive number")
            if text in spellings:
                raise RuleFileError(UNITS_FILE, text, f"listed under {spellings[text].unit} and {name}")
            spellings[text] = Spelling(text=text, unit=name, factor=float(factor),
                                       not_before=_strings(UNITS_FILE, f"{name}.not_before.{text}",
                                                           not_before.get(text)))
        for prefix in _strings(UNITS_FILE, f"{name}.prefixes", entry.get("prefixes")):
            if prefix in prefixes:
                raise RuleFileError(UNITS_FILE, prefix, f"prefix of {prefixes[prefix]} and {name}")
            prefixes[prefix] = name
        for noun in _strings(UNITS_FILE, f"{name}.implied_by", entry.get("implied_by")):
            if noun in implied:
                raise RuleFileError(UNITS_FILE, noun, f"implies {implied[noun]} and {name}")
            implied[noun] = name
    names = {u.name for u in units}
    for u in units:
        if u.base_unit is not None and u.base_unit not in names:
            raise RuleFileError(UNITS_FILE, u.name, f"base unit {u.base_unit!r} is not a unit")
    return tuple(units), spellings, prefixes, implied


# ------------------------------------------------------------------ numerals.yaml

def _int_map(name: str, key: str, value: Any) -> dict[str, int]:
    mapping = _mapping(name, key, value)
    out: dict[str, int] = {}
    for k, v in mapping.items():
        if not isinstance(k, str) or len(k) != 1 or not isinstance(v, int):
            raise RuleFileError(name, f"{key}.{k}", "expected one character mapped to an integer")
        out[k] = v
    return out


def _load_numerals() -> tuple[Numerals, str]:
    data = _mapping(NUMERALS_FILE, "", read_yaml(NUMERALS_FILE))
    keys = {"digits", "places", "magnitudes", "arabic", "decimal_point", "range_separators", "vague_before",
            "bare_after", "lone_not_counts"}
    require_keys(NUMERALS_FILE, "", data, keys, keys)
    numerals = Numerals(
        digits=_int_map(NUMERALS_FILE, "digits", data["digits"]),
        places=_int_map(NUMERALS_FILE, "places", data["places"]),
        magnitudes=_int_map(NUMERALS_FILE, "magnitudes", data["magnitudes"]),
        decimal_point=str(data["decimal_point"]),
        range_separators=_strings(NUMERALS_FILE, "range_separators", data["range_separators"]),
        vague_before=_strings(NUMERALS_FILE, "vague_before", data["vague_before"]),
        bare_after=_strings(NUMERALS_FILE, "bare_after", data["bare_after"]),
        lone_not_counts=_strings(NUMERALS_FILE, "lone_not_counts", data["lone_not_counts"]),
    )
    for lone in numerals.lone_not_counts:
        if lone not in numerals.digits:
            raise RuleFileError(NUMERALS_FILE, f"lone_not_counts.{lone}", "not a digit")
    arabic = str(data["arabic"])
    compile_pattern(NUMERALS_FILE, "arabic", arabic)
    return numerals, arabic


# ------------------------------------------------------------------ qualifiers.yaml

def _load_cues() -> Cues:
    data = _mapping(QUALIFIERS_FILE, "", read_yaml(QUALIFIERS_FILE))
    require_keys(QUALIFIERS_FILE, "", data, {*QUALIFIERS, "bare_only", "fillers", "not_after", "verb_gap"},
                 set(QUALIFIERS))
    by_place: dict[str, dict[str, str]] = {place: {} for place in CUE_PLACES}
    for qualifier in QUALIFIERS:
        entry = data[qualifier]
        require_keys(QUALIFIERS_FILE, qualifier, entry, set(CUE_PLACES))
        for place in CUE_PLACES:
            for cue in _strings(QUALIFIERS_FILE, f"{qualifier}.{place}", entry.get(place)):
                if cue in by_place[place]:
                    raise RuleFileError(QUALIFIERS_FILE, cue, f"cue of {by_place[place][cue]} and {qualifier}")
                by_place[place][cue] = qualifier
    not_after_raw = _mapping(QUALIFIERS_FILE, "not_after", data.get("not_after") or {})
    not_after: dict[str, tuple[str, ...]] = {}
    for cue, chars in not_after_raw.items():
        if cue not in by_place["before"]:
            raise RuleFileError(QUALIFIERS_FILE, f"not_after.{cue}", "not a before-cue")
        not_after[str(cue)] = _strings(QUALIFIERS_FILE, f"not_after.{cue}", chars)
    bare_only = _strings(QUALIFIERS_FILE, "bare_only", data.get("bare_only"))
    for cue in bare_only:
        if cue not in by_place["before"]:
            raise RuleFileError(QUALIFIERS_FILE, f"bare_only.{cue}", "not a before-cue")
    verb_gap = _strings(QUALIFIERS_FILE, "verb_gap", data.get("verb_gap"))
    for cue in verb_gap:
        if cue not in by_place["before"]:
            raise RuleFileError(QUALIFIERS_FILE, f"verb_gap.{cue}", "not a before-cue")
    return Cues(before=by_place["before"], inner=by_place["inner"], after=by_place["after"], bare_only=bare_only,
                fillers=_strings(QUALIFIERS_FILE, "fillers", data.get("fillers")), not_after=not_after,
                verb_gap=verb_gap)


# ------------------------------------------------------------------ nonfacts.yaml + skip phrases

def _load_nonfacts(cn: str, num: str) -> NonFacts:
    data = _mapping(NONFACTS_FILE, "", read_yaml(NONFACTS_FILE))
    keys = {"ordinal_before", "glued_before", "glued_after", "abstract_nouns", "slogans", "quoted", "patterns",
            "clause_end"}
    require_keys(NONFACTS_FILE, "", data, keys | {"concrete_heads"}, keys)

    def expand(key: str, pattern: Any) -> re.Pattern[str]:
        if not isinstance(pattern, str):
            raise RuleFileError(NONFACTS_FILE, key, "expected a regex string")
        return compile_pattern(NONFACTS_FILE, key, pattern.replace("{cn}", cn).replace("{num}", num))

    skip = read_words(SKIP_FILE)
    blockers = [expand(f"slogans[{i}]", p) for i, p in enumerate(data["slogans"] or [])]
    blockers.append(expand("quoted", data["quoted"]))
    blockers += [expand(f"patterns[{i}]", p) for i, p in enumerate(data["patterns"] or [])]
    if skip:
        blockers.append(re.compile(alternation(skip)))
    return NonFacts(
        ordinal_before=_strings(NONFACTS_FILE, "ordinal_before", data["ordinal_before"]),
        glued_before=expand("glued_before", data["glued_before"]),
        glued_after=expand("glued_after", data["glued_after"]),
        abstract_nouns=_strings(NONFACTS_FILE, "abstract_nouns", data["abstract_nouns"]),
        blockers=tuple(blockers),
        clause_end=expand("clause_end", data["clause_end"]),
        skip_phrases=skip,
        concrete_heads=_strings(NONFACTS_FILE, "concrete_heads", data.get("concrete_heads") or []),
    )


# ------------------------------------------------------------------ compose

def load() -> QuantityRules:
    units, spellings, prefixes, implied = _load_units()
    numerals, arabic = _load_numerals()
    cues = _load_cues()
    cn_chars = "".join([*numerals.digits, *numerals.places, *numerals.magnitudes])
    cn = f"[{re.escape(cn_chars)}]"
    digit = f"[{re.escape(''.join(numerals.digits))}]"
    chinese = f"{cn}+(?:{re.escape(numerals.decimal_point)}{digit}+)?"
    num = f"(?:{arabic}|{chinese})"
    magnitude_char = f"[{re.escape(''.join([*numerals.places, *numerals.magnitudes]))}]"
    # a unit spelled with a place word (千瓦, 千克, 千米) is the unit, not a magnitude: 200千瓦, 12万千瓦时
    place_units = [w for w in spellings if w[0] in numerals.places or w[0] in numerals.magnitudes]
    if place_units:
        magnitude_char = f"(?!{alternation(place_units)}){magnitude_char}"
    magnitude = f"(?:{magnitude_char}){{1,3}}"
    inner = alternation(cues.inner)
    # (a padded number keeps its space before a magnitude or inner cue too: 投资 30 万元, 衣物 300 余件)
    number = (f"(?P<n1>{num})(?:(?P<m1>{magnitude})?(?P<sep>{alternation(numerals.range_separators)})"
              f"(?P<n2>{num}))?(?:(?P<pad> )(?=(?:{inner})|{magnitude}))?"
              f"(?P<i1>{inner})?(?P<mag>{magnitude})?(?P<i2>{inner})?")
    # web pages pad Arabic numbers with spaces (保护点 6 处): one space may stand before a unit (checked in
    # extract/quantities.py: only when a space stands before the number too)
    unit_words = alternation(spellings)
    quantity = (f"(?P<prefix>{alternation(prefixes)})?(?P<number>{number})(?:(?P<gap> )(?={unit_words}))?"
                f"(?P<unit>{unit_words})?(?P<after>{alternation(cues.after)})?")
    before = (f"(?P<cue>{alternation(cues.before)})(?P<filler>{alternation(cues.fillers)})?$"
              if cues.fillers else f"(?P<cue>{alternation(cues.before)})(?P<filler>)$")
    if cues.verb_gap:  # 至少认领1个: a bound cue, a one- or two-character verb, the number
        before = f"(?:{before[:-1]}|(?P<gap_cue>{alternation(cues.verb_gap)})[\u4e00-\u9fff]{{1,2}})$"
    return QuantityRules(
        units=units,
        spellings=spellings,
        unit_prefixes=prefixes,
        implied=implied,
        numerals=numerals,
        cues=cues,
        nonfacts=_load_nonfacts(cn, num),
        number_pattern=re.compile(number),
        quantity_pattern=re.compile(quantity),
        before_cue_pattern=re.compile(before),
        implied_pattern=re.compile(alternation(implied)) if implied else None,
        unit_index={u.name: u for u in units},
    )
