"""Places: region mentions -> Place (code, level, parent chain), namesakes settled by the report's frame;
and the most specific place each quantity is about."""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..records import Document, Mention, Place, Quantity, Sentence
from ..rulebook import Rulebook


def resolve_places(document: Document, sentences: tuple[Sentence, ...], mentions: tuple[Mention, ...],
                   rules: Rulebook, gazetteer: Gazetteer) -> dict[Mention, Place]:
    """Map every region mention to its Place (unresolved places keep suffix level and context parent)."""
    return {}


def locate_facts(document: Document, sentences: tuple[Sentence, ...], quantities: tuple[Quantity, ...],
                 mentions: tuple[Mention, ...], places: dict[Mention, Place],
                 rules: Rulebook) -> list[Place | None]:
    """The most specific place each quantity is about (same order as ``quantities``)."""
    return [None for _ in quantities]
