"""Places: region mentions -> Place (code, level, parent chain), namesakes settled by the report's frame;
and the most specific place each quantity is about.

The place frame of a document and of each article: the WORK place (where the team is stationed, the
place helped, the deepest place holding most of what the report names) frames figures that name no
place of their own; ORIGIN places (东莞帮扶韶关: the helper; 善港村人, 来自X: where people come from), the
PUBLISHER's place (a dateline) and places in PASSING (distances, markets listed with 等地, the area a
superlative ranks within) neither frame the report nor take a figure. Whole-area words (全县, 我省,
各县区) stand for the area of their level.

Resolution works level by level, provinces first: a candidate division scores by how many other
places of the report lie on its chain (above or below it), and by the name written right before it
(六汪镇鲁山村: 鲁山村 is looked for under 六汪镇 first). A name with namesakes and no support from the
report gets no gazetteer entry: it stays a Place with its suffix level, its parent from context and
``resolved=False``. A village or short county name that nothing in the report supports (强村 in 富民强村,
惠民 in 惠民生) is not a place at all and gets no Place.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..gazetteer import Division, Gazetteer
from ..records import Document, Mention, Place, Quantity, RegionLevel, Sentence
from ..rulebook import Rulebook
from ..rulebook.entities import EntityRules
from ..rulebook.places import PlaceRules

_RANK: dict[str, int] = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
_CLAUSE = re.compile(r"[,，;；:：]")
_CLAUSE_GROUP = re.compile(r"[;；]")
_ENUMERATION = re.compile(r"^[、和及与]$")


def _place_of(division: Division, gazetteer: Gazetteer, memo: dict[int, Place]) -> Place:
    if division.id in memo:
        return memo[division.id]
    parent = _place_of(gazetteer.get(division.parent), gazetteer, memo) if division.parent else None
    place = Place(name=division.name, level=division.level, code=division.code, parent=parent)
    memo[division.id] = place
    return place


def _as_written(place: Place, name: str) -> Place:
    """The report's name in Place.name, the official one in aliases."""
    if name == place.name:
        return place
    return Place(name=name, level=place.level, code=place.code, parent=place.parent, resolved=place.resolved,
                 aliases=(place.name, *place.aliases))


