"""Entities: mentions of one person, team, organization, project or place merged into one Entity.

People: a three-character name whose two-character prefix recurs with other followers in the report is
cut to the prefix (何源严格 -> 何源); names that start a place name of the report are dropped (张家楼).
Teams: one team written two ways is one Entity (灵珠山街道工作队 = 灵珠山街道乡村振兴工作队): the mention
key drops modifiers, and a key that ends another key (兴宾区工作队 in 来宾市兴宾区工作队) joins it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..records import Document, Entity, Mention, Place
from ..rulebook import Rulebook
from ..rulebook.entities import EntityRules
from .places import entity_place


def _refine_person(mention: Mention, text: str, rules: EntityRules) -> Mention:
    name = mention.name
    surname = rules.surname_at.match(name)
    if surname is None or len(name) - surname.end() != 2:
        return mention
    prefix = name[:-1]
    followers = Counter(text[i + len(prefix)] for i in _find_all(text, prefix) if i + len(prefix) < len(text))
    if sum(followers.values()) > followers[name[-1]] and len(followers) >= 2 and followers[name[-1]] <= 1:
        return replace(mention, name=prefix, end=mention.end - 1)
    return mention


def _find_all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _team_groups(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Group team mentions by key; a key that ends a longer key (a higher place in front) joins the shorter."""
    by_key: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_key.setdefault(mention.attr("key") or mention.name, []).append(mention)
    keys = sorted(by_key, key=len)
    merged: dict[str, list[Mention]] = {}
    for key in keys:
        home = next((k for k in merged if key.endswith(k)), None)
        merged.setdefault(home or key, []).extend(by_key[key])
    return merged


def _team_name(group: list[Mention], rules: EntityRules) -> str:
    counts = Counter(m.name for m in group)
    keys = {m.name: len(m.attr("key") or m.name) for m in group}

    def rank(name: str) -> tuple[int, int, int]:
        return (keys[name], -counts[name], -len(name))

    return min(counts, key=rank)


def _place_inside(mention: Mention, regions: list[Mention], places: dict[Mention, Place]) -> Place | None:
    inside = [r for r in regions if r.sentence == mention.sentence and mention.start <= r.start and r.end <= mention.end
              and r in places]
    return places[inside[-1]] if inside else None


def _place_before(mention: Mention, regions: list[Mention], places: dict[Mention, Place]) -> Place | None:
    before = [r for r in regions if r.sentence == mention.sentence and r.end <= mention.start and r in places]
    return places[before[-1]] if before else None


def collect_entities(document: Document, mentions: tuple[Mention, ...], places: dict[Mention, Place],
                     rules: Rulebook) -> tuple[Entity, ...]:
    er = rules.entities
    text = document.text
    regions = [m for m in mentions if m.type == "region"]
    region_names = {m.name for m in regions} | {p.name for p in places.values()}
    teams = [m for m in mentions if m.type == "team"]
    entities: list[Entity] = []

    # places: one Entity per Place; a region mention resolve_places left out was judged not a place
    grouped_regions: dict[object, list[Mention]] = {}
    for mention in regions:
        place = places.get(mention)
        if place is not None:
            grouped_regions.setdefault((place.code or place.path_text, place.level), []).append(mention)
    for group in grouped_regions.values():
        place = entity_place(group, places)
        entities.append(Entity(type="region", name=place.name, place=place, mentions=tuple(group)))

    # teams
    team_of_mention: dict[Mention, str] = {}
    for group in _team_groups(teams).values():
        name = _team_name(group, er)
        for mention in group:
            team_of_mention[mention] = name
        place = next((p for m in group if (p := _place_inside(m, regions, places)) is not None), None)
        attrs = tuple(dict.fromkeys((k, v) for m in group for k, v in m.attrs if k != "key"))
        entities.append(Entity(type="team", name=name, place=place, mentions=tuple(group), attrs=attrs))

    # people
    people: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.type != "person":
            continue
        mention = _refine_person(mention, text, er)
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
                    place = place or _place_inside(team, regions, places)
        entities.append(Entity(type="person", name=name, role=role, place=place, mentions=tuple(group),
                               attrs=tuple(dict.fromkeys(attrs))))

    # organizations and projects: one Entity per name
    for kind in ("organization", "project"):
        named: dict[str, list[Mention]] = {}
        for mention in sorted((m for m in mentions if m.type == kind), key=lambda m: len(m.name)):
            home = next((n for n in named if mention.name.endswith(n) and mention.name != n
                         and er.place_tail.fullmatch(mention.name[: -len(n)])), mention.name)
            named.setdefault(home, []).append(mention)
        for name, group in named.items():
            place = None
            if kind == "project":
                place = next((p for m in group if (p := _place_inside(m, regions, places)) is not None), None) \
                    or next((p for m in group if (p := _place_before(m, regions, places)) is not None), None)
            attrs = tuple(dict.fromkeys((k, v) for m in group for k, v in m.attrs))
            entities.append(Entity(type=kind, name=name, place=place, mentions=tuple(group), attrs=attrs))
    return tuple(entities)
