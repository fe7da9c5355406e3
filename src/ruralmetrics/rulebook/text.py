"""Rules for normalization, pinyin notes, mojibake, bylines, datelines and sources (normalize.py, segment.py, extract/documents.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRules:
    """Placeholder until the data files land."""

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> TextRules:
    return TextRules()
