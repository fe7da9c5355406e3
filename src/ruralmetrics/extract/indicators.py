"""Indicators: the subject a quantity counts, its catalog code and its time frame.

Works on the characters of one sentence. Around each quantity it cuts text windows
(the clause before the number, the clause after the unit, the list item before it, the next
clause, the rest of the sentence, the whole sentence; see ``rulebook/indicators.py``) and
decides over them with the rules of ``data/indicators.yaml`` (cues written as word classes) in
priority order: the first rule whose unit class fits, whose cues are all present and whose vetoes
are absent gives the code; none gives the fallback (``other``). For money the order is a decision
by what the money is, then what it is for, then how it moved (see the file's header).
The subject is the verb–object phrase next to the number; the period is the time phrase of
``data/periods.yaml`` nearest before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..records import Description, Quantity, Sentence
from ..rulebook import Rulebook
from ..rulebook.indicators import MARK, IndicatorRules, SubjectRules


@dataclass(frozen=True)
class _Windows:
    before: str
    after: str
    near: str
    clause: str
    head: str
    follow: str
    rest: str
    onward: str  # from the unit to the sentence's next figure in the same unit (what is said of this one)
    prior: str
    sentence: str
    item: str  # the list item before the number (no MARK), for the subject
    clause_start: int
    item_start: int
    hard_start: int  # the clause start at hard punctuation (a list shares its opening verbs up to here)

    def get(self, name: str) -> str:
        return getattr(self, name)


def describe_quantities(sentence: Sentence, quantities: list[Quantity], rules: Rulebook) -> list[Description]:
    """One Description per quantity of ``sentence``, same order."""
    table = rules.indicators
    subjects = table.subjects
    if subjects is None:  # no rule files loaded (placeholder rules): nothing to go on
        return [Description(subject=None, indicator_code=table.fallback) for _ in quantities]
    if not quantities:
        return []
    text = sentence.text
    spans = [(max(0, q.start - sentence.start), max(0, q.end - sentence.start)) for q in quantities]
    periods = _find_periods(text, table)
    period_ends = [p[1] for p in periods]
    reach = subjects.reach
    descriptions: list[Description] = []
    last_of_unit: dict[str, str] = {}  # the code of the last figure in each unit so far
    undecided: set[int] = set()  # figures no rule decided (the fallback code)
    for n, (quantity, (start, end)) in enumerate(zip(quantities, spans, strict=True)):
        # every window lies within ``reach`` characters of the figure: time linear in the sentence
        low, high = max(0, start - reach), min(len(text), end + reach)
        local = text[low:high]
        previous_end = max(spans[n - 1][1] - low, 0) if n else 0
        next_start = min(spans[n + 1][0], high) - low if n + 1 < len(spans) else high - low
        next_same = min(_onward_end(n, quantities, spans, text, subjects, high), high) - low
        windows = _cut_windows(local, start - low, end - low, previous_end, next_start, next_same, subjects)
        found = _classify(quantity, windows, table, descriptions[-1].indicator_code if descriptions else None,
                          last_of_unit.get(quantity.unit), glued=n > 0 and spans[n - 1][1] == start)
        if found is None:
            undecided.add(n)
        code = found or table.fallback
        subject = _subject(windows, local, subjects)
        if not subject and descriptions and previous_end >= windows.item_start:
            subject = descriptions[-1].subject  # 新建楼房3栋2000多平方米: the area shares 新建楼房
        descriptions.append(Description(subject=subject, indicator_code=code,
                                        period_text=_period(periods, period_ends, start)))
        last_of_unit[quantity.unit] = code
    return _grouped(quantities, spans, descriptions, text, table, undecided)


def _grouped(quantities: list[Quantity], spans: list[tuple[int, int]], descriptions: list[Description],
             text: str, table: IndicatorRules, undecided: set[int]) -> list[Description]:
    """Households counted with their people right after (15户、80多人尚未脱贫): when nothing of their own
    decided the households' code, they take the people's; when a rule did (带动贫困户90户353人: taking part
    in a scheme), the people, one group with them, take theirs."""
    for n in range(len(quantities) - 2, -1, -1):
        if n not in undecided and quantities[n].unit in table.grouped_first \
                and quantities[n + 1].unit in table.grouped_then \
                and table.grouped_gap.fullmatch(text, spans[n][1], spans[n + 1][0]):
            descriptions[n + 1] = replace(descriptions[n + 1], indicator_code=descriptions[n].indicator_code)
            continue
        if n in undecided and quantities[n].unit in table.grouped_first \
                and quantities[n + 1].unit in table.grouped_then \
                and table.grouped_gap.fullmatch(text, spans[n][1], spans[n + 1][0]):
            descriptions[n] = replace(descriptions[n], indicator_code=descriptions[n + 1].indicator_code)
    return descriptions


def _onward_end(n: int, quantities: list[Quantity], spans: list[tuple[int, int]], text: str,
                subjects: SubjectRules, limit: int) -> int:
    """Where what is said of the n-th figure ends: at the clause of the next figure in its unit, unless
    that one only continues a list of sums (a short gap naming its source), then where that one's ends."""
    unit = quantities[n].unit
    end = spans[n][1]
    for m in range(n + 1, len(quantities)):
        if spans[m][0] >= limit:
            return limit
        if quantities[m].unit != unit:
            continue
        if not subjects.sum_list_gap.fullmatch(text, end, spans[m][0]):
            # up to the clause of that figure: what it is for is said there (…915万元,协调基础设施资金…)
            return _last_index(text, subjects.hard_boundaries, spans[m][0], end + 1) - 1 \
                if any(c in subjects.hard_boundaries for c in text[end:spans[m][0]]) else spans[m][0]
        end = spans[m][1]
    return len(text)


