"""The Rulebook: every rule and reference table under ``data/``, parsed, validated and frozen.

``load_rulebook()`` is cached: one Rulebook per process, passed explicitly to every stage.
Each domain has its own module here (``quantities``, ``indicators``, ``entities``, ``places``,
``text``) exposing ``load() -> <Domain>Rules``; this module only composes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from . import entities, indicators, places, quantities, text
from .files import fingerprint


@dataclass(frozen=True)
class Rulebook:
    quantities: quantities.QuantityRules
    indicators: indicators.IndicatorRules
    entities: entities.EntityRules
    places: places.PlaceRules
    text: text.TextRules
    fingerprint: str

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        """(word, freq, tag) for the segmenter, so it and the extractors can't drift apart."""
        for domain in (self.quantities, self.indicators, self.entities, self.places, self.text):
            yield from domain.jieba_words()


@cache
def load_rulebook() -> Rulebook:
    """Read, validate and freeze every data file (once per process)."""
    return Rulebook(
        quantities=quantities.load(),
        indicators=indicators.load(),
        entities=entities.load(),
        places=places.load(),
        text=text.load(),
        fingerprint=fingerprint(),
    )
