"""Report-like random text through the whole derivation: no exception, every value finite and
plausible, whatever the mix of numerals, magnitudes, qualifiers, units, brackets and scripts."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ruralmetrics.pipeline import derive
from ruralmetrics.read import source_from_text

PIECES = ["1", "0", "7", "3.5", "12", "000", "二十三", "百", "千", "万", "亿", "余", "多", "约", "近", "超过",
          "以上", "元", "万元", "亩", "户", "名", "人次", "公里", "%", "个", "村", "第一书记", "工作队", "驻",
          "争取资金", "流转土地", "带动", "就业", "，", "。", "、", "(", ")", "（", "）", "《", "》", "\n",
          "駐村", "萬元", "幫扶", "隊", " ", "-", "—", "至", "年", "月", "日", "镇", "县"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=400))
def test_random_report_text_derives_finite_values(pieces: list[str]) -> None:
    extraction = derive(source_from_text("random", "".join(pieces), "utf-8"))
    for fact in extraction.facts:
        for value in (fact.quantity.value, fact.quantity.value_max, fact.quantity.base_value):
            assert value is None or (math.isfinite(value) and abs(value) <= 1e15)


def test_an_absurd_number_is_not_a_fact() -> None:
    extraction = derive(source_from_text("absurd", "流转土地1" + "0" * 400 + "亩，新建道路3公里。", "utf-8"))
    assert [f.quantity.surface for f in extraction.facts] == ["3公里"]