@dataclass
class _Resolver:
    rules: PlaceRules
    gazetteer: Gazetteer
    mentions: list[Mention]

    def candidates(self, mention: Mention) -> tuple[Division, ...]:
        form = mention.attr("form")
        name = mention.name
        alias = self.rules.alias_by_name.get(name)
        if alias is not None:
            division = self.gazetteer.by_code(alias.code)
            return (division,) if division else ()
        if form in ("short", "common"):
            return self.gazetteer.by_short(name)
        if form == "suffix":
            return ()
        found = self.gazetteer.by_name(name)
        if not found and form == "alias":  # 松桃县 for 松桃苗族自治县, 德宏州 for 德宏傣族景颇族自治州
            for short in (self.rules.stem(name), name[:-1]):
                found = self.gazetteer.by_short(short) if len(short) >= 2 else ()
                if found:
                    break
        return found

    def resolve(self) -> dict[Mention, Place]:
        memo: dict[int, Place] = {}
        chosen: dict[Mention, Division] = {}
        options = {m: self.candidates(m) for m in self.mentions}
        self.gazetteer.preload(d.parent for found in options.values() for d in found if d.parent is not None)
        # anchors: unambiguous full names and aliases of provinces, cities and counties
        for m, found in options.items():
            if len(found) == 1 and m.attr("form") in ("full", "alias") and _RANK[found[0].level] <= 2 \
                    and not self._one_char(m):
                chosen[m] = found[0]
        ordered = sorted(self.mentions, key=lambda m: (_RANK[m.level or "village"], m.start))
        previous = {b: a for a, b in zip(sorted(self.mentions, key=lambda m: m.start),
                                         sorted(self.mentions, key=lambda m: m.start)[1:], strict=False)}
        for m in ordered:
            if m in chosen or not options[m]:
                continue
            best = self._choose(m, options[m], chosen, previous.get(m))
            if best is not None:
                chosen[m] = best
        following = {a: b for b, a in previous.items()}
        by_name: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            by_name[m.name].append(m)
        for m in ordered:  # 文昌街道南马庄村: a name of several units is the one holding the unit written after it
            child = following.get(m)
            if m not in chosen and options[m] and child is not None and child.start == m.end and child in chosen:
                ids = {d.id for d in options[m]}
                up = next((d for d in self.gazetteer.chain(chosen[child])[:-1] if d.id in ids), None)
                if up is not None:  # (and wherever else the report writes that name)
                    for same in by_name[m.name]:
                        if same not in chosen and up in options[same]:
                            chosen[same] = up
        counties = {c.id for d in chosen.values() for c in self.gazetteer.chain(d) if c.level == "county"}
        for m in ordered:  # 宁郭镇 twice in one city: the one in the county holding the report's other places
            if m in chosen or len(options[m]) < 2 or _RANK[options[m][0].level] < _RANK["town"]:
                continue
            prev = previous.get(m)
            if prev is not None and prev.end == m.start and _RANK[prev.level or "village"] < _RANK[m.level or "village"]:
                continue  # 金龙乡清江村: under the town written before it, whatever else the gazetteer holds
            fits = [d for d in options[m] if any(c.id in counties for c in self.gazetteer.chain(d))]
            if len(fits) == 1:
                chosen[m] = fits[0]
        self._drop_common(chosen, previous)
        places: dict[Mention, Place] = {}
        for m in self.mentions:
            if m in chosen:
                places[m] = _as_written(_place_of(chosen[m], self.gazetteer, memo), m.name)
        unlisted: list[Mention] = []
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m in places:
                continue
            place = self._unlisted(m, options[m], places, chosen, previous.get(m), memo)
            if place is not None and not place.resolved:
                place = self._committee_of(m, place, places)
            if place is not None:
                places[m] = place
                unlisted.append(m)
        _unify_unlisted(unlisted, places)
        _one_place_per_name(places, previous)
        return places

    def _committee_of(self, m: Mention, place: Place, places: dict[Mention, Place]) -> Place:
        """A village committee written as a place (某某村委会, 某某居委会, a name the gazetteer lacks) is the
        village of that stem the report names too (丰丹村委会 and 丰丹村: one place)."""
        if place.level != "village" or self.rules.level_of(m.name) != "village":
            return place
        stem = self.rules.stem(m.name)
        same = [p for o, p in places.items() if p.level == "village" and o.name != m.name
                and len(stem) >= 2 and self.rules.stem(o.name) == stem and m.name.startswith(o.name)]
        return same[0] if same else place

    def _drop_common(self, chosen: dict[Mention, Division], previous: dict[Mention, Mention]) -> None:
        """A short name that is also an ordinary word (梁山, 清水) is a place only where the report
        names that unit in full too, or lists it with other units of its parent (泗水、微山、梁山)."""
        named = {d.id for m, d in chosen.items() if m.attr("form") != "common"}
        after = {b: a for a, b in previous.items()}
        for m in [m for m in chosen if m.attr("form") == "common"]:
            division = chosen[m]
            if division.id in named:
                continue
            siblings = [n for n in (previous.get(m), after.get(m)) if n is not None and n in chosen
                        and n.attr("form") != "common" and chosen[n].parent == division.parent
                        and abs(n.start - m.start) <= len(n.name) + len(m.name) + 1]
            if not siblings:
                del chosen[m]

    def _support(self, division: Division, weight: Counter[int], before: int | None) -> float:
        """One point per chosen mention on the division's chain (above it), five more for the
        name written right before (六汪镇鲁山村)."""
        score = 0.0
        for node in self.gazetteer.chain(division):
            if node.id in weight and node.id != division.id:
                score += weight[node.id]
                if node.id == before:
                    score += 5.0
        return score

    def _choose(self, m: Mention, found: tuple[Division, ...], chosen: dict[Mention, Division],
                prev: Mention | None) -> Division | None:
        if prev is not None and prev.end == m.start and _RANK[prev.level or "village"] < _RANK[m.level or "village"]:
            found = self._under_written_parent(found, prev, chosen)  # 涝店镇太平村: a 太平村 of that town
            if not found:
                return None
        elif m.attr("tied"):
            return None  # 先进村 with no parent written before it: a kind of village
        weight = Counter(d.id for d in chosen.values())
        before = chosen[prev].id if prev is not None and prev in chosen else None
        scored = sorted(((self._support(d, weight, before), -d.id, d) for d in found), reverse=True)
        best_score, _, best = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else -1.0
        if best_score > 0 and best_score > runner_up:
            return best
        if len(found) == 1 and self._one_char(m) and chosen and not self._same_province(best, chosen):
            return None  # 和县 in 金川公司和县农业农村局: a one-character name far from the report's places
        if len(found) == 1 and (_RANK[best.level] <= 1 or (m.attr("form") == "full")):
            return best  # a unique province or city, or a unique full county name
        if len(found) == 1 and m.attr("form") not in ("short", "common") and not chosen:
            return best
        if len(found) == 1 and _RANK[best.level] <= 3 and m.attr("form") == "known" and \
                self._same_province(best, chosen):
            return best
        return None

    def _under_written_parent(self, found: tuple[Division, ...], prev: Mention,
                              chosen: dict[Mention, Division]) -> tuple[Division, ...]:
        """The candidates that lie under the name written right before (its division, or a unit of that
        name or stem when the gazetteer lacks it)."""
        if prev in chosen:
            return tuple(d for d in found if self.gazetteer.is_under(d, chosen[prev].id))
        stem = self.rules.stem(prev.name)
        out = []
        for d in found:
            parent = self.gazetteer.get(d.parent) if d.parent else None
            if parent is not None and (parent.name == prev.name or self.rules.stem(parent.name) == stem
                                       or len(stem) >= 2 and parent.name.startswith(stem)):  # 户撒乡: 户撒阿昌族乡
                out.append(d)
        return tuple(out)

    def _shared_home(self, found: tuple[Division, ...], chosen: dict[Mention, Division]) -> Division | None:
        """The deepest county or city of the report holding a few of the namesakes (黄沙村 in a report about
        韶关市, which has two): the name is a place of the report, its town unknown."""
        named = sorted({d.id: d for d in chosen.values() if _RANK[d.level] in (1, 2)}.values(),
                       key=lambda d: -_RANK[d.level])
        for home in named:
            inside = sum(1 for f in found if self.gazetteer.is_under(f, home.id))
            if 1 <= inside <= 3:
                return home
        return None

    def _one_char(self, m: Mention) -> bool:
        """A county or district name of one character and its suffix (和县, 温县): often two words."""
        return m.attr("form") == "full" and len(self.rules.stem(m.name)) == 1

    def _same_province(self, division: Division, chosen: dict[Mention, Division]) -> bool:
        root = self.gazetteer.chain(division)[0].id
        return any(self.gazetteer.chain(d)[0].id == root for d in chosen.values())

    def _unlisted(self, m: Mention, found: tuple[Division, ...], places: dict[Mention, Place],
                  chosen: dict[Mention, Division], prev: Mention | None, memo: dict[int, Place]) -> Place | None:
        """A name the gazetteer lacks or cannot place: suffix level, parent from context."""
        form = m.attr("form")
        level: RegionLevel = self.rules.level_of(m.name) or m.level or "village"
        parent = None
        adjacent = prev is not None and prev in places and _RANK[places[prev].level] < _RANK[level] \
            and prev.end >= m.start - 1
        if form in ("short", "common") or m.attr("tied") or (found and self._one_char(m)):
            return None  # a short county name nothing in the report supports: an ordinary word
        if form == "known" and level == "village" and found and chosen and not adjacent and not m.attr("work") and not any(
                o.sentence == m.sentence and o.start < m.start and _RANK[places[o].level] in (2, 3)
                for o in places):
            home = self._shared_home(found, chosen)
            if home is None:
                return None  # 利用村, 建强村: a namesake far away, an ordinary phrase here
            return Place(name=m.name, level=level, parent=_place_of(home, self.gazetteer, memo), resolved=False)
        same = [o for o in sorted(places, key=lambda o: o.start)
                if o.sentence == m.sentence and o.start < m.start and _RANK[places[o].level] < _RANK[level]
                and _RANK[places[o].level] >= 2]
        if adjacent and prev is not None:
            parent = places[prev]
        elif same:
            parent = places[same[-1]]
        else:
            above = [p for p in places.values() if _RANK[p.level] < _RANK[level]]
            local = [p for p in above if _RANK[p.level] >= 2]
            if local:  # 山西…神池县…戎家梁村: a village sits under the report's county or town, not its province
                above = local
            if above:
                parent = max(Counter(_path_text(p) for p in above).items(), key=lambda kv: (kv[1], len(kv[0])))[0]
                parent = next(p for p in above if _path_text(p) == parent)
        if parent is not None and level == "town" and parent.code and _RANK[parent.level] == 2:
            division = self._town_in(parent, m.name)
            if division is not None:
                return _as_written(_place_of(division, self.gazetteer, memo), m.name)
        if parent is not None and level == "village" and parent.code and self.gazetteer.has_villages:
            division = self._village_in(parent, m.name)
            if division is not None and division.name == m.name:
                return _as_written(_place_of(division, self.gazetteer, memo), m.name)
            if division is not None and division.parent is not None:  # 道义社区 ~ 道义村: its town only
                parent = _place_of(self.gazetteer.get(division.parent), self.gazetteer, memo)
        return Place(name=m.name, level=level, parent=_official(parent), resolved=False)

    def _town_in(self, parent: Place, name: str) -> Division | None:
        """The one town of the county whose official name starts with this name's stem (户撒乡 for
        户撒阿昌族乡, a 民族乡 written short), if exactly one."""
        root = self.gazetteer.by_code(parent.code or "")
        stem = self.rules.stem(name)
        if root is None or len(stem) < 2:
            return None
        found = [d for d in self.gazetteer.children(root.id) if d.level == "town" and d.name.startswith(stem)
                 and self.rules.level_of(d.name) == "town"]
        return found[0] if len(found) == 1 else None

    def _village_in(self, parent: Place, name: str) -> Division | None:
        """A village under ``parent`` with this name or stem (道义社区 -> 道义村), if exactly one."""
        root = self.gazetteer.by_code(parent.code or "")
        if root is None:
            return None
        depth = 1 if parent.level == "town" else 2
        found = self.gazetteer.descendants_named(root.id, [name], [self.rules.stem(name)], depth=depth)
        return found[0] if len(found) == 1 else None


