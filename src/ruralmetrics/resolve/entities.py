"""Entities: mentions of one person, team, organization, project or place merged into one Entity.

People: a three-character name whose two-character prefix recurs with other followers in the report is
cut to the prefix (何源严格 -> 何源); names that start a place name of the report are dropped (张家楼).
Teams: one team written two ways is one Entity (灵珠山街道工作队 = 灵珠山街道乡村振兴工作队): the mention
key drops modifiers, and a key that ends another key (兴宾区工作队 in 来宾市兴宾区工作队) joins it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace

from ..extract.names import find_all
from ..records import Document, Entity, Mention, Place
from ..rulebook import Rulebook
from ..rulebook.entities import EntityRules
from .places import entity_place

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _refine_person(mention: Mention, text: str, rules: EntityRules, names: frozenset[str] = frozenset()) -> Mention:
    """A three-character name whose last character is an ordinary follower of its first two elsewhere
    (李明说 where 李明 is written with other followers) is cut to two; not when punctuation closes it
    (王某逸) or another person's name shares its first two characters (王某逸 and 王某伟: two people)."""
    name = mention.name
    surname = rules.surname_at.match(name)
    if surname is None or len(name) - surname.end() != 2:
        return mention
    if mention.end < len(text) and not _CJK.match(text[mention.end]):
        return mention
    prefix = name[:-1]
    if any(other != name and len(other) == len(name) and other.startswith(prefix) for other in names):
        return mention
    followers = Counter(text[i + len(prefix)] for i in find_all(text, prefix) if i + len(prefix) < len(text))
    if sum(followers.values()) > followers[name[-1]] and len(followers) >= 2 and followers[name[-1]] <= 1:
        return replace(mention, name=prefix, end=mention.end - 1)
    return mention


