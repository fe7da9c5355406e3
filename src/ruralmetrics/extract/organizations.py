"""Organizations named in a sentence: a run of name characters ending in an organization suffix.

The run is bounded by the stop words of entities.yaml (names.py), then by the segmenter's words: a
stop cutting a word in two is no stop (帮扶企业 is not 扶企业), and leading verbs, time words,
prepositions and locatives are no part of a name (今年合作社, 锦旗送到某集团, 距镇政府). Publishers are
found where they stand: a masthead line, a news item's opening (某网讯, 某在线某频道消息) and before a
reporter's title (某日报记者).
"""

from __future__ import annotations

import re

from ..records import Mention, Sentence, Token
from ..rulebook import Rulebook
from ..rulebook.entities import BodyRules, EntityRules
from ..segment import tokenizer_for
from .names import followed_by, is_counted, is_name_char


def extract_organizations(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    body = er.bodies
    assert body is not None
    text = sentence.text
    project_ends = {m.end() for m in er.project_cue.finditer(text)}
    spans: list[tuple[int, int]] = []
    for suffix in _overlapping(er.org_suffix, text):
        if followed_by(text, suffix.end(), er.org_not_after) or suffix.end() in project_ends:
            continue
        if any(text.endswith(word, 0, suffix.end()) for word in er.org_false_endings):
            continue
        start = body_start(text, suffix.start(), suffix.end(), rules, organization=True)
        if start is None or is_counted(text, start, er):
            continue
        run = text[start:suffix.start()]
        if any(er.counted_left.search(text, start, k) for k in range(start + 2, suffix.start() + 1)):
            continue  # 茶叶和马铃薯两个专业合作社: a count inside makes a generic mention
        if body.honour.search(run):
            continue  # 五好党支部: an honour, not a body
        if suffix.group() in body.branch_suffixes and followed_by(text, suffix.end(), body.branch_titles):
            continue  # 某村党支部书记: the secretary's post, not the branch acting
        if not _specific(run, suffix.group(), er):
            continue
        if suffix.group() in body.office_suffixes and not _office(text, start, suffix, rules):
            continue
        spans.append((start, suffix.end()))
    spans.extend(_media_spans(text, er))
    spans = sorted(set(spans))
    kept = [(s, e) for s, e in spans
            if not any((s2 <= s and e <= e2) and (s2, e2) != (s, e) for s2, e2 in spans)]
    found = [Mention(type="organization", name=text[s:e], start=sentence.start + s, end=sentence.start + e,
                     sentence=sentence.index) for s, e in kept]
    found.extend(_elliptic(text, kept, sentence, body))
    return found


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Every match of ``pattern``, one per start (区委 in 社区委员会 does not hide 委员会)."""
    found, at = [], pattern.search(text)
    while at is not None:
        if not found or at.end() > found[-1].end():  # 社 inside 合作社 is no suffix of its own
            found.append(at)
        at = pattern.search(text, at.start() + 1)
    return found


def _office(text: str, start: int, suffix: re.Match[str], rules: Rulebook) -> bool:
    """某市煤税办, 县扶贫办: 办 ends a word that is no verb (举办, 创办), after a level (市, 县)."""
    body = rules.entities.bodies
    assert body is not None
    last = next((w for w in _words(text, start, suffix.end(), rules) if w.end == suffix.end()), None)
    return last is not None and (len(last.text) == 1 or body.tag(last.text) not in body.clause_tags) \
        and any(level in text[start:suffix.start()] for level in body.levels)


def _specific(run: str, suffix: str, er: EntityRules) -> bool:
    body = er.bodies
    assert body is not None
    if suffix in body.org_standalone:
        return True
    if suffix in body.org_level_suffixes and run:
        return True  # 省发改委, 县残联: a level names the body
    left = body.org_generic_word.sub("", er.org_generic_word.sub("", run.replace("“", "").replace("”", "")))
    return len(left) >= er.org_min_specific


def _words(text: str, low: int, high: int, rules: Rulebook) -> list[Token]:
    """The segmenter's words of ``text[low:high]`` (a name's run: cheap, and cut as its sentence would be,
    for jieba cuts at the punctuation that bounds the run)."""
    words, at = [], low
    for word in tokenizer_for(rules).lcut(text[low:high], HMM=rules.text.hmm):
        words.append(Token(word, at, at + len(word)))
        at += len(word)
    return words


def _raw_start(text: str, end: int, er: EntityRules) -> int:
    start, floor = end, max(0, end - er.max_length)
    while start > floor and is_name_char(text[start - 1]):
        start -= 1
    return start


def body_start(text: str, end: int, suffix_end: int, rules: Rulebook,
               need: int = 1, organization: bool = False, generic: re.Pattern[str] | None = None) -> int | None:
    """Where the name of an organization or project ending its run at ``end`` (its suffix or cue ending at
    ``suffix_end``) starts, or None for a clause.

    ``need``: how many characters the run must keep when leading words are dropped (0 for cues that
    name a body alone); ``organization``: a verb right before the suffix makes a clause (考上大学);
    ``generic``: the words that leave a name generic (names.generic_words by default)."""
    er = rules.entities
    body = er.bodies
    assert body is not None
    generic = generic or er.generic_word
    low = _raw_start(text, end, er)
    opening = text.rfind("“", max(0, low - 12), low - 1) if 0 < low < end and text[low - 1] == "”" else -1
    if opening > 0:
        low = _raw_start(text, opening, er)
    every = _words(text, low, suffix_end, rules)
    bounds = {t.start for t in every} | {t.end for t in every}
    start = _run_start(text, end, bounds, er)
    if start == end:
        stop = next((m for m in er.left_stop.finditer(text, max(0, end - 4), end) if m.end() == end), None)
        if stop is not None and stop.start() > 0 and stop.group() in body.field_verbs:
            start = _run_start(text, stop.start(), bounds, er)  # 廉租房建设项目: 建设 is the name's word
    start = _over_quotes(text, start, end, bounds, er)
    number = body.number_unit.match(text, start) if start and text[start - 1].isdigit() else None
    if number is not None:
        start = number.end()  # 100万元项目: the figure's unit
    tokens = [t for t in every if t.end > start and t.start < end]
    start = _after_leading_words(text, start, end, tokens, body)
    last = tokens[-1] if tokens and tokens[-1].end == end and tokens[-1].start >= start else None
    if last is not None and last.text not in body.field_verbs and (
            (len(last.text) == 1 and body.tag(last.text) in body.object_tags)
            or (last.start > start and body.tag(last.text) in body.clause_tags)):
        return None  # 上大学, 跑项目, 儿子考上大学: a verb and its object
    for token in tokens:  # a verb inside the run: what stands before it is a clause's subject
        if token.start <= start or token.end >= end:
            continue
        if token.text in body.prefix_words or (
                len(token.text) > 1 and body.tag(token.text) in body.clause_tags
                and token.text not in body.field_verbs):
            left = len(generic.sub("", text[token.end:end]))
            if left >= 2:
                start = token.end  # 锦旗送到某集团, 某某到某村: the name follows the verb
            elif not left:
                return None  # 村委会距乡政府: a clause about a generic body
    return start


def _after_leading_words(text: str, start: int, end: int, tokens: list[Token], body: BodyRules) -> int:
    """``start`` moved past the leading verbs, time words and prepositions of a name's run (``tokens``: the
    segmenter's words over it)."""
    for token in tokens:
        if token.end > end or token.start < start:
            break
        if len(token.text) == 2 and token.text[0] in body.prefix_words and token.text[1] in body.levels:
            return token.start + 1  # 从市某局: jieba's 从市 is a preposition and a level
        if token.text in body.prefix_words or (
                len(token.text) > 1 and body.tag(token.text) in body.prefix_tags
                and token.text not in body.field_verbs and text[token.end:token.end + 1] not in body.levels):
            start = token.end
        else:
            break
    return start


