"""The README's example outputs are what the program prints today (scripts/readme_examples.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_examples_are_current() -> None:
    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "scripts" / "readme_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.render(readme) == readme, "run: .venv/bin/python scripts/readme_examples.py"


def test_the_canned_queries_are_the_readme_examples() -> None:
    """`browse` offers the README's example queries (data/examples.yaml): the same titles and SQL, in order."""
    import re

    from ruralmetrics.browse import examples

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = [(" ".join(line.strip() for line in m.group("title").splitlines()).rstrip(":"), m.group("sql").strip())
             for m in re.finditer(r"^\d+\. (?P<title>(?:[^\n]|\n(?!\n))*?)\n\n```sql\n(?P<sql>.*?)```",
                                  readme, re.M | re.S)]
    assert found == [(title, sql) for _name, title, sql in examples()]
