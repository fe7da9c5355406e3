"""Rules for region suffixes and aliases (extract/regions.py, resolve/places.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceRules:
    """Placeholder until the data files land."""

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> PlaceRules:
    return PlaceRules()
