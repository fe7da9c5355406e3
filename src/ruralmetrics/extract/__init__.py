"""extract: sentences -> quantities with their descriptions, and entity mentions.

Runs the extractors in a fixed order; each lives in its own module.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..records import Description, Document, Mention, Quantity, Sentence
from ..rulebook import Rulebook
from .indicators import describe_quantities, restate_groups
from .organizations import extract_organizations
from .people import discover_people, extract_people
from .projects import extract_projects
from .quantities import extract_quantities
from .regions import extract_regions, recall_places
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
            names = sorted((m.start, m.end) for m in named if m.type in _NAMES_WITH_NUMERALS)
            found = [q for q in extract_quantities(sentence, rules, damaged=document.damaged)
                     if not _inside_name(q, names)]
        quantities.extend(found)
        descriptions.extend(describe_quantities(sentence, found, rules))
        mentions.extend(named)
    descriptions = restate_groups(quantities, descriptions, document.text, rules.indicators)
    mentions = recall_places(document.text, sentences, mentions, rules)
    mentions = discover_people(document, sentences, mentions, rules)
    return Extracted(tuple(quantities), tuple(descriptions), tuple(mentions))


_NAMES_WITH_NUMERALS = ("region", "organization", "project")
_NAME_REACH = 16  # names starting at or before a figure that are looked at (names do not nest deeper)
_FAR = 1 << 60


def _inside_name(quantity: Quantity, names: list[tuple[int, int]]) -> bool:
    """A numeral inside a place's, a body's or a project's name (六户地村, 某某年产200吨某某项目) is no fact.
    ``names``: their (start, end), sorted; only names starting within reach of the figure are looked at."""
    at = bisect.bisect_right(names, (quantity.start, _FAR))
    for start, end in reversed(names[max(0, at - _NAME_REACH):at]):
        if start <= quantity.start and quantity.end <= end and end - start > quantity.end - quantity.start:
            return True
    return False
