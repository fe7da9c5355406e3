"""Places: region mentions -> Place (code, level, parent chain), namesakes settled by the report's frame."""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..records import Document, Mention, Place, Sentence
from ..rulebook import Rulebook


def resolve_places(document: Document, sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...],
                   rules: Rulebook, gazetteer: Gazetteer) -> dict[Mention, Place]:
    """Map every region mention to its Place (unresolved places keep suffix level and context parent)."""
    return {}
