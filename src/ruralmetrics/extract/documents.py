"""Document fields: articles (split at headlines and bylines), title, published_on, source.

A file is cut into articles where a byline opens one (□本报记者 某某 after a headline) or a body
paragraph opens a news item (本报讯, 某社某地某日电); the article starts at the headlines right
above it. Its title is the headline block at its top, without column tags, captions and subtitles.
The date comes only from a publication line (2021-07-08 10:32:24 来源:…) at the head or the foot of
the file, never from a date in the prose; the source from a 来源 label, a news-agency dateline or a
masthead. Every cue lives in data/documents.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..records import Article, Document, Sentence
from ..rulebook import Rulebook
from ..rulebook.text import DocumentRules
from ..segment import tokenizer_for

_HAN = re.compile("[\u4e00-\u9fff]")
_TEASER_CHARS = 20  # a lead repeating this much of a news item's first words is the item's teaser
_INNER_STOP = re.compile("[。！？][^”」』)）\\s]")

# paragraph kinds
BODY, HEADING, CAPTION, CREDIT, CLOSING, DATELINE, ENDING, TEASER = (
    "body", "heading", "caption", "credit", "closing", "dateline", "ending", "teaser")


@dataclass(frozen=True)
class Paragraph:
    index: int  # Sentence.paragraph
    start: int
    end: int
    text: str
    kind: str
    opener: bool = False  # a body paragraph opening a news item (本报讯 …, …电)


def describe_document(document: Document, sentences: tuple[Sentence, ...],
                      rules: Rulebook) -> tuple[Document, tuple[Sentence, ...]]:
    """Return the document with articles/title/date/source set, and sentences with their article."""
    cues = rules.text.documents
    paragraphs = _teasers(_byline_name_on_top(paragraphs_of(document, sentences, cues), sentences, rules))
    starts = article_starts(paragraphs, cues)
    articles = _articles(document, paragraphs, starts, cues)
    bounds = [a.start for a in articles]
    sentences = tuple(s.in_article(_article_index(bounds, s.start)) for s in sentences)
    head, tail = _head_and_tail(paragraphs, cues)
    title = _title_above_dateline(head, cues) or (articles[0].title if articles else None)
    document = replace(document, articles=articles, title=title,
                       published_on=publication_date(head + tail, cues),
                       source=publisher(paragraphs, head + tail, cues),
                       publication_lines=tuple((p.start, p.end) for p in head + tail
                                               if p.kind == DATELINE and cues.dateline_time.search(p.text)))
    return document, sentences


def paragraphs_of(document: Document, sentences: tuple[Sentence, ...],
                  cues: DocumentRules) -> list[Paragraph]:
    """The document's paragraphs (from its sentences), each with its kind."""
    grouped: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        grouped.setdefault(sentence.paragraph, []).append(sentence)
    paragraphs = []
    for index, group in grouped.items():
        start, end = group[0].start, group[-1].end
        text = document.text[start:end]
        kind = _kind(text, group[0].is_heading, cues)
        opener = ((kind == BODY and cues.opener.match(text) is not None)
                  or (kind == HEADING and cues.dispatch_title.match(text) is not None))
        paragraphs.append(Paragraph(index, start, end, text, kind, opener))
    return paragraphs


def _kind(text: str, heading: bool, cues: DocumentRules) -> str:
    if cues.ending.match(text):
        return ENDING
    if heading and cues.caption.search(text):
        return CAPTION  # 图为…, 某某 摄: a picture's line, even when it names a person
    if cues.issue_header.match(text):
        return DATELINE  # 某某文史 总第五十五辑: a running head
    if len(text) <= cues.credit_max_chars:
        if cues.credit_line.match(text) or cues.credit_line.match(_without_publisher(text, cues)):
            return CREDIT
        if cues.closing_credit.match(text):
            return CLOSING
    if len(text) <= cues.source_max_chars:
        label = cues.source_label.match(text)
        if label is not None:  # 来源:某报 is a publication line; 图片来源:… a caption
            return DATELINE if label.group("source") else CAPTION
    if (len(text) <= cues.dateline_max_chars and cues.dateline_date.search(text)
            and not cues.dateline_prose.search(text)
            and (cues.dateline_cue.search(text) or cues.dateline_time.search(text)
                 or dated_publisher(text, cues) or cues.dateline_date.fullmatch(text.strip()))):  # a date alone
        return DATELINE
    if heading and (cues.site_banner.match(text) or not _HAN.search(text)):
        return CAPTION  # 某网_某客户端, "> : a site's banner or markup, never a title
    if heading and _INNER_STOP.search(text):
        return BODY  # 常住人口35户。村内…: a wrapped line of prose, not a headline
    if heading and cues.masthead.match(text) and (
            cues.dateline_date.search(text) or cues.masthead.match(text).end() >= len(text.rstrip())):
        return DATELINE  # a masthead line (某某日报 2022年3月1日 第5版) dates the page, it is no title
    if heading:
        tag = cues.title_tag.match(text)
        if tag is not None and tag.end() == len(text):
            return CAPTION  # 【资料图】: a label alone
        return HEADING
    return BODY


