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


# --- goals and results wherever they stand (【虚构示例】 text) ---------------------------------------------

def pairs(text):
    return [(t.metric, t.target.value, t.target.comparator, t.actual.value if t.actual else None,
             t.baseline.value if t.baseline else None) for t in extract(text).targets]


@pytest.mark.parametrize("text,metric,goal,actual", [
    ("明确2025年底前完成老旧管网改造45公里的目标，目前已完成31.2公里。", "老旧管网改造", 45, 31.2),
    ("提出2026年6月底前新建口袋公园12个的任务数，截至目前建成8个。", "新建口袋公园", 12, 8),
])
def test_a_goal_named_after_its_figure(text, metric, goal, actual):
    ((m, value, _, got, _),) = pairs(text)
    assert metric in m and (value, got) == (goal, actual)


@pytest.mark.parametrize("text,goal,actual,base", [
    ("水费收缴率由整改前的62.5%提高到81.4%，力争到2025年底达到95%以上。", 95, 81.4, 62.5),
    ("村级集体经济收入10万元以上的村占比从38%提升至57%，计划到2026年占比达到70%。", 70, 57, 38),
])
def test_from_x_to_y_gives_the_baseline_and_the_actual(text, goal, actual, base):
    ((_, value, _, got, before),) = pairs(text)
    assert (value, got, before) == (goal, actual, base)
    roles = [f.role for f in extract(text).figures if f.kind == "percent"]
    assert roles == ["baseline", "actual", "target"]


@pytest.mark.parametrize("overview,plan", [
    ("截至2025年3月底，整改完成率75%。", "确保2025年6月底前整改完成率达到100%。"),
    ("目前，反馈问题整改完成率为80%，其余问题正在推进。", "力争到2025年底前整改完成率达到100%，全部整改到位。"),
])
def test_a_notice_level_goal_in_the_next_steps_pairs_with_the_overview(overview, plan):
    text = (f"某局关于巡察整改进展情况的通报\n{overview}\n一、反馈问题整改情况\n"
            "1.关于“学习不深入”的问题。开展专题学习5次，覆盖率达到90%。\n"
            f"二、下一步工作打算\n下一步，我们将持续压实责任，{plan}\n")
    (target,) = extract(text).targets
    assert target.metric == "整改完成率" and target.target.value == 100
    assert target.actual is not None and target.actual.value in (75, 80)


@pytest.mark.parametrize("problem,measure", [
    ("巡察发现，全县农村自来水普及率仅为78%，部分山区村仍靠水窖取水。",
     "（2）力争到2025年底全县农村自来水普及率达到90%以上。"),
    ("审计指出，截至2024年底，公共充电桩利用率只有31.5%，大量设施闲置。",
     "（2）优化站点布局，确保2025年公共充电桩利用率提高到50%。"),
])
def test_an_actual_in_the_problem_pairs_with_a_goal_two_paragraphs_on(problem, measure):
    text = ("某局关于巡察整改进展情况的通报\n一、反馈问题整改情况\n1.关于“基础设施短板明显”问题的整改\n"
            f"{problem}\n（1）制定专项行动方案，明确责任单位。\n{measure}\n"
            "2.关于“学习不深入”问题的整改\n开展专题学习5次。\n")
    (target,) = extract(text).targets
    assert target.actual is not None and target.actual.value in (78, 31.5)


def test_a_far_figure_measuring_something_else_is_not_the_actual():
    text = ("某局关于巡察整改进展情况的通报\n一、反馈问题整改情况\n1.关于“基础设施短板明显”问题的整改\n"
            "巡察发现，污水处理率仅为61%。\n（1）制定专项行动方案。\n（2）力争到2025年底农村自来水普及率达到90%以上。\n")
    (target,) = extract(text).targets
    assert target.actual is None


def test_a_plain_figure_of_an_earlier_year_is_history_not_progress():
    text = "2022年度重点扶持项目9个，支持金额1.4亿元；计划2023年度重点扶持项目11个，支持金额1.68亿元。"
    assert all(t.actual is None for t in extract(text).targets)


@pytest.mark.parametrize("row", [
    ("管网漏损率达25%，供水企业长期亏损", "力争2025年底漏损率降至10%以下；更换老旧管网18公里"),
    ("截至2024年底学校食堂“明厨亮灶”覆盖率仅为64%", "确保2025年6月底前“明厨亮灶”覆盖率达到100%"),
])
def test_a_goal_in_a_ledger_measure_cell_pairs_with_the_problem_cell_of_its_row(row):
    from zhenggai.nlp.figures import find_figures
    from zhenggai.nlp.records import Finding, Measure
    from zhenggai.nlp.targets import pair_targets

    problem, measure = row
    text = f"序号\t问题\t整改措施\t责任单位\n1\t{problem}\t{measure}\t县水务局\n"
    p_start = text.index(problem)
    m_start = text.index(measure)
    finding = Finding("F1", 1, 1, problem, problem, start=p_start, end=m_start + len(measure) + 6,
                      measures=[Measure(1, measure, id="F1.M1", start=m_start, end=m_start + len(measure))])
    (target,) = pair_targets(text, find_figures(text, [finding]))
    assert target.actual is not None and target.actual.value in (25, 64)


def test_the_goal_s_own_sentence_wins_over_a_like_named_figure_further_off():
    text = ("某局关于巡察整改进展情况的通报\n一、反馈问题整改情况\n1.关于“供水保障不足”问题的整改\n"
            "（1）已改造老旧管网46.5公里。\n（2）明确2025年底前完成剩余老旧管网改造30公里的目标，目前已完成12公里。\n")
    (target,) = extract(text).targets
    assert (target.target.value, target.actual.value) == (30, 12)


@pytest.mark.parametrize("text,goal,actual", [
    ("计划2024年完成100个老旧小区改造任务，截至10月底已完成76个。", 100, 76),        # 完成 after a plan's cue is the plan's
    ("全年新增城镇就业人数目标1.2万人，1至9月实现新增就业0.95万人。", 12000, 9500),   # 目标 right before the number
    ("截至目前，已建成充电桩420个，占年度目标600个的70%。", 600, 420),              # the goal after its result
])
def test_goals_in_more_wordings_pair_with_their_results(text, goal, actual):
    targets = extract(text).targets
    assert [(t.target.value, t.actual.value if t.actual else None) for t in targets] == [(goal, actual)]


def test_a_share_is_neither_goal_nor_result():
    (figure,) = [f for f in extract("截至目前，已建成充电桩420个，占年度目标600个的70%。").figures if f.kind == "percent"]
    assert figure.role is None
