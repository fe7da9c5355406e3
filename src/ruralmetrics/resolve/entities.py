"""Entities: mentions of one person, team, organization or project merged into one Entity."""

from __future__ import annotations

from ..records import Document, Entity, Mention, Place
from ..rulebook import Rulebook


def collect_entities(document: Document, mentions: tuple[Mention, ...], places: dict[Mention, Place],
                     rules: Rulebook) -> tuple[Entity, ...]:
    grouped: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault((mention.type, mention.name), []).append(mention)
    entities = []
    for (kind, name), group in grouped.items():
        role = next((m.role for m in group if m.role), None)
        place = next((places[m] for m in group if m in places), None)
        entities.append(Entity(type=kind, name=name, role=role, place=place, mentions=tuple(group)))
    return tuple(entities)
