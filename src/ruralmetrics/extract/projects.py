"""Projects named in a sentence: a run of name characters ending in a project cue (…项目, …基地, …馆)."""

from __future__ import annotations

from ..records import Mention, Sentence
from ..rulebook import Rulebook
from .names import is_counted, name_start, place_in, specific_length


def extract_projects(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    text = sentence.text
    spans: list[tuple[int, int]] = []
    for cue in er.project_cue.finditer(text):
        if er.org_suffix.match(text, cue.end()):
            continue  # 工程局, 工程学校: the cue is inside an organization's name
        start = name_start(text, cue.start(), er)
        if is_counted(text, start, er):
            continue
        run = text[start:cue.start()]
        need = 0 if cue.group() in er.project_standalone else er.project_min_specific
        if specific_length(run, er) < need or (need and not run):
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
