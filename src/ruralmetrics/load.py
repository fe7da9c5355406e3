"""load: one Extraction -> warehouse rows, in the caller's transaction (one per document).

A document is keyed by its file name. Same key, same sha256 and same extractor version: nothing
changes. Otherwise its articles, facts and mentions are replaced; entity rows (regions, teams,
people, organizations, projects) are shared between documents and only ever get-or-created by
their natural key (sqlite-utils ``Table.lookup``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

from sqlalchemy import Connection, Integer, bindparam, cast, delete, extract, func, insert, select, update
from sqlalchemy.orm import Session

from .db import models
from .db.engine import lock_for_writing
from .keys import key_under_parents
from .records import Entity, Extraction, Fact, Place, SourceFile
from .rulebook import Rulebook

Outcome = Literal["loaded", "replaced", "unchanged", "moved"]
_CATEGORIES = ("program", "party", "industry", "livelihood", "poverty", "infrastructure", "governance", "other")


def sync_reference(session: Session, rules: Rulebook) -> None:
    """Bring the units and indicators tables in line with the Rulebook (insert or update, never delete)."""
    lock_for_writing(session.connection())
    units = {u.name: u for u in session.scalars(select(models.Unit))}
    for unit in rules.quantities.units:
        row = units.get(unit.name) or models.Unit(name=unit.name)
        row.dimension, row.base_unit, row.base_factor = unit.dimension, unit.base_unit, unit.base_factor
        session.add(row)
    indicators = {i.code: i for i in session.scalars(select(models.Indicator))}
    recategorized = []
    for entry in rules.indicators.catalog:
        row = indicators.get(entry.code) or models.Indicator(code=entry.code)
        if row.id is not None and row.category != entry.category:
            recategorized.append(row.id)
        row.name, row.category, row.counts = entry.name, entry.category, entry.counts
        row.units = " ".join(entry.units)
        session.add(row)
    session.flush()
    if recategorized:  # the per-category counts of every document with such facts
        facts = models.Fact.__table__
        write_rollups(session, select(facts.c.document_id).where(facts.c.indicator_id.in_(recategorized)).distinct())


def stored_state(session: Session, key: str) -> tuple[str, str] | None:
    """(sha256, extractor_version) of the stored document with this key, or None."""
    row = session.execute(select(models.Document.sha256, models.Document.extractor_version)
                          .where(models.Document.key == key)).first()
    return (row[0], row[1]) if row else None


def stored_keys(session: Session) -> list[str]:
    return list(session.scalars(select(models.Document.key).order_by(models.Document.key)))


def stored_source(session: Session, key: str) -> SourceFile:
    """The stored document as a SourceFile (its original text; the sha256 of the file it came from)."""
    row = session.scalars(select(models.Document).where(models.Document.key == key)).one()
    return SourceFile(key=row.key, text=row.original_text, sha256=row.sha256, encoding=row.encoding)


def place_source(session: Session, source: SourceFile) -> tuple[SourceFile, bool]:
    """The key a file is stored under, and whether it is a stored document's file that moved.

    - its key is free or held by this same file (same path, or a path that no longer exists:
      the file was moved or the tree copied elsewhere): the key as it is;
    - its key is held by another file that still exists: a different report, so the key gets the
      file's parent folders in front until it is free or this file's (``x`` -> ``b/x``);
    - its key is new but a stored document has the same bytes and its file is gone: that
      document moved here; it is renamed to this key and path (reported as ``moved``).
    """
    if source.path is None:
        return source, False
    lock_for_writing(session.connection())
    here = str(source.path.resolve())
    key = source.key
    for depth in range(len(Path(here).parts)):
        key = key_under_parents(here, source.key, depth)
        held = session.execute(select(models.Document.source_path).where(models.Document.key == key)).first()
        if held is None or held[0] in (None, here) or not Path(held[0]).exists():
            break
    source = replace(source, key=key)
    if held is not None:
        return source, False
    gone = [row for row in session.scalars(select(models.Document).where(models.Document.sha256 == source.sha256))
            if row.source_path and row.source_path != here and not Path(row.source_path).exists()]
    if not gone:
        return source, False
    gone[0].key, gone[0].source_path = key, here
    session.flush()
    return source, True


def is_unchanged(session: Session, source: SourceFile, extractor_version: str) -> bool:
    return stored_state(session, source.key) == (source.sha256, extractor_version)


class RegionKeys(NamedTuple):
    """What a fact copies from its place's ``regions`` row (and the row's id and code)."""

    id: int
    level: str | None
    code: str | None
    province: str | None
    county: str | None
    path: str


class RowCache:
    """Ids of shared rows (units, indicators, regions, entities) known to exist, across documents.

    Only valid while every transaction that added to it committed: call ``clear()`` after a
    rollback.
    """

    def __init__(self) -> None:
        self.units: dict[str, tuple[int, float, str | None]] = {}  # name -> (id, base_factor, base_unit)
        self.indicators: dict[str, int] = {}
        self.regions: dict[str, RegionKeys] = {}  # path -> the row's id, level, code, province, county
        self.entities: dict[tuple[str, str, int | None], int] = {}  # (kind, name, region_id) -> id
        self.aliases: set[tuple[int, str]] = set()  # (region_id, name) listed in region_aliases

    def clear(self) -> None:
        for table in (self.units, self.indicators, self.regions, self.entities, self.aliases):
            table.clear()


def store_extraction(session: Session, extraction: Extraction, source: SourceFile, *,
                     force: bool = False, cache: RowCache | None = None) -> Outcome:
    """Write one document's rows; ``force`` replaces even an unchanged document (``reload``).

    Takes the warehouse's writer lock first (``db.engine.lock_for_writing``): a concurrent loader
    of the same file finds it stored and reports it unchanged.
    """
    lock_for_writing(session.connection())
    document = extraction.document
    documents = models.Document.__table__
    row = session.execute(select(documents.c.id, documents.c.sha256, documents.c.extractor_version,
                                 documents.c.source_path).where(documents.c.key == document.key)).first()
    if row is not None and not force and (row.sha256, row.extractor_version) == (source.sha256,
                                                                                  extraction.extractor_version):
        return "unchanged"
    values = {
        "sha256": source.sha256,
        "source_path": str(source.path.resolve()) if source.path is not None else (row.source_path if row else None),
        "encoding": source.encoding, "script": document.script, "title": document.title,
        "published_on": document.published_on, "source": document.source, "original_text": source.text,
        "normalized_text": document.text, "extractor_version": extraction.extractor_version,
        "loaded_at": datetime.now(UTC), "as_of": extraction.as_of,
    }
    if row is None:  # Core statements: one round trip each, no unit of work
        outcome: Outcome = "loaded"
        document_id = session.execute(insert(documents).values(key=document.key, **values)
                                      .returning(documents.c.id)).scalar_one()
    else:
        outcome = "replaced"
        document_id = row.id
        for table in (models.Assignment, models.Mention, models.Fact, models.Article):
            session.execute(delete(table).where(table.document_id == document_id))
        session.execute(update(documents).where(documents.c.id == document_id).values(**values))
    _Writer(session, document_id, cache if cache is not None else RowCache()).write(extraction)
    return outcome


class _Writer:
    """Rows of one document; shared rows are looked up through the cache, then the database."""

    def __init__(self, session: Session, document_id: int, cache: RowCache) -> None:
        self.session = session
        self.document_id = document_id
        self.cache = cache
        self.by_name: dict[tuple[str, str], int] = {}  # this document's entities by (kind, name)
        # region_keys by place object: the extraction's places are shared by many facts and mentions (the
        # object is kept with its keys, so its id is not reused while this document is written)
        self.places: dict[int, tuple[Place, RegionKeys | None]] = {}

    def _insert(self, model: type[models.Article | models.Fact], rows: list[dict],
                want_ids: bool = True) -> dict[int, int]:
        """Insert this document's rows in one executemany; their ids by ordinal if wanted."""
        if not rows:
            return {}
        table = model.__table__
        self.session.execute(insert(table), rows)  # Core executemany: no per-row RETURNING round trips
        if not want_ids:
            return {}
        found = self.session.execute(select(table.c.ordinal, table.c.id)
                                     .where(table.c.document_id == self.document_id))
        return {ordinal: row_id for ordinal, row_id in found}

    def write(self, extraction: Extraction) -> None:
        articles = extraction.document.articles
        article_ids = self._insert(models.Article, [
            {"document_id": self.document_id, "ordinal": a.index, "title": a.title, "byline": a.byline,
             "char_start": a.start, "char_end": a.end} for a in articles])
        self._write_mentions(extraction.entities)
        facts = extraction.facts
        rows = [self._fact(n, fact, extraction, article_ids) for n, fact in enumerate(facts)]
        repeats = [(n, fact.repeat_of) for n, fact in enumerate(facts)
                   if fact.repeat_of is not None and 0 <= fact.repeat_of < len(facts) and fact.repeat_of != n]
        ids = self._insert(models.Fact, rows, want_ids=bool(repeats))
        if repeats:
            table = models.Fact.__table__
            self.session.execute(update(table).where(table.c.id == bindparam("fact_id"))
                                 .values(repeat_of=bindparam("first_id")),
                                 [{"fact_id": ids[n], "first_id": ids[first]} for n, first in repeats])
        write_rollups(self.session, [self.document_id])

    # ------------------------------------------------------------------ entities
    def region(self, place: Place | None) -> int | None:
        """Get or create the region rows of a place's chain, top down; the id of the last."""
        keys = self.region_keys(place)
        return keys.id if keys is not None else None

    def region_keys(self, place: Place | None) -> RegionKeys | None:
        """Get or create the region rows of a place's chain, top down; the last one's id, level, code,
        province and county (what its facts copy). A row without a level is read again (another loader may
        have learned it since)."""
        if place is None:
            return None
        seen = self.places.get(id(place))
        if seen is not None and seen[0] is place:
            return seen[1]
        keys, settled = self._region_keys(place)
        if settled:
            self.places[id(place)] = (place, keys)
        return keys

    def _region_keys(self, place: Place) -> tuple[RegionKeys | None, bool]:
        """The keys, and whether every row of the chain has its level (then asking again reads nothing, writes
        nothing and gives the same id, level, province and county: the answer can be remembered)."""
        path, known, settled = "", None, True
        for node in place.path:
            name = stored_name(node)
            path = f"{path}/{name}" if path else name
            parent_id = known.id if known is not None else None
            known = self.cache.regions.get(path)
            if known is None or (known.code is None and node.code) or known.level is None:
                known = self._region_row(path, node, parent_id)
                self.cache.regions[path] = known
            if name != node.name and (known.id, node.name) not in self.cache.aliases:
                self._alias_row(known.id, node.name)
            settled = settled and known.level is not None
        return known, settled

    def _alias_row(self, region_id: int, name: str) -> None:
        """Another name of a stored place (微山 for 微山县), listed once."""
        table = models.RegionAlias.__table__
        if self.session.execute(select(table.c.id).where(table.c.region_id == region_id,
                                                        table.c.name == name)).first() is None:
            self.session.execute(insert(table), [{"region_id": region_id, "name": name}])
        self.cache.aliases.add((region_id, name))

    def _region_row(self, path: str, node: Place, parent_id: int | None) -> RegionKeys:
        found = self.session.scalars(select(models.Region).where(models.Region.path == path)).first()
        if found is None:
            found = models.Region(name=stored_name(node), level=node.level, code=node.code, resolved=node.resolved,
                                  path=path, parent_id=parent_id, **_ancestors(node))
            self.session.add(found)
        else:
            if found.code is None and node.code:  # the gazetteer learned it since
                found.code, found.resolved = node.code, node.resolved
            if found.level is None and node.level:
                found.level = node.level
                self.session.flush()
                refresh_fact_places(self.session, [found.id])  # its facts in other documents copy the level
        self.session.flush()
        return RegionKeys(found.id, found.level, found.code, found.province, found.county, found.path)

    def entity(self, kind: str, name: str, place: Place | None = None, sending_unit: str | None = None) -> int:
        """The id of the team/person/organization/project row for (name, place), created if new."""
        model = _ENTITY_MODELS[kind]
        region_id = self.region(place)
        key = (kind, name, region_id)
        entity_id = self.cache.entities.get(key)
        if entity_id is None:  # Core statements: one round trip each, no unit of work
            table = model.__table__
            team = kind == "team"
            found = self.session.execute(
                select(table.c.id, *([table.c.sending_unit] if team else []))
                .where(table.c.name == name,
                       table.c.region_id == region_id if region_id is not None else table.c.region_id.is_(None))
            ).first()
            if found is None:
                values = {"name": name, "region_id": region_id, **({"sending_unit": sending_unit} if team else {})}
                entity_id = self.session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
            else:
                entity_id = found.id
                if team and sending_unit and not found.sending_unit:
                    self.session.execute(update(table).where(table.c.id == entity_id)
                                         .values(sending_unit=sending_unit))
            self.cache.entities[key] = entity_id
        self.by_name.setdefault((kind, name), entity_id)
        return entity_id

    def _write_mentions(self, entities: tuple[Entity, ...]) -> None:
        rows: dict[tuple[str, int, str | None], dict] = {}
        for entity in entities:
            first = entity.mentions[0] if entity.mentions else None
            row = {"document_id": self.document_id, "entity_type": entity.type, "role": entity.role,
                   "char_start": first.start if first else None, "char_end": first.end if first else None,
                   **dict.fromkeys(("person_id", "team_id", "organization_id", "project_id", "place_id", "name"))}
            if entity.type == "region":
                place = entity.place
                if place is None or place.name != entity.name:  # the place it lies in, or none
                    place = Place(name=entity.name, level=first.level if first else None,  # type: ignore[arg-type]
                                  parent=place, resolved=False)
                entity_id = self.region(place)
                assert entity_id is not None
                row["place_id"] = entity_id
                row["name"] = entity.name if stored_name(place) != entity.name else None
                row["region_id"] = self.region(place.parent)
            else:
                entity_id = self.entity(entity.type, entity.name, entity.place,
                                        sending_unit=_attr(entity, "sending_unit"))
                row[f"{entity.type}_id"] = entity_id
                row["region_id"] = self.region(entity.place)
            rows.setdefault((entity.type, entity_id, entity.role), row)
        if rows:
            self.session.execute(insert(models.Mention.__table__), list(rows.values()))
        self._write_assignments(entities)

    def _write_assignments(self, entities: tuple[Entity, ...]) -> None:
        """One row per person the report links to a team or a sending unit (``team``/``organization`` attrs)."""
        rows: dict[int, dict] = {}
        for entity in entities:
            team, unit = _attr(entity, "team"), _attr(entity, "organization")
            if entity.type != "person" or not (team or unit):
                continue
            person_id = self.by_name.get(("person", entity.name)) or self.entity("person", entity.name, entity.place)
            rows.setdefault(person_id, {
                "document_id": self.document_id, "person_id": person_id, "role": entity.role,
                "team_id": self._named("team", team), "organization_id": self._named("organization", unit),
                "region_id": self.region(entity.place)})
        if rows:
            self.session.execute(insert(models.Assignment.__table__), list(rows.values()))

    def _named(self, kind: str, name: str | None) -> int | None:
        """A fact's team/person/project: the document's entity of that name, else a row by name alone."""
        if not name:
            return None
        return self.by_name.get((kind, name)) or self.entity(kind, name)

    # ------------------------------------------------------------------ facts
    def _unit(self, name: str, dimension: str | None) -> tuple[int, float, str | None]:
        if name not in self.cache.units:
            found = self.session.scalars(select(models.Unit).where(models.Unit.name == name)).first()
            if found is None:  # a unit the Rulebook does not list: keep the fact, note the unit
                found = models.Unit(name=name, dimension=dimension or "unknown", base_unit=None, base_factor=1.0)
                self.session.add(found)
                self.session.flush()
            self.cache.units[name] = (found.id, found.base_factor, found.base_unit)
        return self.cache.units[name]

    def _indicator(self, code: str) -> int:
        if code not in self.cache.indicators:
            found = self.session.scalars(select(models.Indicator).where(models.Indicator.code == code)).first()
            if found is None:  # a code the catalog does not list: keep the fact, note the code
                category = code.split(".")[0]
                found = models.Indicator(code=code, name=code, counts="", units="",
                                         category=category if category in _CATEGORIES else "other")
                self.session.add(found)
                self.session.flush()
            self.cache.indicators[code] = found.id
        return self.cache.indicators[code]

    def _fact(self, ordinal: int, fact: Fact, extraction: Extraction, article_ids: dict[int, int]) -> dict:
        q, d = fact.quantity, fact.description
        unit_id, base_factor, base_unit = self._unit(q.unit, q.dimension)
        base_value = q.base_value
        if base_value is None:
            base_value, base_unit = q.value * base_factor, base_unit or q.unit
        else:
            base_unit = q.base_unit
        sentences = extraction.sentences
        sentence = sentences[q.sentence].text if 0 <= q.sentence < len(sentences) else q.surface
        place = self.region_keys(fact.place)  # the rollup keys are the place row's own (and the document's date)
        return {
            "document_id": self.document_id, "article_id": article_ids.get(fact.article), "ordinal": ordinal,
            "sentence": sentence, "surface": q.surface, "char_start": q.start, "char_end": q.end,
            "value": q.value, "value_max": q.value_max, "qualifier": q.qualifier, "unit_id": unit_id,
            "base_value": base_value, "base_unit": base_unit, "subject": d.subject,
            "indicator_id": self._indicator(d.indicator_code or "other"), "region_id": place.id if place else None,
            "province": place.province if place else None, "county": place.county if place else None,
            "region_level": place.level if place else None, "as_of": extraction.as_of,
            "region_path": place.path if place else None, "indicator_code": d.indicator_code or "other",
            "place_name": fact.place.name if fact.place is not None and stored_name(fact.place) != fact.place.name
            else None,
            "team_id": self._named("team", fact.team), "person_id": self._named("person", fact.person),
            "project_id": self._named("project", fact.project), "period_text": d.period_text,
            "repeat_of": None,
        }


