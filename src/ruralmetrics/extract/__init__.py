"""extract: sentences -> quantities with their descriptions, and entity mentions.

Runs the extractors in a fixed order; each lives in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..records import Description, Document, Mention, Quantity, Sentence
from ..rulebook import Rulebook
from .indicators import describe_quantities
from .organizations import extract_organizations
from .people import discover_people, extract_people
from .projects import extract_projects
from .quantities import extract_quantities
from .regions import extract_regions
from .teams import extract_teams


@dataclass(frozen=True)
class Extracted:
    quantities: tuple[Quantity, ...]
    descriptions: tuple[Description, ...]  # one per quantity, same order
    mentions: tuple[Mention, ...]


def extract(document: Document, sentences: tuple[Sentence, ...], rules: Rulebook,
            gazetteer: Gazetteer) -> Extracted:
    quantities: list[Quantity] = []
    descriptions: list[Description] = []
    mentions: list[Mention] = []
    for sentence in sentences:
        named = [*extract_regions(sentence, rules, gazetteer), *extract_teams(sentence, rules),
                 *extract_people(sentence, rules), *extract_organizations(sentence, rules),
                 *extract_projects(sentence, rules)]
        if any(s <= sentence.start and sentence.end <= e for s, e in document.publication_lines):
            found = []  # 22:45人气: a publication line states no figure
        else:
            found = [q for q in extract_quantities(sentence, rules, damaged=document.damaged)
                     if not _inside_name(q, named)]
        quantities.extend(found)
        descriptions.extend(describe_quantities(sentence, found, rules))
        mentions.extend(named)
    mentions = discover_people(document, sentences, mentions, rules)
    return Extracted(tuple(quantities), tuple(descriptions), tuple(mentions))


_NAMES_WITH_NUMERALS = ("region", "organization", "project")


def _inside_name(quantity: Quantity, mentions: list[Mention]) -> bool:
    """A numeral inside a place's, a body's or a project's name (六户地村, 某某年产200吨某某项目) is no fact."""
    return any(m.type in _NAMES_WITH_NUMERALS and m.start <= quantity.start and quantity.end <= m.end
               and m.end - m.start > quantity.end - quantity.start for m in mentions)
