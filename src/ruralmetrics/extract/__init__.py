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
from .people import extract_people
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
        if any(s <= sentence.start and sentence.end <= e for s, e in document.publication_lines):
            found = []  # 22:45人气: a publication line states no figure
        else:
            found = extract_quantities(sentence, rules, damaged=document.damaged)
        quantities.extend(found)
        descriptions.extend(describe_quantities(sentence, found, rules))
        mentions.extend(extract_regions(sentence, rules, gazetteer))
        mentions.extend(extract_teams(sentence, rules))
        mentions.extend(extract_people(sentence, rules))
        mentions.extend(extract_organizations(sentence, rules))
        mentions.extend(extract_projects(sentence, rules))
    return Extracted(tuple(quantities), tuple(descriptions), tuple(mentions))