_ENTITY_MODELS: dict[str, type[models.Team | models.Person | models.Organization | models.Project]] = {
    "team": models.Team, "person": models.Person, "organization": models.Organization, "project": models.Project}


def stored_name(place: Place) -> str:
    """The name a place's row carries: the official one where the gazetteer knows the place (微山县 for a
    report's 微山, 黄岛区 for 青岛西海岸新区: one row per real place), else the name as written."""
    return place.aliases[0] if place.code and place.aliases else place.name


def prune_regions(session: Session) -> int:
    """Delete the region rows nothing refers to any more (a reload rewrote them under their official
    name, or the documents naming them were replaced); how many went."""
    lock_for_writing(session.connection())
    regions = models.Region.__table__
    users = [(models.Fact.__table__, "region_id"), (models.Mention.__table__, "place_id"),
             (models.Mention.__table__, "region_id"), (models.Assignment.__table__, "region_id"),
             *((model.__table__, "region_id") for model in _ENTITY_MODELS.values()), (regions, "parent_id")]
    removed = 0
    while True:
        unused = select(regions.c.id)
        for table, column in users:
            child = table.alias()
            unused = unused.where(~select(child.c[column]).where(child.c[column] == regions.c.id).exists())
        ids = list(session.scalars(unused))
        if not ids:
            return removed
        session.execute(delete(models.RegionAlias.__table__).where(models.RegionAlias.__table__.c.region_id.in_(ids)))
        session.execute(delete(regions).where(regions.c.id.in_(ids)))
        removed += len(ids)