def dated_publisher(text: str, cues: DocumentRules) -> str | None:
    """The site or paper of a line that is only a date and its name: 2021-01-18 某某新闻网."""
    date = cues.dateline_date.search(text)
    if date is None:
        return None
    rest = cues.dateline_time.sub("", text[:date.start()] + " " + text[date.end():]).strip()
    if not rest or cues.site_banner.match(rest) is None and cues.masthead.match(rest) is None:
        return None
    masthead = cues.masthead.match(rest)
    if masthead is not None and masthead.end() < len(rest):
        return None
    name = rest.strip("《》 ")
    return name if _HAN.search(name) and name not in cues.not_sources else None


def _publication_line(paragraph: Paragraph, cues: DocumentRules) -> bool:
    """A dateline that dates the page itself: it says 来源/发布…, or is a date and the site's name."""
    return paragraph.kind == DATELINE and (cues.publication_cue.search(paragraph.text) is not None
                                           or dated_publisher(paragraph.text, cues) is not None)


def _byline_name_on_top(paragraphs: list[Paragraph], sentences: tuple[Sentence, ...],
                        rules: Rulebook) -> list[Paragraph]:
    """A page whose first line is one personal name over prose: the author's byline, not a headline.

    The line must be one word the segmenter's dictionary does not know (a name its HMM found),
    2-3 characters led by a surname."""
    if len(paragraphs) < 2 or paragraphs[0].kind != HEADING or paragraphs[1].kind != BODY:
        return paragraphs
    first = paragraphs[0]
    name = first.text.strip()
    tokens = [s for s in sentences if s.paragraph == first.index]
    if not 2 <= len(name) <= 3 or len(tokens) != 1 or [t.text for t in tokens[0].tokens] != [name]:
        return paragraphs
    people = rules.entities
    if not any(name.startswith(surname) and len(name) > len(surname) for surname in people.surnames):
        return paragraphs
    if tokenizer_for(rules).FREQ.get(name):
        return paragraphs  # a dictionary word (致富路), not a name
    return [replace(first, kind=CREDIT), *paragraphs[1:]]


def _teasers(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Prose above a news item's opener that repeats its opening words (a mirror site's summary of
    the story): a teaser, neither an article of its own nor the text under the headline."""
    openers = [n for n, p in enumerate(paragraphs) if p.opener]
    if not openers:
        return paragraphs
    first = openers[0]
    opening = paragraphs[first].text.strip()[:_TEASER_CHARS]
    if len(opening) < _TEASER_CHARS:
        return paragraphs
    return [replace(p, kind=TEASER) if n < first and p.kind == BODY and opening in p.text else p
            for n, p in enumerate(paragraphs)]


def _without_publisher(text: str, cues: DocumentRules) -> str:
    """某日报记者 某某 -> 记者 某某: a byline with its paper's name in front."""
    match = cues.credit_publisher.search(text)
    if match is None:
        return text
    return text[:match.start("source")] + match["role"] + text[match.end():]


