"""Rules for region suffixes, aliases, reference words and non-places (gazetteer.py, extract/regions.py,
resolve/places.py). Reads data/region_suffixes.yaml and data/region_aliases.csv."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property

from ..errors import RuleFileError
from ..records import RegionLevel
from .files import read_csv, read_yaml, require_keys

SUFFIX_FILE = "region_suffixes.yaml"
ALIAS_FILE = "region_aliases.csv"
LEVELS: tuple[RegionLevel, ...] = ("province", "city", "county", "town", "village")
ALIAS_KINDS = {"functional_zone", "abbreviation", "former_name"}
_TOP_KEYS = {"suffixes", "max_name_length", "generic_stems", "boundary_chars", "date_chars", "reference_prefixes",
             "suffix_words", "not_places", "frame_words", "short_names", "lead_words", "not_place_endings",
             "scope_cues", "max_adverbial_length", "quantity_chars", "serial_numerals", "list_marks",
             "clause_marks", "quote_marks", "origins", "distance_after", "modifier_chars",
             "dateline_after", "passing_after", "description_before", "brand_name_endings",
             "work_place_after", "many_places", "paired_words", "village_counts", "code_counts", "variant_chars"}
SCOPE_CUE_KINDS = ("dispatch", "distance", "locative", "source")


@dataclass(frozen=True)
class Suffix:
    suffix: str
    level: RegionLevel
    stem: bool = False  # stripped to get a name's stem
    open: bool = False  # starts a candidate search in running text
    long_stem: int = 0  # names of this suffix are often transliterations: a stem may run to this length


@dataclass(frozen=True)
class Alias:
    alias: str  # as reports write it
    code: str  # MCA code of the unit it stands for
    name: str  # official name
    kind: str


@dataclass(frozen=True)
class ShortNameRules:
    min_length: int = 2
    common_tags: frozenset[str] = frozenset()
    common_frequency: int = 500
    ordinary_tags: frozenset[str] = frozenset()

    def is_common(self, tag: str | None, freq: int) -> bool:
        """Whether a dictionary word with this tag and frequency is an ordinary word, not a name."""
        if tag is None:
            return False
        return tag in self.common_tags or (tag in self.ordinary_tags and freq >= self.common_frequency)


@dataclass(frozen=True)
class PlaceRules:
    suffixes: tuple[Suffix, ...] = ()
    max_name_length: int = 8
    generic_stems: frozenset[str] = frozenset()
    boundary_chars: frozenset[str] = frozenset()
    date_chars: frozenset[str] = frozenset()  # boundary characters that close a date: boundaries after a numeral
    lead_words: tuple[str, ...] = ()
    reference_prefixes: frozenset[str] = frozenset()
    suffix_words: tuple[str, ...] = ()
    not_places: frozenset[str] = frozenset()
    not_place_endings: tuple[str, ...] = ()
    frame_words: tuple[tuple[str, RegionLevel], ...] = ()
    # word -> the level it means instead when the place of its level does not end with its last character
    # and the place of this one does (全区 in an autonomous region's report about a county)
    frame_word_or: tuple[tuple[str, RegionLevel], ...] = ()
    short_names: ShortNameRules = field(default_factory=ShortNameRules)
    aliases: tuple[Alias, ...] = ()
    scope_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, words): see SCOPE_CUE_KINDS
    quantity_chars: frozenset[str] = frozenset()  # quantifiers: never end or open a name the gazetteer lacks
    serial_numerals: frozenset[str] = frozenset()  # 屯二村: may end a name, not after an ordinary word
    list_marks: frozenset[str] = frozenset()  # 、 和 等: names listed together
    clause_marks: frozenset[str] = frozenset()  # , ; : 。 ...
    quote_marks: frozenset[str] = frozenset()  # a paragraph opening with one quotes its speaker's place
    max_adverbial_length: int = 10  # a sentence's first clause this short is an adverbial (两年来,)
    brand_name_endings: tuple[str, ...] = ()  # 浙江大学: a place inside such a name is a brand
    description_before: tuple[str, ...] = ()  # 这个高山村: a classifier phrase before a common noun
    modifier_chars: frozenset[str] = frozenset()  # 旅游重镇: an ordinary word + one of these + suffix
    paired_words: frozenset[str] = frozenset()  # 头尾, 前后: 村头村尾 is an idiom, not a village 村头村
    variant_chars: tuple[tuple[str, str], ...] = ()  # 陜 -> 陕: variant forms OpenCC leaves, read in names
    passing_after: str = r"(?!)"  # regex: what makes a list of places before it places in passing
    dateline_after: str = r"(?!)"  # regex: what makes the place before it a dateline's (the publisher's)
    distance_after: str = r"(?!)"  # regex: what makes the place before it a distance's reference point
    work_place_after: str = r"(?!)"  # regex: what makes the village before it a cadre's or team's work place
    many_places: str = r"(?!)"  # regex: a report about many villages, cadres or teams of an area
    village_counts_after: str = r"(?!)"  # regex right after a count: the count is of villages (1041个困难村)
    villages_at_most: tuple[tuple[str, int], ...] = ()  # level -> the most villages a place of it holds
    # (indicator codes, units, level -> the most a place of that level holds): 2249名第一书记 is no town's
    code_counts: tuple[tuple[frozenset[str], frozenset[str], tuple[tuple[str, int], ...]], ...] = ()
    helper_verbs: tuple[str, ...] = ()  # 东莞帮扶韶关: the place before one is where help comes from
    helper_not_after: tuple[str, ...] = ()  # 在某村帮扶: a place after one of these is where help is given
    people_words: tuple[str, ...] = ()  # 善港村人: people from that place
    people_word_not_before: frozenset[str] = frozenset()  # 人口, 人均: a count of the place itself

    def __hash__(self) -> int:
        """The fields' hash, computed once: the rules key per-sentence caches (region matchers)."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            self.__dict__["_hash"] = cached
        return cached

    # ------------------------------------------------------------ derived, compiled once
    @cached_property
    def suffixes_longest_first(self) -> tuple[Suffix, ...]:
        return tuple(sorted(self.suffixes, key=lambda s: -len(s.suffix)))

    @cached_property
    def stem_suffixes(self) -> tuple[str, ...]:
        return tuple(s.suffix for s in self.suffixes_longest_first if s.stem)

    @cached_property
    def _levels_by_length(self) -> tuple[tuple[int, dict[str, RegionLevel]], ...]:
        """Suffix -> level, grouped by suffix length, longest first (one dict probe per length)."""
        table: dict[int, dict[str, RegionLevel]] = {}
        for s in self.suffixes_longest_first:
            table.setdefault(len(s.suffix), {}).setdefault(s.suffix, s.level)
        return tuple(sorted(table.items(), reverse=True))

    @cached_property
    def lead_words_by_length(self) -> tuple[tuple[int, frozenset[str]], ...]:
        """``lead_words`` grouped by length, longest first."""
        return _by_length(self.lead_words)

    @cached_property
    def _stems_by_length(self) -> tuple[tuple[int, frozenset[str]], ...]:
        return _by_length(self.stem_suffixes)

    @cached_property
    def _endings_by_length(self) -> tuple[tuple[int, frozenset[str]], ...]:
        return _by_length(self.not_place_endings)

    @cached_property
    def _generic_tails_by_length(self) -> tuple[tuple[int, frozenset[str]], ...]:
        return _by_length(g for g in self.generic_stems if len(g) >= 2)

    @cached_property
    def scope_cue_pattern(self) -> re.Pattern[str]:
        """Any scope cue word, anchored at the end (searched in the few characters before a place)."""
        words = sorted({w for _, group in self.scope_cues for w in group}, key=len, reverse=True)
        return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")$") if words else re.compile(r"(?!)")

    @cached_property
    def passing_after_pattern(self) -> re.Pattern[str]:
        return re.compile(self.passing_after)

    @cached_property
    def dateline_after_pattern(self) -> re.Pattern[str]:
        return re.compile(self.dateline_after)

    @cached_property
    def distance_after_pattern(self) -> re.Pattern[str]:
        return re.compile(self.distance_after)

    @cached_property
    def work_place_after_pattern(self) -> re.Pattern[str]:
        return re.compile(self.work_place_after)

    @cached_property
    def many_places_pattern(self) -> re.Pattern[str]:
        return re.compile(self.many_places)

    @cached_property
    def variant_table(self) -> dict[int, str]:
        """str.translate table of ``variant_chars`` (one character for one: offsets stay)."""
        return {ord(k): v for k, v in self.variant_chars}

    @cached_property
    def village_counts_pattern(self) -> re.Pattern[str]:
        return re.compile(self.village_counts_after)

    @cached_property
    def helper_verb_pattern(self) -> re.Pattern[str]:
        """A verb of helping, matched right after a place (东莞|帮扶韶关)."""
        words = sorted(self.helper_verbs, key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words)) if words else re.compile(r"(?!)")

    @cached_property
    def dispatch_word_pattern(self) -> re.Pattern[str]:
        """Dispatch cues of two or more characters anywhere (a sentence about another sent cadre)."""
        words = sorted((w for kind, group in self.scope_cues if kind == "dispatch" for w in group if len(w) > 1),
                       key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words)) if words else re.compile(r"(?!)")

    @cached_property
    def scope_cue_kind(self) -> dict[str, str]:
        """Cue word -> its kind (dispatch, distance, locative, source)."""
        return {w: kind for kind, group in self.scope_cues for w in group}

    def level_of(self, name: str) -> RegionLevel | None:
        """The level a name's suffix implies (longest suffix wins), None without a known suffix."""
        size = len(name)
        for length, levels in self._levels_by_length:
            if size > length:
                level = levels.get(name[-length:])
                if level is not None:
                    return level
        return None

    @cached_property
    def long_stems(self) -> dict[str, int]:
        """Suffix -> the longest stem its transliterated names run to (嘎查: 6)."""
        return {s.suffix: s.long_stem for s in self.suffixes if s.long_stem}

    def stem(self, name: str) -> str:
        """The name without its administrative suffix (道义社区 -> 道义); the name itself if none."""
        size = len(name)
        for length, suffixes in self._stems_by_length:
            if size > length and name[-length:] in suffixes:
                return name[:-length]
        return name

    @cached_property
    def open_pattern(self) -> re.Pattern[str]:
        """Suffixes that open a town/village candidate, longest first."""
        opens = [re.escape(s.suffix) for s in self.suffixes_longest_first if s.open]
        return re.compile("|".join(opens))

    @cached_property
    def frame_word_pattern(self) -> re.Pattern[str]:
        words = sorted((w for w, _ in self.frame_words), key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words)) if words else re.compile(r"(?!)")

    @cached_property
    def frame_word_levels(self) -> dict[str, RegionLevel]:
        return dict(self.frame_words)

    @cached_property
    def alias_by_name(self) -> dict[str, Alias]:
        return {a.alias: a for a in self.aliases}

    @cached_property
    def suffix_word_pattern(self) -> re.Pattern[str]:
        words = sorted(self.suffix_words, key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words)) if words else re.compile(r"(?!)")

    @cached_property
    def suffix_word_set(self) -> frozenset[str]:
        return frozenset(self.suffix_words)

    def is_generic(self, name: str) -> bool:
        """A kind of place (贫困村, 城市社区), not a name."""
        if name in self.not_places or _ends_with_any(name, self._endings_by_length):
            return True
        stem = self.stem(name)
        if stem == name:
            return False
        if stem in self.generic_stems or stem[0] in self.reference_prefixes and len(stem) == 1:
            return True
        return _ends_with_any(stem, self._generic_tails_by_length)

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        """Multi-character suffixes, so that the segmenter keeps them whole."""
        for s in self.suffixes:
            if len(s.suffix) > 1:
                yield s.suffix, None, "n"


