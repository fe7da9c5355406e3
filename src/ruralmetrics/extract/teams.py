"""Teams named in a sentence: [sending unit][place][驻 place][modifiers] + 工作队 (rules in data/entities.yaml).

A team word with nothing name-like before it (驻村工作队, 乡村振兴工作队, 帮扶组) is a generic mention
(attr ``generic``): resolve/entities.py makes it the report's team when the report names no team.
A unit without an administrative suffix or an organization suffix (东莞扶贫工作队, 云南德宏烟草驻村工作队)
is kept with attr ``needs_place``: resolve keeps it only when a resolved place stands inside it.
"""

from __future__ import annotations

import re

from ..records import Mention, Sentence
from ..rulebook import Rulebook
from .names import LOOKBACK, is_counted, name_start, place_in, specific_length
from .organizations import body_start, leading_words_dropped

_JOINT = re.compile(r"(?P<others>(?:、[\u4e00-\u9fff]{2,12})+)联合$")  # the units after the first, then 联合
_QUOTED_TAG = re.compile(r"[“「『][^”」』,，。;；]{1,8}[”」』]$")  # 某局驻某村“访惠聚”工作队: a program's tag


def extract_teams(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    text = sentence.text
    found: list[Mention] = []
    for suffix in er.team_suffix.finditer(text):
        if any(text.startswith(word, suffix.end()) for word in er.team_not_after) \
                or er.team_counted_after.match(text, suffix.end()):
            continue  # 工作队员, 工作队伍; 共有驻村工作队162支: a count of teams, no team
        left = suffix.start()
        while (mod := er.team_modifier_tail.search(text, max(0, left - LOOKBACK), left)) is not None and mod.start() < left:
            left = mod.start()
        if (tag := _QUOTED_TAG.search(text, max(0, left - LOOKBACK), left)) is not None:
            left = tag.start()  # the quoted tag of a program belongs to the name, not to its unit
        station = None
        stationed = er.team_stationed_tail.search(text, max(0, left - LOOKBACK), left)
        if stationed is not None and er.place_tail.fullmatch(stationed.group("station").split("、")[-1]):
            station = stationed.group("station")
            left = stationed.start()
        if is_counted(text, left, er):
            continue
        start = name_start(text, left, er)
        for stop in er.team_left_stop.finditer(text, start, left):
            start = max(start, stop.end())
        if start < left:
            start = leading_words_dropped(text, start, left, rules)
        joint = _JOINT.search(text, max(0, start - LOOKBACK), start) if start == left else None
        if joint is not None:  # 县某办、县某店联合驻村工作队: a team of several units
            tail = next((m for m in er.org_suffix.finditer(text, max(0, joint.start() - LOOKBACK), joint.start())
                         if m.end() == joint.start()), None)
            first = body_start(text, tail.start(), tail.end(), rules, organization=True) if tail else None
            units = joint.group("others").split("、")[1:]
            if first is not None and all(er.org_suffix.search(unit) for unit in units):
                start = first
        unit = text[start:left]
        if station is not None and (tail := er.team_unit_tail.search(unit)) is not None:
            unit = unit[:tail.start()]  # 某局派|驻某村工作队: the dispatch verb is not the unit's
        lead = max((word for word in er.team_generic_left if unit.startswith(word)), key=len, default=None)
        if lead is not None:
            rest = unit[len(lead):]
            if not rest or not (er.org_suffix.search(rest) and specific_length(rest, er) > 0):
                continue  # 该工作队, 全县工作队: a team pointed to or all of them, no name
            start, unit = start + len(lead), rest  # 该区某局驻某村工作队: the unit, without the pointer
        attrs: list[tuple[str, str]] = []
        named = er.org_suffix.search(unit) is not None or place_in(unit, er) is not None
        if station is None and not (named and specific_length(unit, er) > 0):
            titled = any(text.startswith(t, suffix.end()) for t in er.member_titles) \
                and left > 0 and text[left - 1] not in "，,"
            # 某某担任工作队队长: a member's title, not the team spoken of (unless it opens the clause); a
            # qualified team word in it (驻村工作队队长, 乡村振兴工作队队长) still names the report's team,
            # which the title credits with nothing
            if not unit and er.team_counted_before.search(text, max(0, left - LOOKBACK), left) is None \
                    and (not titled or left < suffix.start()
                         and any(text.startswith(t, suffix.end()) for t in er.leader_titles)):
                while (lead := er.team_generic_lead.match(text, left, suffix.start())) is not None:
                    left = lead.end()  # 派驻的工作队 -> 工作队
                name = text[left:suffix.end()]  # a generic mention: the report's team, if it names no other
                found.append(Mention(type="team", name=name, start=sentence.start + left,
                                     end=sentence.start + suffix.end(), sentence=sentence.index,
                                     attrs=(("key", name), ("generic", "1")) + ((("title", "1"),) if titled else ())))
                continue
            if specific_length(unit, er) < 2:
                continue
            attrs.append(("needs_place", "1"))
        name = text[start:suffix.end()]
        key = er.team_batch.sub("", unit) + (station or "") + suffix.group()
        attrs.insert(0, ("key", key))
        region = place_in(station or "", er) or place_in(unit, er)
        if region:
            attrs.append(("region", region))
        sending = max(er.org_suffix.finditer(unit), key=lambda m: m.end(), default=None)
        if sending is not None:  # up to its last suffix: 自治区党委组织部, not 自治区党委
            attrs.append(("sending_unit", er.team_batch.sub("", unit[:sending.end()])))
        found.append(Mention(type="team", name=name, start=sentence.start + start,
                             end=sentence.start + suffix.end(), sentence=sentence.index, attrs=tuple(attrs)))
    return found
