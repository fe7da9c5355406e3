"""Regions named in a sentence.

Two finders, both confirmed against the gazetteer:

- provinces, cities and counties (full names, customary short names, aliases): the longest of the
  gazetteer's ~7,000 upper-level names starting at each position, leftmost first (one dictionary
  probe per character finds the few positions where a name's first two characters stand);
- towns and villages (too many to list) by their suffix (镇, 乡, 街道, 村, 社区, 嘎查 ...): for every
  suffix the name's start is found by the gazetteer (the longest known name ending there) or, for a
  name it lacks, by a boundary (punctuation, a function character, the end of the previous name).

Words that only look like places (村民, 市场, 贫困村, 城市社区, 全区 ...) come from the rules. 全区/新区
alone are frame words, not mentions: resolve/places.py reads them when locating facts.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..gazetteer import Division, Gazetteer
from ..records import Mention, RegionLevel, Sentence
from ..rulebook import Rulebook
from ..rulebook.places import PlaceRules
from .names import find_all

_RANK: dict[str, int] = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_NOUN_LIKE_TAGS = frozenset("nadsjlizt")  # first letters of the segmenter's noun, adjective, adverb ... tags
_WHOLE_SUFFIX = 3  # a suffix this long (村委会) is no ordinary word's start
_SLOGAN = 4  # characters of one phrase in a row of slogan phrases
_COMMON_PLACE_WORD = 100  # a place word this frequent (新村, 山村) is read as an ordinary word
_FORMER_COUNTY_SUFFIXES = ("市", "区")  # county-level cities and districts, many of them counties before
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})  # the segmenter's tags of proper names


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, shaped as a trie so it stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return render(trie)


@dataclass(frozen=True)
class UpperName:
    name: str
    form: str  # full, short, alias
    level: RegionLevel


@dataclass(frozen=True)
class RegionMatcher:
    names: dict[str, UpperName]
    prefixes: dict[str, tuple[int, ...]]  # a name's first two characters -> name lengths, longest first
    upper_names: frozenset[str] = frozenset()

    def find(self, text: str, lo: int, hi: int) -> list[Span]:
        """Names inside ``text[lo:hi]``, leftmost first, the longest at each start, not overlapping
        (what a trie regex over the names finds, without its per-character alternation)."""
        prefixes, names = self.prefixes, self.names
        out: list[Span] = []
        cursor = lo
        for start in [i for i in range(lo, hi - 1) if text[i:i + 2] in prefixes]:
            if start < cursor:
                continue
            for size in prefixes[text[start:start + 2]]:
                found = names.get(text[start:start + size]) if start + size <= hi else None
                if found is not None:
                    out.append(Span(start, start + size, found.level, found.form))
                    cursor = start + size
                    break
        return out


@lru_cache(maxsize=4)
def region_matcher(rules: PlaceRules, gazetteer: Gazetteer) -> RegionMatcher:
    """The compiled matcher for province/city/county names (built once per rules and gazetteer)."""
    names: dict[str, UpperName] = {}
    for name, divisions in gazetteer.upper_by_name.items():
        if name not in rules.not_places and len(name) >= 2:
            names[name] = UpperName(name, "full", _common_level(divisions))
    for alias in rules.aliases:
        division = gazetteer.by_code(alias.code)
        if division is not None and len(alias.alias) >= 2:
            names.setdefault(alias.alias, UpperName(alias.alias, "alias", division.level))
    for short, divisions in gazetteer.upper_by_short.items():
        if short in names or short in rules.not_places or len(short) < rules.short_names.min_length:
            continue
        # 梁山, 清水: also ordinary words; resolve_places keeps them only beside the full name or siblings
        form = "common" if all(d.common for d in divisions) else "short"
        names[short] = UpperName(short, form, _common_level(divisions))
    for short, divisions in gazetteer.upper_by_short.items():
        for division in divisions:  # 松桃县 for 松桃苗族自治县: the short name with the plain suffix
            base = rules.level_of(division.name)
            suffix = next((s.suffix for s in rules.suffixes_longest_first if division.name.endswith(s.suffix)), "")
            plain = suffix.removeprefix("自治") if suffix.startswith("自治") and len(suffix) > 2 else ""
            if base and plain and short + plain not in names:
                names[short + plain] = UpperName(short + plain, "alias", division.level)
            elif division.level == "county" and suffix in _FORMER_COUNTY_SUFFIXES and short + "县" not in names:
                # 潜山县 for 潜山市, 鄞县 for 鄞州区: a county since made a city or a district, by its old name
                names[short + "县"] = UpperName(short + "县", "alias", division.level)
    # a name with a character outside the Han runs mentions are found in could never match
    names = {name: upper for name, upper in names.items() if _HAN.fullmatch(name)}
    lengths: dict[str, set[int]] = {}
    for name in names:  # every name has 2+ characters
        lengths.setdefault(name[:2], set()).add(len(name))
    prefixes = {prefix: tuple(sorted(sizes, reverse=True)) for prefix, sizes in lengths.items()}
    return RegionMatcher(names, prefixes, frozenset(names))


def _common_level(divisions: tuple[Division, ...]) -> RegionLevel:
    return Counter(d.level for d in divisions).most_common(1)[0][0]


def extract_regions(sentence: Sentence, rules: Rulebook, gazetteer: Gazetteer) -> list[Mention]:
    place_rules = rules.places
    matcher = region_matcher(place_rules, gazetteer)
    text = sentence.text.translate(place_rules.variant_table) if place_rules.variant_chars else sentence.text
    # names are Han characters only, so a scan of the whole sentence finds what one per Han run would
    found = matcher.find(text, 0, len(text))
    if any(s.form == "common" for s in found):
        found = [s for s in found if s.form != "common" or _set_apart(text, s, place_rules)]
    token_starts = _TokenStarts(sentence)
    if any(s.form == "short" for s in found) and sentence.tokens:
        # a short name the segmenter reads inside a longer word is not a name (佛山 in 千佛山医院,
        # 长治 in 长治久安): a token must start where it starts and where it ends
        found = [s for s in found if s.form != "short" or (s.start in token_starts and (
            s.end == len(text) or s.end in token_starts) and not _runs_on(text, s.end, gazetteer))]
    if place_rules.open_pattern.search(text) is not None:  # a town or village suffix: run by run
        upper, found = sorted(found, key=lambda s: s.start), []
        upper_starts = [s.start for s in upper]
        for run in _HAN.finditer(text):
            lo, hi = run.span()
            spans = upper[bisect.bisect_left(upper_starts, lo):bisect.bisect_left(upper_starts, hi)]
            if place_rules.open_pattern.search(text, lo, hi) is not None:
                finder = _SuffixFinder(text, lo, hi, place_rules, gazetteer, token_starts, matcher.upper_names)
                spans.extend(finder.names([s for s in spans if s.form not in ("short", "common")]))
                spans = _without_overlaps(spans)
            found.extend(spans)
    work = place_rules.work_place_after_pattern
    return [Mention(type="region", name=text[s.start:s.end], start=sentence.start + s.start,
                    end=sentence.start + s.end, sentence=sentence.index, level=s.level,
                    attrs=(("form", s.form),) + ((("tied", "1"),) if s.tied else ())
                    + ((("work", "1"),) if s.level == "village" and work.match(text, s.end) else ()))
            for s in found]


def _runs_on(text: str, end: int, gazetteer: Gazetteer) -> bool:
    """The name's last character and the next make an ordinary word (惠民 in 惠民生: 民生)."""
    if end >= len(text):
        return False
    entry = gazetteer.word(text[end - 1:end + 1])
    return entry is not None and entry[1] is not None and entry[1] not in _NAME_TAGS


