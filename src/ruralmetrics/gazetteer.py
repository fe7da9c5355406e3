"""The gazetteer: China's administrative divisions, built once from PyPI data files into a cache."""

from __future__ import annotations

from functools import cache


class Gazetteer:
    """Name -> candidate divisions with level, code and parent chain."""


@cache
def load_gazetteer() -> Gazetteer:
    return Gazetteer()
