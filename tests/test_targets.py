"""Targets pair a stated goal with its reported result."""
from __future__ import annotations

import pytest

from zhenggai.nlp.pipeline import extract

from helpers import load_gold


def test_goals_pair_with_actuals_in_order():
    text = ("2020年制定的意见提出，2022年企业总资产突破2万亿元，资产过千亿元企业数量达到6家以上，"
            "截至2022年12月底仅为1.74万亿元、5家。")
    targets = extract(text).targets
    assert [(t.target.value, t.target.comparator, t.actual.value if t.actual else None) for t in targets] == [
        (2e12, ">", 1.74e12), (6, ">=", 5)]
    assert "千亿元企业" in targets[1].metric and targets[0].deadline_year == 2022


def test_goal_without_a_result_has_no_actual():
    targets = extract("一是逐步将预算资金的80%以上投入战略新兴产业。二是其他。").targets
    assert len(targets) == 1 and targets[0].actual is None and targets[0].deadline_year is None


def test_jinan_targets_against_gold(jinan_text):
    gold = load_gold("jinan-sasac-2023-xuncha.figures.json")["targets"]
    got = extract(jinan_text).targets
    paired = 0
    for want in gold:
        match = [t for t in got if want["metric_contains"] in t.metric
                 and t.target.value == pytest.approx(want["target"]["value"])
                 and t.target.comparator == want["target"]["comparator"]
                 and t.deadline_year == want["deadline_year"]]
        assert match, want
        actual = match[0].actual
        if want["actual"] is None:
            assert actual is None
        else:
            assert actual is not None and actual.value == pytest.approx(want["actual"]["value"])
            paired += 1
    assert paired == 3
