"""Bounding proper names of teams, organizations and projects: how far left a name runs from its suffix.

Shared by extract/teams.py, organizations.py and projects.py (the one job they have in common).
"""

from __future__ import annotations

from ..rulebook.entities import EntityRules


def is_name_char(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or char == "·"


def name_start(text: str, end: int, rules: EntityRules) -> int:
    """Where a name ending at ``end`` starts: back over name characters, cut after the last stop word."""
    start = end
    floor = max(0, end - rules.max_length)
    while start > floor and is_name_char(text[start - 1]):
        start -= 1
    cut = start
    inside = [m.span() for m in rules.org_suffix.finditer(text, start, end)] if "和" in text[start:end] else []
    for match in rules.left_stop.finditer(text, start, end):
        if not any(s <= match.start() and match.end() <= e for s, e in inside):  # 住房和城乡建设局: one name
            cut = max(cut, match.end())
    if cut == start and start > 0 and text[start - 1].isdigit() and start < end:
        cut += 1  # 2000亩农产品溯源基地: the unit of a figure is not part of the name
    return cut


def specific_length(text: str, rules: EntityRules) -> int:
    """How many characters of ``text`` are not generic words (各, 村, 产业, 扶贫 …)."""
    return len(rules.generic_word.sub("", text))


# how far back a search for a pattern ending at a point looks: longer than any such pattern's match, so
# the time per name stays bounded however long the sentence runs
LOOKBACK = 48


def is_counted(text: str, start: int, rules: EntityRules) -> bool:
    """Whether a count stands right before ``start`` (23支工作队, 7家合作社): a generic mention."""
    return any(rules.counted_left.search(text, max(0, k - LOOKBACK), k) is not None
               for k in range(start, min(start + 2, len(text)) + 1))


def find_all(text: str, word: str) -> list[int]:
    """Every offset where ``word`` starts in ``text`` (overlapping ones included)."""
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def followed_by(text: str, end: int, words: tuple[str, ...]) -> bool:
    return any(text.startswith(word, end) for word in words)


def place_in(text: str, rules: EntityRules) -> str | None:
    """The last administrative place named inside ``text`` (by suffix), if any."""
    last = None
    for match in rules.place_tail.finditer(text):
        end = match.end()
        while (more := next((s for s in rules.place_suffixes if text.startswith(s, end)), None)) is not None:
            end += len(more)  # 红旗|村: a suffix-like character inside the name is not its end
        if text[match.start():end].endswith(rules.not_place_endings):
            continue  # 市农业农村局: 农村 is a kind of place inside a department's name
        last = text[match.start():end]
    if last:
        cut = max((m.end() for m in rules.org_suffix.finditer(last)), default=0)
        if 0 < cut < len(last):
            last = last[cut:]  # 农业银行甘肃省 -> 甘肃省
    return last
