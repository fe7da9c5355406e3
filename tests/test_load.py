"""Loading: idempotent reloads, replacement, reload from stored text, bad and odd inputs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from ruralmetrics.db import Base, current, head, make_engine
from ruralmetrics.db import models as m
from ruralmetrics.load import store_extraction
from ruralmetrics.pipeline import load_paths, reload_documents
from ruralmetrics.records import (
    Article,
    Description,
    Document,
    Entity,
    Extraction,
    Fact,
    Place,
    Quantity,
    Sentence,
    SourceFile,
)

SEEDS = Path(__file__).parent.parent / "seeds"


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                for t in [*Base.metadata.tables, "fact_details", "entity_mentions", "document_overview"]}


def view_rows(engine: Engine) -> dict[str, list[tuple]]:
    """The views without ids and timestamps; repeat_of and same_as as the fact's position."""
    with engine.connect() as connection:
        facts = [dict(r._mapping) for r in connection.execute(text("SELECT * FROM fact_details"))]
        where = {f["fact_id"]: (f["document_key"], f["char_start"]) for f in facts}
        for f in facts:
            f["repeat_of"] = where.get(f["repeat_of"])
            f["same_as"] = where.get(f["same_as"])
            del f["fact_id"]
        mentions = [tuple(r)[:5] for r in connection.execute(text(
            "SELECT document_key, entity_type, name, role, region_name FROM entity_mentions"))]
        documents = [tuple(r) for r in connection.execute(text(
            "SELECT document_key, title, published_on, source, script, article_count, fact_count, sha256,"
            " extractor_version FROM document_overview"))]
        categories = [tuple(r) for r in connection.execute(text(
            "SELECT document_key, indicator_category, facts FROM document_categories"))]
        years = [(*r[:4], f"{r[4]:.10g}") for r in connection.execute(text(  # sums added in another order
            "SELECT province, indicator_code, year, facts, total FROM indicator_years"))]
    def plain(row) -> tuple[str, ...]:  # dates are ISO text on SQLite, date objects on PostgreSQL
        return tuple(map(str, row))

    return {"facts": sorted(plain(f.values()) for f in facts),
            "mentions": sorted(map(plain, mentions)), "documents": sorted(map(plain, documents)),
            "categories": sorted(map(plain, categories)), "years": sorted(map(plain, years))}


# ---------------------------------------------------------------------------- the seeds
def test_loading_an_empty_database_migrates_it(empty_engine: Engine) -> None:
    assert current(empty_engine) is None
    report = load_paths([SEEDS], empty_engine)
    assert current(empty_engine) == head()
    assert report.failed == []
    assert len(report.loaded) == len(list(SEEDS.glob("*.txt")))


def test_loading_the_seeds_twice_changes_nothing(engine: Engine) -> None:
    first = load_paths([SEEDS], engine)
    counts = row_counts(engine)
    rows = view_rows(engine)
    second = load_paths([SEEDS], engine)
    assert (len(second.unchanged), second.loaded, second.replaced, second.failed) == (len(first.loaded), [], [], [])
    assert row_counts(engine) == counts
    assert view_rows(engine) == rows
    assert counts["facts"] > 0


def test_reload_gives_the_same_rows(engine: Engine) -> None:
    load_paths([SEEDS], engine)
    counts, rows = row_counts(engine), view_rows(engine)
    report = reload_documents(engine)
    assert report.failed == [] and len(report.replaced) == counts["documents"]
    assert row_counts(engine) == counts
    assert view_rows(engine) == rows
    again = load_paths([SEEDS], engine)  # reload keeps the files' sha256: the files are still unchanged
    assert len(again.unchanged) == counts["documents"]


