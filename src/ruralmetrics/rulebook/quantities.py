"""Rules for numerals, units, qualifiers and not-a-fact patterns (extract/numbers.py, extract/quantities.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitDef:
    """A canonical unit (the `unit` column) and how it converts to its base unit."""

    name: str  # canonical unit: 元, 人, 亩, 米, 个 ...
    dimension: str  # money, people, area, length, count, percent, mass ...
    base_unit: str | None = None  # 亩 -> 平方米; None: the unit is its own base
    base_factor: float = 1.0  # value * base_factor = base value


@dataclass(frozen=True)
class QuantityRules:
    """Placeholder until the data files land."""

    units: tuple[UnitDef, ...] = ()

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> QuantityRules:
    return QuantityRules()
