"""Benchmark: analyst queries over a warehouse of a million facts, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_queries.py [--facts 1000000] [--backend sqlite|postgresql|both] [--runs 20]

Builds the warehouse through the real schema: ``upgrade_to_head`` (every migration, the three
views), then bulk rows written with SQLAlchemy Core ``insert(table)`` executemany in large
batches (PostgreSQL: COPY through the psycopg connection, unless ``--pg-load insert``). The
rows are the seeds' own (``seeds/`` loaded once with ``load_paths``) replicated and varied:
thousands of documents (their texts, articles, facts, mentions, assignments), real places at every
level from the gazetteer (all provinces, cities and counties; the towns and some villages of a few
hundred counties), every catalog indicator and its units, people, teams, organizations and
projects, ``repeat_of`` mostly NULL. Everything is drawn from ``random.Random(--seed)``.

The rollup tables are written per batch of documents by the loader's own statements
(``load.write_rollups``). Then each query runs ``--runs`` times through
``ruralmetrics.db.readonly.run_select`` (the code behind ``ruralmetrics query``, rows fetched): the README's
```sql examples, money by county, indicator by province and year (from the view ``indicator_years``), and
one document's facts (a different document each run). A query asked differently before the rollup views
(README example 2, indicator by province and year) is then run once in its earlier form over
``fact_details``, and the two must give the same rows (printed: same rows, or ROWS DIFFER).
Prints the build time and facts/s, then p50/p95 (nearest rank) per query and backend; a query
whose p50 exceeds 1 s gets its plan printed (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE).
``--index "CREATE INDEX …"`` (repeatable) adds an index after the build, to measure a suggestion
without touching the project's schema; ``--pg-set work_mem=64MB`` sets a PostgreSQL setting for
the timed sessions; ``--plain`` times a plain execute instead of ``run_select`` (which reads rows
as they come: a SQLite cursor, psycopg's ``cursor.stream()`` on PostgreSQL). The facts written carry
the rollup keys the loader copies (the place's province, county and level, the document's date).

PostgreSQL is ``RURALMETRICS_TEST_POSTGRES_URL`` when set (a fresh database is created on it and
dropped afterwards), else a throwaway ``pgserver``. Temporary files and servers are removed.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, text
from sqlalchemy.engine import make_url

from ruralmetrics.db import make_engine, models, upgrade_to_head
from ruralmetrics.db.readonly import run_select
from ruralmetrics.gazetteer import LEVELS, load_gazetteer
from ruralmetrics.load import write_rollups
from ruralmetrics.pipeline import load_paths

ROOT = Path(__file__).resolve().parent.parent
SQL_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```", re.S)
HEADING = re.compile(r"^(\d+)\. (.+)$", re.M)
Row = dict[str, Any]

T = {name: model.__table__ for name, model in (
    ("documents", models.Document), ("articles", models.Article), ("regions", models.Region),
    ("region_aliases", models.RegionAlias), ("teams", models.Team), ("people", models.Person),
    ("organizations", models.Organization), ("projects", models.Project), ("indicators", models.Indicator),
    ("units", models.Unit), ("facts", models.Fact), ("mentions", models.Mention),
    ("assignments", models.Assignment))}
assert all(isinstance(t, Table) for t in T.values())

# ----------------------------------------------------------------------------------- the queries
EXTRA_QUERIES: dict[str, dict[str, str]] = {
    "money by county (all)": {"any": """
SELECT province, county, COUNT(*) AS facts, COUNT(DISTINCT document_key) AS documents, SUM(value) AS yuan
FROM fact_details WHERE unit = '元' AND repeat_of IS NULL AND county IS NOT NULL
GROUP BY province, county ORDER BY province, county"""},
    "indicator by province and year": {"any": """
SELECT province, indicator_code, year, facts, total
FROM indicator_years WHERE year IS NOT NULL ORDER BY province, indicator_code, year"""},
    "one document's facts": {"any": """
SELECT fact_id, indicator_code, value, unit, region_path, team_name, person_name, surface
FROM fact_details WHERE document_key = :key ORDER BY fact_id"""},
}


# the same questions as asked before the rollup views (migration 15878e56fc32): each is run once after the
# timings and must give the same rows as the query timed under that name (sums to 1e-9: added in another order)
EARLIER_FORMS: dict[str, dict[str, str]] = {
    "readme 2": {"any": """
