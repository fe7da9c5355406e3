"""Refresh the example outputs in README.md: load seeds/ into a scratch SQLite warehouse and put
each ```sql block's result in the ```text block after it.

    .venv/bin/python scripts/readme_examples.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from ruralmetrics.db import make_engine
from ruralmetrics.db.readonly import run_select
from ruralmetrics.output import format_rows
from ruralmetrics.pipeline import load_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = re.compile(r"(```sql\n(?P<sql>.*?)```\n```text\n)(?P<out>.*?)(```)", re.S)


def table(columns: tuple[str, ...], rows: tuple[tuple, ...]) -> str:
    """The rows as `ruralmetrics query --table` prints them."""
    return "".join(line + "\n" for line in format_rows(columns, rows, "table"))


def render(readme: str) -> str:
    """README text with every example's output produced by the program on seeds/."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/seeds.db")
        report = load_paths([ROOT / "seeds"], engine)
        assert report.ok, report.failed
        text = EXAMPLE.sub(lambda m: m.group(1) + table(*_run(engine, m.group("sql"))) + m.group(4), readme)
        engine.dispose()
    return text


def main() -> None:
    readme = ROOT / "README.md"
    readme.write_text(render(readme.read_text(encoding="utf-8")), encoding="utf-8")


def _run(engine, sql: str) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    result = run_select(engine, sql)
    return result.columns, result.rows


if __name__ == "__main__":
    main()
