"""People named in a sentence, with their role in the report.

Names come from context, never from a list of names: a surname (data/lexicon/surnames.txt, compound ones
included) plus one or two given-name characters, found
- in credits: byline and caption lines (□记者 某某 某某, 文/图 某报记者 某某 通讯员 某某, 某某 摄), a
  dateline's bracket (…电(某某 某某), …讯(通讯员 某某、某某)), a closing bracket ((某某 某某));
- after a role title (第一书记某某、某某, 村民某某), before a counted title (某某、某某等7名第一书记),
  in 以某某为队长;
- before a speech verb (某某说, 某某激动地说), after a dispatch verb (选派某某到…), at a clause start
  before an appointment (某某被派到…任第一书记, 某某是…派驻…的第一书记), in a profile (某某,男,…;
  某某今年43岁,是…), right before a title (写着某某某总书记);
- after a title, for surnames the lexicon lacks: a word the segmenter does not know (禤某某), or a
  transliterated name with · (买买提·某某);
- anywhere, by the segmenter (``discover_people``, once per document): a word its dictionary lacks, a
  surname + 1-2 characters, that jieba's part-of-speech HMM tags as a personal name on a few characters
  around it (某某担任某村第一书记后, 某某当起村民的"老娘舅") — unless it stands before a place word, lies
  in a place's or a body's name, or is part of a longer name; a two-character one needs a clear edge on
  both sides (a title, punctuation or a name follower).
Where a name ends is decided by the segmenter's dictionary as well as by the never-lists: a common word
starting inside a three-character candidate cuts it (唐超|高兴地说), one starting right after it keeps it
(邓助严|告诉记者). Names found by weak frames may not be common words (解难题 is a verb phrase).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..records import Document, Mention, Sentence
from ..rulebook import Rulebook
from ..rulebook.entities import EntityRules
from ..segment import NameTagger, tagger_for, tokenizer_for
from .names import find_all

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")  # 买买提·艾力: a transliterated name
_NUMERALS = frozenset("一二三四五六七八九十两")
_CLAUSE_MARK = re.compile(r"[,，;；:：]\s*")
SEGMENTER = "by_segmenter"  # a mention's attr: found by discover_people, not by a frame  # 左二, 右一: a photo's position marks, not names


class _Words:
    """Frequencies of the segmenter's dictionary: how common a word is (0 when it is none)."""

    def __init__(self, rules: Rulebook) -> None:
        self.tokenizer = tokenizer_for(rules)
        self.freq = self.tokenizer.FREQ
        self.cut = rules.entities.name_cut_freq
        self.common = rules.entities.common_word_freq
        self.word = rules.entities.word_freq

    def count(self, word: str) -> int:
        return self.freq.get(word) or 0

    def unknown_name(self, text: str, start: int, rules: EntityRules) -> int | None:
        """End of a name of an unlisted surname right after a title (第一书记禤某某说, 队长买买提·某某): a
        transliterated name with ·, or two or three characters the segmenter does not know as a word (an
        unknown word, or a rare first character), with a known word, a speech verb or punctuation after."""
        if start > 0 and text[start - 1] in "、":
            return None
        dotted = _DOTTED.match(text, start)
        if dotted is not None:  # its end: before a speech verb, a common word or a conjunction (买买提·艾力|介绍)
            dot = text.index("·", start)
            return next((end for end in range(dot + 2, dotted.end()) if self.starts_word(text, end, self.common)
                         or text[end] in rules.dotted_name_stops
                         or any(text.startswith(verb, end) for verb in rules.speech_verbs)), dotted.end())
        first = self.tokenizer.lcut(text[start:start + 8], HMM=True)[0]
        rare = self.count(text[start]) < self.word // 3
        # else a name of no Han surname (南拉加): three or four characters holding no word of their own (the
        # dictionary lacks the run and every two characters of it are rare)
        lengths = ((len(first),) if 2 <= len(first) <= 3 and not self.count(first) else ()) \
            + ((3, 2) if rare else ()) + (3, 4)
        inside = start > 0 and self.count(text[start - 1:start + 1]) > 0  # 党总支书|记…: the title runs on
        for n, length in enumerate(lengths):
            word = text[start:start + length]
            whole = n >= len(lengths) - 2
            if whole and inside or not self.unknown_word(word, length, rules, whole=whole):
                continue
            end = start + length
            if end >= len(text) or not _CJK.match(text[end]) or text[end] in rules.name_followers \
                    or self.starts_word(text, end, self.common) \
                    or any(text.startswith(verb, end) for verb in rules.speech_verbs):
                return end
        return None

    def dotted_start(self, text: str, dot: int, rules: EntityRules) -> int:
        """Where a transliterated name ending its first part at ``dot`` starts when no title stands before it
        (而是…。孜瓦热木·某某是贫困户, 村民们找到阿不都色米·某某): the segmenter's words before the dot, taken
        back from it up to a common word, a title, a conjunction or punctuation."""
        run = dot
        while run > 0 and dot - run < 8 and _CJK.match(text[run - 1]):
            run -= 1
        start = dot
        for token in reversed(self.tokenizer.lcut(text[run:dot], HMM=True)):
            if len(token) == 1 and (token in rules.name_followers or self.count(token) >= rules.function_char_freq) \
                    or rules.title(token) is not None \
                    or len(token) >= 2 and self.count(token) >= self.common:
                break
            start -= len(token)
        return start

    def unknown_word(self, word: str, length: int, rules: EntityRules, whole: bool = True) -> bool:
        """``word`` (``length`` characters) could be a name the dictionary does not know; ``whole``: no two
        characters of it make a common word either (a name of no Han surname: 南拉加)."""
        if len(word) < length or not all(_CJK.match(c) for c in word) or self.count(word) \
                or word[0] in _NUMERALS or any(c in rules.given_never for c in word) \
                or word[-1] in rules.place_finals or rules.title_tail.search(word) \
                or any(word.startswith(w) for w in rules.not_names):
            return False
        return not whole or not any(self.count(word[i:i + 2]) >= self.word * 2 // 3 for i in range(len(word) - 1))

    def starts_word(self, text: str, at: int, minimum: int) -> int:
        """Length of the longest dictionary word (2+ characters, at least ``minimum`` common) starting at ``at``."""
        best = 0
        for length in range(2, 5):
            if at + length <= len(text) and self.count(text[at:at + length]) >= minimum:
                best = length
        return best


def bound_name(text: str, start: int, rules: EntityRules, words: _Words | None = None) -> int | None:
    """End of the personal name starting at ``start`` (surname + 1-2 given characters), or None."""
    surname = rules.surname_at.match(text, start)
    if surname is None:
        return None
    end = surname.end()
    given = 0
    while given < 2 and end < len(text) and _CJK.match(text[end]):
        char = text[end]
        if char in rules.given_never and not (given == 1 and words is not None and _rare_stop(text, end, rules, words)):
            # 邓助严告诉记者: a stop character that begins no word, in a three-character run before a word
            if given == 0 and words is not None and end + 2 < len(text) and _CJK.match(text[end + 1]) \
                    and not words.starts_word(text, end, words.cut) \
                    and not words.starts_word(text, end + 1, words.cut) \
                    and (words.starts_word(text, end + 2, words.common)
                         or any(text.startswith(verb, end + 2) for verb in rules.speech_verbs)):
                end, given = end + 2, 2
            break
        if given == 1 and char in rules.second_never and (words is None or not _rare_stop(text, end, rules, words)):
            break
        end += 1
        given += 1
    if given == 0:
        return None
    if given == 2 and words is not None:
        # 唐超高兴地说: a word that starts at the second given character and runs on cuts it off
        run = words.starts_word(text, end - 1, words.cut)
        if run and end - 1 + run > end and not words.starts_word(text, end, words.common) \
                and text[end] not in rules.name_followers:  # 毛黎祥和村民: 和 after a name, not 祥和
            end -= 1
    name = text[start:end]
    if any(name.startswith(word) for word in rules.not_names):
        return None
    return end


def _rare_stop(text: str, at: int, rules: EntityRules, words: _Words) -> bool:
    """Whether the stop character at ``at`` still ends a three-character name (邓助严告诉记者, 黄志坚来到): no
    function word, not common alone, beginning no word, with a common word or a speech verb right after."""
    char = text[at]
    if char in rules.name_followers or words.starts_word(text, at, words.cut):
        return False
    if at + 1 < len(text) and text[at + 1] in rules.name_closers:
        return True  # 队长张万里: / 封喜才、吴某: a list mark or colon closes the three characters
    return words.count(char) < words.word * 30 \
        and (bool(words.starts_word(text, at + 1, words.common))
             or any(text.startswith(verb, at + 1) for verb in rules.speech_verbs))


def _weak_ok(name: str, rules: EntityRules, words: _Words | None = None) -> bool:
    """A name found by a weak frame must not look like a place (ends in 庄, 村, 楼 …) nor be a word
    (村民杨梅丰收: 杨梅; 村民石榴卖了: 石榴…; 村民解难题: 难题)."""
    if name[-1] in rules.place_finals:
        return False
    if words is None:
        return True
    surname = rules.surname_at.match(name)
    given = name[surname.end():] if surname else name[1:]
    if len(name) == 2:
        return words.count(name) < words.word // 3
    return not (len(given) == 2 and (words.count(given) >= words.word * 6 or words.count(name[:2]) >= words.word))


def _word_not_name(text: str, start: int, end: int, rules: EntityRules, words: _Words) -> bool:
    """A two-character word after a title is no name (记者连线了, 队长江边巡查) unless what follows marks a
    name's end: a speech verb, punctuation or a name follower (队长来源介绍, 书记高明,)."""
    if end - start != 2 or words.count(text[start:end]) < words.word:
        return False
    after = text[end] if end < len(text) else ""
    return not (not after or not _CJK.match(after) or after in rules.name_followers
                or any(text.startswith(verb, end) for verb in rules.speech_verbs))


def _is_name(token: str, rules: EntityRules) -> bool:
    """A whole credit token that is a name: surname + 1-2 characters (a compound surname + 1-2)."""
    surname = rules.surname_at.match(token)
    return surname is not None and 1 <= len(token) - surname.end() <= 2 and all(_CJK.match(c) for c in token) \
        and token[surname.end():] not in _NUMERALS \
        and not any(token.startswith(word) for word in rules.not_names) and token[-1] not in rules.place_finals


def _credit_title(token: str, rules: EntityRules) -> tuple[str, str] | None:
    """(role, rest) when ``token`` ends a credit title (福州日报记者, 全媒记者, 通讯员, 摄影:) or starts one (记者某某)."""
    token = token.rstrip(":：/")
    match = rules.credit_title_end.search(token)
    if match is not None and match.end() == len(token):
        return _credit_role(match.group(), rules), ""
    match = rules.credit_title_start.match(token)
    if match is not None:
        rest = token[match.end():].lstrip(":：/")
        return _credit_role(match.group(), rules), rest
    return None


def _credit_role(title: str, rules: EntityRules) -> str:
    known = rules.title(title)
    return known.role if known else rules.credit_roles.get(title, title)


def _credit_line(body: str, offset: int, marked: bool, rules: EntityRules) -> list[tuple[int, int, str]]:
    """Names of one credit line or bracket: titles set the role of the names after them; 摄/供图 after a
    name set its role; a line with neither title nor marker nor end word holds no credit."""
    tokens = [(m.start() + offset, m.group()) for m in re.finditer(r"[^ \t\u3000、,，]+", body)]
    found: list[tuple[int, int, str]] = []
    role: str | None = rules.bare_role if marked else None
    credited = marked
    pending: list[tuple[int, int]] = []  # names with no title before them (□某某 某某 / 某某 某某报道)
    for n, (at, token) in enumerate(tokens):
        end_word = next((w for w in rules.byline_end_words if token.endswith(w)), None)
        if end_word == token and rules.title(token) and n + 1 < len(tokens) and _is_name(tokens[n + 1][1], rules):
            end_word = None  # 摄影 某某: the word opens the next credit
        if end_word is not None:
            name = token[: -len(end_word)].rstrip("/")
            role_after = rules.credit_roles.get(end_word)
            if name and _is_name(name, rules):
                pending.append((at, at + len(name)))
            if role_after and pending:
                found.append((*pending[-1], role_after))
                pending = pending[:-1]
            found.extend((s, e, role or rules.bare_role) for s, e in pending)
            pending, credited = [], True
            continue
        titled = _credit_title(token, rules)
        if titled is not None:
            found.extend((s, e, role or rules.bare_role) for s, e in pending if credited)
            pending = []
            role, rest = titled
            credited = True
            if rest and _is_name(rest, rules):
                found.append((at + len(token) - len(rest), at + len(token), role))
            continue
        if _is_name(token, rules) and len(token) <= 4:
            if role is not None:
                found.append((at, at + len(token), role))
            else:
                pending.append((at, at + len(token)))
            continue
        # caption text: a photo credit may still follow (某某基地 某某 摄); names seen so far are no credit
        pending, role = [], (rules.bare_role if marked else None)
        credited = marked
    if credited:
        found.extend((s, e, role or rules.bare_role) for s, e in pending)
    return found


def _credits(text: str, rules: EntityRules) -> list[tuple[int, int, str]]:
    """(start, end, role) of names in credit lines, photo credits and credit brackets."""
    found: list[tuple[int, int, str]] = []
    for line in rules.byline_line.finditer(text):
        body = line.group("body")
        start = line.start("body")
        photo = rules.photo_credit.search(body)
        if photo is not None and _is_name(photo.group("name"), rules):
            found.append((start + photo.start("name"), start + photo.end("name"),
                          rules.credit_roles.get(photo.group("end"), rules.bare_role)))
        if len(body) > 60 or any(ch in body for ch in ",，。;；!！?？"):
            continue
        found.extend(_credit_line(body, start, line.group("marker") is not None, rules))
    for match in rules.credit_bracket.finditer(text):
        at_edge = match.group("cue") is not None or match.start() == 0 or text[match.start() - 1] == "\n" \
            or match.end() == len(text) or text[match.end()] in "\n"
        if not at_edge or any(ch in match.group("inner") for ch in ",，。;；!！?？"):
            continue
        names = _credit_line(match.group("inner"), match.start("inner"), True, rules)
        if match.group("cue") is not None:
            names = [(s, e, rules.agency_role if r == rules.bare_role else r) for s, e, r in names]
        found.extend(names)
    return found


def _chain_title(text: str, title_start: int, title: str, rules: EntityRules) -> str:
    """The best-ranked of the titles joined by 、 before a name (第一书记、乡村振兴工作队队长某某 -> 第一书记)."""
    best, at = title, title_start
    while at > 0:
        comma = text.rfind("、", max(0, at - 16), at)
        if comma < 0 or any(not _CJK.match(c) for c in text[comma + 1:at]):
            break
        match = rules.title_tail.search(text, max(0, comma - 16), comma)
        if match is None:
            break
        known = rules.title(match.group())
        role = known.role if known else match.group()
        if rules.role_rank(role) < rules.role_rank(best):
            best = role
        at = match.start()
    return best


def _before_counted_title(text: str, rules: EntityRules, words: _Words) -> list[tuple[int, int, str]]:
    """某某、某某、某某等7名第一书记 / …的某某、某某7名第一书记组成: the names listed before a counted title."""
    found: list[tuple[int, int, str]] = []
    for match in rules.counted_title.finditer(text):
        title = rules.title(match.group("title"))
        role = title.role if title else match.group("title")
        right = match.start()
        left = right
        while left > 0 and (_CJK.match(text[left - 1]) or text[left - 1] == "、"):
            left -= 1
        parts = text[left:right].split("、")
        items: list[tuple[int, int]] = []
        at = right
        for part in reversed(parts):
            start = at - len(part)
            if not _is_name(part, rules):
                # the list's first name: the longest name after an opener (某村的某某, 由某某) ends the walk
                start = next((at - k for k in (4, 3, 2) if at - k > start and _is_name(text[at - k:at], rules)
                              and text[at - k - 1] in rules.list_openers), -1)
                if start >= 0:
                    items.append((start, at))
                break
            items.append((start, at))
            at = start - 1
        if len(items) >= 2 or (items and match.group("many")):
            found.extend((s, e, role) for s, e in items if _weak_ok(text[s:e], rules, words))
    return found


def _listed_after(text: str, end: int, rules: EntityRules, words: _Words,
                  spaced: bool = False) -> list[tuple[int, int]]:
    """Names coordinated after a name (第一书记某某、某某和某某): each bounded like the first. In a credit
    (``spaced``), names may be parted by spaces (通讯员 某某 某某  正文…): each then ends at a space."""
    found = []
    while end < len(text) and (text[end] == "、" or spaced and text[end] in " \u3000"):
        start = end + 1
        if text[end] != "、":
            while start < len(text) and text[start] in " \u3000":
                start += 1
            if start - end > 1:
                break  # a wider gap ends the credit: the body starts
        stop = bound_name(text, start, rules, words)
        if stop is None or not _weak_ok(text[start:stop], rules, words):
            break
        after = text[stop] if stop < len(text) else ""
        if text[end] != "、":
            if after and after not in " \u3000":
                break
            found.append((start, stop))
            end = stop
            continue
        if after and _CJK.match(after) and after not in "、和与及等" and not words.starts_word(text, stop, words.common) \
                and not any(text.startswith(v, stop) for v in rules.speech_verbs):
            break
        found.append((start, stop))
        end = stop
    return found


def _posted(text: str, end: int, rules: EntityRules) -> str | None:
    """The post a name takes in its own clause (某局负责人某某下派到某村任第一书记, 30岁的某某来到某村当了
    “第一书记”): the title after an appointment verb, no clause break between."""
    appointed = rules.appoint_title.search(text, end)
    if appointed is None or appointed.start() - end > 30 or any(c in "，,。;；!！?？" for c in text[end:appointed.start()]):
        return None
    title = rules.title(appointed.group("title"))
    return title.role if title else None


def _clause_starts(text: str) -> list[int]:
    """Where the clauses of a sentence start (after a comma or semicolon)."""
    return [0] + [m.end() for m in _CLAUSE_MARK.finditer(text)]


def extract_people(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    er = rules.entities
    words = _Words(rules)
    text = sentence.text
    spans: dict[tuple[int, int], str | None] = {}

    def add(start: int, end: int, role: str | None) -> None:
        key = (start, end)
        if key not in spans or (spans[key] is None and role) or er.role_rank(role) < er.role_rank(spans[key]):
            spans[key] = role

    for start, end, role in _credits(text, er):
        add(start, end, role)
    closing = er.closing_name.search(text)
    if closing is not None and bound_name(text, closing.start("name"), er) == closing.end("name"):
        add(closing.start("name"), closing.end("name"), er.bare_role)
    for match in er.narrator.finditer(text):  # 我叫某某: the narrator of a first-person account
        end = bound_name(text, match.end(), er, words)
        if end is not None and not _word_not_name(text, match.end(), end, er, words):
            add(match.end(), end, None)
    for match in er.title_before_name.finditer(text):
        title = er.title(match.group("title"))
        start = match.end()
        honorific = er.honorific_name.match(text, start)
        if honorific is not None and title is not None and title.kind != "media":
            add(start, honorific.end(), title.role)
            continue
        end = bound_name(text, start, er, words)
        if end is None:
            continue
        weak = title is not None and title.kind in er.weak_title_kinds
        if weak and not _weak_ok(text[start:end], er, words):
            continue
        if _word_not_name(text, start, end, er, words):
            continue  # 第一书记宣传政策, 记者连线了: a word is no name
        role = title.role if title else match.group("title")
        role = _chain_title(text, match.start("title"), role, er)
        if title is not None and title.kind not in er.weak_title_kinds and title.kind != "media":
            role = _posted(text, end, er) or role
        add(start, end, role)
        for s, e in _listed_after(text, end, er, words, spaced=title is not None and title.kind == "media"):
            add(s, e, role)
    for match in er.title_then_unknown.finditer(text):
        title = er.title(match.group("title"))
        if title is None or title.kind in er.weak_title_kinds and not _DOTTED.match(text, match.end()):
            continue  # (村民买买提·某某: a transliterated name is a name after any title)
        span = words.unknown_name(text, match.end(), er)
        if span is not None:
            add(match.end(), span, _chain_title(text, match.start("title"), title.role, er))
    for match in er.honorific_name.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if not before or not ("\u4e00" <= before <= "\u9fff"):
            add(match.start(), match.end(), er.honorific_role)
    for start, end, role in _before_counted_title(text, er, words):
        add(start, end, role)
    for match in er.name_before_title.finditer(text):
        start = match.start("name")
        end = bound_name(text, start, er, words)
        if end == match.end("name") and end - start >= 3 and _weak_ok(text[start:end], er, words) \
                and words.count(text[start:end]) < words.word // 3:
            title = er.title(match.group("title"))
            add(start, end, title.role if title else match.group("title"))
    for match in er.profile_name.finditer(text):
        start = match.start("name")
        end = bound_name(text, start, er, words)
        if end == match.end("name") and _weak_ok(text[start:end], er, words):
            post = er.post_title.search(text, match.end())
            copula = er.copula_post.match(text, match.end())
            if post is not None:
                title = er.title(post.group("title"))
                add(start, end, title.role if title else post.group("title"))
            elif copula is not None:  # 某某今年43岁,是生产车间小组长: the post as written
                add(start, end, text[copula.start() + 2:copula.end()])
            else:
                add(start, end, None)
    for match in er.aged_name.finditer(text):
        start = match.start("name")
        end = bound_name(text, start, er, words)
        if end is not None and end - start >= 2 and _weak_ok(text[start:end], er, words) \
                and not _word_not_name(text, start, end, er, words):
            add(start, end, _posted(text, end, er))
    for match in er.name_as_title.finditer(text):
        start = match.start("name")
        end = bound_name(text, start, er, words)
        if end == match.end("name") and _weak_ok(text[start:end], er, words):
            title = er.title(match.group("title"))
            add(start, end, title.role if title else match.group("title"))
    for pattern in (er.speech_name, er.assign_name, er.clause_name_appoint):
        for match in pattern.finditer(text):
            start = match.start("name")
            end = bound_name(text, start, er, words)
            if end is None or end < match.end("name") or not _weak_ok(text[start:end], er, words):
                continue
            appointed = er.appoint_title.search(text, end) or er.copula_title.match(text, end)
            title = er.title(appointed.group("title")) if appointed else None
            add(start, end, title.role if title else None)
    for start in _clause_starts(text):  # 某某是某县某村第一书记: a name of no Han surname before a copula title
        for length in (3, 4):
            end = start + length
            if text.startswith("是", end) and words.unknown_word(text[start:end], length, er) \
                    and (copula := er.copula_title.match(text, end)) is not None:
                title = er.title(copula.group("title"))
                add(start, end, title.role if title else None)
                break
    for match in _DOTTED.finditer(text) if not sentence.is_heading else ():
        # a transliterated name with no title before it (孜瓦热木·某某是贫困户): both parts hold no word
        dot = text.index("·", match.start())
        start = words.dotted_start(text, dot, er)
        end = words.unknown_name(text, start, er) if dot - start >= 2 else None
        if end is None or end - dot < 3 or any(s < end and start < e for s, e in spans) \
                or any(words.count(text[i:i + 2]) >= er.dotted_part_freq for i in range(start, end - 1)):
            continue
        add(start, end, None)
    # drop spans inside a longer span (the honorific or byline form wins), and spans crossing a kept one
    kept = [(s, e) for s, e in spans if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)]
    kept = [(s, e) for s, e in kept if not any(s2 < s < e2 < e for s2, e2 in kept)]
    return [Mention(type="person", name=text[s:e], start=sentence.start + s, end=sentence.start + e,
                    sentence=sentence.index, role=spans[(s, e)]) for s, e in sorted(kept)]


def _as_long_as_elsewhere(mentions: list[Mention], text: str) -> list[Mention]:
    """A two-character name written right before the third character of a three-character name the report
    gives elsewhere is that name cut short (队长封喜|才说 where the list reads 封喜才、某某)."""
    longer = {m.name for m in mentions if m.type == "person" and len(m.name) == 3}
    out = []
    for m in mentions:
        if m.type == "person" and len(m.name) == 2 and m.name + text[m.end:m.end + 1] in longer:
            m = replace(m, name=m.name + text[m.end], end=m.end + 1)
        out.append(m)
    return out


def discover_people(document: Document, sentences: tuple[Sentence, ...], found: list[Mention],
                    rules: Rulebook) -> list[Mention]:
    """The person mentions of the document after the segmenter's look (see the module's docstring): names
    no frame found, one mention each, and frame names cut one character short made whole (姜有|为 ->
    姜有为 when the tagger reads the three as one name). Returns ``found`` so revised, plus the new ones."""
    er = rules.entities
    words = _Words(rules)
    text = document.text
    tagger = _Tagger(text, rules)
    revised = [_whole(m, text, tagger, er) if m.type == "person" else m for m in found]
    revised = _as_long_as_elsewhere(revised, text)
    taken = sorted((m.start, m.end) for m in revised)
    known = {m.name for m in revised if m.type == "person"}
    seen: set[str] = set()
    for sentence in sentences:
        for token in sentence.tokens:
            name, start, end = token.text, token.start, token.end
            if name in seen or name in known:
                continue
            seen.add(name)
            surname = er.surname_at.match(name)
            if surname is None or not 1 <= len(name) - surname.end() <= 2 or not all(_CJK.match(c) for c in name) \
                    or words.count(name) or not _weak_ok(name, er, words) \
                    or any(c in er.name_followers for c in name[surname.end():]) \
                    or any(name.startswith(w) for w in er.not_names) or any(name in k for k in known):
                continue
            spans = [(at, at + len(name)) for at in find_all(text, name)]
            if any(_overlaps(s, e, taken) or any(text.startswith(w, e) for w in er.discovery_place_after)
                   for s, e in spans):
                continue
            short = len(name) - surname.end() == 1
            if not any(_right_edge(text, e, er, words) and (not short or _left_edge(text, s, er)) for s, e in spans):
                continue  # 某某蜜梨: a name runs into no word; a two-character one needs both edges clear
            if not tagger.is_name(name, start, sentence):
                continue
            title = er.title_tail.search(text, max(0, start - 12), start)
            known_title = er.title(title.group()) if title else None
            role = _posted(text, end, er) or (known_title.role if known_title else None)
            revised.append(Mention(type="person", name=name, start=start, end=end,
                                   sentence=sentence.index, role=role, attrs=((SEGMENTER, "1"),)))
            known.add(name)
    return revised


class _Tagger:
    """jieba's part-of-speech HMM on a few characters around a candidate (made on first use)."""

    def __init__(self, text: str, rules: Rulebook) -> None:
        self.text, self.rules = text, rules
        self.window = rules.entities.discovery_window
        self.tags = rules.entities.discovery_tags
        self.tagger: NameTagger | None = None

    def is_name(self, name: str, start: int, sentence: Sentence | None = None) -> bool:
        """Whether the tagger reads ``name`` at ``start`` as a personal name (with a window either side)."""
        if self.tagger is None:
            self.tagger = tagger_for(self.rules)
        low = max(sentence.start if sentence else 0, start - self.window)
        high = min(sentence.end if sentence else len(self.text), start + len(name) + self.window)
        return any(word == name and tag in self.tags for word, tag in self.tagger.tags(self.text[low:high]))


def _whole(mention: Mention, text: str, tagger: _Tagger, rules: EntityRules) -> Mention:
    """A surname + one character whose next character the tagger reads into the name (姜有|为3次到)."""
    surname = rules.surname_at.match(mention.name)
    end = mention.end
    if surname is None or len(mention.name) - surname.end() != 1 or end >= len(text) or not _CJK.match(text[end]) \
            or text[end] in rules.place_finals or not tagger.is_name(text[mention.start:end + 1], mention.start):
        return mention
    return replace(mention, name=text[mention.start:end + 1], end=end + 1)


def _right_edge(text: str, end: int, rules: EntityRules, words: _Words) -> bool:
    """After a name: the text's end, punctuation, a name follower, a speech verb or a common word."""
    return end >= len(text) or not _CJK.match(text[end]) or text[end] in rules.name_followers \
        or any(text.startswith(verb, end) for verb in rules.speech_verbs) or bool(words.starts_word(text, end, words.cut))


def _left_edge(text: str, start: int, rules: EntityRules) -> bool:
    """Before a two-character name: a line start, punctuation or a title."""
    return start == 0 or not _CJK.match(text[start - 1]) \
        or rules.title_tail.search(text, max(0, start - 12), start) is not None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted; mentions are short, so only those starting
    shortly before ``end`` are looked at)."""
    at = bisect.bisect_left(spans, (end, 0))
    return any(s < end and start < e for s, e in spans[max(0, at - 32):at])