def _team_groups(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Group team mentions by key; a key that ends a longer key (a higher place in front) joins the shorter,
    and teams of one sending unit (省委某局驻村工作队 = 辽宁省委某局驻某村工作队) are one team."""
    by_key: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_key.setdefault(mention.attr("key") or mention.name, []).append(mention)
    keys = sorted(by_key, key=len)
    merged: dict[str, list[Mention]] = {}
    for key in keys:
        home = next((k for k in merged if key.endswith(k)), None)
        if home is None:
            units = {u for m in by_key[key] if (u := m.attr("sending_unit"))}
            home = next((k for k in merged if any(_same_unit(u, m.attr("sending_unit")) for u in units
                                                  for m in merged[k])), None)
        merged.setdefault(home or key, []).extend(by_key[key])
    return merged


def _same_unit(unit: str, other: str | None) -> bool:
    return bool(other) and len(min(unit, other, key=len)) >= 3 and (unit.endswith(other) or other.endswith(unit))


def _team_name(group: list[Mention], rules: EntityRules) -> str:
    if all(m.attr("generic") for m in group):
        return group[0].attr("key") or group[0].name  # the report's generic team: its longest written form
    counts = Counter(m.name for m in group)
    keys = {m.name: len(m.attr("key") or m.name) for m in group}
    stationed = {m.name for m in group if m.attr("region") and m.attr("sending_unit")}

    def rank(name: str) -> tuple[bool, int, int, int]:
        # a name with both its sending unit and its village is the full one; else the shortest key
        return (name not in stationed, keys[name] if name not in stationed else -keys[name], -counts[name], -len(name))

    return min(counts, key=rank)


def _report_teams(teams: list[Mention], regions: dict[int, list[Mention]], places: dict[Mention, Place]) -> list[Mention]:
    """The team mentions that name a team: named ones whose unit has a place inside or is named twice; the
    generic ones only when the report names no team (then they all are its one team, its longest form)."""
    named = []
    recurring = Counter(m.attr("key") for m in teams if m.attr("needs_place"))
    for mention in teams:
        if mention.attr("generic"):
            continue
        if mention.attr("needs_place"):
            unit_end = mention.end - 2
            placed = any(mention.start <= r.start and r.end <= unit_end and r in places
                         for r in regions.get(mention.sentence, ()))
            if not placed and recurring[mention.attr("key")] < 2:
                continue  # a unit named once with neither suffix nor place: a slogan, not a team
            mention = replace(mention, attrs=tuple(a for a in mention.attrs if a[0] != "needs_place"))
        named.append(mention)
    if named:
        return named
    generic = [m for m in teams if m.attr("generic")]
    if not generic:
        return []
    counts = Counter(m.name for m in generic)
    name = max(counts, key=lambda n: (len(n), counts[n]))
    return [replace(m, attrs=(("key", name), ("generic", "1"))) for m in generic]


def _by_sentence(regions: list[Mention]) -> dict[int, list[Mention]]:
    """Region mentions by sentence, in text order (looked up per mention, not scanned: linear time)."""
    found: dict[int, list[Mention]] = {}
    for region in sorted(regions, key=lambda r: r.start):
        found.setdefault(region.sentence, []).append(region)
    return found


def _place_inside(mention: Mention, regions: dict[int, list[Mention]], places: dict[Mention, Place]) -> Place | None:
    """The place of the last region mention inside ``mention`` (its sentence's mentions are sorted by start)."""
    here = regions.get(mention.sentence, [])
    low = bisect.bisect_left(here, mention.start, key=lambda r: r.start)
    high = bisect.bisect_left(here, mention.end, key=lambda r: r.start)
    inside = [r for r in here[low:high] if r.end <= mention.end and r in places]
    return places[inside[-1]] if inside else None


def _place_before(mention: Mention, regions: dict[int, list[Mention]], places: dict[Mention, Place]) -> Place | None:
    """The place of the last region mention of its sentence that ends before ``mention``."""
    here = regions.get(mention.sentence, [])
    at = bisect.bisect_left(here, mention.start, key=lambda r: r.start)
    return next((places[r] for r in reversed(here[:at]) if r.end <= mention.start and r in places), None)


def _bodies(document: Document, mentions: tuple[Mention, ...], regions: dict[int, list[Mention]],
            region_names: set[str], places: dict[Mention, Place], er: EntityRules) -> list[Entity]:
    """Organization and project entities: the publisher joins the organizations; a project word inside an
    organization's name (武汉工程 in 武汉工程科技学院) is none; names of one body written two ways are one."""
    orgs = [m for m in mentions if m.type == "organization"]
    orgs.extend(_publishers(document, orgs))
    orgs_at = _by_sentence(orgs)
    projects = [m for m in mentions if m.type == "project"
                and not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                            for o in orgs_at.get(m.sentence, ()))]
    entities = []
    for kind, group_of in (("organization", orgs), ("project", projects)):
        for group in _name_groups(group_of, region_names, er, kind, document.text):
            name = _body_name(group, region_names, er, kind)
            place = None
            if kind == "project":
                place = next((p for m in group if (p := _place_inside(m, regions, places)) is not None), None) \
                    or next((p for m in group if (p := _place_before(m, regions, places)) is not None), None)
            attrs = tuple(dict.fromkeys((k, v) for m in group for k, v in m.attrs))
            entities.append(Entity(type=kind, name=name, place=place, mentions=tuple(group), attrs=attrs))
    return entities


def _publishers(document: Document, orgs: list[Mention]) -> list[Mention]:
    """The publisher of the source line as an organization (两家: 某报、某网 gives two)."""
    if not document.source:
        return []
    names = [n.strip() for n in _SOURCE_SPLIT.split(document.source) if len(n.strip()) >= 2]
    at = max(document.text.find(document.source), 0)
    return [Mention(type="organization", name=n, start=at, end=at + len(n), sentence=-1)
            for n in names if not any(m.name == n for m in orgs)]


_SOURCE_SPLIT = re.compile(r"[、,，/;；·]|和")  # (某新闻网·某客户端: two names of one house, two rows)
_COMPANY_FORMS = ("有限责任公司", "股份有限公司", "有限公司", "集团公司", "集团", "公司")
_PUBLISHER_FORMS = ("社",)
_MEDIA_ENDS = ("网", "社", "报", "在线", "电视台", "客户端", "频道")


def _stem(name: str) -> str:
    for form in _COMPANY_FORMS:
        if name.endswith(form) and len(name) > len(form) + 1:
            return name[: -len(form)]
    return name


def _same_body(short: str, long: str, region_names: set[str], er: EntityRules, kind: str) -> bool:
    """Whether ``long`` and ``short`` name one body: a place before it (辽宁省委老干部局 = 省委老干部局,
    宣化区政协 = 区政协), a publisher's 社 (湖南日报社 = 湖南日报), one company written two ways
    (金川集团 = 金川公司); any longer project name ending in a shorter one (规模化蔬菜种植基地)."""
    if short == long:
        return True
    if long.endswith(short):
        head = long[: -len(short)]
        if kind == "project" or er.place_tail.fullmatch(head) or head in region_names \
                or any(r.startswith(head) for r in region_names) or short[0] in "省市州盟县区旗镇乡":
            return True
    if any(long == short + form for form in _PUBLISHER_FORMS):
        return True
    if kind == "organization" and long.startswith(short) and short.endswith(_MEDIA_ENDS):
        return True  # 中新网重庆, 新华社客户端河南频道: a publisher's edition
    if kind == "organization" and short.endswith("办") and long.endswith("办公室") and _in_order(short[:-1], long):
        return True  # 某区秦岭办 = 某市某区秦岭生态环境保护管理委员会办公室: an office by its short name
    return kind == "organization" and _stem(short) == _stem(long) != short and len(_stem(short)) >= 2


def _in_order(short: str, long: str) -> bool:
    at = 0
    for char in short:
        at = long.find(char, at) + 1
        if not at:
            return False
    return True


def _name_groups(mentions: list[Mention], region_names: set[str], er: EntityRules,
                 kind: str, text: str = "") -> list[list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (len(m.name), m.start)):
        home = next((n for n in groups if _same_body(n, mention.name, region_names, er, kind)), mention.name)
        groups.setdefault(home, []).append(mention)
    # 某大学附属医院(省某医院): a name in brackets right after another is its alias
    alias = {}
    for mention in mentions:
        if mention.sentence >= 0 and text[mention.end:mention.end + 1] in ("(", "（"):
            other = next((m for m in mentions if m.sentence == mention.sentence and m.start == mention.end + 1
                          and text[m.end:m.end + 1] in (")", "）")), None)
            if other is not None:
                alias[other.name] = mention.name
    merged: dict[str, list[Mention]] = {}
    for name, group in groups.items():
        home = next((n for n, g in groups.items() if alias.get(name) in {m.name for m in g}), name)
        merged.setdefault(home, []).extend(group)
    return list(merged.values())


def _body_name(group: list[Mention], region_names: set[str], er: EntityRules, kind: str) -> str:
    """A project by its shortest name with its place, if written with one (glued words fall away:
    距离某基地); an organization by its fullest name."""
    names = [m.name for m in group]
    if kind == "project":
        base = min(names, key=len)
        placed = [n for n in names if n != base and n.endswith(base)
                  and (n[: -len(base)] in region_names or er.place_tail.fullmatch(n[: -len(base)]))]
        return max(placed, key=len) if placed else base
    return max(names, key=lambda n: (len(n), -names.index(n)))


def collect_entities(document: Document, mentions: tuple[Mention, ...], places: dict[Mention, Place],
                     rules: Rulebook) -> tuple[Entity, ...]:
    er = rules.entities
    text = document.text
    regions = [m for m in mentions if m.type == "region"]
    regions_at = _by_sentence(regions)
    region_names = {m.name for m in regions} | {p.name for p in places.values()}
    teams = _report_teams([m for m in mentions if m.type == "team"], regions_at, places)
    entities: list[Entity] = []

    # places: one Entity per Place; a region mention resolve_places left out was judged not a place
    grouped_regions: dict[object, list[Mention]] = {}
    for mention in regions:
        place = places.get(mention)
        if place is not None:
            grouped_regions.setdefault((place.code or place.path_text, place.level), []).append(mention)
    publisher = rules.places.dateline_after_pattern
    codes = {node.code for p in places.values() for node in p.path[:-1] if node.code}
    for group in grouped_regions.values():
        code = places[group[0]].code
        if all(publisher.match(text, m.end) for m in group) and code is not None and code not in codes:
            continue  # 新华社甲市5月8日电 in a report about another city's village: only the publisher's place
        place = entity_place(group, places)
        entities.append(Entity(type="region", name=place.name, place=place, mentions=tuple(group)))

    # teams
    team_of_mention: dict[Mention, str] = {}
    for group in _team_groups(teams).values():
        name = _team_name(group, er)
        for mention in group:
            team_of_mention[mention] = name
        place = next((p for m in group if (p := _place_inside(m, regions_at, places)) is not None), None)
        attrs = tuple(dict.fromkeys((k, v) for m in group for k, v in m.attrs if k not in ("key", "generic")))
        entities.append(Entity(type="team", name=name, place=place, mentions=tuple(group), attrs=attrs))

    # people
    people: dict[str, list[Mention]] = {}
    person_names = frozenset(m.name for m in mentions if m.type == "person")
    for mention in mentions:
        if mention.type != "person":
            continue
        mention = _refine_person(mention, text, er, person_names)
        if any(region.startswith(mention.name) for region in region_names):
            continue
        people.setdefault(mention.name, []).append(mention)
    for name, group in people.items():
        role = min((m.role for m in group), key=er.role_rank)
        attrs: list[tuple[str, str]] = []
        place = None
        for mention in group:
            for team in teams:
                between = text[team.end:mention.start]
                if team.sentence == mention.sentence and team.end <= mention.start and len(between) <= 10 \
                        and any(between.startswith(t) for t in er.member_titles):
                    attrs.append(("team", team_of_mention[team]))
                    place = place or _place_inside(team, regions_at, places)
        entities.append(Entity(type="person", name=name, role=role, place=place, mentions=tuple(group),
                               attrs=tuple(dict.fromkeys(attrs))))

    # organizations and projects: one Entity per body, however many ways it is written
    entities.extend(_bodies(document, mentions, regions_at, region_names, places, er))
    return _link_people(entities, text, er)


def _link_people(entities: list[Entity], text: str, rules: EntityRules) -> tuple[Entity, ...]:
    """Each person's team and sending unit where the report says so, as attrs ("team", …), ("organization", …).

    Team: 某某工作队队长某某 (done while collecting), 以某某为队长的某某工作队, a cadre leading a team
    (某某带着某某工作队), or a team-only title (队长, 队员)
    in a report of one team. Unit: an organization that sends, in the person's clause (某公司派驻某村第一书记
    某某, 某某被某局派到…, 某某是某局派驻…的第一书记); failing that, the sending unit of the person's team.
    """
    teams = [e for e in entities if e.type == "team"]
    orgs = [(m, e.name) for e in entities if e.type == "organization" for m in e.mentions]
    linked: list[Entity] = []
    for entity in entities:
        if entity.type != "person":
            linked.append(entity)
            continue
        attrs = dict(entity.attrs)
        if "team" not in attrs:
            team = _team_after(entity, teams, text, rules) or (
                teams[0].name if len(teams) == 1 and entity.role in rules.team_only_titles else None)
            if team:
                attrs["team"] = team
        if "organization" not in attrs:
            unit = _sending_unit(entity, orgs, text, rules)
            if unit is None and "team" in attrs:
                unit = max((v for e in teams if e.name == attrs["team"] for k, v in e.attrs
                            if k == "sending_unit"), key=len, default=None)  # its fullest written form
                # the organization row of that unit where the report names it (辽宁省委老干部局 for 省委老干部局)
                unit = next((name for _, name in orgs if unit and (name == unit or name.endswith(unit))), unit)
            if unit:
                attrs["organization"] = unit
        linked.append(replace(entity, attrs=tuple(attrs.items())) if attrs != dict(entity.attrs) else entity)
    return tuple(linked)


def _team_after(person: Entity, teams: list[Entity], text: str, rules: EntityRules) -> str | None:
    """以某某为队长的某某工作队, 某某带领某某工作队: the team a person leads, named right after them."""
    for mention in person.mentions:
        for team in teams:
            for tm in team.mentions:
                if tm.sentence == mention.sentence and 0 <= tm.start - mention.end <= 12 and (
                        rules.leads_team.fullmatch(text, mention.end, tm.start)
                        or (rules.is_credited(person.role) and rules.lead_link.fullmatch(text, mention.end, tm.start))):
                    return team.name
    return None


def _sending_unit(person: Entity, orgs: list[tuple[Mention, str]], text: str, rules: EntityRules) -> str | None:
    """The organization that sent a person, named in the person's clause with a dispatch verb."""
    for mention in person.mentions:
        for org, name in orgs:
            if org.sentence != mention.sentence:
                continue
            if org.end <= mention.start:  # 某公司派驻某村第一书记某某 / 某局选派的第一书记某某
                if rules.sent_before.fullmatch(text, org.end, mention.start):
                    return name
            elif mention.end <= org.start and rules.sent_after_gap.fullmatch(text, mention.end, org.start) \
                    and rules.sent_after.match(text, org.end):  # 某某被某局派到… / 某某是某局派驻…的第一书记
                return name
    return None
