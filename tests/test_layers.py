"""Import direction (style.md §2a): stages never import later stages; the CLI never imports a stage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "ruralmetrics"
STAGES = ["read", "normalize", "segment", "extract", "resolve"]  # in pipeline order
ABOVE_STAGES = {"load", "pipeline", "db", "cli", "evaluate", "export", "browse"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Top-level ruralmetrics modules ('read', 'db', ...) that a file imports."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                targets = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
            else:
                targets = [node.module or ""]
        for target in targets:
            parts = target.split(".")
            if parts[0] == "ruralmetrics" and len(parts) > 1:
                found.add(parts[1])
    return found


def top(path: Path) -> str:
    parts = module_name(path).split(".")
    return parts[1] if len(parts) > 1 else "__init__"


FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", [p for p in FILES if top(p) in STAGES], ids=module_name)
def test_a_stage_never_imports_a_later_stage(path: Path) -> None:
    later = set(STAGES[STAGES.index(top(path)) + 1:])
    assert not imported(path) & (later | ABOVE_STAGES)


@pytest.mark.parametrize("path", [p for p in FILES if top(p) == "cli"], ids=module_name)
def test_the_cli_imports_pipeline_db_evaluate_never_a_stage(path: Path) -> None:
    assert imported(path) <= {"cli", "pipeline", "db", "evaluate", "export", "browse", "errors", "output", "keys",
                              "__version__"}


@pytest.mark.parametrize("path", [p for p in FILES if top(p) not in {*STAGES, "pipeline"}], ids=module_name)
def test_only_the_pipeline_imports_the_stages(path: Path) -> None:
    assert not imported(path) & set(STAGES)


def test_the_pipeline_imports_every_stage() -> None:
    assert set(STAGES) <= imported(PACKAGE / "pipeline.py")


def test_the_warehouse_never_imports_what_is_built_on_it() -> None:
    for path in (PACKAGE / "db").rglob("*.py"):
        assert not imported(path) & {"load", "pipeline", "cli", "evaluate"}, path
