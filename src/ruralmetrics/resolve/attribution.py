"""Attribution: each fact gets its place, team, person and project by scope rules."""

from __future__ import annotations

from ..extract import Extracted
from ..records import Document, Entity, Fact, Mention, Place, Sentence
from ..rulebook import Rulebook
from .places import locate_facts


def attribute_facts(document: Document, sentences: tuple[Sentence, ...], extracted: Extracted,
                    places: dict[Mention, Place], entities: tuple[Entity, ...],
                    rules: Rulebook) -> tuple[Fact, ...]:
    where = locate_facts(document, sentences, extracted.quantities, extracted.mentions, places, rules)
    facts = []
    for quantity, description, place in zip(extracted.quantities, extracted.descriptions, where, strict=True):
        article = document.article_at(quantity.start)
        facts.append(Fact(quantity=quantity, description=description, place=place,
                          article=article.index if article else 0))
    return tuple(facts)