def test_a_changed_file_replaces_its_rows(engine: Engine, tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    path = tmp_path / seed.name
    shutil.copy(seed, path)
    load_paths([path], engine)
    before = row_counts(engine)
    path.write_text(seed.read_text(encoding="utf-8") + "\n今年全村新栽果树1200株,带动农户35户增收。\n", encoding="utf-8")
    report = load_paths([path], engine)
    assert report.replaced == [str(path)]
    after = row_counts(engine)
    assert after["documents"] == before["documents"] == 1
    assert after["articles"] == before["articles"]
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT normalized_text FROM documents")).scalar_one()
        keys = connection.execute(text("SELECT DISTINCT document_key FROM fact_details")).scalars().all()
    assert "1200株" in stored
    assert keys == [seed.stem]


# ---------------------------------------------------------------------------- bad and odd inputs
def _odd_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "gb18030": ("河南省兰考县某村驻村工作队今年新修道路3.5公里,发展党员12名。\n", "gb18030"),
        "big5": ("貴州省遵義市某鎮駐村工作隊今年爭取資金120萬元,幫扶農戶86戶。\n", "big5"),
        "pinyin": ("甘肃省定西市驻村工作队引(yǐn)进企业3家,带(dài)动就业150人。"
                   + "工作队".encode().decode("gbk", errors="replace") + "新建大棚20座。\n", "utf-8"),
    }
    paths = {}
    for name, (body, encoding) in files.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_bytes(body.encode(encoding))
    paths["empty"] = folder / "empty.txt"
    paths["empty"].write_bytes(b"")
    paths["binary"] = folder / "binary.txt"
    paths["binary"].write_bytes(bytes(range(256)) * 8)
    return paths


def test_bad_files_are_reported_and_the_others_load(engine: Engine, tmp_path: Path) -> None:
    paths = _odd_inputs(tmp_path)
    report = load_paths([tmp_path], engine)
    failed = dict(report.failed)
    assert set(failed) == {str(paths["empty"]), str(paths["binary"])}
    for path, problem in failed.items():
        assert path in problem
    assert sorted(report.loaded) == sorted(str(paths[k]) for k in ("gb18030", "big5", "pinyin"))
    with Session(engine) as session:
        keys = set(session.scalars(select(m.Document.key)))
    assert keys == {"gb18030", "big5", "pinyin"}  # nothing half-loaded


@pytest.mark.parametrize("name, script, figure", [
    ("gb18030", "simplified", "12名"),
    ("big5", "traditional", "86户"),
    ("pinyin", "simplified", "150人"),
])
def test_encodings_scripts_and_damage_load(engine: Engine, tmp_path: Path, name: str, script: str,
                                           figure: str) -> None:
    path = _odd_inputs(tmp_path)[name]
    assert load_paths([path], engine).loaded == [str(path)]
    with engine.connect() as connection:
        row = connection.execute(text("SELECT script FROM document_overview")).one()
        surfaces = connection.execute(text("SELECT surface FROM fact_details")).scalars().all()
        stored = connection.execute(text("SELECT normalized_text FROM documents")).scalar_one()
    assert row.script == script
    assert figure in stored and figure in surfaces
    assert "(yǐn)" not in stored


def test_a_missing_path_is_a_failure_naming_it(engine: Engine, tmp_path: Path) -> None:
    report = load_paths([tmp_path / "nowhere.txt"], engine)
    assert report.failed and str(tmp_path / "nowhere.txt") in report.failed[0][1]


# ---------------------------------------------------------------------------- store_extraction
def _extraction(key: str, unit: str = "个", code: str = "other", person: str = "王明") -> tuple[Extraction, SourceFile]:
    text_ = "某县某镇某村。王明带领群众新建大棚3个,大棚3个已投用。"
    county = Place(name="某县", level="county", resolved=False)
    village = Place(name="某村", level="village", parent=Place(name="某镇", level="town", parent=county),
                    resolved=False)
    doc = Document(key=key, original_text=text_, text=text_, script="simplified", encoding="utf-8",
                   sha256=key * 4, articles=(Article(index=0, start=0, end=len(text_), title="标题"),),
                   published_on=date(2024, 5, 6))
    sentence = Sentence(index=0, start=0, end=len(text_), text=text_, paragraph=0, article=0)
    first = text_.index("3个")
    second = text_.index("3个", first + 1)
    facts = tuple(
        Fact(quantity=Quantity(surface="3个", start=s, end=s + 2, value=3, unit=unit),
             description=Description(subject="新建大棚", indicator_code=code), place=village, person=person,
             repeat_of=None if n == 0 else 0)
        for n, s in enumerate((first, second)))
    entities = (Entity(type="person", name=person, role="第一书记", place=village),
                Entity(type="region", name="某村", place=village))
    extraction = Extraction(document=doc, sentences=(sentence,), facts=facts, entities=entities,
                            extractor_version="test", as_of=doc.published_on)
    return extraction, SourceFile(key=key, text=text_, sha256=doc.sha256, encoding="utf-8")


