"""Figures across reports: fact_details.same_as and figure_series, on both backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from ruralmetrics.pipeline import load_paths

REPORT = ("两城镇工作队争取资金\n发布时间:{date} 来源:某县融媒体中心\n"
          "山东省微山县两城镇驻村工作队今年争取资金{money}万元，新修村道3公里。\n")
# (file, date, money): b restates a's figures within a year, c a year and more later, d gives another sum
REPORTS = [("a", "2021-03-05", 80), ("b", "2021-11-20", 80), ("c", "2022-12-01", 80), ("d", "2021-06-01", 95)]


def test_the_same_figure_in_a_later_report_points_to_the_first(engine: Engine, tmp_path: Path) -> None:
    for name, date, money in REPORTS:
        (tmp_path / f"{name}.txt").write_text(REPORT.format(date=date, money=money), encoding="utf-8")
    assert load_paths([tmp_path], engine).ok
    with engine.connect() as connection:
        facts = {(row.document_key, row.unit): (row.fact_id, row.same_as) for row in connection.execute(text(
            "SELECT document_key, unit, fact_id, same_as FROM fact_details"))}
        series = connection.execute(text(
            "SELECT document_key, as_of, value FROM figure_series WHERE indicator_code = 'infrastructure.investment'"
            " ORDER BY as_of")).all()
        once = connection.execute(text(
            "SELECT SUM(value) FROM fact_details WHERE unit = '元' AND repeat_of IS NULL AND same_as IS NULL"
        )).scalar_one()
    first_money, first_road = facts[("a", "元")][0], facts[("a", "米")][0]
    assert facts[("a", "元")][1] is None and facts[("a", "米")][1] is None
    assert facts[("b", "元")][1] == first_money and facts[("b", "米")][1] == first_road  # within a year
    assert facts[("c", "元")][1] is None  # more than a year after a (and b is the same figure restated)
    assert facts[("d", "元")][1] is None  # another sum
    assert [(key, str(as_of)[:10], value) for key, as_of, value in series] == [
        ("a", "2021-03-05", 800000), ("d", "2021-06-01", 950000), ("b", "2021-11-20", 800000),
        ("c", "2022-12-01", 800000)]
    assert once == 800000 + 950000 + 800000  # a, d and c; b restates a
