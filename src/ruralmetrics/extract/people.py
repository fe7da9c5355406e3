"""People named in a sentence, with their role in the report.

Names come from context, never from a list of names: a surname (data/lexicon/surnames.txt) plus one or two
given-name characters, found right after a role title (第一书记某某), in a byline (□记者 某某), after a
news agency's dateline (…电 (某某)), closing an article ((某某)), before a speech verb (某某说), after a
dispatch verb (选派某某到…), or at a clause start before an appointment (某某被派到…任第一书记).
"""

from __future__ import annotations

import re

from ..records import Mention, Sentence
from ..rulebook import Rulebook
from ..rulebook.entities import EntityRules

_SPACE = re.compile(r"[ \t\u3000]+")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def bound_name(text: str, start: int, rules: EntityRules) -> int | None:
    """End of the personal name starting at ``start`` (surname + 1-2 given characters), or None."""
    surname = rules.surname_at.match(text, start)
    if surname is None:
        return None
    end = surname.end()
    given = 0
    while given < 2 and end < len(text) and "\u4e00" <= text[end] <= "\u9fff":
        char = text[end]
        if char in rules.given_never or (given == 1 and char in rules.second_never):
            break
        end += 1
        given += 1
    if given == 0:
        return None
    name = text[start:end]
    if any(name.startswith(word) for word in rules.not_names):
        return None
    return end


def _weak_ok(name: str, rules: EntityRules) -> bool:
    """A name found by a weak frame must not look like a place (ends in 庄, 村, 楼 …)."""
    return name[-1] not in rules.place_finals


def _byline(text: str, rules: EntityRules) -> list[tuple[int, int, str]]:
    """(start, end, role) of names on byline lines: □本报记者 某某 / 通讯员 某某 报道 / □某某 某某."""
    found: list[tuple[int, int, str]] = []
    for line in rules.byline_line.finditer(text):
        body = line.group("body")
        if len(body) > 40 or any(ch in body for ch in ",，。;；!！?？"):
            continue
        marked = line.group("marker") is not None
        tokens = [(m.start() + line.start("body"), m.group()) for m in re.finditer(r"[^ \t\u3000]+", body)]
        if not tokens:
            continue
        first_title = rules.media_title.match(tokens[0][1])
        last = tokens[-1][1]
        ends_report = any(last.endswith(w) for w in rules.byline_end_words)
        if not (marked or first_title or ends_report):
            continue
        role = None if (first_title or ends_report) and not marked else rules.bare_role
        names: list[tuple[int, int, str]] = []
        ok = True
        for offset, token in tokens:
            for word in rules.byline_end_words:
                if token.endswith(word) and len(token) > len(word):
                    token = token[: -len(word)]
                    break
            else:
                if token in rules.byline_end_words:
                    continue
            title = rules.media_title.match(token)
            if title is not None:
                known = rules.title(title.group())
                role = known.role if known else title.group()
                rest = token[title.end():]
                token = rest.lstrip(":：")
                offset += title.end() + len(rest) - len(token)
                if not token:
                    continue
            if not _CJK_NAME.fullmatch(token):
                ok = False
                break
            if not marked and rules.surname_at.match(token) is None:
                ok = False
                break
            names.append((offset, offset + len(token), role or rules.bare_role))
        if ok:
            found.extend(names)
    return found


def extract_people(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    text = sentence.text
    spans: dict[tuple[int, int], str | None] = {}

    def add(start: int, end: int, role: str | None) -> None:
        key = (start, end)
        if key not in spans or (spans[key] is None and role):
            spans[key] = role

    for start, end, role in _byline(text, er):
        add(start, end, role)
    for match in er.agency_name.finditer(text):
        end = bound_name(text, match.start("name"), er)
        if end == match.end("name"):
            add(match.start("name"), end, er.agency_role)
    closing = er.closing_name.search(text)
    if closing is not None and bound_name(text, closing.start("name"), er) == closing.end("name"):
        add(closing.start("name"), closing.end("name"), er.bare_role)
    for match in er.title_before_name.finditer(text):
        title = er.title(match.group("title"))
        start = match.end()
        honorific = er.honorific_name.match(text, start)
        if honorific is not None and title is not None and title.kind != "media":
            add(start, honorific.end(), title.role)
            continue
        end = bound_name(text, start, er)
        if end is not None:
            add(start, end, title.role if title else match.group("title"))
    for match in er.honorific_name.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if not before or not ("\u4e00" <= before <= "\u9fff"):
            add(match.start(), match.end(), er.honorific_role)
    for pattern in (er.speech_name, er.assign_name, er.clause_name_appoint):
        for match in pattern.finditer(text):
            start = match.start("name")
            end = bound_name(text, start, er)
            if end is None or end < match.end("name") or not _weak_ok(text[start:end], er):
                continue
            appointed = er.appoint_title.search(text, end)
            title = er.title(appointed.group("title")) if appointed else None
            add(start, end, title.role if title else None)
    # drop spans inside a longer span (the honorific or byline form wins)
    kept = [(s, e) for s, e in spans if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)]
    return [Mention(type="person", name=text[s:e], start=sentence.start + s, end=sentence.start + e,
                    sentence=sentence.index, role=spans[(s, e)]) for s, e in sorted(kept)]