def _last_index(text: str, chars: str, stop: int, floor: int = 0) -> int:
    """Index just after the last of ``chars`` in text[floor:stop], or ``floor``."""
    for i in range(stop - 1, floor - 1, -1):
        if text[i] in chars:
            return i + 1
    return floor


def _first_index(text: str, chars: str, start: int, ceiling: int) -> int:
    for i in range(start, ceiling):
        if text[i] in chars:
            return i
    return ceiling


def _cut_windows(text: str, start: int, end: int, previous_end: int, next_start: int, next_same: int,
                 subjects: SubjectRules) -> _Windows:
    hard = subjects.hard_boundaries
    soft = subjects.soft_boundaries + hard
    marks = subjects.list_marks
    clause_start = hard_start = _last_index(text, hard, start)
    if clause_start < previous_end < start and text[previous_end] in marks:
        clause_start = previous_end + 1  # 文化活动88次、慰问324次: a new list item with its own verb
    clause_end = end if end < len(text) and text[end] in marks else _first_index(text, hard, end, len(text))
    item_start = max(_last_index(text, soft, start, clause_start), min(previous_end, start)
                     if previous_end > clause_start else clause_start)
    item_end = _first_index(text, soft, end, min(max(next_start, end), clause_end))
    before, after = text[clause_start:start], text[end:clause_end]
    item = text[item_start:start]
    hard_end = _first_index(text, hard, end, len(text))
    return _Windows(
        before=before, after=after, near=item + MARK + text[end:item_end],
        clause=before + MARK + after, head=text[hard_start:start] + MARK + after,
        follow=text[end:_first_index(text, hard, hard_end + 1, len(text))], rest=text[end:],
        onward=text[end:max(next_same, end)],
        prior=text[_last_index(text, hard, max(hard_start - 1, 0)):max(hard_start - 1, 0)],
        sentence=text[:start] + MARK + text[end:], item=item,
        clause_start=clause_start, item_start=item_start, hard_start=hard_start,
    )


def _matches(conditions: tuple[tuple[str, re.Pattern[str]], ...], windows: _Windows) -> bool:
    for window, pattern in conditions:  # noqa: SIM110 - a loop: no generator per rule (hot path)
        if not pattern.search(getattr(windows, window)):
            return False
    return True


def _vetoed(conditions: tuple[tuple[str, re.Pattern[str]], ...], windows: _Windows) -> bool:
    for window, pattern in conditions:  # noqa: SIM110 - a loop: no generator per rule (hot path)
        if pattern.search(getattr(windows, window)):
            return True
    return False


def _classify(quantity: Quantity, windows: _Windows, table: IndicatorRules,
              last_code: str | None, last_same_unit: str | None, glued: bool = False) -> str | None:
    """The code of a figure: that of the one before it if it only restates it (``inherit``), else the
    first rule that fits; ``last_code`` is the code of the figure before, ``last_same_unit`` that of the
    last figure in this unit; ``glued``: nothing at all stands between the figure before and this one."""
    unit = quantity.unit
    if last_code is not None:
        for rule in table.inherit:
            if (not rule.accepts or unit in rule.accepts) and (glued or not rule.glued) and _matches(rule.when, windows):
                if not rule.same_unit:
                    return last_code
                if last_same_unit is not None:
                    return last_same_unit
    qualifier = quantity.qualifier
    for rule in table.rules_for(unit):
        if rule.qualifiers and qualifier not in rule.qualifiers:
            continue
        if _matches(rule.when, windows) and not (rule.unless and _vetoed(rule.unless, windows)):
            return rule.code
    return None  # no rule fits: the fallback