SELECT indicator_category, COUNT(*) AS facts, COUNT(DISTINCT document_key) AS documents
FROM fact_details GROUP BY indicator_category ORDER BY facts DESC"""},
    "indicator by province and year": {
        "sqlite": """
SELECT province, indicator_code, CAST(strftime('%Y', as_of) AS INTEGER) AS year, COUNT(*) AS facts,
       SUM(value) AS total
FROM fact_details WHERE repeat_of IS NULL AND province IS NOT NULL AND as_of IS NOT NULL
GROUP BY province, indicator_code, year ORDER BY province, indicator_code, year""",
        "postgresql": """
SELECT province, indicator_code, CAST(EXTRACT(YEAR FROM as_of) AS INTEGER) AS year, COUNT(*) AS facts,
       SUM(value) AS total
FROM fact_details WHERE repeat_of IS NULL AND province IS NOT NULL AND as_of IS NOT NULL
GROUP BY province, indicator_code, year ORDER BY province, indicator_code, year"""},
}


def readme_queries() -> dict[str, str]:
    """The README's ```sql examples, named by the numbered line that introduces each."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = {}
    for match in SQL_BLOCK.finditer(readme):
        headings = list(HEADING.finditer(readme, 0, match.start()))
        label = headings[-1] if headings else None
        name = f"readme {label.group(1)}: {label.group(2).split(',')[0].rstrip(':')}" if label else "readme"
        found[name[:50]] = match.group("sql").strip()
    return found


def queries_for(dialect: str) -> dict[str, str]:
    out = readme_queries()
    for name, by_dialect in EXTRA_QUERIES.items():
        out[name] = by_dialect.get(dialect, by_dialect.get("any", ""))
    return out


# ------------------------------------------------------------------------------ the seed rows
@dataclass
class SeedDoc:
    document: Row
    articles: list[Row]
    facts: list[Row]
    mentions: list[Row]
    assignments: list[Row]


@dataclass
class Seeds:
    docs: list[SeedDoc]
    units: list[Row]
    indicators: list[Row]
    names: dict[str, list[str]]  # entity kind -> the seeds' names


def load_seeds(folder: Path) -> Seeds:
    """Load seeds/ into a scratch SQLite warehouse with the real pipeline; read its rows back."""
    engine = make_engine(f"sqlite:///{folder}/seeds.db")
    report = load_paths([ROOT / "seeds"], engine)
    if not report.ok:
        sys.exit(f"seeds did not load: {report.failed}")
    with engine.connect() as c:
        def rows(table: str) -> list[Row]:
            return [dict(r._mapping) for r in c.execute(select(T[table]).order_by(T[table].c.id))]
        by_doc: dict[str, dict[int, list[Row]]] = {}
        for table in ("articles", "facts", "mentions", "assignments"):
            grouped: dict[int, list[Row]] = defaultdict(list)
            for row in rows(table):
                grouped[row["document_id"]].append(row)
            by_doc[table] = grouped
        docs = [SeedDoc(d, by_doc["articles"][d["id"]], by_doc["facts"][d["id"]], by_doc["mentions"][d["id"]],
                        by_doc["assignments"][d["id"]]) for d in rows("documents")]
        names = {kind: sorted({r["name"] for r in rows(kind)}) for kind in ("teams", "people", "organizations",
                                                                             "projects")}
        seeds = Seeds(docs, rows("units"), rows("indicators"), names)
    engine.dispose()
    return seeds


# ---------------------------------------------------------------------------------- the places
@dataclass
class Places:
    rows: list[Row] = field(default_factory=list)  # regions rows, parents first, ids from 1
    aliases: list[Row] = field(default_factory=list)
    counties: list[int] = field(default_factory=list)
    active: list[int] = field(default_factory=list)  # counties with their towns and some villages
    towns: dict[int, list[int]] = field(default_factory=dict)  # county -> towns
    villages: dict[int, list[int]] = field(default_factory=dict)  # town -> villages
    parent: dict[int, int | None] = field(default_factory=dict)
    up: dict[int, dict[str, int]] = field(default_factory=dict)  # region -> {level: ancestor id}
    name: dict[int, str] = field(default_factory=dict)


