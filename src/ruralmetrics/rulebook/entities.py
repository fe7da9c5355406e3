"""Rules for roles, team/organization/project suffixes and cues, attribution frames (extract/people.py, teams.py, organizations.py, projects.py, resolve/attribution.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class EntityRules:
    """Placeholder until the data files land."""

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        return iter(())


def load() -> EntityRules:
    return EntityRules()