def _subject(windows: _Windows, text: str, subjects: SubjectRules) -> str | None:
    """The verb–object phrase next to the number: 发展党员, 新建、改建学校, 选派党员干部."""
    item = _trim(windows.item, subjects)
    if windows.item_start > windows.hard_start and text[windows.item_start - 1] in subjects.list_marks:
        # an item of a coordinated list shares the verbs that open the list: 新建、改建养老服务场所6个、学校2个
        head = subjects.lead_trim.sub("", text[windows.hard_start:windows.item_start])
        verbs = subjects.verb_run.match(head)
        if verbs and not subjects.verbs.match(item):
            item = verbs.group() + item
    verb = subjects.verbs.search(item)
    if verb:
        item = item[verb.start():]  # drop the doer before the first verb: 工作队整合资金 -> 整合资金
    noun = _head_noun(windows.after, subjects)
    if noun and (not item or subjects.verb_end.search(item)):
        item += noun  # 选派223名党员干部 -> 选派党员干部
    elif noun and not verb:
        item = noun  # a place or adverb before the number: 街道2095名社区党员 -> 社区党员
    if len(item) > subjects.max_length:
        item = _shorten(item, subjects)
    return item or None


def _head_noun(after: str, subjects: SubjectRules) -> str:
    """The noun right after the unit: 名党员干部组建… -> 党员干部."""
    after = subjects.after_skip.sub("", after).lstrip("“\"")
    stop = subjects.noun_stop.search(after)
    noun = (after[:stop.start()] if stop else after).strip("“”\"")
    return noun if len(noun) <= subjects.max_noun else ""


def _trim(item: str, subjects: SubjectRules) -> str:
    previous = None
    while previous != item:
        previous = item
        item = subjects.lead_trim.sub("", item)
        item = subjects.tail_trim.sub("", item)
        item = item.strip("“”\"'()")
    return item


def _shorten(item: str, subjects: SubjectRules) -> str:
    """Keep the phrase from the last verb that leaves it short enough, else the tail."""
    for verb in subjects.verbs.finditer(item):
        if len(item) - verb.start() <= subjects.max_length:
            return item[verb.start():]
    return item[-subjects.max_length:]


def _find_periods(text: str, table: IndicatorRules) -> list[tuple[int, int, str]]:
    """Every time phrase of the sentence as (start, end, text), baselines (较2020年底) left out."""
    found = []
    for pattern in table.periods:
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1] in table.period_baselines:
                continue
            found.append((match.start(), match.end(), match.group()))
    return sorted(found, key=lambda p: (p[1], p[0]))


def _period(periods: list[tuple[int, int, str]], ends: list[int], start: int) -> str | None:
    """The time phrase nearest before the number; else the first one after it (``periods`` sorted by end,
    ``ends`` their ends)."""
    at = bisect.bisect_right(ends, start)
    if at:
        last = ends[at - 1]
        k = at - 1
        best = periods[k]
        while k > 0 and ends[k - 1] == last:  # of those ending there, the longest
            k -= 1
            if periods[k][1] - periods[k][0] > best[1] - best[0]:
                best = periods[k]
        return best[2]
    after = [p for p in periods[at:at + 8] if p[0] >= start]
    return min(after, key=lambda p: (p[0], p[0] - p[1]))[2] if after else None


def restate_groups(quantities: list[Quantity], descriptions: list[Description], text: str,
                   table: IndicatorRules) -> list[Description]:
    """A count of no known kind (or one with 个, which the rules read as things) that repeats the value of a
    figure of a ``restated`` code elsewhere in the document, with a plain noun of people right after it,
    takes that code (4名驻村工作队员 … 4个小伙子)."""
    if not table.restated_codes:
        return descriptions
    values = {q.value: d.indicator_code for q, d in zip(quantities, descriptions, strict=True)
              if d.indicator_code in table.restated_codes}
    if not values:
        return descriptions
    out = list(descriptions)
    for n, (q, d) in enumerate(zip(quantities, descriptions, strict=True)):
        code = values.get(q.value)
        # (a count with 个 is read by the rules as things: 3个年轻人走遍了全村 is no count of villages)
        if code is not None and (d.indicator_code == table.fallback or q.unit != "人") \
                and q.unit in table.restated_units and table.restated_after.match(text, q.end):
            out[n] = replace(d, indicator_code=code)
    return out

