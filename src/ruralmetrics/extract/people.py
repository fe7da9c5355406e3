"""People named in a sentence."""

from __future__ import annotations

from ..records import Mention, Sentence
from ..rulebook import Rulebook


def extract_people(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    return []
