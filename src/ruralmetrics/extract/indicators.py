"""Indicators: the subject a quantity counts, its catalog code and its time frame."""

from __future__ import annotations

from ..records import Description, Quantity, Sentence
from ..rulebook import Rulebook


def describe_quantities(sentence: Sentence, quantities: list[Quantity], rules: Rulebook) -> list[Description]:
    return [Description(subject=None, indicator_code="other") for _ in quantities]
