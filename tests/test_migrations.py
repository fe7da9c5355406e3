"""Migrations: up, down, no drift from the models, and the contract's views."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from ruralmetrics.db import Base, current, downgrade, head, upgrade, upgrade_to_head
from ruralmetrics.db.engine import alembic_config
from ruralmetrics.pipeline import load_paths

SEEDS = Path(__file__).parent.parent / "seeds"

CONTRACT = {
    "fact_details": (
        "fact_id document_key article_title sentence surface char_start char_end value unit value_max "
        "qualifier base_value base_unit subject indicator_code indicator_name indicator_category "
        "region_name region_level region_code region_path team_name person_name project_name "
        "period_text as_of repeat_of"),
    "entity_mentions": "document_key entity_type name role region_name entity_id",
    "document_overview": ("document_key title published_on source script article_count fact_count "
                          "sha256 extractor_version loaded_at"),
}

EXTRA = {"entity_mentions": ["team_name", "organization_name",  # people's team and sending unit
                            "official_name"],  # a place's official name where the report writes another
         "fact_details": ["province", "city", "county", "town", "village", "county_code",  # rollups
                          "same_as"]}  # the same figure in an earlier report
TABLES_ONLY = "3f1c0a7d2b10"  # the first revision: base tables, no views
VIEWS_ONLY = "8b2e5d41c9a3"  # the contract's views, before assignments and source paths


def test_head_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_alembic_check_finds_nothing_to_generate(engine: Engine) -> None:
    with engine.begin() as connection:
        command.check(alembic_config(connection))


def test_downgrade_to_base_then_up_again(engine: Engine) -> None:
    assert current(engine) == head()
    downgrade(engine, "base")
    assert current(engine) is None
    names = set(inspect(engine).get_table_names()) | set(inspect(engine).get_view_names())
    assert names <= {"alembic_version"}
    upgrade_to_head(engine)
    assert current(engine) == head()


def test_views_step_down_and_up(engine: Engine) -> None:
    downgrade(engine, TABLES_ONLY)
    assert not set(CONTRACT) & set(inspect(engine).get_view_names())
    upgrade(engine, "head")
    assert set(CONTRACT) <= set(inspect(engine).get_view_names())


@pytest.mark.parametrize("view", sorted(CONTRACT))
def test_view_has_the_contract_columns(engine: Engine, view: str) -> None:
    with engine.connect() as connection:
        columns = list(connection.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys())
    assert columns[:len(CONTRACT[view].split())] == CONTRACT[view].split()  # the contract's, then ours
    assert columns[len(CONTRACT[view].split()):] == EXTRA.get(view, [])


def test_the_previous_entity_mentions_comes_back_on_downgrade(engine: Engine) -> None:
    downgrade(engine, VIEWS_ONLY)
    with engine.connect() as connection:
        columns = list(connection.execute(text("SELECT * FROM entity_mentions WHERE 1 = 0")).keys())
    assert columns == CONTRACT["entity_mentions"].split()
    assert "assignments" not in inspect(engine).get_table_names()
    upgrade(engine, "head")


def test_migrations_keep_a_loaded_warehouse_down_and_up(engine: Engine) -> None:
    assert load_paths([SEEDS], engine).ok
    tables = ("documents", "articles", "facts", "mentions")

    def counts() -> list[int]:
        with engine.connect() as connection:
            return [connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in tables]

    loaded = counts()
    downgrade(engine, VIEWS_ONLY)  # a table copy on SQLite, a column type change under views on PostgreSQL
    assert counts() == loaded
    upgrade(engine, "head")
    assert counts() == loaded and loaded[2] > 100


ROLLUP_KEYS = "b363395aa8ab"  # fact_details and figure_series read the rollup keys on facts


def test_the_rollup_keys_revision_keeps_the_views_rows_and_types(engine: Engine) -> None:
    """Filled from regions and documents on the way up; the views give the same rows, names and types."""
    assert load_paths([SEEDS], engine).ok

    def seen() -> tuple[list, list, dict]:
        with engine.connect() as connection:
            facts = [tuple(map(str, r)) for r in connection.execute(text("SELECT * FROM fact_details ORDER BY fact_id"))]
            series = [tuple(map(str, r)) for r in connection.execute(text(
                "SELECT * FROM figure_series ORDER BY fact_id"))]
        found = inspect(engine)
        types = {v: [(c["name"], str(c["type"])) for c in found.get_columns(v)] for v in ("fact_details", "figure_series")}
        return facts, series, types

    before = seen()
    assert len(before[0]) > 100 and before[1]
    downgrade(engine, f"{ROLLUP_KEYS}-1")
    assert "province" not in {c["name"] for c in inspect(engine).get_columns("facts")}
    assert seen() == before
    upgrade(engine, "head")  # the keys filled from regions and documents
    assert seen() == before
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM facts WHERE province IS NOT NULL")).scalar_one() > 100


ROLLUP_TABLES = "15878e56fc32"  # rollup tables and views; figure_series ordered by copies on facts


def test_the_rollup_tables_revision_fills_the_rollups_and_keeps_figure_series(engine: Engine) -> None:
    """Filled from facts on the way up (a GROUP BY over them); figure_series gives the same rows and types."""
    from test_rollups import assert_rollups_match

    assert load_paths([SEEDS], engine).ok

    def series() -> tuple[list, list]:
        with engine.connect() as connection:
            rows = [tuple(map(str, r)) for r in connection.execute(text("SELECT * FROM figure_series ORDER BY fact_id"))]
        return rows, [(c["name"], str(c["type"])) for c in inspect(engine).get_columns("figure_series")]

    before = series()
    assert before[0]
    downgrade(engine, f"{ROLLUP_TABLES}-1")
    assert not {"document_category_counts", "document_indicator_totals"} & set(inspect(engine).get_table_names())
    assert "region_path" not in {c["name"] for c in inspect(engine).get_columns("facts")}
    assert series() == before
    upgrade(engine, "head")
    assert series() == before
    assert_rollups_match(engine)
