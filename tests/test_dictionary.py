"""The data dictionary: every table, view and column is described, in one source, everywhere it shows."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from ruralmetrics.db.dictionary import VIEWS
from ruralmetrics.db.models import Base
from ruralmetrics.db.readonly import describe

ROOT = Path(__file__).parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("data_dictionary", ROOT / "scripts" / "data_dictionary.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_table_and_column_of_the_models_is_described() -> None:
    for table in Base.metadata.sorted_tables:
        assert table.comment, table.name
        assert [c.name for c in table.columns if not c.comment] == [], table.name


def test_every_view_column_is_described(engine: Engine) -> None:
    with engine.connect() as connection:
        for view in VIEWS:
            columns = list(connection.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys())
            assert columns == list(VIEWS[view][1]), view  # described, in the view's order


def test_schema_prints_the_descriptions(engine: Engine) -> None:
    for name in (*VIEWS, *Base.metadata.tables):
        assert all(column.description for column in describe(engine, name)), name


def test_postgresql_holds_the_same_descriptions(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return  # SQLite keeps no comments
    found = inspect(engine)
    for view, (about, columns) in VIEWS.items():
        assert found.get_table_comment(view)["text"] == about
        assert {c["name"]: c.get("comment") for c in found.get_columns(view)} == columns
    for table in Base.metadata.sorted_tables:
        assert found.get_table_comment(table.name)["text"] == table.comment
        assert {c["name"]: c.get("comment") for c in found.get_columns(table.name)} == \
            {c.name: c.comment for c in table.columns}


def test_the_data_dictionary_document_is_current() -> None:
    """docs/data-dictionary.md is what scripts/data_dictionary.py writes (run it after changing a model,
    a view's description or the catalog)."""
    assert (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == _generator().render()
