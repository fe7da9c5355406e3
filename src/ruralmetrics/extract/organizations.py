"""Organizations named in a sentence."""

from __future__ import annotations

from ..records import Mention, Sentence
from ..rulebook import Rulebook


def extract_organizations(sentence: Sentence, rules: Rulebook) -> list[Mention]:
    return []