def _written_under(m: Mention, previous: dict[Mention, Mention], places: dict[Mention, Place]) -> bool:
    """The mention follows right after a higher place of its chain (月亮泡镇先进村, 涝店镇太平村)."""
    prev = previous.get(m)
    return prev is not None and prev.end == m.start and prev in places and m in places \
        and _RANK[places[prev].level] < _RANK[places[m].level]


def _one_place_per_name(places: dict[Mention, Place], previous: dict[Mention, Mention]) -> None:
    """A town or village name written once right after its parent is that place wherever the report
    names it alone (太平村 after 涝店镇太平村 is not a namesake in another county)."""
    anchored: dict[str, Place] = {}
    for m in sorted(places, key=lambda m: m.start):
        if _RANK[places[m].level] >= 3 and _written_under(m, previous, places):
            anchored.setdefault(m.name, places[m])
    for m in list(places):
        if m.name in anchored and not _written_under(m, previous, places):
            places[m] = anchored[m.name]


def repeat_mentions(document: Document, sentences: tuple[Sentence, ...], places: dict[Mention, Place],
                    rules: PlaceRules) -> None:
    """Further mentions of a town or village the report names with its parent (月亮泡镇先进村, 镇北堡镇团结村),
    where the name alone reads as an ordinary word (先进村位于…, 2020年,团结村盘活…) or the finder cut it
    short (南川村 for 大南川村): one name, one place, within one report. Adds to ``places`` in place."""
    text = document.text
    ordered = sorted(places, key=lambda m: m.start)
    previous = dict(zip(ordered[1:], ordered, strict=False))
    anchored = {m.name: places[m] for m in ordered if _RANK[places[m].level] >= 3 and len(m.name) >= 2
                and _written_under(m, previous, places)}
    if not anchored:
        return
    starts = [s.start for s in sentences]
    words = rules.suffix_word_set
    for name, place in anchored.items():
        suffix = len(name) - len(rules.stem(name))
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            tail = text[end - suffix:end + 3]
            longer = next((x.suffix for x in rules.suffixes_longest_first if len(x.suffix) > suffix
                           and x.suffix.startswith(name[len(name) - suffix:]) and tail.startswith(x.suffix)), "")
            end += len(longer) - suffix if longer else 0  # 高峰村委会 for 高峰村: the committee's name is the village's
            overlapping = [m for m in ordered if m.start < end and at < m.end]
            inner = [m for m in overlapping if at <= m.start and m.end <= end and (m.start, m.end) != (at, end)]
            if any(m.name == name for m in inner):  # 牙和村委会 around the mention 牙和村 itself: keep that one
                at = text.find(name, end)
                continue
            before = text[at - 1] if at else ""
            free = not before or not _HAN.match(before) or before in rules.boundary_chars \
                or any(m.end == at for m in ordered)
            if len(inner) == len(overlapping) and free and (
                    longer or not any(tail.startswith(w) for w in words if len(w) > suffix)):
                sentence = bisect.bisect_right(starts, at) - 1
                if sentence >= 0 and end <= sentences[sentence].end:
                    for m in inner:  # 南川村 inside 大南川村
                        places.pop(m, None)
                    places[Mention(type="region", name=text[at:end], start=at, end=end, sentence=sentence,
                                   level=place.level, attrs=(("form", "repeat"),))] = place
            at = text.find(name, end)


_HAN = re.compile(r"[\u3400-\u9fff]")


def _unify_unlisted(unlisted: list[Mention], places: dict[Mention, Place]) -> None:
    """One report, one place per unlisted name: every mention of 书石墕村 gets the reading with the
    longest parent chain (河曲县沙泉镇书石墕村 names its town once; later mentions only have the
    report's county), as long as the other readings' parents lie on that chain."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in unlisted:
        if not places[m].resolved:
            by_name[places[m].name].append(m)
    for group in by_name.values():
        if len(group) < 2:
            continue
        best = max((places[m] for m in group), key=lambda p: len(p.path))
        best_path = _path_text(best)
        for m in group:
            parent = places[m].parent
            if parent is None or best_path.startswith(_path_text(_official(parent)) + "/"):
                places[m] = best


_OFFICIAL: dict[int, tuple[Place, Place]] = {}  # id(place) -> (place, its official form)
_PATH_TEXT: dict[int, tuple[Place, str]] = {}  # id(place) -> (place, path_text)
_MEMO_SIZE = 4096  # both memos hold the place itself, so an id is never reused while it is in there


def _official(place: Place | None) -> Place | None:
    if place is None or not place.aliases:
        return place
    hit = _OFFICIAL.get(id(place))
    if hit is not None and hit[0] is place:
        return hit[1]
    official = Place(name=place.aliases[0], level=place.level, code=place.code, parent=place.parent,
                     resolved=place.resolved)
    if len(_OFFICIAL) >= _MEMO_SIZE:
        _OFFICIAL.clear()
    _OFFICIAL[id(place)] = (place, official)
    return official


def _path_text(place: Place) -> str:
    """``place.path_text``, memoized (the frame and locate steps ask for it many times per place)."""
    hit = _PATH_TEXT.get(id(place))
    if hit is not None and hit[0] is place:
        return hit[1]
    text = place.path_text
    if len(_PATH_TEXT) >= _MEMO_SIZE:
        _PATH_TEXT.clear()
    _PATH_TEXT[id(place)] = (place, text)
    return text


def entity_place(group: list[Mention], places: dict[Mention, Place]) -> Place:
    """The place one region entity stands for, under the best name the report writes for it: a full,
    alias, town or village name as written, else the short name as written (巍山 in a list of
    counties, 德宏): the official name stays in the place's aliases."""
    written = next((m for m in group if m.attr("form") not in ("short", "common")), None)
    return places[written if written is not None else group[0]]