def leading_words_dropped(text: str, start: int, end: int, rules: Rulebook) -> int:
    """Where a unit's name found by characters (a team's sending unit) starts once the leading words listed
    as no part of a name (``prefix_words``: pronouns, prepositions, 随, 接任 …) are dropped
    (我随省委驻某县工作队 -> 省委驻某县工作队). Tags are not used here: a team's unit may open on a verb."""
    body = rules.entities.bodies
    assert body is not None
    for token in _words(text, start, end, rules):
        if token.end > end or token.text not in body.prefix_words:
            break
        start = token.end
    return start


def _run_start(text: str, end: int, bounds: set[int], er: EntityRules) -> int:
    """names.name_start, with stop words only where the segmenter has word bounds (帮 in 帮扶 is none),
    but for function words that always end a name (和 in 某公司和县农业农村局)."""
    start = cut = _raw_start(text, end, er)
    for match in er.left_stop.finditer(text, start, end):
        glued = text[match.end():match.end() + 1] in er.bodies.levels and match.end() + 1 in bounds  # 从市
        if (match.start() in bounds and (match.end() in bounds or glued)) or match.group() in er.bodies.hard_stops:
            cut = max(cut, match.end())
    if cut == start and start > 0 and text[start - 1].isdigit() and start < end:
        cut += 1  # 2000亩农产品溯源基地: the unit of a figure is not part of the name
    return cut


def _over_quotes(text: str, start: int, end: int, bounds: set[int], er: EntityRules) -> int:
    """A quoted word before the run belongs to the name: “破零”工程领导小组, “以购代捐”消费帮扶平台
    (a quoted word right before the suffix names a kind: “住餐批零”企业)."""
    if 0 < start < end and text[start - 1] == "”":
        opening = text.rfind("“", max(0, start - 12), start - 1)
        if opening >= 0:
            return _run_start(text, opening, bounds, er) if opening > 0 else opening
    return start


def _media_spans(text: str, er: EntityRules) -> list[tuple[int, int]]:
    """Publishers where publishers stand: a masthead line, a news item's opening, before a reporter."""
    body = er.bodies
    assert body is not None
    matches = []
    line = body.media_line.match(text)
    if line is not None and (line.end("name") < len(text.rstrip()) or len(line["name"]) <= 7):
        matches.append(line)  # 某网_某客户端, or one short site name alone (织密防返贫监测网 is a headline)
    dateline = body.media_dateline.match(text)
    if dateline is not None:
        matches.append(dateline)
    matches.extend(body.media_credit.finditer(text))
    return [m.span("name") for m in matches
            if er.left_stop.search(m["name"]) is None and m["name"][0] not in body.media_not_first]


def _elliptic(text: str, kept: list[tuple[int, int]], sentence: Sentence, body: BodyRules) -> list[Mention]:
    """某县委、县政府: the second body, written with its level only, is the same place's (某县政府)."""
    found = []
    for s, e in kept:
        match = body.elliptic.match(text, e)
        if match is None:
            continue
        name = text[s:e]
        level = name.rfind(match["level"]) if match["level"] else max(name.rfind(c) for c in body.levels)
        if level <= 0:
            continue
        if name[level - 1] == name[level]:
            level -= 1  # 兴安盟盟委、政府: the place's own level character, then the body's (兴安盟政府)
        found.append(Mention(type="organization", name=name[:level + 1] + match["body"],
                             start=sentence.start + match.start("level"), end=sentence.start + match.end(),
                             sentence=sentence.index))
    return found
