"""Attribution: each fact gets its place, team, person and project by scope rules.

Place comes from places.locate_facts (region placement). Team and person credit, in order:
1. the sentence's own subject nearest before the figure: a named team, a credited person (cadre or
   unknown role), a pronoun (他/她 -> the last credited person), a bare team word (工作队 -> the team in focus);
   failing that, the first such subject after the figure in the same sentence;
2. the focus of the paragraph: the subject of an earlier sentence of the same paragraph (a paragraph that
   ends mid-sentence carries its focus into the next one);
3. the topic of the article block: the one team or person its heading names.
A sentence that opens with a summary cue (截至目前, 据统计) or whose subject is generic (各工作队,
23支工作队, 省派第一书记) credits no single team or person and clears the focus.
A person carries the team they lead or belong to (某某工作队队长某某); a team credits no person.
A person quoted (某某介绍, 某某告诉记者) is the source of the figures, not their subject: no credit, but
a later 他/她 still refers to them. A person in a long list of names (某某、某某、某某等7名第一书记) is no one's credit.
A villager is never credited, but what a cadre did for them stays the cadre's (annotation.md §4).
A photo caption (a paragraph with 某某 摄 or a position mark (左二)) sets neither the focus nor the topic.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..extract import Extracted
from ..extract.people import SEGMENTER
from ..records import Document, Entity, Fact, Mention, Place, Sentence
from ..rulebook import Rulebook
from ..rulebook.entities import EntityRules
from .places import locate_facts


@dataclass(frozen=True)
class _Credit:
    team: str | None = None
    person: str | None = None


@dataclass(frozen=True)
class _Cue:
    start: int  # document offset
    kind: str  # team, person, source (a person quoted: no credit), pronoun, anaphor, generic
    credit: _Credit | None = None


def _paragraph_breaks(document: Document, sentences: tuple[Sentence, ...]) -> list[bool]:
    """For each sentence: does it start a new paragraph (a line break before it, or a new paragraph number)?"""
    starts = []
    for n, sentence in enumerate(sentences):
        if n == 0:
            starts.append(True)
            continue
        before = sentences[n - 1]
        starts.append(sentence.paragraph != before.paragraph or "\n" in document.text[before.end:sentence.start]
                      or sentence.article != before.article)
    return starts


def _cues(document: Document, sentences: tuple[Sentence, ...], entities: tuple[Entity, ...],
          rules: EntityRules) -> tuple[list[list[_Cue]], _Credit | None]:
    """Credit cues of every sentence, in text order, and the report's protagonist (see ``_hero``)."""
    text = document.text
    starts = [s.start for s in sentences]
    per: list[list[_Cue]] = [[] for _ in sentences]
    team_spans: list[tuple[int, int]] = []

    def at(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    listed = _listed_people(text, entities)
    team_names = {e.name for e in entities if e.type == "team"}
    only_team = next(iter(team_names)) if len(team_names) == 1 else None
    people = [e for e in entities if e.type == "person" and rules.is_credited(e.role)
              and (e.role or not all(m.attr(SEGMENTER) for m in e.mentions))]
    counts = {e.name: len(_occurrences(text, e.name)) for e in people}
    creditable = {id(e) for e in people}
    hero = max(counts, key=lambda name: counts[name]) if counts else None
    if hero is not None and (counts[hero] < 3 or sum(c == counts[hero] for c in counts.values()) > 1):
        hero = None  # the report's protagonist: named most, and at least three times
    if hero is None:  # or the narrator of a first-person account: 我叫某某, 我是某某
        hero = next((e.name for e in people for at in _occurrences(text, e.name)
                     if (intro := rules.narrator.search(text, max(0, at - 4), at)) and intro.end() == at), None)
    for entity in entities:
        if entity.type == "team":
            for mention in entity.mentions:
                team_spans.append((mention.start, mention.end))
                if not mention.attr("title"):  # (驻村工作队队长某某: a member's title credits no team)
                    per[at(mention.start)].append(_Cue(mention.start, "team", _Credit(team=entity.name)))
        elif id(entity) in creditable:  # a name only the segmenter found, with no title, is no one's credit
            team = next((v for k, v in entity.attrs if k == "team"), None)
            for offset in _occurrences(text, entity.name):
                if offset in listed:
                    continue  # one of a long list of names (某某、某某、某某等7名第一书记): a group, no one's credit
                # 某某介绍/说/告诉记者: the one quoted is the source of what follows, not its subject
                # (unless they are the report's protagonist telling of their own work)
                # (or telling of their own work: 某某介绍,"我们利用…")
                source = rules.source_after.match(text, offset + len(entity.name))
                kind = "source" if entity.name != hero and source is not None \
                    and not rules.self_report.match(text, source.end()) else "person"
                per[at(offset)].append(_Cue(offset, kind, _Credit(team=team, person=entity.name)))
    team_spans.sort()
    for n, sentence in enumerate(sentences):
        stext = sentence.text
        generic_ends = set()
        for match in rules.generic_subject.finditer(stext):
            generic_ends.add(sentence.start + match.end())
            members = rules.team_members.fullmatch(match.group())
            if members is not None and only_team and members.group("noun") in only_team + "队员":
                # 7名第一书记 in the report of its one 第一书记工作队, 3名队员: the team's own members
                per[n].append(_Cue(sentence.start + match.start(), "team", _Credit(team=only_team)))
                continue
            per[n].append(_Cue(sentence.start + match.start(), "generic"))
        for match in rules.clause_summary.finditer(stext):
            if match.start() > 0:  # …介绍,全县今年共有…: a clause about a whole area is no one's
                per[n].append(_Cue(sentence.start + match.start(), "generic"))
        for match in rules.pronoun.finditer(stext):
            per[n].append(_Cue(sentence.start + match.start(), "pronoun"))
        for match in rules.anaphor.finditer(stext):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if end in generic_ends or _inside(start, team_spans):
                continue
            if any(stext.startswith(word, match.end()) for word in rules.team_not_after) \
                    or rules.team_counted_after.match(stext, match.end()):
                continue  # 工作队员; 驻村工作队162支 counts teams
            per[n].append(_Cue(start, "anaphor"))
        per[n].sort(key=lambda cue: cue.start)
        per[n] = _led_teams(_companions(per[n], text, rules), text, rules)
    protagonist = next((c.credit for cues in per for c in cues if c.kind == "person" and c.credit
                        and c.credit.person == hero), None)
    return per, protagonist


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted; names are short, so only the few starting
    shortly before it are looked at)."""
    at = bisect.bisect_right(spans, (offset, 1 << 60))
    return any(s <= offset < e for s, e in spans[max(0, at - 8):at])


def _companions(cues: list[_Cue], text: str, rules: EntityRules) -> list[_Cue]:
    """他和队员某某、某某一起…: people joined to a subject before them are its companions, not new subjects."""
    out: list[_Cue] = []
    end = -1  # where the last subject (person, pronoun) or companion ends
    for cue in cues:
        if cue.kind == "person" and end >= 0 and rules.companion_link.fullmatch(text, end, cue.start):
            end = cue.start + len(cue.credit.person or "") if cue.credit else -1
            continue
        out.append(cue)
        if cue.kind == "person" and cue.credit:
            end = cue.start + len(cue.credit.person or "")
        elif cue.kind == "pronoun":
            end = cue.start + 1
        else:
            end = -1
    return out


def _led_teams(cues: list[_Cue], text: str, rules: EntityRules) -> list[_Cue]:
    """某某带领驻村工作队…: a team cue right after a person who leads it credits both."""
    out: list[_Cue] = []
    for cue in cues:
        before = out[-1] if out else None
        if cue.kind in ("team", "anaphor") and before is not None and before.kind == "person" and before.credit \
                and rules.lead_link.fullmatch(text, before.start + len(before.credit.person or ""), cue.start):
            team = cue.credit.team if cue.credit else before.credit.team
            cue = _Cue(cue.start, "team", _Credit(team=team, person=before.credit.person)) if team else before
        out.append(cue)
    return out


def _listed_people(text: str, entities: tuple[Entity, ...], least: int = 3) -> set[int]:
    """Offsets of people named in a run of at least ``least`` names joined by 、."""
    spans = sorted({(m.start, m.end) for e in entities if e.type == "person" for m in e.mentions})
    listed: set[int] = set()
    run: list[tuple[int, int]] = []
    for span in spans + [(-1, -1)]:
        if run and span[0] == run[-1][1] + 1 and text[run[-1][1]] == "、":
            run.append(span)
            continue
        if len(run) >= least:
            listed.update(s for s, _ in run)
        run = [span]
    return listed


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


def _heading_like(sentence: Sentence, rules: EntityRules) -> bool:
    return sentence.is_heading or (len(sentence.text.strip()) <= 40 and not rules.final_punctuation.search(sentence.text))


def _byline_sentences(entities: tuple[Entity, ...], rules: EntityRules) -> set[int]:
    media = {t.role for t in rules.titles if t.kind == "media"} | {rules.bare_role, rules.agency_role}
    return {m.sentence for e in entities if e.type == "person" and e.role in media for m in e.mentions}


def attribute_facts(document: Document, sentences: tuple[Sentence, ...], extracted: Extracted,
                    places: dict[Mention, Place], entities: tuple[Entity, ...],
                    rules: Rulebook) -> tuple[Fact, ...]:
    er = rules.entities
    where = locate_facts(document, sentences, extracted.quantities, extracted.mentions, places, rules,
                         tuple(d.indicator_code for d in extracted.descriptions))
    credits = _credit_sentences(document, sentences, entities, er)
    projects = [m for e in entities if e.type == "project" for m in e.mentions]
    project_name = {m: e.name for e in entities if e.type == "project" for m in e.mentions}
    facts = []
    for quantity, description, place in zip(extracted.quantities, extracted.descriptions, where, strict=True):
        article = document.article_at(quantity.start)
        credit = credits(quantity.sentence, quantity.start, description.indicator_code) if sentences else _Credit()
        near = [m for m in projects if m.sentence == quantity.sentence
                and min(abs(m.start - quantity.end), abs(quantity.start - m.end)) <= 12]
        project = project_name[min(near, key=lambda m: abs(m.start - quantity.end))] if near else None
        facts.append(Fact(quantity=quantity, description=description, place=place,
                          article=article.index if article else 0,
                          team=credit.team, person=credit.person, project=project))
    return tuple(facts)


def _credit_sentences(document: Document, sentences: tuple[Sentence, ...], entities: tuple[Entity, ...],
                      rules: EntityRules):
    """Walk the sentences once; return a function (sentence index, offset) -> credit."""
    cues, hero = _cues(document, sentences, entities, rules)
    new_paragraph = _paragraph_breaks(document, sentences)
    bylines = _byline_sentences(entities, rules)
    single_team = {e.name for e in entities if e.type == "team"}
    only_team = next(iter(single_team)) if len(single_team) == 1 else None

    entry_focus: list[_Credit | None] = []  # the focus a sentence inherits
    blocked: list[bool] = []  # summary or generic opening: nothing inherited
    topic_of: list[_Credit | None] = []
    last_person: list[_Credit | None] = []
    last_team: list[str | None] = []
    focus: _Credit | None = None
    topic: _Credit | None = None
    person: _Credit | None = None
    team: str | None = None
    pending: _Credit | None = None  # what the headings since the last body sentence name
    captions = _caption_sentences(sentences, rules)
    speakers = {cue.start: cue.credit for per in cues for cue in per if cue.kind in ("source", "person") and cue.credit}
    for n, sentence in enumerate(sentences):
        if (n in bylines and n not in captions) or (n and sentence.article != sentences[n - 1].article):
            topic = pending
            focus = None
        if new_paragraph[n] and n and rules.final_punctuation.search(sentences[n - 1].text):
            focus = None
        summary = rules.summary_start.search(sentence.text) is not None
        stock = rules.stock_start.search(sentence.text) is not None  # 共有农户908户: background, no one's
        first = cues[n][0] if cues[n] else None
        generic_first = first is not None and first.kind == "generic"
        entry_focus.append(None if summary or stock or generic_first else focus)
        blocked.append(summary or stock or generic_first)
        topic_of.append(topic)
        last_person.append(person)
        last_team.append(team)
        resolved = None
        for cue in cues[n]:
            credit, person, team = _step(cue, person, focus, team, only_team)
            if credit is not None or cue.kind == "generic":
                resolved = _keep_person(resolved, credit, cue)
        if n in captions:
            pass  # a photo's caption names who is in the picture, not what the article is about
        elif _heading_like(sentence, rules):
            named = [c.credit for c in cues[n] if c.kind in ("team", "person") and c.credit]
            if named:
                topic = pending = named[-1]
        else:
            pending = None
        if summary:
            focus = None
        elif cues[n] and n not in captions:
            focus = resolved

    walked: dict[int, tuple[list[int], list[_Credit | None], list[_Credit | None]]] = {}

    def walk(index: int) -> tuple[list[int], list[_Credit | None], list[_Credit | None]]:
        """One walk over a sentence's cues (what each credits does not depend on where the figure is):
        their starts, the credit decided by the cues up to each (None: nothing yet), and the first credit
        given by a cue from each on. A figure then looks its place up: time linear in the sentence."""
        if index not in walked:
            person_now, team_now, focus_now = last_person[index], last_team[index], entry_focus[index]
            starts: list[int] = []
            decided: list[_Credit | None] = []  # after cue i: the credit of the cues so far (None: none yet)
            gives: list[_Credit | None] = []
            before: _Credit | None = None
            for cue in cues[index]:
                credit, person_now, team_now = _step(cue, person_now, focus_now, team_now, only_team)
                if credit is not None or cue.kind == "generic":
                    before = _keep_person(before, credit, cue) or _Credit()
                starts.append(cue.start)
                decided.append(before)
                gives.append(credit)
            first_from: list[_Credit | None] = [None] * (len(gives) + 1)
            for i in range(len(gives) - 1, -1, -1):
                first_from[i] = gives[i] if gives[i] is not None else first_from[i + 1]
            walked[index] = (starts, decided, first_from)
        return walked[index]

    def credit_at(index: int, offset: int, code: str | None = None) -> _Credit:
        starts, decided, first_from = walk(index)
        k = bisect.bisect_left(starts, offset)  # cues before the figure: 0..k-1
        if k and decided[k - 1] is not None:
            return decided[k - 1]
        if first_from[k] is not None:
            return first_from[k]
        spoken = _quote_speaker(document.text, offset, speakers, rules)
        if spoken is not None:
            return spoken
        if blocked[index] or code in rules.background_codes \
                or _background_clause(document.text, sentences[index].start, offset, rules):
            return _Credit()  # a summary or stock sentence, a stock, or a clause describing the place: no one's
        credit = entry_focus[index] or topic_of[index]
        if credit is not None:
            return credit
        # nothing near names whose work it is: the report's protagonist's, else its one team's
        return hero or (_Credit(team=only_team) if only_team else _Credit())

    return credit_at


def _background_clause(text: str, sentence_start: int, offset: int, rules: EntityRules) -> bool:
    """The figure's own clause opens by describing its place (平均海拔4000米以上, 全村571户): background.
    (The clause is looked for within the figure's sentence only: time linear in the sentence.)"""
    start = max(sentence_start - 1, *(text.rfind(mark, sentence_start, offset) for mark in rules.clause_marks)) + 1
    return rules.background_clause.search(text[start:offset + 1]) is not None  # (its ^ is the clause start)




def _quote_speaker(text: str, offset: int, speakers: dict[int, _Credit], rules: EntityRules) -> _Credit | None:
    """“我们栽植了4100株桃树……”某某说: a figure inside a quote is the credited speaker's named right after it."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    opened = max(text.rfind(q, line_start, offset) for q in rules.quote_openers)
    if opened < 0 or any(text.find(q, opened, offset) >= 0 for q in rules.quote_closers):
        return None
    closes = [at for q in rules.quote_closers if (at := text.find(q, offset, line_end)) >= 0]
    if not closes:
        return None
    after = min(closes) + 1
    # the speaker opens what follows the quote, perhaps after their title (”第一书记某某说)
    return next((credit for at, credit in sorted(speakers.items()) if after <= at <= after + 12
                 and rules.title_run.fullmatch(text, after, at)), None)


def _caption_sentences(sentences: tuple[Sentence, ...], rules: EntityRules) -> set[int]:
    """Sentences of photo captions: paragraphs with a photo credit (某某 摄) or a position mark ((左二))."""
    paragraphs = {s.paragraph for s in sentences
                  if rules.photo_credit.search(s.text.strip()) or rules.caption_mark.search(s.text)}
    return {s.index for s in sentences if s.paragraph in paragraphs}


def _keep_person(previous: _Credit | None, credit: _Credit | None, cue: _Cue) -> _Credit | None:
    """A bare team word after a person of that team (某某与工作队队员…) keeps the person's credit."""
    if cue.kind == "anaphor" and previous is not None and previous.person and credit is not None \
            and credit.team == previous.team:
        return previous
    return credit


def _step(cue: _Cue, person: _Credit | None, focus: _Credit | None, team: str | None,
          only_team: str | None) -> tuple[_Credit | None, _Credit | None, str | None]:
    """What one cue credits, and the last person and team named once it is read."""
    credit = _resolve(cue, person, focus, team, only_team)
    if cue.kind in ("person", "source") and cue.credit:
        person = cue.credit
    if cue.kind == "team" and cue.credit:
        team = cue.credit.team
    return credit, person, team


def _resolve(cue: _Cue, person: _Credit | None, focus: _Credit | None, team: str | None,
             only_team: str | None) -> _Credit | None:
    if cue.kind in ("team", "person"):
        return cue.credit
    if cue.kind == "pronoun":
        return person
    if cue.kind == "anaphor":
        if focus is not None and focus.team:
            return _Credit(team=focus.team)
        name = team or only_team
        return _Credit(team=name) if name else None
    return None
