"""Rules for the indicator catalog, subject and period cues (extract/indicators.py).

Reads ``data/indicators.yaml`` (catalog, unit classes, classification rules),
``data/subjects.yaml`` (clause boundaries, verbs and words trimmed from subjects) and
``data/periods.yaml`` (time-frame phrases). Everything is validated and compiled here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import RuleFileError
from .files import compile_pattern, read_yaml, require_keys

INDICATORS_FILE = "indicators.yaml"
SUBJECTS_FILE = "subjects.yaml"
PERIODS_FILE = "periods.yaml"

# The text windows a rule can test, around one quantity of a sentence (see extract/indicators.py):
#   before   the clause before the number (from the last clause boundary)
#   after    the clause after the unit (to the next clause boundary)
#   near     the list item before the number (from the last boundary or list comma) + `after`
#   clause   before + MARK + after
#   head     the clause from hard punctuation (a list shares its opening verbs) + MARK + after
#   follow   after + the next clause (争取资金922万元,建成…基地: what the money went to)
#   rest     everything after the unit to the end of the sentence
#   prior    the clause before this one (清淤整修堰塘4口,投资6万元: the money's purpose)
#   sentence the whole sentence with the quantity replaced by MARK
WINDOWS = ("before", "after", "near", "clause", "head", "follow", "rest", "onward", "prior", "sentence")
CLASS_REF = re.compile(r"@([a-z][a-z0-9_]*)")  # a word class named inside a pattern: @infra_purpose
MARK = "∎"  # stands for the quantity itself inside `clause`, `near` and `sentence`


@dataclass(frozen=True)
class IndicatorDef:
    """One catalog entry: what the `indicators` table holds."""

    code: str  # party.members_recruited, ..., other
    name: str  # 发展党员
    category: str  # program, party, industry, livelihood, poverty, infrastructure, governance, other
    counts: str = ""  # what it counts, in English
    units: tuple[str, ...] = ()  # usual units (a hint, not a constraint)


@dataclass(frozen=True)
class IndicatorRule:
    """One way to recognise an indicator: unit classes it accepts, cues that must / must not be present."""

    code: str
    priority: int  # lower is tried first; ties keep file order
    order: int  # position in the file
    accepts: frozenset[str]  # canonical units (class names expanded); empty = any unit
    when: tuple[tuple[str, re.Pattern[str]], ...]  # every (window, pattern) must match
    unless: tuple[tuple[str, re.Pattern[str]], ...] = ()  # any match vetoes the rule
    qualifiers: frozenset[str] = frozenset()  # empty = any qualifier


@dataclass(frozen=True)
class InheritRule:
    """A figure that restates the one before it (a growth rate after a level) takes its indicator."""

    accepts: frozenset[str]
    when: tuple[tuple[str, re.Pattern[str]], ...]
    same_unit: bool = False  # restate the last figure of the same unit (其中贫困户超15万元), not just the last
    glued: bool = False  # only right after the figure before, nothing between (服务中心3座45间)


@dataclass(frozen=True)
class SubjectRules:
    hard_boundaries: str  # characters ending a clause
    soft_boundaries: str  # characters ending a list item (plus the hard ones)
    list_marks: str  # characters joining coordinated verbs or items (、)
    verbs: re.Pattern[str]  # a verb that heads a subject phrase
    verb_run: re.Pattern[str]  # coordinated verbs opening a list: 新建、改建
    verb_end: re.Pattern[str]  # a phrase ending in a verb (it still needs its object)
    lead_trim: re.Pattern[str]  # words trimmed from the front of a subject
    tail_trim: re.Pattern[str]  # words trimmed from the end of a subject (before the number)
    noun_stop: re.Pattern[str]  # where the noun right after a unit ends (223名党员干部组建…)
    max_noun: int
    after_skip: re.Pattern[str]  # qualifier words right after a unit (以上, 左右)
    max_length: int
    sum_list_gap: re.Pattern[str] = re.compile("(?!)")  # between two sums of one list sharing one purpose
    reach: int = 400  # characters either side of a figure its windows may span


@dataclass(frozen=True)
class IndicatorRules:
    catalog: tuple[IndicatorDef, ...] = (IndicatorDef(code="other", name="其他", category="other"),)
    rules: tuple[IndicatorRule, ...] = ()  # sorted by (priority, order)
    inherit: tuple[InheritRule, ...] = ()
    unit_classes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    word_classes: tuple[tuple[str, str], ...] = ()  # name -> the alternation it stands for
    subjects: SubjectRules | None = None
    periods: tuple[re.Pattern[str], ...] = ()
    period_baselines: str = ""  # a time phrase right after one of these is a baseline (较2020年底)
    fallback: str = "other"
    codes: frozenset[str] = field(default_factory=frozenset)
    # a count in one of these units (户) followed by one in another (人) across this gap: one group
    grouped_first: frozenset[str] = frozenset()
    grouped_then: frozenset[str] = frozenset()
    grouped_gap: re.Pattern[str] = re.compile("(?!)")
    # a count of no known kind that repeats, in a unit here, the value of a figure of one of these codes
    # elsewhere in the report, followed by a plain noun of people: the same group, told in story terms
    restated_codes: frozenset[str] = frozenset()
    restated_units: frozenset[str] = frozenset()
    restated_after: re.Pattern[str] = re.compile("(?!)")

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        # Cue words are matched on characters, not tokens: nothing to add to the segmenter.
        return iter(())

    def indicator(self, code: str) -> IndicatorDef | None:
        return next((d for d in self.catalog if d.code == code), None)

    def rules_for(self, unit: str) -> tuple[IndicatorRule, ...]:
        """The rules that accept ``unit``, in trial order (worked out once per unit)."""
        found = self._rules_by_unit.get(unit)
        if found is None:
            found = self._rules_by_unit[unit] = tuple(r for r in self.rules if not r.accepts or unit in r.accepts)
        return found

    @cached_property
    def _rules_by_unit(self) -> dict[str, tuple[IndicatorRule, ...]]:
        return {}


def _strings(name: str, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleFileError(name, key, "expected a list of strings")
    return tuple(value)


def _expand(name: str, key: str, pattern: str, words: dict[str, str]) -> str:
    """Replace each @class of ``pattern`` by its word class's alternation."""
    def one(match: re.Match[str]) -> str:
        if match.group(1) not in words:
            raise RuleFileError(name, key, f"unknown word class @{match.group(1)}")
        return words[match.group(1)]
    return CLASS_REF.sub(one, pattern)