def gazetteer_places(rng: random.Random, active_counties: int, villages_per_town: int) -> Places:
    """Real places from the gazetteer: every province, city and county; the towns of
    ``active_counties`` counties and up to ``villages_per_town`` villages of each town."""
    con = load_gazetteer()._con
    places, ids, by_path = Places(), {}, {}
    columns = "id, parent, level, name, code, short"
    upper = con.execute(f"SELECT {columns} FROM region WHERE level <= 2 ORDER BY level, id").fetchall()
    county_rows = [r for r in upper if r[2] == 2]
    chosen = sorted(rng.sample([r[0] for r in county_rows], min(active_counties, len(county_rows))))
    marks = ",".join("?" * len(chosen))
    towns = con.execute(f"SELECT {columns} FROM region WHERE level = 3 AND parent IN ({marks}) ORDER BY id",
                        chosen).fetchall()
    town_ids = [r[0] for r in towns]
    villages = []
    for start in range(0, len(town_ids), 900):
        part = town_ids[start:start + 900]
        found: dict[int, list[tuple]] = defaultdict(list)
        for row in con.execute(f"SELECT {columns} FROM region WHERE level = 4 AND parent IN "
                               f"({','.join('?' * len(part))}) ORDER BY id", part):
            found[row[1]].append(row)
        for town in part:
            villages += sorted(rng.sample(found[town], min(villages_per_town, len(found[town]))))
    for gid, gparent, level, name, code, short in [*upper, *towns, *villages]:
        parent = ids.get(gparent) if gparent is not None else None
        above = places.up.get(parent, {}) if parent else {}
        path = "/".join([*(places.name[above[lv]] for lv in LEVELS if lv in above), name])
        if path in by_path:  # a name the gazetteer lists twice under one parent: one row per path
            ids[gid] = by_path[path]
            continue
        rid = ids[gid] = by_path[path] = len(places.rows) + 1
        up = {**above, LEVELS[level]: rid}
        places.up[rid], places.parent[rid], places.name[rid] = up, parent, name
        ancestors = {lv: places.name[up[lv]] if lv in up else None for lv in LEVELS}
        places.rows.append({"id": rid, "parent_id": parent, "name": name, "level": LEVELS[level], "code": code,
                            "resolved": True, "path": path, **ancestors, "county_code": None})
        if short and short != name and level <= 2:
            places.aliases.append({"region_id": rid, "name": short})
        if level == 2:
            places.counties.append(rid)
        elif level == 3:
            places.towns.setdefault(parent, []).append(rid)  # type: ignore[arg-type]
        elif level == 4:
            places.villages.setdefault(parent, []).append(rid)  # type: ignore[arg-type]
    places.active = [ids[g] for g in chosen]
    return places


def fix_county_codes(places: Places) -> None:
    """Towns and villages carry their county's code (filled once all rows exist)."""
    code = {r["id"]: r["code"] for r in places.rows if r["level"] == "county"}
    for row in places.rows:
        county = places.up[row["id"]].get("county")
        row["county_code"] = code.get(county) if county else None


# -------------------------------------------------------------------------------- the entities
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红云飞鹏宇浩然晓峰海燕文博新春玉梅少成富本香"
ORG_SUFFIXES = ("财政局", "农业农村局", "自然资源局", "交通运输局", "委组织部", "乡村振兴局", "水利局", "卫生健康委员会",
                "供销合作社", "农村信用合作联社", "人民医院", "职业技术学院", "税务局", "民政局")


@dataclass
class Entities:
    rows: dict[str, list[Row]] = field(default_factory=lambda: {k: [] for k in ("teams", "people",
                                                                                 "organizations", "projects")})
    by_county: dict[str, dict[int, list[int]]] = field(
        default_factory=lambda: {k: defaultdict(list) for k in ("teams", "people", "organizations", "projects")})