def test_store_extraction_links_rows(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        assert store_extraction(session, *_extraction("a", unit="新单位", code="made.up")) == "loaded"
    with engine.connect() as connection:
        facts = [r._mapping for r in connection.execute(text("SELECT * FROM fact_details ORDER BY fact_id"))]
        mentions = connection.execute(text("SELECT entity_type, name, role, region_name FROM entity_mentions"
                                           " ORDER BY entity_type")).all()
    assert [f["unit"] for f in facts] == ["新单位", "新单位"]
    assert facts[0]["indicator_code"] == "made.up" and facts[0]["repeat_of"] is None
    assert facts[1]["repeat_of"] == facts[0]["fact_id"]
    assert facts[0]["region_path"] == "某县/某镇/某村" and facts[0]["region_level"] == "village"
    assert facts[0]["person_name"] == "王明" and facts[0]["article_title"] == "标题"
    assert str(facts[0]["as_of"]) == "2024-05-06"
    assert [tuple(r) for r in mentions] == [("person", "王明", "第一书记", "某村"), ("region", "某村", None, "某镇")]


def test_a_person_linked_to_team_and_unit_is_an_assignment(engine: Engine) -> None:
    extraction, source = _extraction("a")
    person = replace(extraction.entities[0], attrs=(("team", "某村驻村工作队"), ("organization", "某县农业农村局")))
    team = Entity(type="team", name="某村驻村工作队", place=person.place)
    unit = Entity(type="organization", name="某县农业农村局")
    extraction = replace(extraction, entities=(person, team, unit, *extraction.entities[1:]))
    for _ in range(2):  # a replaced document replaces its assignments too
        with Session(engine) as session, session.begin():
            store_extraction(session, extraction, source, force=True)
    with engine.connect() as connection:
        people = connection.execute(text(
            "SELECT name, role, team_name, organization_name FROM entity_mentions WHERE entity_type = 'person'")).all()
        others = connection.execute(text(
            "SELECT COUNT(*) FROM entity_mentions WHERE entity_type <> 'person' AND team_name IS NOT NULL")).scalar()
        stationed = connection.execute(text(
            "SELECT r.path FROM assignments a JOIN regions r ON r.id = a.region_id")).scalars().all()
    assert [tuple(r) for r in people] == [("王明", "第一书记", "某村驻村工作队", "某县农业农村局")]
    assert others == 0 and stationed == ["某县/某镇/某村"]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM documents"))
    assert row_counts(engine)["assignments"] == 0


def test_shared_entities_are_one_row(engine: Engine) -> None:
    for key in ("a", "b"):
        with Session(engine) as session, session.begin():
            store_extraction(session, *_extraction(key))
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(m.Person)) == 1
        assert session.scalar(select(func.count()).select_from(m.Region)) == 3
        assert session.scalar(select(func.count()).select_from(m.Mention)) == 4
    with Session(engine) as session, session.begin():
        assert store_extraction(session, *_extraction("a")) == "unchanged"


