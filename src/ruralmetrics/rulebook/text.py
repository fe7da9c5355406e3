"""Rules for decoding, normalization, pinyin notes, mojibake, sentences, headings, bylines, datelines
and sources.

Reads data/text.yaml, data/documents.yaml and data/common_chars.txt; used by read.py, normalize.py,
segment.py and extract/documents.py. Patterns are compiled here once and kept on the frozen rules.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import opencc

from ..errors import RuleFileError
from .files import alternation, compile_pattern, read_words, read_yaml, require_keys

TEXT = "text.yaml"
DOCUMENTS = "documents.yaml"
COMMON = "common_chars.txt"
HAN = "\u4e00-\u9fff"


def _words(name: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise RuleFileError(name, key, "expected a non-empty list of non-empty strings")
    if len(set(value)) != len(value):
        raise RuleFileError(name, key, "lists an entry twice")
    return tuple(value)


def _pairs(name: str, key: str, value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not value or not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) and x for x in v) for v in value):
        raise RuleFileError(name, key, "expected a list of [opening, closing] pairs")
    return tuple((a, b) for a, b in value)


def _number(name: str, key: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise RuleFileError(name, key, f"expected a number between {low} and {high}")
    return float(value)


def _string(name: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise RuleFileError(name, key, "expected a non-empty string")
    return value


def _groups(name: str, key: str, pattern: re.Pattern[str], groups: set[str]) -> re.Pattern[str]:
    """Fail unless the pattern defines the named groups the code reads."""
    missing = groups - set(pattern.groupindex)
    if missing:
        raise RuleFileError(name, key, f"pattern lacks the named groups {sorted(missing)}")
    return pattern


def _section(name: str, data: dict[str, Any], key: str, allowed: set[str],
             optional: set[str] = frozenset()) -> dict[str, Any]:
    entry = data.get(key)
    require_keys(name, key, entry, allowed | optional, allowed)
    return entry


def _class(pieces: Iterable[str]) -> str:
    """A regex character class from pieces that are single characters or ranges like ``a-z``."""
    out = []
    for piece in pieces:
        if len(piece) == 3 and piece[1] == "-":
            out.append(re.escape(piece[0]) + "-" + re.escape(piece[2]))
        else:
            out.append("".join(re.escape(c) for c in piece))
    return "[" + "".join(out) + "]"


@dataclass(frozen=True)
class DocumentRules:
    """Compiled cues of extract/documents.py (data/documents.yaml)."""

    credit_line: re.Pattern[str]  # a whole paragraph that is a byline (opening or closing)
    closing_credit: re.Pattern[str]  # 责任编辑:某某 — closes an article, never opens one
    trailing_credit: re.Pattern[str]  # (某某) / (记者 某某) closing a paragraph
    opener: re.Pattern[str]  # 本报讯(记者某某) / 中新社拉萨12月12日电 (某某) opening a paragraph
    ending: re.Pattern[str]  # (完)
    dateline_date: re.Pattern[str]
    dateline_cue: re.Pattern[str]
    dateline_time: re.Pattern[str]
    dateline_prose: re.Pattern[str]  # a line ending like a sentence is no publication line
    dateline_max_chars: int
    source_label: re.Pattern[str]
    masthead: re.Pattern[str]
    not_sources: frozenset[str]
    source_max_chars: int
    title_tag: re.Pattern[str]
    subtitle_start: re.Pattern[str]
    lead_in_end: re.Pattern[str]
    caption: re.Pattern[str]
    credit_max_chars: int
    min_lead_chars: int  # prose before the first byline that makes an article of its own
    publication_cue: re.Pattern[str]  # 来源, 发布时间: a dateline that dates the publication itself
    credit_publisher: re.Pattern[str]  # 某日报记者 某某: the publisher before its reporter
    site_banner: re.Pattern[str]  # 某网_某客户端: a line of publishers' names only
    furniture_name: re.Pattern[str]  # a publisher's name in a bracket tag or a breadcrumb ([某日报], 首页 > 某报 >)
    issue_header: re.Pattern[str]  # 某某文史 总第五十五辑: a periodical's running head
    min_prose_chars: int  # the first prose paragraph of a page is at least this long
    source_tail: re.Pattern[str]  # 来源:某报记者 某某: the reporter's title after the publisher
    dispatch_title: re.Pattern[str]  # 某社某地5月1日电 题:某某 — group `title`
    stamp: re.Pattern[str]  # 2025-06-19 14:30 at the start of a line: a page's time stamp glued to its text


@dataclass(frozen=True)
class TextRules:
    encodings: tuple[str, ...]
    max_control_share: float
    refused_magic: tuple[tuple[str, bytes], ...]  # (what the file is, the bytes it starts with)
    max_file_bytes: int
    max_line_chars: int
    html_starts: tuple[str, ...]  # lower-case openings that make a file an HTML page
    html_dropped: frozenset[str]  # elements dropped whole
    html_blocks: frozenset[str]  # elements that break a line
    pinyin_note: re.Pattern[str]
    traditional_share: float
    common_chars: frozenset[str]
    t2s: Any  # opencc.OpenCC("t2s"), created once
    suspect_chain: re.Pattern[str]  # chains of suspicious characters at most max_gap apart
    strong: re.Pattern[str]  # one strong suspect
    rare_han: re.Pattern[str]  # one Han character outside common_chars
    mojibake_familiar_count: int  # a rare character seen this often in one report is a real name
    mojibake_min_suspects: int
    mojibake_min_strong: int
    mojibake_min_rare_only: int
    mojibake_rare_density: float
    glued_before: re.Pattern[str]  # digits right before a damaged run (anchored at the end)
    glued_after: re.Pattern[str]  # digits right after a damaged run (anchored at the start)
    line: re.Pattern[str]  # one non-blank line (a paragraph)
    sentence: re.Pattern[str]  # one sentence inside a line
    heading_max_chars: int
    prose_end: re.Pattern[str]
    hmm: bool
    wrap_min_open_lines: int  # hard-wrapped text (a PDF's lines): see text.yaml `wrapping`
    wrap_open_share: float
    wrap_full_share: float
    wrap_line_end: re.Pattern[str]  # a line ending like this ends its sentence: never joined
    documents: DocumentRules

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def _encodings(value: object) -> tuple[str, ...]:
    names = _words(TEXT, "decoding.encodings", value)
    for encoding in names:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise RuleFileError(TEXT, "decoding.encodings", f"unknown encoding {encoding!r}") from err
    return names


def _latin1(start: str) -> bytes:
    """Magic bytes written as a YAML string of \\xNN escapes and ASCII."""
    try:
        return start.encode("latin-1")
    except UnicodeEncodeError as err:
        raise RuleFileError(TEXT, "decoding.refused_magic", f"{start!r}: bytes must be \\xNN escapes") from err


def _common_chars() -> frozenset[str]:
    chars = "".join(read_words(COMMON))
    if len(set(chars)) != len(chars):
        raise RuleFileError(COMMON, None, "a character is listed twice")
    if not all("\u4e00" <= c <= "\u9fff" for c in chars):
        raise RuleFileError(COMMON, None, "holds characters that are not Han")
    return frozenset(chars)


def _text_rules(data: dict[str, Any]) -> dict[str, Any]:
    require_keys(TEXT, "(top)", data, {"decoding", "html", "pinyin_notes", "script", "mojibake", "sentences",
                                        "headings", "segmenter", "wrapping"},
                 {"decoding", "html", "pinyin_notes", "script", "mojibake", "sentences", "headings", "segmenter"})
    decoding = _section(TEXT, data, "decoding", {"encodings", "max_control_share", "refused_magic",
                                                  "max_file_bytes", "max_line_chars"})
    html = _section(TEXT, data, "html", {"starts", "dropped", "blocks"})
    pinyin = _section(TEXT, data, "pinyin_notes", {"toned", "plain", "brackets"})
    script = _section(TEXT, data, "script", {"traditional_share"})
    moji = _section(TEXT, data, "mojibake", {"strong", "questions", "question_glue", "max_gap", "gap_breakers", "familiar_count", "min_suspects", "min_strong",
                                             "min_rare_only", "rare_only_density", "glued"})
    sentences = _section(TEXT, data, "sentences", {"terminators", "closers", "aside_brackets",
                                                    "aside_max_chars"})
    headings = _section(TEXT, data, "headings", {"max_chars", "prose_endings"})
    segmenter = _section(TEXT, data, "segmenter", {"hmm"})
    wrapping = data.get("wrapping") or {"min_open_lines": 1e9, "open_share": 1, "full_share": 1}
    require_keys(TEXT, "wrapping", wrapping, {"min_open_lines", "open_share", "full_share"},
                 {"min_open_lines", "open_share", "full_share"})

    toned = _words(TEXT, "pinyin_notes.toned", pinyin["toned"])
    letters = _class(_words(TEXT, "pinyin_notes.plain", pinyin["plain"]) + toned)
    notes = "|".join(
        re.escape(a) + letters + "*" + _class(toned) + letters + "*" + re.escape(b)
        for a, b in _pairs(TEXT, "pinyin_notes.brackets", pinyin["brackets"]))

    common = _common_chars()
    plain_strong = _class(_words(TEXT, "mojibake.strong", moji["strong"]))
    common_class = "[" + "".join(sorted(common)) + "]"
    rare = f"(?!{common_class})[\u3400-\u4dbf{HAN}\uf900-\ufaff\U00020000-\U0003134f]"
    question = _class(_words(TEXT, "mojibake.questions", moji["questions"]))
    glue = _class(_words(TEXT, "mojibake.question_glue", moji["question_glue"]))
    strong = f"(?:{plain_strong}|{question}(?={glue})|(?<={plain_strong}){question}|(?<={rare}){question})"
    suspect = f"(?:{strong}|{rare})"
    gap = int(_number(TEXT, "mojibake.max_gap", moji["max_gap"], 0, 10))
    breakers = _class(_words(TEXT, "mojibake.gap_breakers", moji["gap_breakers"]))
    gap_char = breakers[0] + "^" + breakers[1:]
    glued = _string(TEXT, "mojibake.glued", moji["glued"])

    terminators = _class(_words(TEXT, "sentences.terminators", sentences["terminators"]))
    closers = _class(_words(TEXT, "sentences.closers", sentences["closers"]))
    aside_max = int(_number(TEXT, "sentences.aside_max_chars", sentences["aside_max_chars"], 1, 500))
    asides = "|".join(
        re.escape(a) + "[^" + re.escape(a + b) + "\n]{0," + str(aside_max) + "}" + re.escape(b)
        for a, b in _pairs(TEXT, "sentences.aside_brackets", sentences["aside_brackets"]))
    # a sentence: asides kept whole, any other character but a terminator, then terminators and closers
    body = terminators[0] + "^" + terminators[1:-1] + "\n]"
    sentence = f"(?:{asides}|{body})+(?:{terminators}+{closers}*)?|{terminators}+{closers}*"

    endings = _class(_words(TEXT, "headings.prose_endings", headings["prose_endings"]))
    hmm = segmenter["hmm"]
    if not isinstance(hmm, bool):
        raise RuleFileError(TEXT, "segmenter.hmm", "expected true or false")
    return dict(
        encodings=_encodings(decoding["encodings"]),
        max_control_share=_number(TEXT, "decoding.max_control_share", decoding["max_control_share"], 0, 1),
        refused_magic=tuple((what, _latin1(start)) for what, start
                            in _pairs(TEXT, "decoding.refused_magic", decoding["refused_magic"])),
        max_file_bytes=int(_number(TEXT, "decoding.max_file_bytes", decoding["max_file_bytes"], 1, 1e12)),
        max_line_chars=int(_number(TEXT, "decoding.max_line_chars", decoding["max_line_chars"], 100, 1e9)),
        html_starts=tuple(w.lower() for w in _words(TEXT, "html.starts", html["starts"])),
        html_dropped=frozenset(_words(TEXT, "html.dropped", html["dropped"])),
        html_blocks=frozenset(_words(TEXT, "html.blocks", html["blocks"])),
        pinyin_note=compile_pattern(TEXT, "pinyin_notes", notes),
        traditional_share=_number(TEXT, "script.traditional_share", script["traditional_share"], 0, 1),
        common_chars=common,
        t2s=opencc.OpenCC("t2s"),
        suspect_chain=compile_pattern(TEXT, "mojibake", f"{suspect}(?:{gap_char}{{0,{gap}}}{suspect})*"),
        strong=compile_pattern(TEXT, "mojibake.strong", strong),
        rare_han=compile_pattern(TEXT, "mojibake", rare),
        mojibake_familiar_count=int(_number(TEXT, "mojibake.familiar_count", moji["familiar_count"], 1, 1000)),
        mojibake_min_suspects=int(_number(TEXT, "mojibake.min_suspects", moji["min_suspects"], 1, 50)),
        mojibake_min_strong=int(_number(TEXT, "mojibake.min_strong", moji["min_strong"], 0, 50)),
        mojibake_min_rare_only=int(_number(TEXT, "mojibake.min_rare_only", moji["min_rare_only"], 1, 50)),
        mojibake_rare_density=_number(TEXT, "mojibake.rare_only_density", moji["rare_only_density"], 0, 1),
        glued_before=compile_pattern(TEXT, "mojibake.glued", f"(?:{glued})$"),
        glued_after=compile_pattern(TEXT, "mojibake.glued", f"(?:{glued})"),
        line=re.compile(r"[^\n]*\S[^\n]*"),
        sentence=compile_pattern(TEXT, "sentences", sentence),
        heading_max_chars=int(_number(TEXT, "headings.max_chars", headings["max_chars"], 1, 500)),
        # prose ends in one of the endings, perhaps followed by closing quotes or a bracketed credit:
        # “我今年还打算种些蔬菜。” and …修建了蓄水池。(记者 某某) are prose, not headings
        prose_end=compile_pattern(TEXT, "headings.prose_endings",
                                  f"{endings}{closers}*(?:{asides})?{closers}*\\s*$"),
        hmm=hmm,
        wrap_min_open_lines=int(_number(TEXT, "wrapping.min_open_lines", wrapping["min_open_lines"], 1, 1e9)),
        wrap_open_share=_number(TEXT, "wrapping.open_share", wrapping["open_share"], 0, 1),
        wrap_full_share=_number(TEXT, "wrapping.full_share", wrapping["full_share"], 0, 1),
        wrap_line_end=compile_pattern(TEXT, "sentences", f"(?:{terminators}|{closers}|:)\\s*$"),
    )


def _document_rules(data: dict[str, Any]) -> DocumentRules:
    name = DOCUMENTS
    top = {"names", "credits", "articles", "openers", "endings", "dateline", "source", "titles"}
    require_keys(name, "(top)", data, top, top)
    names = _section(name, data, "names", {"person", "separators"})
    credits = _section(name, data, "credits", {"markers", "roles", "ends", "closing_roles", "max_chars"},
                       optional={"bare_names_min"})
    articles = _section(name, data, "articles", {"min_lead_chars"}, optional={"min_prose_chars"})
    openers = _section(name, data, "openers", {"house", "agency", "place", "date", "dispatch",
                                              "credit_brackets"}, optional={"title_labels"})
    endings = _section(name, data, "endings", {"markers"})
    dateline = _section(name, data, "dateline", {"date", "time", "cues", "max_chars", "sentence_ends"},
                        optional={"publication_cues"})
    source = _section(name, data, "source", {"labels", "not_labels", "field_words", "not_sources",
                                             "masthead", "max_chars"}, optional={"credit_publisher", "site_banner", "furniture_name",
                                                                            "issue_header"})
    titles = _section(name, data, "titles", {"tags", "subtitle_starts", "lead_ins", "caption_starts",
                                             "caption_ends"}, optional={"furniture"})
    furniture = "|".join(f"(?:{_string(name, 'titles.furniture', f)})" for f in titles.get("furniture") or [])

    person = _string(name, "names.person", names["person"])
    sep = _string(name, "names.separators", names["separators"])
    compile_pattern(name, "names.person", person)
    compile_pattern(name, "names.separators", sep)
    people = f"{person}(?:{sep}{person})*"
    markers = _class(_words(name, "credits.markers", credits["markers"]))
    roles = alternation(_words(name, "credits.roles", credits["roles"]))
    ends = alternation(_words(name, "credits.ends", credits["ends"]))
    closing = alternation(_words(name, "credits.closing_roles", credits["closing_roles"]))
    role_group = f"(?:{roles})(?:\\s*[::]\\s*|\\s+){people}"
    # □本报记者 某某 / 本报通讯员 某某 / 记者 某某 通讯员 某某 报道 / □某某 某某 / 某某 某某报道
    credit_line = (f"^\\s*(?:{markers}\\s*)?(?:{role_group}(?:{sep}{role_group})*|{markers}\\s*{people})"
                   f"(?:\\s*(?:{ends}))?\\s*$|^\\s*{people}\\s*(?:{ends})\\s*$")
    bare_min = credits.get("bare_names_min")
    if bare_min:  # 某某 某某某 某某: bare names, one of them led by a surname
        han = "[\\u4e00-\\u9fff]"
        surname = alternation(read_words("lexicon/surnames.txt"))
        bare = f"{han}{{2,3}}"
        credit_line += (f"|^\\s*(?=(?:{bare}[ \\u3000]+)*(?:{surname}))(?:{bare}[ \\u3000]+){{{int(bare_min) - 1},}}"
                        f"{bare}\\s*$")
    closing_credit = f"^\\s*(?:{closing})\\s*[::]?\\s*{people}?\\s*$|(?:{closing})\\s*[::]\\s*{people}\\s*$"

    brackets = _pairs(name, "openers.credit_brackets", openers["credit_brackets"])
    opens = "".join(re.escape(a) for a, _ in brackets)
    closes = "".join(re.escape(b) for _, b in brackets)
    bracket_credit = f"\\s*[{opens}]\\s*(?:(?:{roles})[::]?\\s*)?{people}\\s*[{closes}]"
    house = alternation(_words(name, "openers.house", openers["house"]))
    agency = _string(name, "openers.agency", openers["agency"])
    place = _string(name, "openers.place", openers["place"])
    date = _string(name, "openers.date", openers["date"])
    dispatch = alternation(_words(name, "openers.dispatch", openers["dispatch"]))
    opener = (f"^\\s*(?:(?P<house>{house})|{agency}[ \u3000]?(?:{place})?(?:{date})?(?:{dispatch}))"
              f"(?P<credit>{bracket_credit})?")
    title_labels = (alternation(_words(name, "openers.title_labels", openers["title_labels"]))
                    if "title_labels" in openers else "(?!)")
    dispatch_title = f"{opener}\\s*(?:{title_labels})\\s*[::]\\s*(?P<title>\\S.*?)\\s*$"
    trailing = f"[{opens}]\\s*(?P<credit>(?:(?:{roles})[::]?\\s*)?{people})\\s*[{closes}]\\s*$"
    ending = f"^\\s*(?:{alternation(_words(name, 'endings.markers', endings['markers']))})\\s*$"

    labels = alternation(_words(name, "source.labels", source["labels"]))
    not_labels = alternation(_words(name, "source.not_labels", source["not_labels"]))
    fields = alternation(_words(name, "source.field_words", source["field_words"]))
    # 图片来源:… names no publisher: that alternative comes first and yields no `source` group
    source_label = (f"(?:{not_labels})\\s*[::]|(?:{labels})\\s*[::]\\s*"
                    f"(?P<source>(?:(?!{fields})[^\\s::,;()\\[\\]【】|])+)")
    masthead = _string(name, "source.masthead", source["masthead"])

    caption_starts = alternation(_words(name, "titles.caption_starts", titles["caption_starts"]))
    caption_ends = alternation(_words(name, "titles.caption_ends", titles["caption_ends"]))
    tags = "|".join(f"(?:{t})" for t in _words(name, "titles.tags", titles["tags"]))
    return DocumentRules(
        credit_line=compile_pattern(name, "credits", credit_line),
        closing_credit=compile_pattern(name, "credits.closing_roles", closing_credit),
        trailing_credit=compile_pattern(name, "credits", trailing),
        opener=_groups(name, "openers.agency", compile_pattern(name, "openers", opener), {"agency", "credit"}),
        ending=compile_pattern(name, "endings", ending),
        dateline_date=_groups(name, "dateline.date", compile_pattern(
            name, "dateline.date", _string(name, "dateline.date", dateline["date"])), {"year", "month", "day"}),
        dateline_cue=compile_pattern(name, "dateline.cues",
                                     alternation(_words(name, "dateline.cues", dateline["cues"]))),
        dateline_time=compile_pattern(name, "dateline.time", _string(name, "dateline.time", dateline["time"])),
        dateline_prose=compile_pattern(name, "dateline.sentence_ends", _class(
            _words(name, "dateline.sentence_ends", dateline["sentence_ends"])) + r"\s*$"),
        dateline_max_chars=int(_number(name, "dateline.max_chars", dateline["max_chars"], 1, 500)),
        source_label=compile_pattern(name, "source", source_label),
        masthead=_groups(name, "source.masthead",
                         compile_pattern(name, "source.masthead", f"^\\s*{masthead}(?:\\s|$|(?=(?:19|20)\\d\\d))"), {"source"}),
        not_sources=frozenset(_words(name, "source.not_sources", source["not_sources"])),
        source_max_chars=int(_number(name, "source.max_chars", source["max_chars"], 1, 500)),
        title_tag=compile_pattern(name, "titles.tags", f"^\\s*(?:(?:{tags})\\s*)+"),  # [某报]【专栏】: every tag
        subtitle_start=compile_pattern(name, "titles.subtitle_starts",
                                       f"^\\s*(?:{alternation(_words(name, 'titles.subtitle_starts', titles['subtitle_starts']))})"),
        lead_in_end=compile_pattern(name, "titles.lead_ins",
                                    f"(?:{alternation(_words(name, 'titles.lead_ins', titles['lead_ins']))})\\s*$"),
        caption=compile_pattern(name, "titles", f"^\\s*(?:{caption_starts})|(?:{caption_ends})\\s*$"
                                + (f"|{furniture}" if furniture else "")),
        credit_max_chars=int(_number(name, "credits.max_chars", credits["max_chars"], 1, 500)),
        min_lead_chars=int(_number(name, "articles.min_lead_chars", articles["min_lead_chars"], 0, 100000)),
        publication_cue=compile_pattern(name, "dateline.publication_cues", alternation(
            _words(name, "dateline.publication_cues", dateline.get("publication_cues") or ["(?!)"]))),
        credit_publisher=_groups(name, "source.credit_publisher", compile_pattern(
            name, "source.credit_publisher", str(source.get("credit_publisher") or "(?P<source>(?!))(?P<role>)")),
            {"source", "role"}),
        issue_header=_groups(name, "source.issue_header", compile_pattern(
            name, "source.issue_header", str(source.get("issue_header") or "(?P<source>(?!))")), {"source"}),
        min_prose_chars=int(_number(name, "articles.min_prose_chars", articles.get("min_prose_chars", 0), 0, 1000)),
        site_banner=compile_pattern(name, "source.site_banner", str(source.get("site_banner") or "(?!)")),
        furniture_name=_groups(name, "source.furniture_name", compile_pattern(
            name, "source.furniture_name", str(source.get("furniture_name") or "(?P<source>(?!))")), {"source"}),
        source_tail=compile_pattern(name, "credits.roles", f"(?:{roles})$"),
        dispatch_title=compile_pattern(name, "openers.title_labels", dispatch_title),
        stamp=compile_pattern(name, "dateline", f"^\\s*(?:{dateline['date']})\\s*(?:{dateline['time']})"),
    )


@cache
def load() -> TextRules:
    """Read, validate and compile data/text.yaml, data/documents.yaml and data/common_chars.txt."""
    text = read_yaml(TEXT)
    documents = read_yaml(DOCUMENTS)
    if not isinstance(text, dict):
        raise RuleFileError(TEXT, None, "expected a mapping at the top")
    if not isinstance(documents, dict):
        raise RuleFileError(DOCUMENTS, None, "expected a mapping at the top")
    return TextRules(**_text_rules(text), documents=_document_rules(documents))
