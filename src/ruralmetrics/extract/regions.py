"""Regions named in a sentence."""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..records import Mention, Sentence
from ..rulebook import Rulebook


def extract_regions(sentence: Sentence, rules: Rulebook, gazetteer: Gazetteer) -> list[Mention]:
    return []
