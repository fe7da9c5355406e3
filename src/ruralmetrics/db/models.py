"""The warehouse tables (SQLAlchemy 2 typed models).

Analysts query the views of ``contract.md`` (created by a migration); these tables are the
project's to change, always through a new Alembic migration. Values are ``Float`` (double
precision on PostgreSQL, REAL on SQLite): figures read from text have far fewer than 15
significant digits, both backends return the same Python float, and SQLite has no exact
decimal type (``Numeric`` there only warns and converts through float anyway).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

QUALIFIERS = ("exact", "at_least", "at_most", "approx")
ENTITY_TYPES = ("person", "team", "region", "project", "organization")
REGION_LEVELS = ("province", "city", "county", "town", "village")
# a place's level as a rank, most specific first: the ORDER BY of README example 3, indexed on facts.
# Laid out as PostgreSQL prints it back (autogenerate compares index expressions as text, line breaks kept)
PLACE_ORDER = ("(\nCASE region_level\n    WHEN 'village' THEN 1\n    WHEN 'town' THEN 2\n"
               "    WHEN 'county' THEN 3\n    WHEN 'city' THEN 4\n    ELSE 5\nEND)")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Document(Base):
    """One loaded report file, with its original and normalized text (so ``reload`` needs no files)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    key: Mapped[str] = mapped_column(
        String(500), unique=True,
        comment="the document's key: its file's path under the loaded folder, .txt dropped (a file given alone: its name)")
    source_path: Mapped[str | None] = mapped_column(
        Text,
        comment="the file it was last loaded from (absolute path)")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the file's bytes")
    encoding: Mapped[str] = mapped_column(
        String(32), comment="the encoding the file was read in (utf-8, gb18030, big5 …)")
    script: Mapped[str] = mapped_column(
        String(16), comment="simplified or traditional: the script the report was written in")
    title: Mapped[str | None] = mapped_column(Text, comment="the report's title, where found")
    published_on: Mapped[date | None] = mapped_column(
        Date,
        comment="the date the report gives for itself, where found")
    source: Mapped[str | None] = mapped_column(
        Text,
        comment="the publisher named in a source line, where found")
    original_text: Mapped[str] = mapped_column(
        Text, comment="the text as read from the file (reload derives from it, no files needed)")
    normalized_text: Mapped[str] = mapped_column(
        Text,
        comment="the text the figures are found in: simplified script, half-width, pinyin notes and damage removed")
    extractor_version: Mapped[str] = mapped_column(
        String(64),
        comment="library version + fingerprint of the rule files that derived the rows; reload compares it")
    loaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        comment="when this document was last stored")
    as_of: Mapped[date | None] = mapped_column(
        Date, comment="the date its figures are as of (the report's date, where known)")

    __table_args__ = (CheckConstraint(_one_of("script", ("simplified", "traditional")), name="script"),)


class Article(Base):
    """One article inside a document (a newspaper page can hold several)."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), comment="the document it is part of")
    ordinal: Mapped[int] = mapped_column(Integer, comment="0-based order in the document")
    title: Mapped[str | None] = mapped_column(Text, comment="the article's title, where found")
    byline: Mapped[str | None] = mapped_column(
        Text, comment="the article's byline (reporters, correspondents), where found")
    char_start: Mapped[int] = mapped_column(
        Integer, comment="where the article starts in the document's normalized text")
    char_end: Mapped[int] = mapped_column(
        Integer,
        comment="where the article ends in the document's normalized text")

    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)


class Region(Base):
    """An administrative place; ``path`` (names from the top down, '/'-joined) is its natural key."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"), index=True,
        comment="the place it lies in (null for a province or a place of unknown parent)")
    name: Mapped[str] = mapped_column(
        String(200),
        comment="the official name where the gazetteer knows the place (微山县), else the name as written")
    level: Mapped[str | None] = mapped_column(String(16), comment="province, city, county, town or village")
    code: Mapped[str | None] = mapped_column(
        String(32),
        comment="official administrative division code, where known")
    resolved: Mapped[bool] = mapped_column(
        Boolean,
        comment="true when the place was found in the gazetteer; false: level from its suffix, parent from context")
    path: Mapped[str] = mapped_column(
        String(1000), unique=True, comment="names from the province down, joined by / (the natural key)")
    # the place's own name and its ancestors' by level: rollups are plain GROUP BYs, no path parsing
    province: Mapped[str | None] = mapped_column(
        String(200), index=True,
        comment="the province it lies in (or is)")
    city: Mapped[str | None] = mapped_column(String(200), comment="the city it lies in (or is)")
    county: Mapped[str | None] = mapped_column(
        String(200), index=True, comment="the county or district it lies in (or is)")
    town: Mapped[str | None] = mapped_column(String(200), comment="the town or street it lies in (or is)")
    village: Mapped[str | None] = mapped_column(String(200), comment="the village or community it is")
    county_code: Mapped[str | None] = mapped_column(String(32), comment="the official code of its county")

    __table_args__ = (CheckConstraint(_one_of("level", REGION_LEVELS), name="level"),)


