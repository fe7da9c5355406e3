"""Rules for the indicator catalog, subject and period cues (extract/indicators.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorRules:
    """Placeholder until the data files land."""

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> IndicatorRules:
    return IndicatorRules()