def resolve_places(document: Document, sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...],
                   rules: Rulebook, gazetteer: Gazetteer) -> dict[Mention, Place]:
    """Map every region mention to its Place (unresolved places keep suffix level and context parent).
    Mentions left out are not places (an ordinary word that looks like one)."""
    people = [(m.start, m.end) for m in mentions if m.type == "person"  # and 浙江大学: a brand
              or m.type == "organization" and m.name.endswith(rules.places.brand_name_endings)]
    regions = [m for m in mentions if m.type == "region"  # 锦州 in 杨锦州: part of a name,
               and not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in people)]
    places = _Resolver(rules.places, gazetteer, regions).resolve()
    repeat_mentions(document, sentences, places, rules.places)
    return places


# ----------------------------------------------------------------------------------- locate facts
@dataclass
class _Frame:
    """The report's frame: the place it names first and most, and the places of each level."""

    place: Place | None
    by_level: dict[str, Place]
    keys: set[str]  # the frame, its ancestors and its subtree as named in the report


def _without_origins(regions: list[tuple[Mention, Place]], text: str, rules: PlaceRules
                     ) -> tuple[list[tuple[Mention, Place]], set[Mention]]:
    """The report's places less its origins: a place helping another (东莞帮扶韶关, 东莞帮扶的209个村) in
    every mention, a place named for its people (善港村人) or a dateline's (中新网东莞…电) in that mention;
    and the places helped."""
    origin: set[str] = set()
    helped: set[Mention] = set()
    for i, (m, place) in enumerate(regions):
        verb = rules.helper_verb_pattern.match(text, m.end)
        if verb is None:
            continue
        first = i  # 我在某县某镇某村帮扶的日子: the place helped in, not the helper
        while first > 0 and regions[first - 1][0].end == regions[first][0].start:
            first -= 1
        if any(text.endswith(w, 0, regions[first][0].start) for w in rules.helper_not_after):
            continue
        after = verb.end()
        following = regions[i + 1][0] if i + 1 < len(regions) else None
        key = _path_text(_official(place))
        if following is not None and following.sentence == m.sentence and 0 <= following.start - after <= 1:
            run = [following]
            for n, _ in regions[i + 2:]:  # 帮扶吉林省延边州: the last of a run written together is helped
                if n.start != run[-1].end:
                    break
                run.append(n)
            target = _path_text(_official(dict(regions)[run[-1]]))
            if target.startswith(key + "/") or key.startswith(target + "/"):
                continue  # 县里帮扶某村: a place helping its own part is no origin
            helped.add(run[-1])
        elif not text.startswith("的", after) or _holds_most(key, regions):
            continue  # 宾阳县帮扶的48个村 in a report about 宾阳县: the report's own area
        origin.add(key)
    out = []
    for m, place in regions:
        if _path_text(_official(place)) in origin:
            continue
        if rules.dateline_after_pattern.match(text, m.end):
            continue  # 中新网东莞7月29日电: the publisher's place
        word = next((w for w in rules.people_words if text.startswith(w, m.end)), None)
        if word is not None and text[m.end + len(word):m.end + len(word) + 1] not in rules.people_word_not_before:
            continue
        out.append((m, place))
    place_of = dict(regions)
    return out, {m for m in helped if m in place_of and _path_text(_official(place_of[m])) not in origin}


_HELPED_WEIGHT = 3.0


def _holds_most(key: str, regions: list[tuple[Mention, Place]]) -> bool:
    """Whether most of the report's other places lie inside the place ``key``."""
    others = [_path_text(_official(p)) for _, p in regions]
    others = [k for k in others if k != key]
    return bool(others) and sum(k.startswith(key + "/") for k in others) * 2 > len(others)


def _frame_factors(regions: list[tuple[Mention, Place]], sentences: tuple[Sentence, ...], text: str,
                   rules: PlaceRules) -> dict[Mention, float]:
    """How much each mention says about what the report is about: nothing for a distance's reference
    point or a source of money (距县城, 争取X资金), a share for each place of a list of three or more
    (吸引了银川、石嘴山、中卫等地的游客: places in passing)."""
    roles = _scope_roles([m for m, _ in regions], sentences, text, rules)
    factor: dict[Mention, float] = {}
    group: list[Mention] = []

    def close() -> None:
        for member in group:
            factor[member] = factor.get(member, 1.0) / (len(group) if len(group) >= 3 else 1)

    for m, _ in regions:
        if roles.get(m.start) in ("distance", "source", "passing"):
            factor[m] = 0.0
        if group and group[-1].sentence == m.sentence and _ENUMERATION_RUN.fullmatch(text, group[-1].end, m.start):
            if group[-1].end != m.start:  # 内蒙古阿拉善盟: one place written with its parent, not a new item
                group.append(m)
            continue
        close()
        group = [m]
    close()
    return factor


_ENUMERATION_RUN = re.compile(r"[、和及与]?|以及")