class RegionAlias(Base):
    """Another name a report writes for an official place (微山 for 微山县, 青岛西海岸新区 for 黄岛区):
    the place keeps one ``regions`` row under its official name; its written forms are listed here."""

    __tablename__ = "region_aliases"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), comment="the place")
    name: Mapped[str] = mapped_column(
        String(200), index=True,
        comment="another name reports write for it (微山 for 微山县)")

    __table_args__ = (UniqueConstraint("region_id", "name"),)


class Team(Base):
    """A work team (驻村工作队, 帮扶工作队 …); one row per (name, place) across reports."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    name: Mapped[str] = mapped_column(
        String(300),
        comment="the team's name as the report writes it (its fullest form)")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"), comment="the place the team is stationed in, where named")
    sending_unit: Mapped[str | None] = mapped_column(Text, comment="the unit that sent the team, where named")

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Person(Base):
    """A person; one row per (name, place): the same name in the same place across reports is one row."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    name: Mapped[str] = mapped_column(String(100), comment="the person's name")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"), comment="the place they work in, where known")

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Organization(Base):
    """A named body that acts or is acted for: sending units, companies, cooperatives, schools, publishers."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    name: Mapped[str] = mapped_column(String(300), comment="the body's name (its fullest form)")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"),
        comment="the place it is in, where known")

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Project(Base):
    """A named undertaking a report describes as built, run or planned (凤栖湖丝瓜产业园)."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    name: Mapped[str] = mapped_column(String(300), comment="the project's name")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"),
        comment="the place it is in, where known")

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Indicator(Base):
    """The indicator catalog, synced from the Rulebook at load time."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    code: Mapped[str] = mapped_column(
        String(100), unique=True,
        comment="catalog code, category.name (industry.funds_raised); other when none fits")
    name: Mapped[str] = mapped_column(String(200), comment="the indicator's Chinese name")
    category: Mapped[str] = mapped_column(
        String(32),
        comment="program, party, industry, livelihood, poverty, infrastructure, governance or other")
    counts: Mapped[str] = mapped_column(Text, comment="what it counts, in English")
    units: Mapped[str] = mapped_column(Text, comment="its usual units, space-separated (a hint, not a limit)")


class Unit(Base):
    """Canonical units, synced from the Rulebook at load time."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    name: Mapped[str] = mapped_column(String(32), unique=True, comment="the canonical unit (元, 亩, 人, 户 …)")
    dimension: Mapped[str] = mapped_column(
        String(32),
        comment="what it measures: money, area, people, households …")
    base_unit: Mapped[str | None] = mapped_column(
        String(32), comment="the unit base values are given in (亩 -> 平方米), null when none")
    base_factor: Mapped[float] = mapped_column(Float, comment="base value = value × base_factor")


