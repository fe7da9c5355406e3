"""Rules for the indicator catalog, subject and period cues (extract/indicators.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorDef:
    """One catalog entry: what the `indicators` table holds."""

    code: str  # party.members_recruited, ..., other
    name: str  # 发展党员
    category: str  # program, party, industry, livelihood, poverty, infrastructure, governance, other
    counts: str = ""  # what it counts, in English
    units: tuple[str, ...] = ()  # usual units (a hint, not a constraint)


@dataclass(frozen=True)
class IndicatorRules:
    """Placeholder until the data files land."""

    catalog: tuple[IndicatorDef, ...] = (IndicatorDef(code="other", name="其他", category="other"),)

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> IndicatorRules:
    return IndicatorRules()