def _frame(sentences: tuple[Sentence, ...], regions: list[tuple[Mention, Place]], references: Counter,
           factor: dict[Mention, float] | None = None, helped: set[str] | None = None,
           work_places: set[str] | None = None) -> _Frame:
    """The deepest place whose subtree holds most of what the report names (besides the places above
    it): a report about one village names its county and province too, a report about a city's four
    counties is about the city."""
    if not regions:
        return _Frame(None, {}, set())
    weight: Counter = Counter()
    alone: Counter = Counter()  # weight of the mentions standing alone, not opening an address (西藏米林县…)
    alone_in: dict[str, set[int]] = defaultdict(set)  # the paragraphs of those
    named_in: dict[str, set[int]] = defaultdict(set)  # the paragraphs naming each place
    sample: dict[str, Place] = {}
    for n, (m, place) in enumerate(regions):
        key = _path_text(_official(place))
        w = (2 if m.sentence <= 1 else 1) * (factor.get(m, 1.0) if factor else 1.0)
        weight[key] += w
        following = regions[n + 1] if n + 1 < len(regions) else None
        if following is None or following[0].start != m.end \
                or not _path_text(_official(following[1])).startswith(key + "/"):
            alone[key] += w
            alone_in[key].add(sentences[m.sentence].paragraph)
        named_in[key].add(sentences[m.sentence].paragraph)
        sample.setdefault(key, place)
    for key, place in list(sample.items()):  # 全村, 该村, 全区: references to the top place of that level
        if weight[key] == max(weight[k] for k, p in sample.items() if p.level == place.level):
            weight[key] += references.get(place.level, 0)
    nodes: dict[str, Place] = {}
    for place in sample.values():
        for node in _official(place).path:
            nodes.setdefault(_path_text(node), node)
    total = sum(weight.values())
    roots: Counter = Counter()
    for key, w in weight.items():
        roots[key.split("/", 1)[0]] += w
    home = ""
    if len(roots) > 1 and roots.most_common(1)[0][1] > 0.5 * total:
        home = roots.most_common(1)[0][0]  # 东西部协作: the province holding most of the report is its place
        total = roots[home]
    best: tuple[int, int, str] | None = None

    def below_of(key: str) -> float:
        return sum(w for k, w in weight.items() if k == key or k.startswith(key + "/"))

    for key in nodes:
        if home and key.split("/", 1)[0] != home:
            continue
        if helped and any(key.startswith(h + "/") and below_of(key) <= weight[h] for h in helped):
            continue  # 东莞帮扶韶关…江头村: a place inside the helped one frames only if it outweighs it
        below = sum(w for k, w in weight.items() if k == key or k.startswith(key + "/"))
        # the places above count for it, unless it is one paragraph's story (a caption, an example) and an
        # ancestor standing alone (西藏自治区召开…, 西藏已连续选派…) speaks of the wider area in two others
        paragraphs = set().union(*(named_in[k] for k in weight if k == key or k.startswith(key + "/")))
        above = sum(weight[k] - (alone[k] if len(paragraphs) == 1 and len(alone_in[k] - paragraphs) >= 2 else 0)
                    for k in weight if key.startswith(k + "/"))
        if below >= 0.3 * total and below >= 0.6 * (total - above):
            rank = (key.count("/"), below, key)
            best = max(best, rank) if best else rank
    frame_key = best[2] if best else max(weight, key=lambda k: weight[k])
    villages = {k for k, p in sample.items() if p.level == "village" and weight[k] > 0}
    if len(villages) == 1:  # 云南省怒江州福贡县匹河乡老姆登村…(the lead's address): the one village named
        village = next(iter(villages))
        if village.startswith(frame_key + "/") and any(
                _path_text(_official(p)) == village and m.sentence <= 1 and _address_end(m, regions)
                for m, p in regions):
            frame_key = village
    worked = {k for k in (work_places or ()) if k in villages and k.startswith(frame_key + "/")}
    if len(worked) == 1:  # 来到甲村担任第一书记: the one village a cadre or team works in
        frame_key = next(iter(worked))
    as_written = {_path_text(_official(p)): p for p in sample.values()}
    by_level: dict[str, Place] = {}
    for node in nodes[frame_key].path if frame_key in nodes else _official(sample[frame_key]).path:
        by_level[node.level] = as_written.get(_path_text(node), node)
    frame = by_level[nodes[frame_key].level]
    keys = {k for k in sample if k.startswith(frame_key) or frame_key.startswith(k)}
    for level in _RANK:  # below the frame: the most named place of each level inside it
        if level not in by_level:
            inside = [(weight[k], sample[k]) for k in sample if sample[k].level == level and k in keys]
            if inside:
                by_level[level] = max(inside, key=lambda x: x[0])[1]
    return _Frame(frame, by_level, keys)


def _address_end(m: Mention, regions: list[tuple[Mention, Place]]) -> bool:
    """The mention ends a written address of three places or more (云南省怒江州福贡县匹河乡老姆登村)."""
    ends = {o.end: o for o, _ in regions}
    size, at = 1, m
    while at.start in ends:
        at, size = ends[at.start], size + 1
    return size >= _ADDRESS


_ADDRESS = 3


def _common_ancestor(a: Place, b: Place) -> Place | None:
    pa, pb = _official(a).path, _official(b).path
    common = None
    for x, y in zip(pa, pb, strict=False):
        if x.name != y.name:
            break
        common = x
    return common


def locate_facts(document: Document, sentences: tuple[Sentence, ...], quantities: tuple[Quantity, ...],
                 mentions: tuple[Mention, ...], places: dict[Mention, Place],
                 rules: Rulebook, codes: tuple[str, ...] | None = None) -> list[Place | None]:
    """The most specific place each quantity is about (same order as ``quantities``): a place named
    before it in its clause or sentence, else the place the paragraph is about, else the report's frame;
    a count of more villages (or cadres, teams: ``codes`` are the quantities' indicator codes) than that
    place holds goes up to an ancestor that holds them."""
    located = _located(document, sentences, quantities, mentions, places, rules)
    return _fit_area_counts(quantities, codes, located, document.text, rules.places)


def _fit_area_counts(quantities: tuple[Quantity, ...], codes: tuple[str, ...] | None,
                     located: list[Place | None], text: str, rules: PlaceRules) -> list[Place | None]:
    """1041个困难村 placed on a village, 84个贫困村 on a town, 2249名第一书记 on a town: up the chain to the
    first level that can hold that many (``village_counts``, ``code_counts``)."""
    villages = dict(rules.villages_at_most)
    by_code = {(code, unit): dict(most) for group, units, most in rules.code_counts for code in group for unit in units}
    out = list(located)
    for n, (quantity, place) in enumerate(zip(quantities, located, strict=True)):
        if place is None:
            continue
        code = codes[n] if codes is not None else ""
        if (code, quantity.unit) in by_code:
            most = by_code[code, quantity.unit]
        elif villages and quantity.unit == "个" and rules.village_counts_pattern.match(text, quantity.end):
            most = villages
        else:
            continue
        if quantity.value <= most.get(place.level, quantity.value):
            continue
        chain = _official(place).path if place.resolved else place.path
        fit = next((node for node in reversed(chain) if quantity.value <= most.get(node.level, quantity.value)), None)
        if fit is not None and fit.level != place.level:
            out[n] = fit
    return out


