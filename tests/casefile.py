"""Case files: tests/cases/<name>.yaml -> one pytest.param per case (id = input).

Each case is a mapping with `input`, `expect` and optionally `comment` and `xfail: reason`;
an xfail case is marked strict, so a gap that gets fixed shows up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[Any]:
    """Every case of ``cases/<name>.yaml`` as ``pytest.param(input, expect)``."""
    cases = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case["input"], case.get("expect"), id=str(case["input"]), marks=marks))
    return params
