"""Projects named in a sentence: a run of name characters ending in a project cue (…项目, …基地, …产业路).

The run is bounded like an organization's (organizations.body_start): stop words, the segmenter's
words, no leading verb or time word, no clause (代表查看蓄水池), no figure's unit (100万元项目).
"""

from __future__ import annotations

from ..records import Mention, Sentence
from ..rulebook import Rulebook
from .names import is_counted, place_in
from .organizations import body_start


def extract_projects(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    body = er.bodies
    assert body is not None
    text = sentence.text
    spans: list[tuple[int, int]] = []
    for cue in er.project_cue.finditer(text):
        if er.org_suffix.match(text, cue.end()):
            continue  # 工程局, 工程学校: the cue is inside an organization's name
        need = 0 if cue.group() in er.project_standalone else er.project_min_specific
        start = body_start(text, cue.start(), cue.end(), rules, need=need, generic=body.project_generic_word)
        if start is None or is_counted(text, start, er):
            continue
        run = text[start:cue.start()]
        if body.honour.search(run) or body.programme.search(text, 0, cue.end()):
            continue  # 四好公路: a campaign's title; 助学工程: an aid programme
        specific = len(body.project_generic_word.sub("", run.replace("“", "").replace("”", "")))
        if specific < need or (need and not run):
            continue
        spans.append((start, cue.end()))
    kept = [(s, e) for s, e in spans
            if not any((s2 <= s and e <= e2) and (s2, e2) != (s, e) for s2, e2 in spans)]
    found = []
    for s, e in kept:
        region = place_in(text[s:e], er)
        found.append(Mention(type="project", name=text[s:e], start=sentence.start + s, end=sentence.start + e,
                             sentence=sentence.index, attrs=(("region", region),) if region else ()))
    return found