def _located(document: Document, sentences: tuple[Sentence, ...], quantities: tuple[Quantity, ...],
             mentions: tuple[Mention, ...], places: dict[Mention, Place],
             rules: Rulebook) -> list[Place | None]:
    place_rules = rules.places
    others = [(m.start, m.end) for m in mentions if m.type in ("organization", "project")]
    regions = sorted(((m, p) for m, p in places.items() if m.type == "region"
                      and not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in others)),
                     key=lambda mp: mp[0].start)
    spans = [(m.start, m.end) for m, _ in regions]
    regions, helped = _without_origins(regions, document.text, place_rules)
    factor = _frame_factors(regions, sentences, document.text, place_rules)
    for m in helped:  # 东莞帮扶韶关: the place helped is where the work is
        factor[m] = factor.get(m, 1.0) * _HELPED_WEIGHT
    helped_keys = {_path_text(_official(places[m])) for m in helped}
    references: list[tuple[int, int, RegionLevel]] = []
    for sentence in sentences:
        for match in place_rules.frame_word_pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if not any(s <= start < e or s < end <= e for s, e in spans):
                references.append((start, end, place_rules.frame_word_levels[match.group()]))
    work_places = {_path_text(_official(p)) for m, p in regions
                   if p.level == "village" and place_rules.work_place_after_pattern.match(document.text, m.end)}
    if place_rules.many_places_pattern.search(document.text):
        work_places = set()  # 全县46名第一书记…甲村第一书记说: one village of an area report
    document_frame = _frame(sentences, regions, Counter(level for _, _, level in references), factor, helped_keys,
                            work_places)
    references = _read_frame_words(references, document.text, document_frame, place_rules)
    frames: dict[int, _Frame] = {}
    own_of: dict[int, list[tuple[Mention, Place]]] = defaultdict(list)
    for m, p in regions:
        own_of[sentences[m.sentence].article].append((m, p))
    starts = [s.start for s in sentences]
    refs_of: dict[int, Counter] = defaultdict(Counter)
    for start, _, level in references:  # each reference counts in the article of its sentence
        at = bisect.bisect_right(starts, start) - 1
        if at >= 0 and start < sentences[at].end:
            refs_of[sentences[at].article][level] += 1
    for article in {s.article for s in sentences}:
        own = own_of.get(article, [])
        frames[article] = _frame(sentences, own, refs_of[article], factor, helped_keys, work_places) \
            if len(own) >= 2 else document_frame
    if len(frames) <= 1:
        return _locate(document, sentences, quantities, mentions, regions, references, document_frame,
                       place_rules, rules.entities, rules.text.documents.caption)
    by_article: dict[int, list[int]] = defaultdict(list)  # each quantity is located on its own:
    for i, quantity in enumerate(quantities):            # one _locate per article's frame suffices
        by_article[sentences[quantity.sentence].article if quantity.sentence < len(sentences) else 0].append(i)
    out: list[Place | None] = [None] * len(quantities)
    span: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        low, _ = span.get(sentence.article, (sentence.index, sentence.index))
        span[sentence.article] = (low, sentence.index + 1)
    for article, members in by_article.items():
        located = _locate(document, sentences, tuple(quantities[i] for i in members), mentions, regions,
                          references, frames.get(article, document_frame), place_rules,
                          rules.entities, rules.text.documents.caption, span.get(article))
        for i, place in zip(members, located, strict=True):
            out[i] = place
    return out


def _locate(document: Document, sentences: tuple[Sentence, ...], quantities: tuple[Quantity, ...],
            mentions: tuple[Mention, ...], regions: list[tuple[Mention, Place]],
            references: list[tuple[int, int, RegionLevel]], frame: _Frame,
            rules: PlaceRules, entity_rules: EntityRules, caption: re.Pattern[str],
            within: tuple[int, int] | None = None) -> list[Place | None]:
    """The place of each quantity; ``within``: the (first, last + 1) sentences of the article the quantities
    belong to, the only ones walked (a topic never carries over an article's start)."""
    text = document.text
    walked = sentences[within[0]:within[1]] if within is not None else sentences
    in_scope = [(m, p) for m, p in regions if frame.place is None or _in_frame(p, frame)]
    in_scope += _second_stories(regions, in_scope)
    in_scope += _neighbours(regions, in_scope, frame)
    roles = _scope_roles([m for m, _ in in_scope], sentences, text, rules)
    by_sentence: dict[int, list[tuple[int, int, Place]]] = defaultdict(list)
    for m, p in in_scope:
        by_sentence[m.sentence].append((m.start, m.end, p))
    for m in mentions:  # a team named for its place (灵珠山街道工作队) stands for that place
        region = m.attr("region") if m.type == "team" else None
        if region:
            match = next((p for rm, p in in_scope if rm.name == region or p.name == region), None)
            if match is not None:
                by_sentence[m.sentence].append((m.start, m.end, match))
    frame_rank = _RANK[frame.place.level] if frame.place else -1
    refs_of: dict[int, list[tuple[int, int, RegionLevel]]] = defaultdict(list)
    starts = [s.start for s in sentences]
    for start, end, level in references:
        index = bisect.bisect_right(starts, start) - 1
        if 0 <= index < len(sentences) and start < sentences[index].end:
            refs_of[index].append((start, end, level))
    wide: set[int] = set()  # whole-area words opening a clause (全旗173个…,159个…): scope the sentence
    above = {_path_text(_official(p)) for p in (frame.place.path[:-1] if frame.place else ())}
    carriers = _carriers(mentions, by_sentence)
    topic: dict[int, Place | None] = {}  # sentence index -> place carried from earlier in the paragraph
    after: dict[int, Place | None] = {}  # sentence index -> the topic once the sentence is read
    current: Place | None = None
    dispatched: Place | None = None  # where the cadre of the last sentences was sent (派驻A村第一书记…)
    paragraph = None
    set_here = False  # the topic was set inside the current paragraph (not carried into it)
    named_paragraphs = {sentences[i].paragraph for i in by_sentence} | {sentences[i].paragraph for i in refs_of}
    generic = entity_rules.generic_subject
    summary = entity_rules.summary_start
    before_quote: tuple[Place | None, Place | None, bool] = (None, None, False)
    left_behind: Place | None = None
    for sentence in walked:
        if sentence.paragraph != paragraph:
            last = dispatched or current
            keep = (last is not None and set_here and sentence.paragraph not in named_paragraphs
                    and paragraph is not None and sentences[sentence.index - 1].article == sentence.article
                    and _RANK[last.level] > frame_rank and not sentence.is_heading
                    and not summary.search(sentence.text) and not generic.search(sentence.text))
            paragraph, set_here = sentence.paragraph, False
            # (what the last paragraph was about, for a whole-area word of its level: 杨某担任甲村第一书记… ¶
            # 全村油茶发展到5000多亩 is 甲村)
            left_behind = last if last is not None and sentences[sentence.index - 1].article == sentence.article \
                and _RANK[last.level] > frame_rank else None
            current, dispatched = (last if keep else None), None  # a paragraph naming no place goes on
            carried = [place for name, place in carriers.items() if name in sentence.text]  # named again
            if carried and not by_sentence.get(sentence.index):
                current = carried[0]
        else:
            overview = summary.search(sentence.text) or generic.search(sentence.text)
            if dispatched is not None and (overview or rules.dispatch_word_pattern.search(sentence.text)):
                dispatched = None  # another cadre, a summary or all teams: back to the paragraph's place
            if overview and not set_here:
                current = None  # all teams of the report: a topic carried from before does not hold
        topic[sentence.index] = dispatched or current
        for start, end, level in refs_of.get(sentence.index, []):
            if rules.passing_after_pattern.match(text, end):
                continue  # 成立全区首家合作社: the area a first ranks within, not the subject
            target = _reference_target(level, start, by_sentence.get(sentence.index, []), current or left_behind,
                                       frame)
            if target is None:
                continue
            opening = sentence.start + _clause_start(sentence.text, start - sentence.start)
            earlier = [p for s, _, p in by_sentence.get(sentence.index, []) if s < start]
            if start - opening > 2 and any(_RANK[p.level] > _RANK[target.level] for p in earlier):
                continue  # 上堭村抓住全市…的机遇: a whole-area word inside a clause about a smaller place
            if start - opening <= 2:
                wide.add(start)
            by_sentence[sentence.index].append((start, end, target))
        here = sorted(by_sentence.get(sentence.index, []))
        subject_end = sentence.start + _subject_end(sentence.text, rules)
        first = topic_first_sentence(sentence, sentences)
        sent_to = {_path_text(_official(p)) for start, _, p in here if roles.get(start) == "dispatch"}
        named = [(start, end, p) for start, end, p in here
                 if _path_text(_official(p)) not in above and start not in roles
                 and _path_text(_official(p)) not in sent_to
                 and (first or start < subject_end)
                 and not (current is not None and start >= subject_end and _is_ancestor(p, current))]
        for start, _, p in here:  # 据介绍,5年来,大庆市…累计下派983人,投入资金1.98亿元: the subject's place
            if start < subject_end and start not in roles and _path_text(_official(p)) in above \
                    and not any(s < start and _RANK[q.level] > _RANK[p.level] for s, _, q in here):
                wide.add(start)  # (not 六龙村是宾阳县48个贫困村之一: the village is the subject)
        if named:
            current = _topic_place(named, text)
            dispatched = None
            set_here = True
        sent = [(start, end, p) for start, end, p in here if roles.get(start) == "dispatch"]
        if sent:
            dispatched = _topic_place(sent, text)
            set_here = True
        after[sentence.index] = dispatched or current
        if _attribution(sentence, sentences, entity_rules.speech_verbs):
            current, dispatched, set_here = before_quote  # “…”某村书记某某说。: the speaker's place ends with the quote
        if sentence.text[:1] not in rules.quote_marks:
            before_quote = (current, dispatched, set_here)
        if caption.search(sentence.text):  # 图为…, …摄: a photo caption's place does not carry into the story
            current, dispatched, set_here = None, None, False
    for sentence in walked:  # “我们村…”, then who said it: 班帅村党总支书记岩普鲁说
        index = sentence.index
        if topic_first_sentence(sentence, sentences) and sentence.text[:1] in rules.quote_marks:
            run = [index]  # the quote may run over several sentences before its speaker
            while run[-1] + 1 < len(sentences) and sentences[run[-1] + 1].paragraph == sentence.paragraph \
                    and not by_sentence.get(run[-1]) and len(run) <= _QUOTE_RUN:
                run.append(run[-1] + 1)
            said = run.pop()
            if not run or by_sentence.get(run[-1]) or not by_sentence.get(said):
                continue
            speaker = [x for x in by_sentence.get(said, []) if x[0] not in roles]
            for quoted in run:
                topic[quoted] = _topic_place(sorted(speaker), text) if speaker else after.get(said) or topic[quoted]
    out: list[Place | None] = []
    for quantity in quantities:
        sentence = sentences[quantity.sentence] if quantity.sentence < len(sentences) else None
        named = [x for x in by_sentence.get(quantity.sentence, []) if x[1] <= quantity.start
                 and roles.get(x[0]) not in _NOT_SUBJECT
                 and not _CLAUSE_GROUP.search(text, x[1], quantity.start)
                 and (_path_text(_official(x[2])) not in above or x[0] in wide
                      or not _CLAUSE.search(text, x[1], quantity.start))]
        place = None
        beyond = _BEYOND.match(text, quantity.end) if quantity.dimension in (None, "length") else None
        there = [x for x in by_sentence.get(quantity.sentence, []) if beyond and x[0] == beyond.end()]
        if there:  # 与100多公里外的安泽, 镇驻地以西7公里的鲁山村: a distance names the place it reaches
            place = there[0][2]
        elif named and sentence is not None:
            place = _nearest(named, sentence, text)
        elif sentence is not None and topic.get(sentence.index) is None:  # 带动87户…驻祥云镇作礼村第一书记
            later = [x for x in by_sentence.get(quantity.sentence, []) if x[0] >= quantity.end  # 杨某的规划: the
                     and roles.get(x[0]) == "dispatch" and _RANK[x[2].level] > frame_rank  # cadre's village
                     and not _CLAUSE_GROUP.search(text, quantity.end, x[0])]
            place = _topic_place(sorted(later), text) if later else None
        if place is None and sentence is not None:
            place = topic.get(sentence.index)
        out.append(place or frame.place)
    return out