def _alternation(name: str, key: str, items: tuple[str, ...], words: dict[str, str] | None = None) -> re.Pattern[str]:
    items = tuple(_expand(name, key, i, words or {}) for i in items)
    for item in items:
        compile_pattern(name, key, item)
    return compile_pattern(name, key, "|".join(f"(?:{i})" for i in items))


def _word_classes(name: str, value: object) -> dict[str, str]:
    """Named lists of cue patterns; a class may use the classes listed before it."""
    if not isinstance(value, dict):
        raise RuleFileError(name, "word_classes", "expected a mapping of class name -> list of patterns")
    words: dict[str, str] = {}
    for cls, items in value.items():
        key = f"word_classes.{cls}"
        if not CLASS_REF.fullmatch(f"@{cls}"):
            raise RuleFileError(name, key, "a class name is lower-case letters, digits and _")
        words[cls] = "(?:" + _alternation(name, key, _strings(name, key, items), words).pattern + ")"
    return words


def _conditions(name: str, key: str, value: object,
                words: dict[str, str] | None = None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if not isinstance(value, dict):
        raise RuleFileError(name, key, "expected a mapping of window -> list of patterns")
    found = []
    for window, patterns in value.items():
        if window not in WINDOWS:
            raise RuleFileError(name, key, f"unknown window {window!r} (one of {', '.join(WINDOWS)})")
        found.append((window, _alternation(name, f"{key}.{window}", _strings(name, f"{key}.{window}", patterns),
                                           words)))
    return tuple(found)


def _accepts(name: str, key: str, value: object, classes: dict[str, tuple[str, ...]]) -> frozenset[str]:
    units: set[str] = set()
    for item in _strings(name, key, value or []):
        units.update(classes.get(item, (item,)))
    return frozenset(units)


def _load_catalog() -> tuple[tuple[IndicatorDef, ...], tuple[IndicatorRule, ...], tuple[InheritRule, ...],
                         dict[str, tuple[str, ...]], dict[str, str], str]:
    name = INDICATORS_FILE
    data = read_yaml(name)
    require_keys(name, "(top)", data,
                 {"unit_classes", "word_classes", "categories", "fallback", "indicators", "inherit", "grouped_counts",
                  "restated"},
                 {"unit_classes", "categories", "fallback", "indicators"})
    words = _word_classes(name, data.get("word_classes") or {})
    classes: dict[str, tuple[str, ...]] = {}
    seen_units: dict[str, str] = {}
    for cls, units in data["unit_classes"].items():
        classes[cls] = _strings(name, f"unit_classes.{cls}", units)
        for unit in classes[cls]:
            if unit in seen_units:
                raise RuleFileError(name, f"unit_classes.{cls}", f"unit {unit} also under {seen_units[unit]}")
            seen_units[unit] = cls
    categories = set(_strings(name, "categories", data["categories"]))
    catalog: list[IndicatorDef] = []
    rules: list[IndicatorRule] = []
    order = 0
    for entry in data["indicators"]:
        code = entry.get("code") if isinstance(entry, dict) else None
        key = f"indicators.{code}"
        require_keys(name, key, entry, {"code", "name", "category", "counts", "units", "rules"},
                     {"code", "name", "category"})
        if any(d.code == code for d in catalog):
            raise RuleFileError(name, key, "code listed twice")
        if entry["category"] not in categories:
            raise RuleFileError(name, key, f"unknown category {entry['category']!r}")
        if code != "other" and not str(code).startswith(entry["category"] + "."):
            raise RuleFileError(name, key, "code must start with its category")
        catalog.append(IndicatorDef(code=code, name=entry["name"], category=entry["category"],
                                    counts=entry.get("counts", ""),
                                    units=_strings(name, f"{key}.units", entry.get("units", []))))
        for n, rule in enumerate(entry.get("rules") or []):
            rkey = f"{key}.rules[{n}]"
            require_keys(name, rkey, rule, {"priority", "accepts", "when", "unless", "qualifiers"}, {"when"})
            rules.append(IndicatorRule(
                code=code, priority=int(rule.get("priority", 50)), order=order,
                accepts=_accepts(name, f"{rkey}.accepts", rule.get("accepts"), classes),
                when=_conditions(name, f"{rkey}.when", rule["when"], words),
                unless=_conditions(name, f"{rkey}.unless", rule.get("unless") or {}, words),
                qualifiers=frozenset(_strings(name, f"{rkey}.qualifiers", rule.get("qualifiers", [])))))
            order += 1
    fallback = data["fallback"]
    if not any(d.code == fallback for d in catalog):
        raise RuleFileError(name, "fallback", f"{fallback!r} is not in the catalog")
    inherit = []
    for n, rule in enumerate(data.get("inherit") or []):
        rkey = f"inherit[{n}]"
        require_keys(name, rkey, rule, {"accepts", "when", "same_unit", "glued"}, {"when"})
        inherit.append(InheritRule(accepts=_accepts(name, f"{rkey}.accepts", rule.get("accepts"), classes),
                                   when=_conditions(name, f"{rkey}.when", rule["when"], words),
                                   same_unit=bool(rule.get("same_unit", False)),
                                   glued=bool(rule.get("glued", False))))
    rules.sort(key=lambda r: (r.priority, r.order))
    return tuple(catalog), tuple(rules), tuple(inherit), classes, words, fallback


def _load_subjects() -> SubjectRules:
    name = SUBJECTS_FILE
    data = read_yaml(name)
    keys = {"hard_boundaries", "soft_boundaries", "list_marks", "conjunctions", "verbs", "lead_trim",
            "tail_trim", "noun_stops", "after_skip", "max_noun", "max_length", "sum_list_gap", "reach"}
    require_keys(name, "(top)", data, keys, keys - {"sum_list_gap", "reach"})

    def chars(key: str) -> str:
        return "".join(_strings(name, key, data[key]))

    def words(key: str) -> tuple[str, ...]:
        return tuple(sorted(_strings(name, key, data[key]), key=len, reverse=True))

    verbs = words("verbs")
    verb = "(?:" + "|".join(re.escape(v) for v in verbs) + ")"
    joint = "(?:" + "|".join(re.escape(c) for c in [*chars("list_marks"), *words("conjunctions")]) + ")?"
    return SubjectRules(
        hard_boundaries=chars("hard_boundaries"),
        soft_boundaries=chars("soft_boundaries"),
        list_marks=chars("list_marks"),
        verbs=compile_pattern(name, "verbs", verb),
        verb_run=compile_pattern(name, "verbs", f"{verb}(?:{joint}{verb})*"),
        verb_end=compile_pattern(name, "verbs", f"{verb}$"),
        lead_trim=compile_pattern(name, "lead_trim",
                                  "^(?:" + "|".join(f"(?:{w})" for w in words("lead_trim")) + ")+"),
        tail_trim=compile_pattern(name, "tail_trim",
                                  "(?:" + "|".join(f"(?:{w})" for w in words("tail_trim")) + ")+$"),
        noun_stop=compile_pattern(name, "noun_stops", "|".join(
            [r"[^\u4e00-\u9fff“”]", *(re.escape(w) for w in words("noun_stops"))])),
        after_skip=compile_pattern(name, "after_skip",
                                   "^(?:" + "|".join(re.escape(w) for w in words("after_skip")) + ")+"),
        max_noun=int(data["max_noun"]),
        max_length=int(data["max_length"]),
        sum_list_gap=compile_pattern(name, "sum_list_gap", str(data.get("sum_list_gap") or "(?!)")),
        reach=int(data.get("reach", 400)),
    )


def _load_periods() -> tuple[tuple[re.Pattern[str], ...], str]:
    name = PERIODS_FILE
    data = read_yaml(name)
    require_keys(name, "(top)", data, {"patterns", "baselines"}, {"patterns"})
    patterns = tuple(compile_pattern(name, f"patterns[{n}]", p)
                     for n, p in enumerate(_strings(name, "patterns", data["patterns"])))
    return patterns, "".join(_strings(name, "baselines", data.get("baselines", [])))


def _sets_and_pattern(key: str, sets: tuple[str, str], pattern: str) -> tuple[frozenset[str], frozenset[str],
                                                                              re.Pattern[str]]:
    """A top-level entry of two word lists and a regex: ``grouped_counts`` (a count in a ``first`` unit
    followed across ``gap`` by one in a ``then`` unit) and ``restated`` (codes a later count of the same
    value may repeat, its ``units``, the noun ``after`` it)."""
    name = INDICATORS_FILE
    entry = read_yaml(name).get(key) or {}
    require_keys(name, key, entry, {*sets, pattern}, set())
    first, second = (frozenset(_strings(name, f"{key}.{k}", entry.get(k, []))) for k in sets)
    return first, second, compile_pattern(name, f"{key}.{pattern}", str(entry.get(pattern) or "(?!)"))


def load() -> IndicatorRules:
    catalog, rules, inherit, classes, words, fallback = _load_catalog()
    periods, baselines = _load_periods()
    first, then, gap = _sets_and_pattern("grouped_counts", ("first", "then"), "gap")
    restated_codes, restated_units, restated_after = _sets_and_pattern("restated", ("codes", "units"), "after")
    unknown = restated_codes - {d.code for d in catalog}
    if unknown:
        raise RuleFileError(INDICATORS_FILE, "restated.codes", f"not in the catalog: {', '.join(sorted(unknown))}")
    return IndicatorRules(
        restated_codes=restated_codes,
        restated_units=restated_units,
        restated_after=restated_after,
        grouped_first=first,
        grouped_then=then,
        grouped_gap=gap,
        catalog=catalog,
        rules=rules,
        inherit=inherit,
        unit_classes=tuple(classes.items()),
        word_classes=tuple(words.items()),
        subjects=_load_subjects(),
        periods=periods,
        period_baselines=baselines,
        fallback=fallback,
        codes=frozenset(d.code for d in catalog),
    )