def article_starts(paragraphs: list[Paragraph], cues: DocumentRules) -> list[int]:
    """Positions (in ``paragraphs``) where articles start; the first is always 0."""
    starts: list[int] = []
    block = -1  # where the last opening block (headlines, bylines, dateline) began
    for n, paragraph in enumerate(paragraphs):
        second_page = _second_page(paragraphs, n, cues)
        opens = paragraph.opener or (paragraph.kind == CREDIT and _leads(paragraphs, n)) or second_page
        if not opens:
            continue
        first = n
        while first > 0 and paragraphs[first - 1].kind in (HEADING, CREDIT, DATELINE):
            first -= 1
        if first <= block:
            continue
        block = first
        if not starts:
            lead = sum(len(p.text) for p in paragraphs[:first] if p.kind == BODY)
            if first and lead < cues.min_lead_chars and not second_page:  # (a page above has its own)
                first = 0
        starts.append(first)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts


def _second_page(paragraphs: list[Paragraph], n: int, cues: DocumentRules) -> bool:
    """A publication line (2013-09-18 来源:某网) below prose, with prose after it, heads another story."""
    if not _publication_line(paragraphs[n], cues) or not cues.dateline_date.search(paragraphs[n].text):
        return False
    if not any(p.kind == BODY and len(p.text) >= cues.min_prose_chars for p in paragraphs[:n]):
        return False
    for paragraph in paragraphs[n + 1:]:
        if paragraph.kind in (CREDIT, CAPTION, HEADING):
            continue
        return paragraph.kind == BODY
    return False


def _leads(paragraphs: list[Paragraph], n: int) -> bool:
    """A byline opens an article when prose (or a dateline) follows it, not when it closes one."""
    for paragraph in paragraphs[n + 1:]:
        if paragraph.kind in (CREDIT, CAPTION):
            continue
        return paragraph.kind in (BODY, DATELINE)
    return False


def _articles(document: Document, paragraphs: list[Paragraph], starts: list[int],
              cues: DocumentRules) -> tuple[Article, ...]:
    if not paragraphs:
        return (Article(index=0, start=0, end=len(document.text)),)
    articles = []
    for number, first in enumerate(starts):
        last = starts[number + 1] if number + 1 < len(starts) else len(paragraphs)
        members = paragraphs[first:last]
        start = 0 if number == 0 else members[0].start
        end = paragraphs[last].start if last < len(paragraphs) else len(document.text)
        articles.append(Article(index=number, start=start, end=end, title=title_of(members, cues),
                                byline=byline_of(members, cues)))
    return tuple(articles)


def title_of(members: list[Paragraph], cues: DocumentRules) -> str | None:
    """The headline block at the top of an article: lead-ins joined, tags, captions, subtitles out."""
    lines: list[str] = []
    for paragraph in members:
        if paragraph.kind in (CAPTION, TEASER) or (paragraph.kind == DATELINE and not lines):
            continue  # a masthead or picture label above the headline
        if paragraph.kind != HEADING:
            break
        dispatch = cues.dispatch_title.match(paragraph.text)
        if dispatch is not None:  # 某社某地5月1日电 题:某某 names the story
            lines.append(dispatch["title"])
            break
        line = cues.title_tag.sub("", paragraph.text).strip()
        if line and cues.subtitle_start.match(line):
            if lines:
                break  # the subtitle closes the headline block: a line after it labels a picture
            continue
        if line:
            lines.append(line)
    if not lines:
        return None
    groups: list[tuple[str, bool]] = []  # (text, joined from a lead-in)
    joining = False
    for line in lines:
        if joining and groups:
            groups[-1] = (groups[-1][0] + line, True)
        else:
            groups.append((line, False))
        joining = cues.lead_in_end.search(line) is not None
    joined = [text for text, was_joined in groups if was_joined]
    return joined[0] if joined else groups[-1][0]


def byline_of(members: list[Paragraph], cues: DocumentRules) -> str | None:
    """The article's credit lines as written, one a line: bylines, 本报讯(记者…), (某某), 责任编辑:…"""
    credits: list[str] = []
    for paragraph in members:
        if paragraph.kind in (CREDIT, CLOSING):
            credits.append(paragraph.text.strip())
        elif paragraph.kind == DATELINE:
            continue
        elif paragraph.kind == BODY:
            opener = cues.opener.match(paragraph.text) if paragraph.opener else None
            if opener is not None and opener.group("credit"):
                credits.append(opener.group("credit").strip())
            trailing = cues.trailing_credit.search(paragraph.text)
            if trailing is not None:
                credits.append(trailing.group().strip())
    return "\n".join(credits) or None