def _second_stories(regions: list[tuple[Mention, Place]], in_scope: list[tuple[Mention, Place]]
                    ) -> list[tuple[Mention, Place]]:
    """Villages outside the frame that a story of their own is about: written once with their full
    address (新野县上港乡王白村) and named again, as a second story of the report opens."""
    count = Counter(_path_text(_official(p)) for _, p in regions if p.level == "village")
    addressed = {_path_text(_official(p)) for m, p in regions
                 if p.level == "village" and p.resolved and _address_end(m, regions)}
    kept = {id(m) for m, _ in in_scope}
    return [(m, p) for m, p in regions if id(m) not in kept and p.level == "village"
            and _path_text(_official(p)) in addressed and count[_path_text(_official(p))] >= 2]


def _neighbours(regions: list[tuple[Mention, Place]], in_scope: list[tuple[Mention, Place]], frame: _Frame
                ) -> list[tuple[Mention, Place]]:
    """Towns and villages outside the frame but in its city, written with their own town (文昌街道南马庄村):
    an area report's other work places, which keep the figures their clauses give them."""
    if frame.place is None or _RANK[frame.place.level] < _RANK["county"]:
        return []
    city = _at_level(_official(frame.place), "city")
    if city is None:
        return []
    kept = {id(m) for m, _ in in_scope}
    town_before = {m.end for m, p in regions if p.level == "town"}
    return [(m, p) for m, p in regions if id(m) not in kept and p.level in ("town", "village")
            and (p.resolved if p.level == "town" else m.start in town_before)
            and _path_text(_official(p)).startswith(_path_text(city) + "/")]


_BEYOND = re.compile(r"(?:以?外的?|的)")
_NOT_SUBJECT = ("distance", "locative", "source", "passing")


_QUOTE_RUN = 4  # sentences a quotation opening a paragraph may run before the one naming its speaker


def _attribution(sentence: Sentence, sentences: tuple[Sentence, ...], speech_verbs: tuple[str, ...]) -> bool:
    """The sentence only says who spoke the quotation before it (“…。”吉宝峪青崖村党支部书记某某说。)."""
    index = sentence.index
    if index == 0 or sentences[index - 1].paragraph != sentence.paragraph:
        return False
    body = sentence.text.strip().rstrip("。!?")
    return sentences[index - 1].text.rstrip().endswith(("”", "」", "』")) and len(body) <= _ATTRIBUTION_LENGTH \
        and not _CLAUSE.search(body) and body.endswith(speech_verbs)


_ATTRIBUTION_LENGTH = 40


