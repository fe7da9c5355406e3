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
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

QUALIFIERS = ("exact", "at_least", "at_most", "approx")
ENTITY_TYPES = ("person", "team", "region", "project", "organization")
REGION_LEVELS = ("province", "city", "county", "town", "village")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Document(Base):
    """One loaded report file, with its original and normalized text (so ``reload`` needs no files)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)  # path under the loaded folder, .txt dropped
    source_path: Mapped[str | None] = mapped_column(Text)  # the file it was last loaded from (absolute)
    sha256: Mapped[str] = mapped_column(String(64))
    encoding: Mapped[str] = mapped_column(String(32))
    script: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    normalized_text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (CheckConstraint(_one_of("script", ("simplified", "traditional")), name="script"),)


class Article(Base):
    """One article inside a document (a newspaper page can hold several)."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # 0-based order in the document
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)


class Region(Base):
    """An administrative place; ``path`` (names from the top down, '/'-joined) is its natural key."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(32))
    resolved: Mapped[bool] = mapped_column(Boolean)  # False: not in the gazetteer
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    # the place's own name and its ancestors' by level (rollups are plain GROUP BYs, no path parsing)
    province: Mapped[str | None] = mapped_column(String(200), index=True)
    city: Mapped[str | None] = mapped_column(String(200))
    county: Mapped[str | None] = mapped_column(String(200), index=True)
    town: Mapped[str | None] = mapped_column(String(200))
    village: Mapped[str | None] = mapped_column(String(200))
    county_code: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (CheckConstraint(_one_of("level", REGION_LEVELS), name="level"),)


class RegionAlias(Base):
    """Another name a report writes for an official place (微山 for 微山县, 青岛西海岸新区 for 黄岛区):
    the place keeps one ``regions`` row under its official name; its written forms are listed here."""

    __tablename__ = "region_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), index=True)

    __table_args__ = (UniqueConstraint("region_id", "name"),)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    sending_unit: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Person(Base):
    """A person; one row per (name, place): the same name in the same place across reports is one row."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))

    __table_args__ = (UniqueConstraint("name", "region_id"),)


class Indicator(Base):
    """The indicator catalog, synced from the Rulebook at load time."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    counts: Mapped[str] = mapped_column(Text)  # what it counts, in English
    units: Mapped[str] = mapped_column(Text)  # usual units, space-separated (a hint)


class Unit(Base):
    """Canonical units, synced from the Rulebook at load time."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    dimension: Mapped[str] = mapped_column(String(32))
    base_unit: Mapped[str | None] = mapped_column(String(32))
    base_factor: Mapped[float] = mapped_column(Float)


class Fact(Base):
    """One quantity a document states, with what it counts, where and whose."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # 0-based order in the document
    sentence: Mapped[str] = mapped_column(Text)
    surface: Mapped[str] = mapped_column(String(200))
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    base_value: Mapped[float | None] = mapped_column(Float)
    base_unit: Mapped[str | None] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(Text)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    period_text: Mapped[str | None] = mapped_column(Text)
    repeat_of: Mapped[int | None] = mapped_column(ForeignKey("facts.id", ondelete="SET NULL"))

    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(_one_of("qualifier", QUALIFIERS), name="qualifier"),
        CheckConstraint("char_start <= char_end", name="span"),
    )


class Mention(Base):
    """An entity a document names, with its role there: one row per (document, entity, role).

    Exactly one of the entity columns is set, the one ``entity_type`` names (a real foreign key
    each, rather than a polymorphic id the database cannot check).
    """

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    entity_type: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))  # the region mentioned
    role: Mapped[str | None] = mapped_column(String(100))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))  # where the entity belongs
    # the name as this document writes it, where it differs from the row's (a place's short form or alias:
    # 微山 for 微山县, 西海岸新区 for 黄岛区; the row carries the official name)
    name: Mapped[str | None] = mapped_column(String(200))
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)

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

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))  # where the person works
    role: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (UniqueConstraint("document_id", "person_id"),)