def make_entities(rng: random.Random, places: Places, seeds: Seeds, people: int) -> Entities:
    """People, teams, organizations and projects of the active counties: one row per (name, place)."""
    out, taken = Entities(), set()

    def add(kind: str, name: str, region: int | None, county: int, **more: Any) -> None:
        if (kind, name, region) in taken:
            return
        taken.add((kind, name, region))
        rows = out.rows[kind]
        rows.append({"id": len(rows) + 1, "name": name, "region_id": region, **more})
        out.by_county[kind][county].append(len(rows))

    per_county = max(1, people // max(1, len(places.active)))
    for county in places.active:
        towns = places.towns.get(county, [])
        villages = [v for t in towns for v in places.villages.get(t, [])]
        spots = villages or towns or [county]
        for _ in range(per_county):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            add("people", name, rng.choice([county, *spots]) if rng.random() < 0.6 else None, county)
        for spot in rng.sample(spots, min(len(spots), max(2, per_county // 6))):
            add("teams", f"驻{places.name[spot]}工作队", spot, county,
                sending_unit=f"{places.name[county]}{rng.choice(ORG_SUFFIXES)}")
        for suffix in rng.sample(ORG_SUFFIXES, 6):
            add("organizations", f"{places.name[county]}{suffix}", county, county)
        for _ in range(max(2, per_county // 3)):
            spot = rng.choice(spots)
            add("projects", f"{places.name[spot]}{rng.choice(seeds.names['projects'])}", spot, county)
    return out


# ------------------------------------------------------------------------------ the documents
@dataclass
class Plan:
    """What the generator draws from: seeds, places, entities, catalog."""

    seeds: Seeds
    places: Places
    entities: Entities
    unit_ids: dict[str, int]
    unit_rows: dict[str, Row]
    indicator_ids: dict[str, int]
    indicator_units: dict[str, list[str]]
    county_weights: list[float]


def document_batches(rng: random.Random, plan: Plan, facts_wanted: int, docs_per_batch: int
                     ) -> Iterator[dict[str, list[Row]]]:
    """Rows of documents, articles, facts, mentions and assignments, ``docs_per_batch`` documents at a time."""
    ids = dict.fromkeys(("documents", "articles", "facts", "mentions", "assignments"), 0)
    made, start = 0, datetime(2026, 1, 1, tzinfo=UTC)
    catalog = sorted(plan.indicator_ids)
    code_of = {i: c for c, i in plan.indicator_ids.items()}
    unit_of = {i: u for u, i in plan.unit_ids.items()}
    places, entities = plan.places, plan.entities
    while made < facts_wanted:
        batch: dict[str, list[Row]] = {k: [] for k in ids}
        for _ in range(docs_per_batch):
            if made >= facts_wanted:
                break
            seed = rng.choice(plan.seeds.docs)
            n = min(facts_wanted - made, max(5, min(400, int(rng.lognormvariate(math.log(36), 0.6)))))
            made += n
            ids["documents"] += 1
            doc_id = ids["documents"]
            if rng.random() < 0.85:
                county = rng.choices(places.active, weights=plan.county_weights)[0]
            else:
                county = rng.choice(places.counties)
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
            sd = seed.document
            key = f"archive/{day.year}/{places.name[county]}/{doc_id:07d}"
            batch["documents"].append({
                **{k: sd[k] for k in ("script", "title", "original_text", "normalized_text", "extractor_version")},
                "id": doc_id, "key": key, "source_path": f"/data/{key}.txt",
                "sha256": hashlib.sha256(key.encode()).hexdigest(),
                "encoding": "utf-8" if rng.random() < 0.8 else rng.choice(("gb18030", "big5")),
                "published_on": day if rng.random() < 0.9 else None,
                "as_of": day if rng.random() < 0.93 else None,
                "source": rng.choice((None, "齐鲁晚报", "大众日报", "人民网", "农民日报", "县融媒体中心")),
                "loaded_at": start + timedelta(seconds=doc_id)})
            articles = {}
            for a in seed.articles:
                ids["articles"] += 1
                articles[a["id"]] = ids["articles"]
                batch["articles"].append({**{k: a[k] for k in ("ordinal", "title", "byline", "char_start",
                                                                 "char_end")},
                                          "id": ids["articles"], "document_id": doc_id})
            # the document's places: its county, a few of the county's towns and villages
            towns = places.towns.get(county, [])
            focus_towns = rng.sample(towns, min(len(towns), rng.randint(1, 3)))
            focus_villages = [v for t in focus_towns
                              for v in rng.sample(places.villages.get(t, []),
                                                  min(len(places.villages.get(t, [])), rng.randint(0, 3)))]

            def place(r: float, county: int = county, towns: list[int] = focus_towns,
                      villages: list[int] = focus_villages) -> int | None:
                up = places.up[county]
                if r < 0.03:
                    return None
                if r < 0.10:
                    return up["province"]
                if r < 0.18:
                    return up.get("city", up["province"])
                if r < 0.50 or not towns:
                    return county
                if r < 0.75 or not villages:
                    return rng.choice(towns)
                return rng.choice(villages)

            named: dict[str, list[int]] = {}
            for kind in ("teams", "people", "organizations", "projects"):
                pool = entities.by_county[kind].get(county) or []
                named[kind] = rng.sample(pool, min(len(pool), rng.randint(1, 4))) if pool else []
            seen: set[tuple] = set()
            for m in seed.mentions:
                kind = m["entity_type"]
                row = {"document_id": doc_id, "entity_type": kind, "role": m["role"], "name": None,
                       "char_start": m["char_start"], "char_end": m["char_end"],
                       **dict.fromkeys(("person_id", "team_id", "organization_id", "project_id", "place_id",
                                        "region_id"))}
                if kind == "region":
                    spot = place(0.1 + 0.9 * rng.random())
                    if spot is None:
                        continue
                    row["place_id"], row["region_id"] = spot, places.parent[spot]
                    entity = spot
                else:
                    table = {"person": "people", "team": "teams", "organization": "organizations",
                             "project": "projects"}[kind]
                    if not named[table]:
                        continue
                    entity = rng.choice(named[table])
                    row[f"{kind}_id"] = entity
                    row["region_id"] = entities.rows[table][entity - 1]["region_id"]
                if (kind, entity, m["role"]) in seen:
                    continue
                seen.add((kind, entity, m["role"]))
                ids["mentions"] += 1
                batch["mentions"].append({"id": ids["mentions"], **row})
            posted: set[int] = set()
            for a in seed.assignments:
                if not named["people"]:
                    break
                person = rng.choice(named["people"])
                if person in posted:
                    continue
                posted.add(person)
                ids["assignments"] += 1
                batch["assignments"].append({
                    "id": ids["assignments"], "document_id": doc_id, "person_id": person, "role": a["role"],
                    "team_id": rng.choice(named["teams"]) if named["teams"] and a["team_id"] else None,
                    "organization_id": rng.choice(named["organizations"])
                    if named["organizations"] and a["organization_id"] else None,
                    "region_id": entities.rows["people"][person - 1]["region_id"]})
            first_fact = ids["facts"] + 1
            for ordinal in range(n):
                f = seed.facts[ordinal % len(seed.facts)]
                ids["facts"] += 1
                if rng.random() < 0.55:
                    code, unit = code_of[f["indicator_id"]], unit_of[f["unit_id"]]
                else:
                    code = rng.choice(catalog)
                    unit = rng.choice(plan.indicator_units[code] or [unit_of[f["unit_id"]]])
                u = plan.unit_rows[unit]
                value = round(max(1.0, f["value"] * rng.lognormvariate(0, 0.8)), 2 if unit == "元" else 0)
                repeat = rng.randrange(1, first_fact) if first_fact > 1 and rng.random() < 0.02 else None
                batch["facts"].append({
                    "id": ids["facts"], "document_id": doc_id, "article_id": articles.get(f["article_id"]),
                    "ordinal": ordinal, "sentence": f["sentence"], "surface": f"{value:g}{unit}",
                    "char_start": f["char_start"], "char_end": f["char_end"], "value": value,
                    "value_max": None, "qualifier": f["qualifier"], "unit_id": plan.unit_ids[unit],
                    "base_value": value * u["base_factor"], "base_unit": u["base_unit"] or unit,
                    "subject": f["subject"], "indicator_id": plan.indicator_ids[code],
                    "region_id": place(rng.random()),
                    "team_id": rng.choice(named["teams"]) if named["teams"] and rng.random() < 0.2 else None,
                    "person_id": rng.choice(named["people"]) if named["people"] and rng.random() < 0.12 else None,
                    "project_id": rng.choice(named["projects"]) if named["projects"] and rng.random() < 0.03
                    else None,
                    "period_text": f["period_text"], "repeat_of": repeat})
                # the rollup keys, as the loader copies them: the place's regions row, the document's date
                fact = batch["facts"][-1]
                region = fact["region_id"]
                above = places.rows[region - 1] if region is not None else {}
                fact.update(province=above.get("province"), county=above.get("county"),
                            region_level=above.get("level"), as_of=batch["documents"][-1]["as_of"],
                            region_path=above.get("path"), indicator_code=code)
        yield batch


# ------------------------------------------------------------------------------------ writing
def write(connection: Connection, table: str, rows: Sequence[Row], copy: bool) -> None:
    """Rows into one table: PostgreSQL COPY through psycopg, else Core ``insert`` executemany."""
    if not rows:
        return
    if copy:
        columns = list(rows[0])
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
            for row in rows:
                out.write_row([row[c] for c in columns])
    else:
        connection.execute(insert(T[table]), list(rows))


def build(engine: Engine, seeds: Seeds, args: argparse.Namespace, copy: bool) -> tuple[float, int, list[str]]:
    """Migrate to head, write every row; (seconds, facts, document keys)."""
    rng = random.Random(args.seed)
    began = time.perf_counter()
    upgrade_to_head(engine)
    places = gazetteer_places(rng, args.counties, args.villages_per_town)
    fix_county_codes(places)
    entities = make_entities(rng, places, seeds, args.people)
    keys: list[str] = []
    facts = 0
    with engine.connect() as c:
        with c.begin():
            for name in ("units", "indicators"):
                write(c, name, [{k: v for k, v in r.items() if k != "id"} for r in getattr(seeds, name)], False)
        unit_rows = {r.name: dict(r._mapping) for r in c.execute(select(T["units"]))}
        indicator_ids = {r.code: r.id for r in c.execute(select(T["indicators"].c.code, T["indicators"].c.id))}
        c.commit()  # end the reads' transaction
        seed_units = {r["id"]: r["name"] for r in seeds.units}
        seed_indicators = {r["id"]: r["code"] for r in seeds.indicators}
        for doc in seeds.docs:  # the seeds' ids -> this warehouse's
            for f in doc.facts:
                f["unit_id"] = unit_rows[seed_units[f["unit_id"]]]["id"]
                f["indicator_id"] = indicator_ids[seed_indicators[f["indicator_id"]]]
        with c.begin():
            for level in LEVELS:  # parents before children (batches of one level)
                write(c, "regions", [r for r in places.rows if r["level"] == level], copy)
            write(c, "region_aliases", [{"id": i, **r} for i, r in enumerate(places.aliases, 1)], copy)
            for kind, rows in entities.rows.items():
                write(c, kind, rows, copy)
        ranks = range(1, len(places.active) + 1)
        plan = Plan(seeds, places, entities, {n: r["id"] for n, r in unit_rows.items()}, unit_rows, indicator_ids,
                    {r["code"]: [u for u in r["units"].split() if u in unit_rows] for r in seeds.indicators},
                    [1 / k for k in ranks])
        for batch in document_batches(rng, plan, args.facts, args.batch_documents):
            with c.begin():
                for table in ("documents", "articles", "mentions", "assignments", "facts"):
                    write(c, table, batch[table], copy)
                write_rollups(c, [d["id"] for d in batch["documents"]])  # the loader's own rollup statements
            facts += len(batch["facts"])
            keys += [d["key"] for d in batch["documents"]]
            if len(keys) % (args.batch_documents * 10) == 0:
                print(f"  {facts:>9} facts, {len(keys):>6} documents, {time.perf_counter() - began:6.1f} s",
                      flush=True)
        if c.dialect.name == "postgresql":
            with c.begin():
                for table in T:  # explicit ids were written: move the sequences past them
                    c.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))
    if engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load, done now
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
    elif args.sqlite_analyze:
        with engine.connect() as c, c.begin():
            c.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began, facts, keys


# ------------------------------------------------------------------------------------ timing
@dataclass
class Timing:
    name: str
    seconds: list[float]
    rows: int

    def rank(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def plain_select(engine: Engine, sql: str, params: dict[str, Any] | None) -> list[Any]:
    """The rows of one query through a plain execute (client-side cursor, every row fetched)."""
    with engine.connect() as c:
        return list(c.execute(text(sql), params or {}))


def time_queries(engine: Engine, queries: dict[str, str], runs: int, keys: list[str], seed: int,
                 plain: bool = False) -> list[Timing]:
    rng = random.Random(seed)
    out = []
    for name, sql in queries.items():
        seconds, rows = [], 0
        for _ in range(runs):
            params = {"key": rng.choice(keys)} if ":key" in sql else None
            began = time.perf_counter()
            rows = len(plain_select(engine, sql, params) if plain
                       else run_select(engine, sql, timeout=600, params=params).rows)
            seconds.append(time.perf_counter() - began)
        out.append(Timing(name, seconds, rows))
        print(f"  {name:<50} p50 {1000 * out[-1].rank(0.5):8.1f} ms", flush=True)
    return out


def compare_forms(engine: Engine, name: str, sql: str, earlier: str) -> str:
    """Run a query's earlier form once: whether it gives the same rows (floats to 1e-9), and how long it took."""
    rows = run_select(engine, sql, timeout=600).rows
    began = time.perf_counter()
    before = run_select(engine, earlier, timeout=600).rows
    seconds = time.perf_counter() - began

    def same(a: Any, b: Any) -> bool:
        return math.isclose(a, b, rel_tol=1e-9) if isinstance(a, float) else a == b

    equal = len(rows) == len(before) and all(len(r) == len(b) and all(map(same, r, b)) for r, b in zip(rows, before, strict=False))
    return (f"  {name}: {'same rows' if equal else 'ROWS DIFFER'} as its earlier form over fact_details "
            f"({len(before):,} rows; that form once: {seconds:.2f} s)")


def explain(engine: Engine, sql: str, keys: list[str]) -> str:
    params = {"key": keys[0]} if ":key" in sql else {}
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            rows = c.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params).all()
            return "\n".join(f"    {r[-1]}" for r in rows)
        rows = c.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}"), params).all()
        return "\n".join(f"    {r[0]}" for r in rows)


# ----------------------------------------------------------------------------------- backends
@contextmanager
def postgres_url(folder: Path) -> Iterator[str]:
    """A fresh database on RURALMETRICS_TEST_POSTGRES_URL's server, else on a throwaway pgserver."""
    given = os.environ.get("RURALMETRICS_TEST_POSTGRES_URL")
    server = None
    if given:
        base = given
    else:
        import pgserver

        server = pgserver.get_server(folder, cleanup_mode="stop")
        base = server.get_uri()
    name = f"rm_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin.url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if server is not None:
            server.cleanup()


def version_of(engine: Engine) -> str:
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            return "SQLite " + c.exec_driver_sql("SELECT sqlite_version()").scalar_one()
        return c.exec_driver_sql("SELECT version()").scalar_one().split(",")[0]


def size_of(engine: Engine, url: str) -> float:
    """The warehouse's size on disk in MB."""
    if engine.dialect.name == "sqlite":
        path = Path(make_url(url).database or "")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    with engine.connect() as c:
        return c.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one() / 1e6


def run_backend(backend: str, url: str, seeds: Seeds, args: argparse.Namespace,
                report: Callable[[str], None]) -> list[Timing]:
    engine = make_engine(url)
    copy = backend == "postgresql" and args.pg_load == "copy"
    how = "COPY" if copy else "Core insert executemany"
    print(f"{backend}: building {args.facts} facts ({how}) ...", flush=True)
    seconds, facts, keys = build(engine, seeds, args, copy)
    with engine.connect() as c:
        counts = {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                  for t in ("documents", "facts", "mentions", "regions", "people", "indicators", "units")}
        used = c.execute(text("SELECT COUNT(DISTINCT indicator_id), COUNT(DISTINCT unit_id), "
                              "COUNT(DISTINCT region_id) FROM facts")).one()
        levels = dict(sorted(c.execute(text("SELECT r.level, COUNT(*) FROM facts f JOIN regions r ON r.id = f.region_id "
                                     "GROUP BY r.level")).all()))
    report(f"{backend}: {version_of(engine)}; built {facts} facts in {seconds:.1f} s = {facts / seconds:,.0f} facts/s "
           f"({how}, migrations included); {size_of(engine, url):,.0f} MB")
    report(f"  rows: {', '.join(f'{k} {v:,}' for k, v in counts.items())}; facts use {used[0]} indicators, "
           f"{used[1]} units, {used[2]:,} regions; by level: {', '.join(f'{k} {v:,}' for k, v in levels.items())}")
    if args.index:  # indexes to try (not the project's schema): timed apart from the build
        began = time.perf_counter()
        with engine.connect() as c, c.begin():
            for statement in args.index:
                c.exec_driver_sql(statement)
            if backend == "postgresql" or args.sqlite_analyze:
                c.exec_driver_sql("ANALYZE")
        report(f"  extra indexes, {time.perf_counter() - began:.1f} s: {'; '.join(args.index)}")
    if backend == "postgresql" and args.pg_set:  # server settings for every later session on this database
        with engine.connect() as c, c.begin():
            database = c.exec_driver_sql("SELECT current_database()").scalar_one()
            for setting in args.pg_set:
                name, _, value = setting.partition("=")
                c.exec_driver_sql(f"ALTER DATABASE \"{database}\" SET {name} = '{value}'")
        report(f"  database settings: {', '.join(args.pg_set)}")
    engine.dispose()
    reader = make_engine(url, read_only=True)
    queries = queries_for(backend)
    if args.plain:
        report("  timed through a plain execute (client-side cursor), not run_select")
    timings = time_queries(reader, queries, args.runs, keys, args.seed, args.plain)
    for t in timings:
        earlier = next((forms for prefix, forms in EARLIER_FORMS.items() if t.name.startswith(prefix)), None)
        if earlier is not None:
            report(compare_forms(reader, t.name, queries[t.name], earlier.get(backend, earlier.get("any", ""))))
    for t in timings:
        if t.rank(0.5) > args.explain_over:
            print(f"  plan of {t.name!r} on {backend} (p50 {t.rank(0.5):.2f} s):\n"
                  f"{explain(reader, queries[t.name], keys)}")
    reader.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--counties", type=int, default=300, help="counties with towns and villages")
    parser.add_argument("--villages-per-town", type=int, default=5)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--batch-documents", type=int, default=500, help="documents per transaction")
    parser.add_argument("--pg-load", choices=("copy", "insert"), default="copy")
    parser.add_argument("--sqlite-analyze", action="store_true", help="run ANALYZE on SQLite after the build")
    parser.add_argument("--index", action="append", default=[], metavar="SQL",
                        help="a CREATE INDEX to try after the build (repeatable; not part of the schema)")
    parser.add_argument("--pg-set", action="append", default=[], metavar="NAME=VALUE",
                        help="PostgreSQL: ALTER DATABASE … SET for the timed sessions (e.g. work_mem=64MB)")
    parser.add_argument("--plain", action="store_true",
                        help="time a plain execute (rows fetched all at once) instead of run_select")
    parser.add_argument("--sqlite-path", help="build the SQLite warehouse in this new file and keep it")
    parser.add_argument("--explain-over", type=float, default=1.0, help="print the plan when p50 exceeds (s)")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    lines: list[str] = []

    def report(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    folder = Path(tempfile.mkdtemp(prefix="rm_benchq_"))
    try:
        began = time.perf_counter()
        seeds = load_seeds(folder)
        report(f"seeds loaded with load_paths in {time.perf_counter() - began:.1f} s: {len(seeds.docs)} documents, "
               f"{sum(len(d.facts) for d in seeds.docs)} facts, {len(seeds.indicators)} indicators, "
               f"{len(seeds.units)} units")
        results: dict[str, list[Timing]] = {}
        for backend in backends:
            if backend == "sqlite":
                target = Path(args.sqlite_path) if args.sqlite_path else folder / "warehouse.db"
                if target.exists():
                    sys.exit(f"{target} exists: give a new file")
                results[backend] = run_backend(backend, f"sqlite:///{target.resolve()}", seeds, args, report)
                for path in folder.glob("warehouse.db*"):
                    path.unlink()
            else:
                pg = folder / "pg"
                pg.mkdir()
                with postgres_url(pg) as url:
                    results[backend] = run_backend(backend, url, seeds, args, report)
        print()
        print(f"{args.runs} runs each, seconds (nearest rank); rows returned")
        header = f"{'query':<50}" + "".join(f" {b + ' p50':>15} {b + ' p95':>15}" for b in results) + "   rows"
        print(header)
        names = [t.name for t in next(iter(results.values()))]
        for i, name in enumerate(names):
            cells = "".join(f" {r[i].rank(0.5):15.3f} {r[i].rank(0.95):15.3f}" for r in results.values())
            print(f"{name:<50}{cells}   {next(iter(results.values()))[i].rows}")
        print()
        print("\n".join(lines))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
