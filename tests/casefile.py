"""Case files: tests/cases/<name>.yaml -> one pytest.param per case (id = input).

Each case is a mapping with `input`, `expect` and optionally `comment` and `xfail: reason`;
an xfail case is marked strict, so a gap that gets fixed shows up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ruralmetrics.extract.quantities import extract_quantities
from ruralmetrics.records import Quantity, Sentence
from ruralmetrics.rulebook import Rulebook

CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[Any]:
    """Every case of ``cases/<name>.yaml`` as ``pytest.param(input, expect)``."""
    cases = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case["input"], case.get("expect"), id=str(case["input"]), marks=marks))
    return params


def figures_at(text: str, sentences: tuple[Sentence, ...], expect: list[str],
               rules: Rulebook | None = None) -> list[Quantity]:
    """A Quantity at each expected figure ("surface|answer" entries), found left to right in ``text``: the
    one extract_quantities reads there when ``rules`` are given (its value and unit), else a bare one."""
    read: dict[int, Quantity] = {}
    if rules is not None:
        for sentence in sentences:
            read.update((q.start, q) for q in extract_quantities(sentence, rules))
    quantities, searched = [], 0
    for entry in expect:
        figure = entry.split("|")[0]
        start = text.index(figure, searched)
        searched = start + len(figure)
        index = next(s.index for s in sentences if s.start <= start < s.end)
        quantities.append(read.get(start) or Quantity(surface=figure, start=start, end=start + len(figure), value=0,
                                                      unit="", sentence=index))
    return quantities