def _subject_end(text: str, rules: PlaceRules) -> int:
    """Where a sentence's subject part ends: its first clause, or the clause after up to two short
    opening adverbials (两年来,梁山县…; 据介绍,5年来,大庆市…)."""
    start = skipped = 0
    for clause in _CLAUSE.finditer(text):
        if clause.start() - start > rules.max_adverbial_length or skipped == 2:
            return clause.start()
        start, skipped = clause.end(), skipped + 1
    return len(text)


def _clause_start(text: str, at: int) -> int:
    """Offset in ``text`` where the clause holding ``at`` begins."""
    before = [m.end() for m in _CLAUSE.finditer(text, 0, at)]
    return before[-1] if before else 0


def _read_frame_words(references: list[tuple[int, int, RegionLevel]], text: str, frame: _Frame,
                      rules: PlaceRules) -> list[tuple[int, int, RegionLevel]]:
    """全区 means the district, or the autonomous region when the report's place has no district on its
    chain (西藏日喀则市…全区各级驻村工作队): the word's own character ends the name of the place it means."""
    instead = dict(rules.frame_word_or)
    if not instead:
        return references
    out = []
    for start, end, level in references:
        other = instead.get(text[start:end])
        if other is not None:
            mark = text[end - 1]
            here, there = frame.by_level.get(level), frame.by_level.get(other)
            if there is not None and _official(there).name.endswith(mark) \
                    and (here is None or not _official(here).name.endswith(mark)):
                level = other
        out.append((start, end, level))
    return out


def _reference_target(level: RegionLevel, start: int, named: list[tuple[int, int, Place]],
                      current: Place | None, frame: _Frame) -> Place | None:
    """The place a whole-area word (全区, 该村) means: the place of that level on the chain of what the
    sentence or paragraph is about (辽阳市宏伟区:…全区… is 宏伟区), else the report's place of that level."""
    for _, _, place in sorted((x for x in named if x[0] < start), reverse=True):
        found = _at_level(place, level)
        if found is not None:
            return found
    if current is not None:
        found = _at_level(current, level)
        if found is not None:
            return found
    if _RANK[level] > (_RANK[frame.place.level] if frame.place else -1):
        return None  # 全村 in a county report: the village under discussion, which the topic carries
    return frame.by_level.get(level)


def _at_level(place: Place, level: RegionLevel) -> Place | None:
    if place.level == level:
        return place
    return next((node for node in _official(place).path if node.level == level), None)


def _scope_roles(regions: list[Mention], sentences: tuple[Sentence, ...], text: str,
                 rules: PlaceRules) -> dict[int, str]:
    """Start offset -> scope cue kind, for places whose run (派驻馆驿镇西张庄村, 驻A村、B村) follows a
    dispatch, distance, locative or source cue. A locative cue counts only after an earlier place of
    the sentence (A村地处B县: A村 stays the subject)."""
    pattern, kinds = rules.scope_cue_pattern, rules.scope_cue_kind
    out: dict[int, str] = {}
    ordered = sorted(regions, key=lambda m: m.start)
    head: Mention | None = None
    previous: Mention | None = None
    runs: list[list[Mention]] = []
    for m in ordered:
        if previous is None or previous.sentence != m.sentence or not (
                previous.end == m.start or (m.start - previous.end == 1 and _ENUMERATION.match(text[previous.end]))):
            head = m
            runs.append([])
        runs[-1].append(m)
        previous = m
        assert head is not None
        cue = pattern.search(text, max(sentences[m.sentence].start, head.start - 4), head.start)
        if cue is None:
            if rules.distance_after_pattern.match(text, m.end):  # …、白沙县城62公里
                out[m.start] = "distance"
            continue
        kind = kinds[cue.group()]
        if kind == "locative" and not any(o.sentence == m.sentence and o.end <= head.start for o in ordered):
            continue
        out[m.start] = kind
    for run in runs:  # 销往哈尔滨、大庆、齐齐哈尔等地: places in passing
        if rules.passing_after_pattern.match(text, run[-1].end):
            for m in run:
                out[m.start] = "passing"
    return out


def _topic_place(named: list[tuple[int, int, Place]], text: str) -> Place:
    """What a sentence's places make the topic: the most specific one, or, when several places of
    that level are named (赴阿克苏地区、喀什地区), the place they share."""
    deepest = max(_RANK[p.level] for _, _, p in named)
    distinct = {_path_text(_official(p)): p for _, _, p in named if _RANK[p.level] == deepest}
    if len(distinct) > 1:
        common: Place | None = None
        for place in distinct.values():
            common = place if common is None else _common_ancestor(common, place)
            if common is None:
                break
        if common is not None:
            return common
    return _most_specific([p for _, _, p in named])


def topic_first_sentence(sentence: Sentence, sentences: tuple[Sentence, ...]) -> bool:
    """Whether the sentence opens its paragraph (its places set the paragraph's topic)."""
    return sentence.index == 0 or sentences[sentence.index - 1].paragraph != sentence.paragraph


def _is_ancestor(a: Place, b: Place) -> bool:
    """Whether ``a`` lies strictly above ``b``."""
    pa, pb = _path_text(_official(a)), _path_text(_official(b))
    return pa != pb and pb.startswith(pa + "/")


def _carriers(mentions: tuple[Mention, ...], by_sentence: dict[int, list[tuple[int, int, Place]]]
              ) -> dict[str, Place]:
    """People and teams first named with a place (隐珠街道工作队队长宋成富) carry it into later paragraphs.

    A team carries only a place written inside its own name: a generic name (工作队) recurs for
    every team of a report and would drag one team's place onto figures of all of them.
    """
    out: dict[str, Place] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type not in ("person", "team") or m.name in out or not by_sentence.get(m.sentence):
            continue
        named = sorted(by_sentence[m.sentence])
        if m.type == "team":
            named = [(start, end, place) for start, end, place in named if m.start <= start and end <= m.end]
        if named:
            out[m.name] = _most_specific([p for _, _, p in named])
    return out


def _in_frame(place: Place, frame: _Frame) -> bool:
    key = _path_text(_official(place))
    return key in frame.keys or any(key.startswith(k) for k in frame.keys)


def _most_specific(found: list[Place]) -> Place:
    return max(enumerate(found), key=lambda ip: (_RANK[ip[1].level], ip[0]))[1]


def _nearest(named: list[tuple[int, int, Place]], sentence: Sentence, text: str) -> Place:
    """The last place named before the number; an enumeration (A村、B村) goes to what they share."""
    named = sorted(named)
    last = named[-1][2]
    group = [last]
    for (_, end, earlier), (start, _, _) in zip(reversed(named[:-1]), reversed(named[1:]), strict=True):
        if _ENUMERATION.match(text[end:start]) and earlier.level == last.level:
            group.append(earlier)
        else:
            break
    if len(group) > 1:
        common: Place | None = group[0]
        for other in group[1:]:
            common = _common_ancestor(common, other) if common else None
        return common or last
    return last