def _head_and_tail(paragraphs: list[Paragraph], cues: DocumentRules) -> tuple[list[Paragraph], list[Paragraph]]:
    """Paragraphs above the first prose paragraph, and below the last one (short labels are no prose)."""
    prose = [n for n, p in enumerate(paragraphs)
             if p.kind == BODY and not p.opener and len(p.text.strip()) >= cues.min_prose_chars]
    if not prose:
        return paragraphs, []
    return paragraphs[:prose[0] + 1], paragraphs[prose[-1] + 1:]


def publication_date(paragraphs: list[Paragraph], cues: DocumentRules) -> date | None:
    """The date of the first publication line among ``paragraphs`` (one saying 来源/发布 first)."""
    lines = [p for p in paragraphs if p.kind == DATELINE]
    lines.sort(key=lambda p: not _publication_line(p, cues))
    for paragraph in lines:
        found = _date(cues.dateline_date.search(paragraph.text))
        if found is not None:
            return found
    for paragraph in paragraphs:  # 2025-06-19 14:30“驻村…: the page's stamp glued to its first line
        if paragraph.kind == BODY:
            stamp = cues.stamp.match(paragraph.text)
            if stamp is not None:
                return _date(cues.dateline_date.search(stamp.group()))
    return None


def _date(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def publisher(paragraphs: list[Paragraph], edges: list[Paragraph], cues: DocumentRules) -> str | None:
    """The publisher: a 来源 label, else a news agency's dateline, else a masthead."""
    for paragraph in paragraphs:
        if paragraph.kind == BODY and len(paragraph.text) > cues.source_max_chars and paragraph not in edges:
            continue
        for match in cues.source_label.finditer(paragraph.text):
            name = cues.source_tail.sub("", match.group("source") or "")
            if name and _HAN.search(name) and name not in cues.not_sources:
                return name  # (来源: sp20241124 is a page's code, no publisher)
    for paragraph in edges:
        if paragraph.kind == DATELINE:
            name = dated_publisher(paragraph.text, cues)
            if name is not None:
                return name
    for paragraph in paragraphs:
        if paragraph.opener:
            match = cues.opener.match(paragraph.text) or cues.dispatch_title.match(paragraph.text)
            agency = match.group("agency") if match is not None else None
            if agency and agency not in cues.not_sources:
                return agency
    for paragraph in edges:
        if paragraph.kind in (HEADING, DATELINE) and len(paragraph.text) <= cues.source_max_chars:
            match = cues.masthead.match(paragraph.text)
            if match is not None and match.group("source") not in cues.not_sources:
                return match.group("source")
    for paragraph in edges:  # [某日报]【专栏】标题, 首页 > 某日报 > 专题 > 正文: a paper named in the page's furniture
        if paragraph.kind in (HEADING, DATELINE, CAPTION) and len(paragraph.text) <= cues.source_max_chars:
            for found in _BRACKETED_OR_CRUMB.finditer(paragraph.text):
                match = cues.furniture_name.fullmatch((found.group(1) or found.group(2) or "").strip())
                if match is not None and match.group("source") not in cues.not_sources:
                    return match.group("source")
    for paragraph in edges:
        match = cues.issue_header.match(paragraph.text)
        if match is not None and paragraph.kind == DATELINE:
            return match.group("source")
    for paragraph in edges:  # 某日报记者 某某: a byline or caption naming its paper
        for match in cues.credit_publisher.finditer(paragraph.text):
            if match.group("source") not in cues.not_sources:
                return match.group("source")
    return None


_BRACKETED_OR_CRUMB = re.compile(r"^\s*[\[【]([^\]】]{2,12})[\]】]|(?<=[>›»])\s*([^>›»]{2,12}?)\s*(?=[>›»])")


def _title_above_dateline(head: list[Paragraph], cues: DocumentRules) -> str | None:
    """A web page's title: the headline right above its publication line (2022-09-14 来源:…)."""
    for n, paragraph in enumerate(head):
        if not _publication_line(paragraph, cues) or n == 0:
            continue
        above = head[n - 1]
        if above.kind == HEADING:
            line = cues.title_tag.sub("", above.text).strip()
            if line and not cues.subtitle_start.match(line):
                return line
        return None
    return None


def _article_index(bounds: list[int], offset: int) -> int:
    index = 0
    for number, start in enumerate(bounds):
        if start <= offset:
            index = number
    return index