def test_deleting_a_document_cascades(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        store_extraction(session, *_extraction("a"))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM documents"))
    counts = row_counts(engine)
    assert counts["facts"] == counts["articles"] == counts["mentions"] == 0
    assert counts["people"] == 1


def test_sqlite_and_postgresql_hold_the_same_rows(tmp_path: Path, postgres_database_url: str) -> None:
    found = []
    for url in (f"sqlite:///{tmp_path / 'same.db'}", postgres_database_url):
        engine = make_engine(url)
        assert load_paths([SEEDS], engine).ok
        found.append((row_counts(engine), view_rows(engine)))
        engine.dispose()
    (sqlite_counts, sqlite_rows), (pg_counts, pg_rows) = found
    assert sqlite_counts == pg_counts
    assert sqlite_rows == pg_rows


def test_a_folder_without_reports_is_a_failure(engine: Engine, tmp_path: Path) -> None:
    report = load_paths([tmp_path], engine)
    assert len(report.failed) == 1 and "no *.txt" in report.failed[0][1]


# ---------------------------------------------------------------------------- one file, one document
def _report(path: Path, extra: str = "") -> Path:
    """A copy of the first seed (with ``extra`` appended, to make its bytes differ) at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def keys(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(text("SELECT key FROM documents")).scalars())


def test_files_of_one_name_are_distinct_documents(engine: Engine, tmp_path: Path) -> None:
    files = [_report(tmp_path / "a" / "x.txt", "甲"), _report(tmp_path / "b" / "x.txt", "乙"),
             _report(tmp_path / "x.md", "丙")]
    report = load_paths(files, engine)
    assert report.summary() == "loaded 3, replaced 0, unchanged 0, failed 0"
    assert keys(engine) == ["a/x", "b/x", "x.md"]
    assert load_paths(files, engine).summary() == "loaded 0, replaced 0, unchanged 3, failed 0"


def test_folders_are_walked_and_keys_are_paths_under_them(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    _report(root / "2023" / "x.txt", "甲"), _report(root / "2024" / "x.txt", "乙"), _report(root / "y.txt")
    _report(root / "notes.md")
    (root / "2024" / "back").symlink_to(root, target_is_directory=True)  # a loop
    report = load_paths([root], engine)
    assert len(report.loaded) == 3 and keys(engine) == ["2023/x", "2024/x", "y"]
    assert len(report.failed) == 1 and "loop" in report.failed[0][1]
    assert load_paths([root], engine, pattern="*.md").loaded == [str(root / "notes.md")]
    assert "notes.md" in keys(engine)


def test_a_file_loaded_later_under_a_taken_key_is_a_new_document(engine: Engine, tmp_path: Path) -> None:
    first, second = _report(tmp_path / "a" / "x.txt", "甲"), _report(tmp_path / "b" / "x.txt", "乙")
    assert load_paths([first], engine).loaded and load_paths([second], engine).loaded
    assert keys(engine) == ["b/x", "x"]
    assert load_paths([second], engine).summary() == "loaded 0, replaced 0, unchanged 1, failed 0"
    _report(first, "丁")  # the first file changed: it replaces its own document
    assert load_paths([first], engine).replaced == [str(first)]


def test_a_moved_file_is_recognized_not_loaded_twice(engine: Engine, tmp_path: Path) -> None:
    old = _report(tmp_path / "in" / "x.txt")
    assert load_paths([old], engine).loaded
    new = tmp_path / "done" / "renamed.txt"
    new.parent.mkdir()
    old.rename(new)
    report = load_paths([new], engine)
    assert report.summary() == "loaded 0, replaced 0, unchanged 0, moved 1, failed 0"
    assert keys(engine) == ["renamed"]


def test_a_load_of_the_bad_corpus_stores_only_the_reports(engine: Engine) -> None:
    bad = Path(__file__).parent / "data" / "bad"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    report = load_paths([bad, seed], engine, pattern="*")
    assert sorted(map(Path, report.loaded)) == sorted([bad / "page.html", seed])
    assert len(report.failed) == 17
    for path, problem in report.failed:
        assert problem.startswith(path) and "\n" not in problem and "Traceback" not in problem
    assert keys(engine) == [seed.stem, "page.html"]
    with engine.connect() as connection:
        sentences = connection.execute(text("SELECT sentence FROM fact_details WHERE document_key = 'page.html'"))
        assert all("<" not in s for s in sentences.scalars())


# ---------------------------------------------------------------------------- workers and shards
def test_two_workers_store_the_rows_of_one(tmp_path: Path) -> None:
    found = []
    for workers in (1, 2):
        engine = make_engine(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        bad = _report(tmp_path / "in" / "bad.txt")
        bad.write_bytes(b"%PDF-1.4 not a report")
        report = load_paths([SEEDS, bad], engine, workers=workers)
        assert len(report.loaded) == 5 and len(report.failed) == 1  # a failed file is still reported
        assert reload_documents(engine, workers=workers).ok
        found.append(view_rows(engine))
        engine.dispose()
    assert found[0] == found[1]


def test_shards_split_the_files_without_overlap(engine: Engine) -> None:
    from ruralmetrics.pipeline import in_shard

    keys_ = [f"report_{n}" for n in range(200)]
    shares = [[k for k in keys_ if in_shard(k, part, 3)] for part in (1, 2, 3)]
    assert sorted(sum(shares, [])) == sorted(keys_) and all(len(s) > 40 for s in shares)
    for part in (1, 2):
        load_paths([SEEDS], engine, shard=(part, 2))
    assert len(keys(engine)) == 5


def test_fact_details_carries_the_ancestors_of_its_place(engine: Engine) -> None:
    assert load_paths([SEEDS], engine).ok
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT region_path, region_level, province, city, county, town, village, county_code, region_code"
            " FROM fact_details WHERE region_path IS NOT NULL")).all()
        by_county = connection.execute(text(
            "SELECT county, SUM(value) FROM fact_details WHERE unit = '元' AND repeat_of IS NULL"
            " AND county IS NOT NULL GROUP BY county")).all()
    assert rows and by_county
    for path, level, *names, county_code, code in rows:
        levels = dict(zip(("province", "city", "county", "town", "village"), names, strict=True))
        assert levels[level] == path.split("/")[-1]  # the place itself at its level
        assert [n for n in names if n] == [p for p in path.split("/") if p in names]  # ancestors in order
        if level == "county":
            assert county_code == code


def test_a_place_written_two_ways_is_one_row(engine: Engine, tmp_path: Path) -> None:
    """One row per real place, under its official name; the written forms are its aliases and what
    entity_mentions shows; a reload that rewrites places leaves no row nothing refers to."""
    (tmp_path / "a.txt").write_text("青岛西海岸新区工作队今年争取资金80万元。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("黄岛区驻村工作队今年流转土地300亩。\n", encoding="utf-8")
    assert load_paths([tmp_path], engine).ok
    with engine.connect() as connection:
        counties = connection.execute(text("SELECT name, code FROM regions WHERE level = 'county'")).all()
        aliases = connection.execute(text("SELECT name FROM region_aliases")).scalars().all()
        written = connection.execute(text(
            "SELECT document_key, name, official_name FROM entity_mentions"
            " WHERE entity_type = 'region' AND official_name = '黄岛区' ORDER BY document_key")).all()
        counties_of_facts = connection.execute(text("SELECT DISTINCT county FROM fact_details")).scalars().all()
    assert counties == [("黄岛区", "370211")]
    assert aliases == ["青岛西海岸新区"]
    assert [tuple(row) for row in written] == [("a", "青岛西海岸新区", "黄岛区"), ("b", "黄岛区", "黄岛区")]
    assert counties_of_facts == ["黄岛区"]
    with engine.begin() as connection:  # a place stored as written, as before one row per place
        connection.execute(text("INSERT INTO regions (name, level, code, resolved, path)"
                                " VALUES ('西海岸新区', 'county', '370211', TRUE, '山东省/青岛市/西海岸新区')"))
    assert reload_documents(engine).ok
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM regions WHERE level = 'county'")).scalars().all() == ["黄岛区"]