def _by_length(words: Iterable[str]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Words grouped by length, longest first: ``text`` ends with one of them iff some
    ``text[-length:]`` is in its group."""
    groups: dict[int, set[str]] = {}
    for word in words:
        groups.setdefault(len(word), set()).add(word)
    return tuple(sorted(((n, frozenset(g)) for n, g in groups.items()), key=lambda x: -x[0]))


def _ends_with_any(text: str, groups: tuple[tuple[int, frozenset[str]], ...]) -> bool:
    size = len(text)
    return any(size >= n and text[-n:] in group for n, group in groups)


def _pattern(name: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise RuleFileError(name, key, "expected a regular expression")
    try:
        re.compile(value)
    except re.error as err:
        raise RuleFileError(name, key, f"not a regular expression: {err}") from err
    return value


def _strings(name: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleFileError(name, key, "expected a list of non-empty strings")
    if len(set(value)) != len(value):
        dup = sorted({v for v in value if value.count(v) > 1})
        raise RuleFileError(name, key, f"listed twice: {dup}")
    return tuple(value)


def _level(name: str, key: str, value: object) -> RegionLevel:
    if value not in LEVELS:
        raise RuleFileError(name, key, f"level {value!r} is not one of {LEVELS}")
    return value  # type: ignore[return-value]


def load() -> PlaceRules:
    raw = read_yaml(SUFFIX_FILE)
    require_keys(SUFFIX_FILE, "(top)", raw, _TOP_KEYS, _TOP_KEYS - {"paired_words", "village_counts", "code_counts",
                                                                 "variant_chars"})
    variants = raw.get("variant_chars") or {}
    if not isinstance(variants, dict) or not all(isinstance(k, str) and isinstance(v, str) and len(k) == len(v) == 1
                                                 for k, v in variants.items()):
        raise RuleFileError(SUFFIX_FILE, "variant_chars", "expected a mapping of one character to one character")
    counts_raw = raw.get("village_counts") or {"after": "(?!)", "most": {}}
    require_keys(SUFFIX_FILE, "village_counts", counts_raw, {"after", "most"}, {"after", "most"})
    most = counts_raw["most"]
    if not isinstance(most, dict) or not all(k in LEVELS and isinstance(v, int) and v > 0 for k, v in most.items()):
        raise RuleFileError(SUFFIX_FILE, "village_counts.most", "expected level: the most villages it holds")
    code_counts = []
    for n, entry in enumerate(raw.get("code_counts") or []):
        key = f"code_counts[{n}]"
        require_keys(SUFFIX_FILE, key, entry, {"codes", "units", "most"}, {"codes", "units", "most"})
        at_most = entry["most"]
        if not isinstance(at_most, dict) or not all(k in LEVELS and isinstance(v, int) and v > 0
                                                    for k, v in at_most.items()):
            raise RuleFileError(SUFFIX_FILE, f"{key}.most", "expected level: the most a place of it holds")
        code_counts.append((frozenset(_strings(SUFFIX_FILE, f"{key}.codes", entry["codes"])),
                            frozenset(_strings(SUFFIX_FILE, f"{key}.units", entry["units"])),
                            tuple((str(k), int(v)) for k, v in at_most.items())))
    suffixes = []
    seen: set[str] = set()
    for n, entry in enumerate(raw["suffixes"]):
        key = f"suffixes[{n}]"
        require_keys(SUFFIX_FILE, key, entry, {"suffix", "level", "stem", "open", "long_stem"}, {"suffix", "level"})
        if entry["suffix"] in seen:
            raise RuleFileError(SUFFIX_FILE, key, f"suffix {entry['suffix']!r} listed twice")
        seen.add(entry["suffix"])
        long_stem = entry.get("long_stem", 0)
        if not isinstance(long_stem, int) or long_stem < 0:
            raise RuleFileError(SUFFIX_FILE, key, "long_stem: expected an integer >= 0")
        suffixes.append(Suffix(entry["suffix"], _level(SUFFIX_FILE, key, entry["level"]),
                               bool(entry.get("stem", False)), bool(entry.get("open", False)), long_stem))
    frames = []
    frame_or: list[tuple[str, RegionLevel]] = []
    for n, entry in enumerate(raw["frame_words"]):
        key = f"frame_words[{n}]"
        require_keys(SUFFIX_FILE, key, entry, {"word", "level", "or_level"}, {"word", "level"})
        frames.append((entry["word"], _level(SUFFIX_FILE, key, entry["level"])))
        if "or_level" in entry:
            frame_or.append((entry["word"], _level(SUFFIX_FILE, key, entry["or_level"])))
    if len({w for w, _ in frames}) != len(frames):
        raise RuleFileError(SUFFIX_FILE, "frame_words", "a word is listed twice")
    short = raw["short_names"]
    require_keys(SUFFIX_FILE, "short_names", short,
                 {"min_length", "common_tags", "common_frequency", "ordinary_tags"},
                 {"min_length", "common_tags", "common_frequency", "ordinary_tags"})
    adverbial = raw["max_adverbial_length"]
    if not isinstance(adverbial, int) or adverbial < 0:
        raise RuleFileError(SUFFIX_FILE, "max_adverbial_length", "expected an integer >= 0")
    max_len = raw["max_name_length"]
    if not isinstance(max_len, int) or max_len < 2:
        raise RuleFileError(SUFFIX_FILE, "max_name_length", "expected an integer >= 2")
    cues_raw = raw["scope_cues"]
    require_keys(SUFFIX_FILE, "scope_cues", cues_raw, set(SCOPE_CUE_KINDS), set(SCOPE_CUE_KINDS))
    scope_cues = tuple((kind, _strings(SUFFIX_FILE, f"scope_cues.{kind}", cues_raw[kind])) for kind in SCOPE_CUE_KINDS)
    every_cue = [w for _, group in scope_cues for w in group]
    if len(set(every_cue)) != len(every_cue):
        dup = sorted({w for w in every_cue if every_cue.count(w) > 1})
        raise RuleFileError(SUFFIX_FILE, "scope_cues", f"listed under two kinds: {dup}")
    origins = raw["origins"]
    origin_keys = {"helper_verbs", "helper_not_after", "people_words", "people_word_not_before"}
    require_keys(SUFFIX_FILE, "origins", origins, origin_keys, origin_keys)
    aliases = []
    alias_seen: set[str] = set()
    for row in read_csv(ALIAS_FILE):
        missing = {"alias", "code", "name", "kind"} - set(k for k, v in row.items() if v)
        if missing:
            raise RuleFileError(ALIAS_FILE, row.get("alias"), f"missing {sorted(missing)}")
        if row["kind"] not in ALIAS_KINDS:
            raise RuleFileError(ALIAS_FILE, row["alias"], f"kind {row['kind']!r} not in {sorted(ALIAS_KINDS)}")
        if not row["code"].isdigit():
            raise RuleFileError(ALIAS_FILE, row["alias"], f"code {row['code']!r} is not numeric")
        if row["alias"] in alias_seen:
            raise RuleFileError(ALIAS_FILE, row["alias"], "listed twice")
        alias_seen.add(row["alias"])
        aliases.append(Alias(row["alias"], row["code"], row["name"], row["kind"]))
    return PlaceRules(
        suffixes=tuple(suffixes),
        max_name_length=max_len,
        generic_stems=frozenset(_strings(SUFFIX_FILE, "generic_stems", raw["generic_stems"])),
        boundary_chars=frozenset(_strings(SUFFIX_FILE, "boundary_chars", raw["boundary_chars"])),
        date_chars=frozenset(_strings(SUFFIX_FILE, "date_chars", raw.get("date_chars", []))),
        lead_words=_strings(SUFFIX_FILE, "lead_words", raw["lead_words"]),
        reference_prefixes=frozenset(_strings(SUFFIX_FILE, "reference_prefixes", raw["reference_prefixes"])),
        suffix_words=_strings(SUFFIX_FILE, "suffix_words", raw["suffix_words"]),
        not_places=frozenset(_strings(SUFFIX_FILE, "not_places", raw["not_places"])),
        not_place_endings=_strings(SUFFIX_FILE, "not_place_endings", raw["not_place_endings"]),
        frame_words=tuple(frames),
        frame_word_or=tuple(frame_or),
        short_names=ShortNameRules(
            min_length=int(short["min_length"]),
            common_tags=frozenset(_strings(SUFFIX_FILE, "short_names.common_tags", short["common_tags"])),
            common_frequency=int(short["common_frequency"]),
            ordinary_tags=frozenset(_strings(SUFFIX_FILE, "short_names.ordinary_tags", short["ordinary_tags"])),
        ),
        aliases=tuple(aliases),
        scope_cues=scope_cues,
        max_adverbial_length=adverbial,
        quantity_chars=frozenset(_strings(SUFFIX_FILE, "quantity_chars", raw["quantity_chars"])),
        serial_numerals=frozenset(_strings(SUFFIX_FILE, "serial_numerals", raw["serial_numerals"])),
        list_marks=frozenset(_strings(SUFFIX_FILE, "list_marks", raw["list_marks"])),
        clause_marks=frozenset(_strings(SUFFIX_FILE, "clause_marks", raw["clause_marks"])),
        quote_marks=frozenset(_strings(SUFFIX_FILE, "quote_marks", raw["quote_marks"])),
        brand_name_endings=_strings(SUFFIX_FILE, "brand_name_endings", raw["brand_name_endings"]),
        description_before=_strings(SUFFIX_FILE, "description_before", raw["description_before"]),
        modifier_chars=frozenset(_strings(SUFFIX_FILE, "modifier_chars", raw["modifier_chars"])),
        paired_words=frozenset(_strings(SUFFIX_FILE, "paired_words", raw.get("paired_words") or [])),
        variant_chars=tuple(sorted(variants.items())),
        passing_after=_pattern(SUFFIX_FILE, "passing_after", raw["passing_after"]),
        dateline_after=_pattern(SUFFIX_FILE, "dateline_after", raw["dateline_after"]),
        distance_after=_pattern(SUFFIX_FILE, "distance_after", raw["distance_after"]),
        work_place_after=_pattern(SUFFIX_FILE, "work_place_after", raw["work_place_after"]),
        many_places=_pattern(SUFFIX_FILE, "many_places", raw["many_places"]),
        village_counts_after=_pattern(SUFFIX_FILE, "village_counts.after", counts_raw["after"]),
        villages_at_most=tuple((str(k), int(v)) for k, v in most.items()),
        code_counts=tuple(code_counts),
        helper_verbs=_strings(SUFFIX_FILE, "origins.helper_verbs", origins["helper_verbs"]),
        helper_not_after=_strings(SUFFIX_FILE, "origins.helper_not_after", origins["helper_not_after"]),
        people_words=_strings(SUFFIX_FILE, "origins.people_words", origins["people_words"]),
        people_word_not_before=frozenset(_strings(SUFFIX_FILE, "origins.people_word_not_before",
                                                  origins["people_word_not_before"])),
    )