def _set_apart(text: str, span: Span, rules: PlaceRules) -> bool:
    """A short name that is also an ordinary word (梁山, 振兴) is a candidate only when it stands apart:
    after a boundary character, a list mark or the start, and before a list mark, a clause mark or 等
    (在梁山, / 泗水、微山、梁山等4个县)."""
    before = text[span.start - 1] if span.start else ""
    after = text[span.end] if span.end < len(text) else ""
    return (not before or before in rules.boundary_chars or before in rules.list_marks) and (
        not after or after in rules.list_marks or after in rules.clause_marks)


class _TokenStarts:
    """Where the segmenter starts a token (sentence offsets), worked out on the first question."""

    def __init__(self, sentence: Sentence) -> None:
        self._sentence = sentence
        self._starts: frozenset[int] | None = None

    def __contains__(self, offset: int) -> bool:
        if self._starts is None:
            base = self._sentence.start
            self._starts = frozenset(t.start - base for t in self._sentence.tokens)
        return offset in self._starts


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    level: RegionLevel
    form: str  # full, short, common, alias (upper names); known, suffix (towns and villages)
    tied: bool = False  # a kind-of-place word (先进村) read as a name only right after its parent (…镇先进村)


@dataclass
class _SuffixFinder:
    """Town and village names ending in an open suffix inside the run ``text[lo:hi]``."""

    text: str
    lo: int
    hi: int
    rules: PlaceRules
    gazetteer: Gazetteer
    token_starts: _TokenStarts
    upper_names: frozenset[str] = frozenset()

    def names(self, upper: list[Span]) -> list[Span]:
        out: list[Span] = []
        ends = [s.end for s in upper]
        levels = {s.end: s.level for s in upper}
        for match in self.rules.open_pattern.finditer(self.text, self.lo, self.hi):
            span = self._name(match.start(), match.end(), ends, levels)
            if span is None and match.end() - match.start() > 1 and self.rules.open_pattern.fullmatch(
                    self.text, match.start(), match.start() + 1):  # 牙和村委会: 牙和村 and its committee
                span = self._name(match.start(), match.start() + 1, ends, levels)
            if span is None:
                continue
            out.append(span)
            ends.append(span.end)
            levels[span.end] = span.level
        return out

    def _name(self, suffix_start: int, end: int, ends: list[int], levels: dict[int, RegionLevel]) -> Span | None:
        """The town or village name ending with the suffix at ``text[suffix_start:end]``, if any."""
        level = self.rules.level_of(self.text[max(self.lo, suffix_start - 1):end])
        if level is None:
            return None
        previous = max([e for e in ends if e < suffix_start], default=-1)
        window = max(previous, self.lo, end - self.rules.max_name_length)
        # right after a name of its own level (团圆村实现村), a name needs the checks of a free one
        parent_before = previous >= 0 and _RANK[levels.get(previous, "village")] < _RANK[level]
        start = self._known(window, previous, suffix_start, end, level, parent_before,
                            levels.get(previous) == "town")
        form, tied = "known", False
        if start is not None and start != previous:
            wider = self._widened(previous, start, suffix_start, end)
            if wider is not None:  # 哈日珠日和嘎查, not the gazetteer's 珠日和嘎查 inside it
                start, form = wider, "suffix"
        if start is None and parent_before and self._tied(previous, suffix_start, end):
            start, tied = previous, True
        if start is None:
            start = self._unknown(window, previous, suffix_start, end)
            form = "suffix"
        if start is None or self._paired_idiom(start, suffix_start, end):
            return None
        name = self.text[start:end]
        found = [d.level for d in self.gazetteer.by_name(name)] if form == "known" else []
        return Span(start, end, Counter(found).most_common(1)[0][0] if found
                    else self.rules.level_of(name) or level, form, tied)

    def _widened(self, previous: int, start: int, suffix_start: int, end: int) -> int | None:
        """Where a transliterated name (``long_stem`` suffixes) really opens when the gazetteer's name found
        at ``start`` is only its tail: the earliest boundary within the long stem with no boundary
        character, lead word or ordinary word between it and ``start``."""
        longest = self.rules.long_stems.get(self.text[suffix_start:end], 0)
        if not longest:
            return None
        text = self.text
        for at in range(max(self.lo, previous, suffix_start - longest), start):
            gap = text[at:start]
            # a date character after another syllable is a syllable of the name (哈日珠日和), not a date's end
            if not self._strong(at, previous, tokens=False) or any(
                    c in self.rules.boundary_chars and not (
                        i and c in self.rules.date_chars and _HAN.match(gap, i - 1)
                        and gap[i - 1] not in self.rules.serial_numerals)
                    for i, c in enumerate(gap)):
                continue
            if self._lead_stem(gap) or any(self._ordinary(gap[i:j]) for i in range(len(gap))
                                           for j in range(i + 2, len(gap) + 1)):
                continue
            return at
        return None

    def _ordinary(self, word: str) -> bool:
        """The segmenter's dictionary has the word as a common one (牧民, 发展), not a rare name fragment
        (白音, 哈日)."""
        entry = self.gazetteer.word(word)
        return entry is not None and (entry[0] >= _COMMON_PLACE_WORD or entry[1] not in _NAME_TAGS | {"n"})

    def _lead_word(self, start: int) -> bool:
        """A verb, adverb, pronoun ... (dictionary word of a non-noun class) ends right before ``start``."""
        text = self.text
        for size, words in self.rules.lead_words_by_length:
            if start - size >= self.lo and text[start - size:start] in words:
                return True
        for size in (2, 3):
            if start - size >= self.lo:
                entry = self.gazetteer.word(self.text[start - size:start])
                if entry and entry[1] in self.rules.short_names.common_tags:
                    return True
        return False

    def _strong(self, start: int, previous: int, tokens: bool = True) -> bool:
        """A name may begin here: at the run start, after the previous name, after a boundary
        character or a lead word, or where the segmenter starts a token."""
        if start in (self.lo, previous) or (tokens and start in self.token_starts):
            return True
        return self.text[start - 1] in self.rules.boundary_chars or self._lead_word(start)

    def _ordinary_stem(self, stem: str) -> bool:
        entry = self.gazetteer.word(stem) if len(stem) >= 2 else None
        return bool(entry and entry[1] in self.rules.short_names.common_tags)

    def _known(self, window: int, previous: int, suffix_start: int, end: int, level: RegionLevel,
               parent_before: bool = True, town_before: bool = False) -> int | None:
        """Start of the longest gazetteer name ending at ``end`` that begins at a plausible boundary.
        Village names (650k, many of them ordinary words) need a boundary or a stem of 3+ characters."""
        has_name = self.gazetteer.has_name
        for start in range(window, suffix_start):
            name = self.text[start:end]
            if not has_name(name):  # the cheap test first: most candidates are no name at all
                continue
            if town_before and previous < start <= previous + 2 and level == "village" \
                    and not any(c in self.rules.boundary_chars for c in self.text[previous:start]):
                continue  # 中峪乡大南川村: a village right after its town starts where the town ends
            stem = self.rules.stem(name)
            if self.rules.is_generic(name) or self._described(stem):
                continue
            if start != previous and len(stem) <= 2 and start > self.lo and self._glued(start):
                continue  # 划定城镇: the name's first character closes a verb before it
            if start != previous and self._classified(start):
                continue  # 这个高山村: a common noun phrase
            adjacent = start == previous
            strong = self._strong(start, previous)
            if self.text[start] in self.rules.boundary_chars and not strong:
                continue
            if len(stem) < 2 and not adjacent:
                continue
            if len(stem) < 2 and not parent_before and self._suffix_in_word(suffix_start):
                continue  # 甲村任村党支部书记: one character after a name of its level, then 村党: a verb
            if not strong and level == "village" and len(stem) < 3:
                continue
            if (not adjacent or not parent_before) and (self._ordinary_stem(stem) or self._lead_stem(stem)):
                continue
            if not adjacent and len(stem) < 3 and self._suffix_in_word(suffix_start) and not self._place_word(stem):
                continue  # 利用村里: the suffix opens an ordinary word (中兴村: 中兴 is a place word, not 振兴)
            return start
        return None

    def _tied(self, previous: int, suffix_start: int, end: int) -> bool:
        """A gazetteer name that is also a kind of place (先进村, 团结村) written right after a higher name
        (月亮泡镇先进村): a candidate, kept by resolve_places only if it lies under that name."""
        name = self.text[previous:end]
        if not 2 <= suffix_start - previous <= 3 or name in self.rules.not_places or not self.gazetteer.has_name(name):
            return False
        words, text = self.rules.suffix_word_set, self.text  # 村民, 村里: the suffix opens an ordinary word
        return not any(text[suffix_start:suffix_start + size] in words for size in (2, 3, 4))

    def _classified(self, start: int) -> bool:
        """A demonstrative or numeral with a classifier stands right before (这个高山村)."""
        return self.text[max(0, start - 3):start].endswith(self.rules.description_before)

    def _place_word(self, stem: str) -> bool:
        """The segmenter's dictionary knows the stem as a place name (中兴, 黄沙)."""
        entry = self.gazetteer.word(stem) if len(stem) >= 2 and stem not in self.rules.not_places else None
        return entry is not None and entry[1] == "ns"  # (not 新建, a verb the dictionary tags as a place)

    def _paired_idiom(self, start: int, suffix_start: int, end: int) -> bool:
        """村头村尾, 村前村后, 镇里镇外: the suffix, a word of a pair, the suffix again and the pair's other
        word make an idiom (the whole village), not a name 村头村."""
        text = self.text
        return (suffix_start - start == 2 and text[start] == text[suffix_start] and end - suffix_start == 1
                and text[start + 1:start + 2] + text[end:end + 1] in self.rules.paired_words)

    def _inside_place_word(self, at: int, start: int) -> bool:
        """The character at ``at``, not the name's first, closes a two-character noun-like word of the
        segmenter's dictionary (同 in 少钦大同村: 大同), so it is no boundary."""
        return at > start and self.text[at - 1] not in self.rules.boundary_chars and self._noun_like(
            self.text[at - 1:at + 1])

    def _noun_like(self, word: str) -> bool:
        """The segmenter's dictionary has the word, and not as a verb or function word (大同, not 能到)."""
        entry = self.gazetteer.word(word)
        return entry is not None and entry[1] is not None and entry[1][:1] in _NOUN_LIKE_TAGS

    def _glued(self, start: int) -> bool:
        """The character at ``start`` and the one before make an ordinary word of a non-noun class (划定)."""
        entry = self.gazetteer.word(self.text[start - 1:start + 1])
        return entry is not None and entry[1] in self.rules.short_names.common_tags

    def _slogan_item(self) -> bool:
        """The run is a four-character phrase in a quoted row of them (“因村派人、因人定村”, 一村一策、强村富民)."""
        text, lo, hi = self.text, self.lo, self.hi
        if hi - lo != _SLOGAN or lo == 0 or hi >= len(text) or text[lo - 1] not in "“、" or text[hi] not in "”、":
            return False
        first = lo - 1 - _SLOGAN
        before = first >= 0 and text[lo - 1] == "、" and _HAN.fullmatch(text, first, lo - 1) and (
            first == 0 or not _HAN.match(text, first - 1))
        after = text[hi] == "、" and _HAN.fullmatch(text, hi + 1, hi + 1 + _SLOGAN) and (
            hi + 1 + _SLOGAN == len(text) or not _HAN.match(text, hi + 1 + _SLOGAN))
        return bool(before or after)

    def _described(self, stem: str) -> bool:
        """The stem is an ordinary word plus a modifier (旅游重, 历史文化名): a description, not a name."""
        if len(stem) < 3 or stem[-1] not in self.rules.modifier_chars:
            return False
        for size in (2, 3, 4):
            entry = self.gazetteer.word(stem[-1 - size:-1]) if size < len(stem) else None
            if entry is not None and entry[1] not in _NAME_TAGS:
                return True
        return False

    def _lead_stem(self, stem: str) -> bool:
        """The stem is, or ends with, a lead word (选派, 联系, 帮扶): a verb, not a name."""
        return any(len(stem) >= size and stem[-size:] in words for size, words in self.rules.lead_words_by_length)

    def _not_name_part(self, text: str) -> bool:
        """An ordinary word or a kind of area (网格, 一管区): what a serial numeral does not follow in a name."""
        if len(text) >= 2 and self.gazetteer.word(text):
            return True
        return any(text.endswith(word) for word in self.rules.not_places)

    def _suffix_in_word(self, suffix_start: int) -> bool:
        """The suffix character belongs to an ordinary word (乡村, 村民, 市场 ...)."""
        words = self.rules.suffix_word_set
        text = self.text
        for begin in (suffix_start - 1, suffix_start):
            for size in (2, 3, 4):
                if begin >= self.lo and begin + size <= self.hi and text[begin:begin + size] in words:
                    return True
        return False

    def _unknown(self, window: int, previous: int, suffix_start: int, end: int) -> int | None:
        """Start of a name the gazetteer lacks: after the nearest boundary, stem of 2-3 characters
        (4 right after another name)."""
        if end - suffix_start < _WHOLE_SUFFIX and self._suffix_in_word(suffix_start):
            return None  # (a suffix of three characters, 村委会, is one whole)
        start = suffix_start - 2
        if 0 <= previous < suffix_start - 1 and previous >= suffix_start - 4:
            start = previous  # 漕河镇管口新村: right after another name
        while start > window and not self._strong(start, previous, tokens=False):
            start -= 1
        if start < self.lo or not self._strong(start, previous, tokens=False):
            # the segmenter splits unknown names into characters: its boundaries are a last resort
            starts = [t for t in range(window, suffix_start - 1) if self._strong(t, previous)]
            if not starts:
                return None
            start = starts[-1]
        if any(self.text[i] in self.rules.boundary_chars and not self._inside_place_word(i, start)
               for i in range(start, suffix_start)):
            return None
        name = self.text[start:end]
        stem = self.text[start:suffix_start]
        longest = max(4 if start == previous else 3, self.rules.long_stems.get(self.text[suffix_start:end], 0))
        if not 2 <= len(stem) <= longest or self.rules.is_generic(name):
            return None
        if self._described(self.text[max(self.lo, suffix_start - 5):suffix_start]):
            return None  # 旅游重镇: an ordinary word and an adjective before the suffix
        if start != previous and self._classified(start):
            return None  # 这个高山村, 一个小山村: a common noun phrase
        if start == self.lo and end == self.hi and self._slogan_item():
            return None  # “因村派人、因人定村”: one of a quoted row of four-character phrases
        if stem[0] in self.rules.reference_prefixes and len(stem) <= 2:
            return None
        if self._lead_stem(stem):
            return None  # 开展选派村第一书记工作, 为联系村送来: a verb before the suffix
        if stem[0] in self.rules.quantity_chars or stem[-1] in self.rules.quantity_chars:
            return None  # 组织各社区, 弘杨两村: a quantifier, not a name
        if stem[-1] in self.rules.serial_numerals and self._not_name_part(stem[:-1]):
            return None  # 网格一社区, 一管区一街道 (屯二村 is a name: 屯 alone is no word)
        entry = self.gazetteer.word(stem) if len(stem) >= 2 else None
        if entry and self.rules.short_names.is_common(entry[1], entry[0]):
            return None  # 产业村: a frequent ordinary word before the suffix
        if start != previous and (self._ordinary_stem(stem) or self._ordinary_stem(stem[-2:])
                                  or self._ordinary_stem(stem[:2])):
            return None  # 要改善村: a verb closes on the suffix
        if self.rules.level_of(stem) is not None and self.rules.open_pattern.fullmatch(
                stem, len(stem) - 1):
            return None  # 六汪镇镇驻地: the stem is itself a name
        if suffix_start + 1 == end and stem in self.upper_names:
            return None  # 江苏镇江: a province, city or county name, then the next name

        for size in (1, 2) if start != previous else ():  # 家乡, 老乡: the suffix closes an ordinary word
            tail = self.text[suffix_start - size:end]
            entry = self.gazetteer.word(tail) if len(tail) >= 2 and tail != name else None
            if entry is not None and (entry[1] not in _NAME_TAGS or entry[0] >= _COMMON_PLACE_WORD):
                return None  # (北村 in 院北村: a rare place word, no ordinary one)
        return start


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (a village name wins over a county short name inside it)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def recall_places(text: str, sentences: tuple[Sentence, ...], found: list[Mention], rules: Rulebook) -> list[Mention]:
    """One name, one place in a report: a town or village name found once (少钦大同村 right after its
    town) is found wherever else the report writes it standing apart (at a sentence or clause start,
    after a boundary character or a lead word), where the suffix search alone could not tell it from
    running text. Returns ``found`` plus the new mentions."""
    place_rules = rules.places
    names: dict[str, Mention] = {}
    for m in found:
        if m.type == "region" and m.level in ("town", "village") and m.attr("form") in ("known", "suffix") \
                and not m.attr("tied") and len(m.name) >= 3:
            names.setdefault(m.name, m)
    if not names:
        return found
    taken = sorted((m.start, m.end) for m in found)
    starts = [s.start for s in sentences]
    added: list[Mention] = []
    for name, first in names.items():
        for at in find_all(text, name):
            end = at + len(name)
            i = bisect.bisect_right(taken, (end, -1))
            if any(s < end and at < e for s, e in taken[max(0, i - 8):i]):
                continue
            if at > 0 and _HAN.match(text, at - 1) and text[at - 1] not in place_rules.boundary_chars \
                    and not any(text.endswith(w, 0, at) for w in place_rules.lead_words):
                continue  # 大同村 inside 少钦大同村: part of a longer name
            sentence = sentences[bisect.bisect_right(starts, at) - 1]
            added.append(Mention(type="region", name=name, start=at, end=end, sentence=sentence.index,
                                 level=first.level, attrs=(("form", first.attr("form") or "suffix"),)))
    return found + sorted(added, key=lambda m: m.start) if added else found
