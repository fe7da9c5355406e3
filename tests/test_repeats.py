"""mark_repeats: which later facts restate an earlier one."""

from __future__ import annotations

import pytest

from ruralmetrics.records import Description, Fact, Place, Quantity
from ruralmetrics.resolve.repeats import mark_repeats

TOWN = Place(name="城关镇", level="town")
VILLAGE = Place(name="石桥村", level="village", parent=TOWN)


def fact(value: float, unit: str, code: str, sentence: int, place: Place | None = TOWN,
         subject: str = "", value_max: float | None = None) -> Fact:
    q = Quantity(surface=f"{value:g}{unit}", start=sentence * 10, end=sentence * 10 + 3, value=value,
                 unit=unit, value_max=value_max, sentence=sentence)
    return Fact(quantity=q, description=Description(subject=subject, indicator_code=code), place=place)


CASES = [
    ("headline repeats body", [fact(23, "支", "program.teams", 0), fact(23, "支", "program.teams", 5)], [None, 0]),
    ("same sentence list items", [fact(1, "个", "other", 2, subject="养鸭场"),
                                  fact(1, "个", "other", 2, subject="养牛场")], [None, None]),
    ("other needs the same subject", [fact(1, "个", "other", 1, subject="养鸭场"),
                                      fact(1, "个", "other", 4, subject="养牛场")], [None, None]),
    ("other with the same subject", [fact(200, "立方米", "other", 1, subject="蓄水池"),
                                     fact(200, "立方米", "other", 3, subject="蓄水池")], [None, 0]),
    ("another place is another figure", [fact(7, "个", "program.villages_assisted", 1),
                                         fact(7, "个", "program.villages_assisted", 2, place=VILLAGE)],
     [None, None]),
    ("another indicator is another figure", [fact(258, "人", "party.members_recruited", 1),
                                             fact(258, "件", "governance.disputes_resolved", 2)], [None, None]),
    ("a range differs by its bound", [fact(5, "个", "industry.projects", 1, value_max=10),
                                      fact(5, "个", "industry.projects", 2)], [None, None]),
    ("third mention points to the first", [fact(3, "栋", "infrastructure.buildings", 0),
                                           fact(3, "栋", "infrastructure.buildings", 1),
                                           fact(3, "栋", "infrastructure.buildings", 2)], [None, 0, 0]),
]


@pytest.mark.parametrize("facts, expected", [pytest.param(f, e, id=i) for i, f, e in CASES])
def test_mark_repeats(facts: list[Fact], expected: list[int | None]) -> None:
    assert [f.repeat_of for f in mark_repeats(tuple(facts))] == expected
