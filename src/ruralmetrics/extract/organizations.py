"""Organizations named in a sentence: a run of name characters ending in an organization suffix."""

from __future__ import annotations

from ..records import Mention, Sentence
from ..rulebook import Rulebook
from .names import followed_by, is_counted, name_start


def extract_organizations(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    text = sentence.text
    project_ends = {m.end() for m in er.project_cue.finditer(text)}
    spans: list[tuple[int, int]] = []
    for suffix in er.org_suffix.finditer(text):
        if followed_by(text, suffix.end(), er.org_not_after) or suffix.end() in project_ends:
            continue
        if any(text.endswith(word, 0, suffix.end()) for word in er.org_false_endings):
            continue
        start = name_start(text, suffix.start(), er)
        if start == suffix.start():
            continue
        if is_counted(text, start, er):
            continue
        if any(er.counted_left.search(text, start, k) for k in range(start + 2, suffix.start() + 1)):
            continue  # 茶叶和马铃薯两个专业合作社: a count inside makes a generic mention
        if len(er.org_generic_word.sub("", text[start:suffix.start()])) < er.org_min_specific:
            continue
        spans.append((start, suffix.end()))
    kept = [(s, e) for s, e in spans
            if not any((s2 <= s and e <= e2) and (s2, e2) != (s, e) for s2, e2 in spans)]
    return [Mention(type="organization", name=text[s:e], start=sentence.start + s, end=sentence.start + e,
                    sentence=sentence.index) for s, e in kept]
