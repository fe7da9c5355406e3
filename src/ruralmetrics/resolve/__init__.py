"""resolve: mentions -> places and entities; facts -> where, whose, and which repeat which."""

from __future__ import annotations

from ..extract import Extracted
from ..gazetteer import Gazetteer
from ..records import Document, Entity, Fact, Sentence
from ..rulebook import Rulebook
from .attribution import attribute_facts
from .entities import collect_entities
from .places import resolve_places
from .repeats import mark_repeats


def resolve(document: Document, sentences: tuple[Sentence, ...], extracted: Extracted,
            rules: Rulebook, gazetteer: Gazetteer) -> tuple[tuple[Fact, ...], tuple[Entity, ...]]:
    places = resolve_places(document, sentences, extracted.mentions, rules, gazetteer)
    entities = collect_entities(document, extracted.mentions, places, rules)
    facts = attribute_facts(document, sentences, extracted, places, entities, rules)
    return mark_repeats(facts), entities
