"""Rules for numerals, units, qualifiers and not-a-fact patterns (extract/numbers.py, extract/quantities.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class QuantityRules:
    """Placeholder until the data files land."""

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> QuantityRules:
    return QuantityRules()