def refresh_fact_places(session: Session, region_ids: list[int]) -> None:
    """Copy these places' province, county and level from ``regions`` onto their facts again (set-based):
    called wherever a ``regions`` row a fact points to changes."""
    if not region_ids:
        return
    facts, regions = models.Fact.__table__, models.Region.__table__

    def of_region(column: str):  # the place row's value, as a scalar subquery
        return select(regions.c[column]).where(regions.c.id == facts.c.region_id).scalar_subquery()

    session.execute(update(facts).where(facts.c.region_id.in_(region_ids))
                    .values(province=of_region("province"), county=of_region("county"),
                            region_level=of_region("level"), region_path=of_region("path")))
    write_rollups(session, select(facts.c.document_id).where(facts.c.region_id.in_(region_ids)).distinct())


def write_rollups(session: Session | Connection, document_ids: list[int] | Any) -> None:
    """Write these documents' rollup rows again from their facts, set-based (``document_ids``: ids, or a
    SELECT of them): ``document_category_counts`` (facts per indicator category) and
    ``document_indicator_totals`` (each figure once, per province and indicator, with the document's year).
    Called wherever a document's facts are written or a row they read changes; the rows are a GROUP BY over
    facts, so they always equal one (tests/test_rollups.py)."""
    facts, indicators, documents = models.Fact.__table__, models.Indicator.__table__, models.Document.__table__
    categories, totals = models.DocumentCategory.__table__, models.DocumentIndicatorTotal.__table__
    for table in (categories, totals):
        session.execute(delete(table).where(table.c.document_id.in_(document_ids)))
    category = (select(facts.c.document_id, indicators.c.category, func.count())
                .join(indicators, indicators.c.id == facts.c.indicator_id)
                .where(facts.c.document_id.in_(document_ids))
                .group_by(facts.c.document_id, indicators.c.category))
    session.execute(insert(categories).from_select(["document_id", "category", "facts"], category))
    year = cast(extract("year", documents.c.as_of), Integer)
    total = (select(facts.c.document_id, facts.c.province, facts.c.indicator_id, year, func.count(),
                    func.sum(facts.c.value))
             .join(documents, documents.c.id == facts.c.document_id)
             .where(facts.c.document_id.in_(document_ids), facts.c.repeat_of.is_(None),
                    facts.c.province.is_not(None))
             .group_by(facts.c.document_id, facts.c.province, facts.c.indicator_id, year))
    session.execute(insert(totals).from_select(["document_id", "province", "indicator_id", "year", "facts", "total"],
                                               total))


def _ancestors(node: Place) -> dict[str, str | None]:
    """A place's own name and its ancestors' by level (``regions.province`` … ``village``, ``county_code``)."""
    found: dict[str, str | None] = dict.fromkeys(("province", "city", "county", "town", "village", "county_code"))
    for step in node.path:
        if step.level in found and found[step.level] is None:
            found[step.level] = stored_name(step)
            if step.level == "county":
                found["county_code"] = step.code
    return found


def _attr(entity: Entity, key: str) -> str | None:
    return next((v for k, v in entity.attrs if k == key), None)
