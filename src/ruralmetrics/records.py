"""Frozen records that cross stage boundaries: read -> normalize -> segment -> extract -> resolve -> load.

All character offsets are half-open ``[start, end)`` and index the *normalized* document text
(``Document.text``), which the warehouse stores so that ``reload`` needs no source files.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, NamedTuple

Script = Literal["simplified", "traditional"]
Qualifier = Literal["exact", "at_least", "at_most", "approx"]
EntityType = Literal["person", "team", "region", "project", "organization"]
RegionLevel = Literal["province", "city", "county", "town", "village"]


@dataclass(frozen=True)
class SourceFile:
    """A report as read from disk (or from the warehouse, for ``reload``)."""

    key: str  # file name without extension: the document key
    text: str  # decoded original text, exactly as the file holds it
    sha256: str  # of the raw bytes (or of the stored text on reload)
    encoding: str  # detected encoding: utf-8, utf-8-sig, gb18030, big5, utf-16 ...
    path: Path | None = None


@dataclass(frozen=True)
class Article:
    """One article of a file (a newspaper page can hold several)."""

    index: int  # 0-based order in the document
    start: int
    end: int
    title: str | None = None
    byline: str | None = None


@dataclass(frozen=True)
class Document:
    """A normalized report: simplified script, half-width, pinyin notes removed."""

    key: str
    original_text: str
    text: str  # normalized text; every offset in later records points into it
    script: Script
    encoding: str
    sha256: str
    damaged: tuple[tuple[int, int], ...] = ()  # mojibake runs in ``text``: no fact comes from inside one
    articles: tuple[Article, ...] = ()
    title: str | None = None
    published_on: date | None = None
    source: str | None = None
    publication_lines: tuple[tuple[int, int], ...] = ()  # 2022-09-14 22:45 来源:…: no fact comes from one

    def is_damaged(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` touches a damaged run."""
        return any(s < end and start < e for s, e in self.damaged)

    def article_at(self, offset: int) -> Article | None:
        for article in self.articles:
            if article.start <= offset < article.end:
                return article
        return self.articles[-1] if self.articles else None


class Token(NamedTuple):
    """One segmenter word. A NamedTuple, not a frozen dataclass: it is the one record made per word
    (as many as jieba yields), and a tuple is built at a fraction of a frozen ``__init__``'s cost."""

    text: str
    start: int
    end: int


class _OnFirstRead:
    """A field that may be given a maker instead of its value: a callable returning the value, called
    the first time the field is read (segment.py passes one for ``Sentence.tokens``, so that sentences
    no extractor asks about are never segmented). Reading always gives the value itself."""

    def __init__(self, default: tuple) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: object, objtype: type | None = None):
        if obj is None:
            return self.default  # the dataclass default
        value = obj.__dict__[self.slot]
        if callable(value):
            value = obj.__dict__[self.slot] = value()
        return value

    def __set__(self, obj: object, value: object) -> None:
        obj.__dict__[self.slot] = value


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based order in the document
    start: int
    end: int
    text: str  # == document.text[start:end]
    paragraph: int  # 0-based paragraph number
    article: int  # index of its Article
    tokens: tuple[Token, ...] = _OnFirstRead(())  # type: ignore[assignment]  # or a maker of them
    is_heading: bool = False  # a short line without final punctuation (headline, subhead, caption)

    def __getstate__(self) -> dict:
        """Pickled (to and from worker processes) without tokens not yet made: their maker holds the segmenter."""
        state = dict(self.__dict__)
        if callable(state.get("_tokens")):
            state["_tokens"] = ()
        return state

    def in_article(self, article: int) -> Sentence:
        """This sentence with ``article`` set (tokens not yet made stay unmade, unlike ``replace``)."""
        if article == self.article:
            return self
        moved = copy(self)
        object.__setattr__(moved, "article", article)
        return moved


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as the text states it (extract stage)."""

    surface: str  # document.text[start:end], e.g. "290余名"
    start: int
    end: int
    value: float  # magnitude folded in, in ``unit`` (3.31亿元 -> 331000000, 元)
    unit: str  # canonical unit (annotation.md §2)
    qualifier: Qualifier = "exact"
    value_max: float | None = None  # upper bound of a range
    base_value: float | None = None
    base_unit: str | None = None
    dimension: str | None = None  # money, people, area, length, count ...
    sentence: int = 0  # Sentence.index


@dataclass(frozen=True)
class Description:
    """What a quantity counts (extract stage, indicators)."""

    subject: str | None
    indicator_code: str  # a catalog code, or "other"
    period_text: str | None = None


@dataclass(frozen=True)
class Mention:
    """An entity named in the text (extract stage)."""

    type: EntityType
    name: str  # normalized name as written (team names already in canonical form)
    start: int
    end: int
    sentence: int
    role: str | None = None  # people: 第一书记, 队长, 记者 ...
    level: RegionLevel | None = None  # regions: level from gazetteer or suffix
    attrs: tuple[tuple[str, str], ...] = ()  # extra facts: ("region", "灵珠山街道"), ("sending_unit", ...)

    def attr(self, key: str) -> str | None:
        return next((v for k, v in self.attrs if k == key), None)


@dataclass(frozen=True)
class Place:
    """A resolved administrative place (resolve stage)."""

    name: str
    level: RegionLevel
    code: str | None = None  # official division code where known
    parent: Place | None = None
    resolved: bool = True  # False: not in the gazetteer, level from suffix, parent from context
    aliases: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[Place, ...]:
        chain: list[Place] = []
        node: Place | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return tuple(reversed(chain))

    @property
    def path_text(self) -> str:
        return "/".join(p.name for p in self.path)


@dataclass(frozen=True)
class Entity:
    """An entity of the document with its canonical identity (resolve stage)."""

    type: EntityType
    name: str
    role: str | None = None
    place: Place | None = None  # the place it belongs to (teams, projects, people where known)
    mentions: tuple[Mention, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Fact:
    """A quantity with what it counts, where and whose (resolve stage)."""

    quantity: Quantity
    description: Description
    article: int = 0
    place: Place | None = None
    team: str | None = None
    person: str | None = None
    project: str | None = None
    repeat_of: int | None = None  # index into Extraction.facts of the first mention


@dataclass(frozen=True)
class Extraction:
    """Everything derived from one document: what ``load`` writes in one transaction."""

    document: Document
    sentences: tuple[Sentence, ...]
    facts: tuple[Fact, ...]
    entities: tuple[Entity, ...]
    extractor_version: str
    as_of: date | None = None
    notes: tuple[str, ...] = field(default=())
