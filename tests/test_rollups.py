"""The rollups written at load (document_category_counts, document_indicator_totals) always equal a GROUP BY
over facts: after a load, a replacement, a reload, a deleted document and a category the catalog changes; and
the views over them give what the same questions over fact_details give (README example 2, indicator by
province and year), on both backends."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from ruralmetrics.db import models
from ruralmetrics.load import sync_reference, write_rollups
from ruralmetrics.pipeline import load_paths, reload_documents
from ruralmetrics.rulebook import load_rulebook

SEEDS = Path(__file__).parent.parent / "seeds"

YEAR = {"sqlite": "CAST(strftime('%Y', {}) AS INTEGER)", "postgresql": "CAST(EXTRACT(YEAR FROM {}) AS INTEGER)"}
CATEGORIES = ("SELECT f.document_id, i.category, COUNT(*) FROM facts f JOIN indicators i ON i.id = f.indicator_id"
              " GROUP BY f.document_id, i.category")
TOTALS = ("SELECT f.document_id, f.province, f.indicator_id, {year}, COUNT(*), SUM(f.value)"
          " FROM facts f JOIN documents d ON d.id = f.document_id"
          " WHERE f.repeat_of IS NULL AND f.province IS NOT NULL"
          " GROUP BY f.document_id, f.province, f.indicator_id, {year}")
# the questions as they were asked of fact_details, and as the rollup views answer them
BY_CATEGORY = ("SELECT indicator_category, COUNT(*) AS facts, COUNT(DISTINCT document_key) AS documents"
               " FROM fact_details GROUP BY indicator_category ORDER BY facts DESC")
BY_CATEGORY_ROLLUP = ("SELECT indicator_category, SUM(facts) AS facts, COUNT(*) AS documents"
                      " FROM document_categories GROUP BY indicator_category ORDER BY facts DESC")
BY_PROVINCE_YEAR = ("SELECT province, indicator_code, {year} AS year, COUNT(*) AS facts, SUM(value) AS total"
                    " FROM fact_details WHERE repeat_of IS NULL AND province IS NOT NULL AND as_of IS NOT NULL"
                    " GROUP BY province, indicator_code, year ORDER BY province, indicator_code, year")
BY_PROVINCE_YEAR_ROLLUP = ("SELECT province, indicator_code, year, facts, total FROM indicator_years"
                           " WHERE year IS NOT NULL ORDER BY province, indicator_code, year")


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return sorted(tuple(r) for r in connection.execute(text(sql)))


def _same(found: list[tuple], wanted: list[tuple]) -> bool:
    """Equal rows; floats (sums, added in another order) equal to 1e-9."""
    return len(found) == len(wanted) and all(
        len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-9) if isinstance(x, float) else x == y
                                 for x, y in zip(a, b, strict=True))
        for a, b in zip(found, wanted, strict=True))


def assert_rollups_match(engine: Engine) -> None:
    """The rollup tables hold exactly the GROUP BY over facts; the views answer as fact_details does."""
    dialect = engine.dialect.name
    assert _rows(engine, "SELECT document_id, category, facts FROM document_category_counts") \
        == _rows(engine, CATEGORIES)
    assert _same(_rows(engine, "SELECT document_id, province, indicator_id, year, facts, total"
                               " FROM document_indicator_totals"),
                 _rows(engine, TOTALS.format(year=YEAR[dialect].format("d.as_of"))))
    assert _rows(engine, BY_CATEGORY_ROLLUP) == _rows(engine, BY_CATEGORY)
    assert _same(_rows(engine, BY_PROVINCE_YEAR_ROLLUP),
                 _rows(engine, BY_PROVINCE_YEAR.format(year=YEAR[dialect].format("as_of"))))


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (connection.execute(text("SELECT COUNT(*) FROM document_category_counts")).scalar_one(),
                connection.execute(text("SELECT COUNT(*) FROM document_indicator_totals")).scalar_one())


def test_rollups_follow_loads_replacements_reloads_and_deletes(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    assert load_paths([folder], engine).ok
    assert_rollups_match(engine)
    categories, totals = _counts(engine)
    assert categories >= 20 and totals >= 10
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n山东省济宁市微山县今年争取资金80万元,新建大棚30个。\n",
                     encoding="utf-8")
    report = load_paths([folder], engine)
    assert report.ok and report.replaced
    assert_rollups_match(engine)
    assert reload_documents(engine).ok
    assert_rollups_match(engine)
    with engine.begin() as connection:  # a document deleted: its rollup rows go with it (ON DELETE CASCADE)
        gone = connection.execute(text("SELECT id FROM documents ORDER BY key LIMIT 1")).scalar_one()
        connection.execute(text("DELETE FROM documents WHERE id = :id"), {"id": gone})
        left = [connection.execute(text(f"SELECT COUNT(*) FROM {t} WHERE document_id = :id"), {"id": gone}).scalar_one()
                for t in ("document_category_counts", "document_indicator_totals")]
    assert left == [0, 0]
    assert_rollups_match(engine)


def test_a_category_the_catalog_changes_reaches_the_counts(engine: Engine) -> None:
    assert load_paths([SEEDS], engine).ok
    with Session(engine) as session, session.begin():  # loaded while the catalog said 'other' for industry
        session.execute(text("UPDATE indicators SET category = 'other' WHERE category = 'industry'"))
        write_rollups(session, select(models.Document.id))
    assert_rollups_match(engine)
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT COUNT(*) FROM document_category_counts WHERE category = 'industry'")).scalar_one() == 0
    with Session(engine) as session, session.begin():  # the catalog's categories again, and the counts
        sync_reference(session, load_rulebook())
    assert_rollups_match(engine)
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT COUNT(*) FROM document_category_counts WHERE category = 'industry'")).scalar_one() > 0