class Fact(Base):
    """One quantity a document states, with what it counts, where and whose."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, comment="the document stating it")
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), comment="the article it is in")
    ordinal: Mapped[int] = mapped_column(Integer, comment="0-based order in the document")
    sentence: Mapped[str] = mapped_column(Text, comment="the normalized sentence holding the figure")
    surface: Mapped[str] = mapped_column(
        String(200),
        comment="the quantity as written in the normalized text (290余名)")
    char_start: Mapped[int] = mapped_column(
        Integer,
        comment="where surface starts in the document's normalized text")
    char_end: Mapped[int] = mapped_column(Integer, comment="where surface ends")
    value: Mapped[float] = mapped_column(
        Float, comment="magnitude with 万/亿 folded in, in the stated unit (3.31亿元 -> 331000000)")
    value_max: Mapped[float | None] = mapped_column(
        Float, comment="upper bound of a range (5至10个 -> value 5, value_max 10), else null")
    qualifier: Mapped[str] = mapped_column(
        String(16), comment="exact, at_least (余, 多, 以上), at_most (不足, 以内) or approx (约, 左右)")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), comment="the canonical unit")
    base_value: Mapped[float | None] = mapped_column(
        Float, comment="the value in the unit's base unit, where one exists")
    base_unit: Mapped[str | None] = mapped_column(String(32), comment="the base unit of base_value")
    subject: Mapped[str | None] = mapped_column(Text, comment="what is counted (发展党员)")
    indicator_id: Mapped[int] = mapped_column(  # indexed first in ix_facts_indicator_rollup
        ForeignKey("indicators.id"), comment="what the figure counts, from the catalog")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"), index=True, comment="the most specific place the figure is about")
    place_name: Mapped[str | None] = mapped_column(
        String(200), comment="the place's name as this document writes it, where it differs from the official one")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id"),
        comment="the work team it is credited to")
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id"),
        comment="the cadre it is credited to")
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id"),
        comment="the project it belongs to")
    period_text: Mapped[str | None] = mapped_column(
        Text, comment="the time phrase it is stated for (两年来), null if none")
    repeat_of: Mapped[int | None] = mapped_column(
        ForeignKey("facts.id", ondelete="SET NULL"),
        comment="the first fact of this document stating the same figure (same value, unit, indicator, place); null otherwise")
    # rollup keys, copied at load from the place's regions row and the document (never parsed from text), so
    # fact_details' GROUP BYs run over facts' own indexes; load.py keeps them equal to their sources
    province: Mapped[str | None] = mapped_column(
        String(200), comment="regions.province of its place (a copy kept at load, for rollups)")
    county: Mapped[str | None] = mapped_column(
        String(200), comment="regions.county of its place (a copy kept at load, for rollups)")
    region_level: Mapped[str | None] = mapped_column(
        String(16), comment="regions.level of its place (a copy kept at load, for ordering by level)")
    as_of: Mapped[date | None] = mapped_column(
        Date, comment="documents.as_of of its document (a copy kept at load, for rollups by year)")
    # what figure_series orders by, copied at load (a place's path and an indicator's code never change for a
    # row id), so "one indicator over time, per place" reads one index in order and stops at its LIMIT
    region_path: Mapped[str | None] = mapped_column(
        String(1000), comment="regions.path of its place (a copy kept at load, for figure_series' order)")
    indicator_code: Mapped[str | None] = mapped_column(
        String(100), comment="indicators.code of its indicator (a copy kept at load, for figure_series' order)")

    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(_one_of("qualifier", QUALIFIERS), name="qualifier"),
        CheckConstraint("char_start <= char_end", name="span"),
        # the same figure in other reports (fact_details.same_as): looked up by what and where it counts
        Index("ix_facts_figure", "indicator_id", "region_id", "unit_id", "value"),
        # rollups in GROUP BY order, covering every facts column fact_details' joins need (a rollup then
        # reads the index alone, in order): by province, indicator and date; by unit and county; by indicator
        Index("ix_facts_province_rollup", "province", "indicator_id", "as_of", "repeat_of", "value",
              "document_id", "unit_id", "region_id"),
        Index("ix_facts_county_rollup", "unit_id", "repeat_of", "province", "county", "indicator_id",
              "document_id", "value", "region_id"),
        Index("ix_facts_indicator_rollup", "indicator_id", "document_id", "unit_id", "region_id"),
        # most specific place first (README example 3): the level's rank as that ORDER BY writes it, then id
        Index("ix_facts_place_order", text(PLACE_ORDER), "id"),
        # figure_series in its documented order (README example 7): place path, indicator, date, id
        Index("ix_facts_series_order", "region_path", "indicator_code", "as_of", "id"),
    )


class DocumentCategory(Base):
    """How many facts a document has in each indicator category: one row per (document, category), written
    at load from the document's facts (view ``document_categories``).

    A rollup: ``load.py`` rewrites a document's rows whenever its facts are written, and every document's
    rows of an indicator whose category the catalog changes; a deleted document takes its rows along.
    """

    __tablename__ = "document_category_counts"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, comment="the document")
    category: Mapped[str] = mapped_column(
        String(32), primary_key=True, comment="indicators.category of the facts counted")
    facts: Mapped[int] = mapped_column(Integer, comment="the document's facts in that category (repeats included)")


class DocumentIndicatorTotal(Base):
    """Each figure once (``repeat_of`` null), per document, province and indicator: how many and their sum,
    with the document's year; only facts with a place (view ``indicator_years``).

    A rollup: ``load.py`` rewrites a document's rows whenever its facts are written or their places' rows
    change; a deleted document takes its rows along.
    """

    __tablename__ = "document_indicator_totals"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, comment="the document")
    province: Mapped[str] = mapped_column(
        String(200), primary_key=True, comment="facts.province of the facts counted")
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id"), primary_key=True, comment="facts.indicator_id of the facts counted")
    year: Mapped[int | None] = mapped_column(
        Integer, comment="the year of the document's date (documents.as_of), null when it has none")
    facts: Mapped[int] = mapped_column(Integer, comment="how many such facts (each figure once)")
    total: Mapped[float] = mapped_column(Float, comment="the sum of their values")

    __table_args__ = (
        # indicator_years groups in this order, reading the index alone
        Index("ix_document_indicator_totals_rollup", "province", "indicator_id", "year", "facts", "total"),
    )


class Mention(Base):
    """An entity a document names, with its role there: one row per (document, entity, role).

    Exactly one of the entity columns is set, the one ``entity_type`` names (a real foreign key
    each, rather than a polymorphic id the database cannot check).
    """

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, comment="the document naming it")
    entity_type: Mapped[str] = mapped_column(
        String(16),
        comment="person, team, region, project or organization")
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id"),
        comment="the person, for entity_type person")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id"),
        comment="the team, for entity_type team")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), comment="the organization, for entity_type organization")
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id"), comment="the project, for entity_type project")
    place_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"),
        comment="the place, for entity_type region")
    role: Mapped[str | None] = mapped_column(
        String(100), comment="for people: their role in this document (第一书记, 队长, 记者 …)")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"), comment="the place the entity belongs to, where known")
    name: Mapped[str | None] = mapped_column(
        String(200),
        comment="the name as this document writes it where it differs from the row's (a place's short form or alias)")
    char_start: Mapped[int | None] = mapped_column(
        Integer, comment="where the first mention starts in the normalized text")
    char_end: Mapped[int | None] = mapped_column(Integer, comment="where the first mention ends")

    __table_args__ = (
        CheckConstraint(_one_of("entity_type", ENTITY_TYPES), name="entity_type"),
        CheckConstraint(
            "(entity_type = 'person' AND person_id IS NOT NULL)"
            " OR (entity_type = 'team' AND team_id IS NOT NULL)"
            " OR (entity_type = 'organization' AND organization_id IS NOT NULL)"
            " OR (entity_type = 'project' AND project_id IS NOT NULL)"
            " OR (entity_type = 'region' AND place_id IS NOT NULL)",
            name="entity_ref",
        ),
    )


class Assignment(Base):
    """A person's post as one document states it: the team they serve in, the unit that sent them,
    the place they are stationed, and their role there (first secretary, team leader, member).

    One row per (document, person); a column the report does not state stays null. It answers
    "which first secretary of which unit ran which village"; ``entity_mentions`` shows the team
    and organization names on the person's rows.
    """

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True, comment="row id")
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, comment="the document stating the post")
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True, comment="the person")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id"), index=True, comment="the team they serve in, where stated")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="the unit that sent them, where stated")
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id"), comment="the place they are stationed, where stated")
    role: Mapped[str | None] = mapped_column(String(100), comment="their role there (第一书记, 队长, 队员 …)")

    __table_args__ = (UniqueConstraint("document_id", "person_id"),)


def _describe_tables() -> None:
    """Each table's comment is its model's docstring, first paragraph (the data dictionary's one source)."""
    for mapper in Base.registry.mappers:
        doc = (mapper.class_.__doc__ or "").strip().split("\n\n")[0]
        mapper.local_table.comment = " ".join(line.strip() for line in doc.splitlines()) or None


_describe_tables()
