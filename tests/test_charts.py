"""What the charts add up: never a baseline to an actual, a target to an actual or a total to its parts;
money only about problems and their rectification (【虚构示例】 figures)."""
from __future__ import annotations

from zhenggai.api import addable_money, rate_rows, target_bars
from zhenggai.nlp.pipeline import extract


def rows_of(text: str, notice_id: int = 1) -> list[dict]:
    """Figure rows as the library gives them (record = F1 / F1.M2, or None outside findings)."""
    from dataclasses import asdict

    return [dict(asdict(f), notice_id=notice_id, notice="某通报", notice_date="2025-03-01") for f in extract(text).figures]


NOTICE = ("某局关于巡察整改进展情况的通报\n截至2025年2月底，已追回资金150万元。\n一、反馈问题整改情况\n"
          "1.关于“违规发放补贴”的问题。巡察发现违规发放补贴共计90万元。整改情况：已追回违规发放补贴90万元。\n"
          "2.关于“超标准接待”的问题。巡察发现超标准接待费用60万元。整改情况：已追回超标准接待费60万元。\n"
          "3.关于“资产管理不规范”的问题。集团资产总额1,200亿元，部分资产账实不符。整改情况：力争2025年底前收回欠款30万元。\n")


def test_a_notice_s_own_total_is_counted_instead_of_its_findings_amounts():
    money = addable_money(rows_of(NOTICE), "rectification")
    assert [m["value"] for m in money] == [1_500_000]


def test_without_a_notice_total_the_findings_amounts_are_added_and_goals_left_out():
    text = NOTICE.replace("截至2025年2月底，已追回资金150万元。\n", "")
    money = addable_money(rows_of(text), "rectification")
    assert sorted(m["value"] for m in money) == [600_000, 900_000]  # not the 30万元 goal


def test_problem_money_never_takes_assets_and_a_total_never_meets_its_parts():
    text = ("某局关于巡察整改进展情况的通报\n一、反馈问题整改情况\n1.关于“违规发放”的问题。违规发放资金共计120万元，"
            "其中津贴80万元、补贴40万元。集团资产总额1,200亿元。\n")
    money = addable_money(rows_of(text), "problem")
    assert [m["value"] for m in money] == [1_200_000]


def test_rates_never_show_a_before_and_an_after_added_together():
    rows = rows_of("资金使用率由45%提高至92.3%，力争2025年底资金使用率达到98%。")
    assert [r["value"] for r in rate_rows(rows)] == [92.3]
    assert len({r["label"] for r in rate_rows(rows_of("整改完成率88%；培训覆盖率76%。"))}) == 2


def test_a_goal_its_actual_and_its_base_are_bars_side_by_side_never_stacked():
    bars = target_bars([{"metric": "水费收缴率", "notice": "某通报", "target_value": 95, "actual_value": 81.4,
                         "baseline_value": 62.5, "target_unit": "%"},
                        {"metric": "改造", "notice": "某通报", "target_value": 45, "actual_value": None, "target_unit": "公里"}])
    assert [(b["类别"], b["数值"]) for b in bars] == [("目标", 95), ("实际", 81.4), ("基数", 62.5)]
    assert len({b["指标"] for b in bars}) == len(bars)  # each its own bar
