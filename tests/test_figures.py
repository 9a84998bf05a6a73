"""One test per normalisation rule and per trap of design §1."""
from __future__ import annotations

import pytest

from zhenggai.nlp.normalize import normalize_text
from zhenggai.nlp.figures import find_figures


def figs(text, kinds=("money", "percent", "percentage_point", "count")):
    return [f for f in find_figures(normalize_text(text), notice_date="2023-10-30") if f.kind in kinds]


def one(text, **kw):
    found = figs(text, **kw)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize("text,value,unit", [
    ("支持金额约1.4亿元", 140_000_000, "元"),
    ("总额仅为1.74万亿元", 1_740_000_000_000, "元"),
    ("整改金额2,345.6万元", 23_456_000, "元"),
    ("收回资金一千二百万元", 12_000_000, "元"),
    ("涉及五百六十万元", 5_600_000, "元"),
    ("投入４５０万元", 4_500_000, "元"),
    ("清退补贴十二万三千元", 123_000, "元"),
    ("节约资金五千余万元", 50_000_000, "元"),
    ("追回2.3万余元", 23_000, "元"),
])
def test_money_is_normalised_to_yuan(text, value, unit):
    f = one(text)
    assert (f.kind, f.value, f.unit) == ("money", value, unit)


@pytest.mark.parametrize("text,value", [
    ("占比1.54%", 1.54), ("完成率１２．５％", 12.5), ("占预算总额的百分之十二点五", 12.5), ("实现百分之百", 100),
])
def test_percent(text, value):
    f = one(text)
    assert (f.kind, f.value, f.unit) == ("percent", value, "%")


def test_percentage_points_are_not_percent():
    f = one("增幅低于全省平均增幅13.81个百分点")
    assert (f.kind, f.value, f.unit) == ("percentage_point", 13.81, "百分点")


@pytest.mark.parametrize("text,value,unit", [
    ("已解决46项问题", 46, "项"), ("新招录两名同志", 2, "名"), ("划分为五档", 5, "档"),
    ("仅组织召开一次协调调度会议", 1, "次"), ("围绕两个专题进行授课", 2, "个"), ("项目9个", 9, "个"),
    ("惠及群众1.2万人次", 12_000, "人次"), ("两万余人", 20_000, "人"), ("①清理车辆45辆", 45, "辆"),
])
def test_counts_keep_their_measure_word(text, value, unit):
    f = one(text)
    assert (f.kind, f.value, f.unit) == ("count", value, unit)


@pytest.mark.parametrize("text,qualifier", [
    ("约1.4亿元", "approx"), ("调研20余次", "more_than"), ("问题40多个", "more_than"), ("80%以上", "at_least"),
    ("过千亿元", "more_than"), ("突破2万亿元", "more_than"), ("6家以上", "at_least"), ("不少于3人", "at_least"),
    ("控制在5%以内", "at_most"), ("不超过10家", "at_most"), ("不足5%", "less_than"), ("仅为4家", None),
    ("不到10%", "less_than"), ("5家及以上", "at_least"), ("最少3人", "at_least"), ("十余家", "more_than"), ("追回2.3万余元", "more_than"), ("逾千万元", "more_than"),
])
def test_qualifiers(text, qualifier):
    assert one(text).qualifier == qualifier


def test_magnitude_without_digits_needs_a_comparator():
    assert one("资产过千亿元企业").value == 100_000_000_000
    assert figs("单位：万元") == []


def test_lists_give_two_figures_and_each_its_year():
    found = figs("2021、2022年企业研发经费投入仅占同年营业总收入的1.54%、1.51%。")
    assert [(f.value, f.year) for f in found] == [(1.54, 2021), (1.51, 2022)]


def test_a_bare_number_in_a_list_takes_the_unit_of_the_list():
    assert [(f.value, f.unit) for f in figs("分别为9、11个")] == [(9, "个"), (11, "个")]
    assert [(f.value, f.unit) for f in figs("分别为1.2、3.4亿元")] == [(120_000_000, "元"), (340_000_000, "元")]


@pytest.mark.parametrize("trap", [
    "十大党建品牌", "八大专项行动", "“两金”占比", "“一利五率”", "“1238”工作思路", "地铁6号线", "第四巡察组",
    "“四张清单”", "存在“一借了之”", "两张皮", "读书班1-4专题", "干部三处", "选拔一批", "一套人马、两个牌子",
    "确保一个也不放过", "整改一个问题", "一次性兑现", "第三十期", "中央八项规定精神", "十九届中央纪委六次全会",
    "《关于推动工作落实的九项措施》", "问题编号15.落实", "纪念建党100周年",
])
def test_names_and_idioms_are_not_quantities(trap):
    assert figs(trap) == []


def test_ranges_periods_durations_and_dates():
    text = "系数区间调整为0.5-1.2，2019-2023年累计，借调时间超过6个月，办理时限3.5个工作日，截至2022年12月底。4月4日反馈"
    found = {f.kind: f for f in find_figures(normalize_text(text), notice_date="2023-10-30")}
    assert (found["range"].low, found["range"].high) == (0.5, 1.2)
    assert (found["period"].low, found["period"].high) == (2019, 2023)
    durations = [f for f in find_figures(text) if f.kind == "duration"]
    assert [(d.value, d.unit, d.qualifier) for d in durations] == [(6, "月", "more_than"), (3.5, "工作日", None)]
    dates = [f.normalized for f in find_figures(text, notice_date="2023-10-30") if f.kind == "date"]
    assert dates == ["2022-12", "2023-04-04"]


def test_chinese_numeral_date():
    dates = [f for f in find_figures("二〇二四年六月五日") if f.kind == "date"]
    assert dates[0].normalized == "2024-06-05"


def test_offsets_point_at_the_figure():
    text = normalize_text("其中，支持金额约1.4亿元。")
    f = one(text)
    assert text[f.start:f.end] == f.text == "约1.4亿元"


def test_metric_and_role():
    text = "2020年制定的意见提出，2022年企业总资产突破2万亿元，截至2022年12月底仅为1.74万亿元。"
    target, actual = figs(text)
    assert (target.role, target.metric, target.year) == ("target", "总资产", 2022)
    assert actual.role == "actual"


def test_years_in_chinese_numerals_count_and_comparison_bases_do_not():
    found = figs("二〇二三年共投入资金两千三百万元，较2022年增长15%。")
    assert [(f.value, f.year) for f in found] == [(23_000_000, 2023), (15, 2023)]


def test_a_rate_is_its_own_metric():
    assert one("整改完成率达百分之九十五点五").metric == "整改完成率"


# --- names, titles and figures of speech are not quantities (【虚构示例】 text) -----------------------------

@pytest.mark.parametrize("trap", [
    "县委巡察二组进驻后", "市委第一工作组反馈意见", "督导三组组长", "巡视2组",
    "印发青禾县2024—2035年供水专项规划", "编制国土空间总体规划（2021—2035年）", "《2019-2023年规划》",
    "做好融合发展、转型升级、改革创新三篇文章", "写好“保、稳、进”三篇大文章",
])
def test_group_names_plan_titles_and_rhetorical_counts_are_not_quantities(trap):
    assert [f for f in find_figures(normalize_text(trap)) if f.kind != "date"] == []


def test_a_real_count_of_teams_periods_and_articles_stays():
    found = [(f.kind, f.value) for f in find_figures("成立督导组5个，2019-2023年累计投入5亿元，在报刊发表理论文章三篇。")]
    assert ("count", 5) in found and ("period", None) in found and ("count", 3) in found


# --- roles ------------------------------------------------------------------------------------------------

def roles(text):
    return {f.text: f.role for f in figs(text)}


@pytest.mark.parametrize("text,done", [
    ("确保整改取得实效，督促相关单位退还多收费用35万元。", "35万元"),
    ("为确保问题整改到位，责令施工单位返工修复路面2.4公里。", "2.4公里"),
    ("已于2024年8月底前全部补缴入库1,026.5万元。", "1,026.5万元"),
])
def test_things_done_in_a_sentence_about_urging_are_not_goals(text, done):
    assert roles(text)[done] == "actual"


@pytest.mark.parametrize("text,goal", [
    ("督促企业确保2025年底前完成剩余3个项目验收。", "3个"),
    ("要求各乡镇2025年6月底前完成改厕1200户。", "1200户"),
])
def test_what_is_still_to_be_done_is_a_goal(text, goal):
    assert roles(text)[goal] == "target"


@pytest.mark.parametrize("text,parts,total", [
    ("共追回资金120万元，其中违规发放补贴80万元、超标准接待费40万元。", ("80万元", "40万元"), "120万元"),
    ("清退违规资金3万元、追缴欠款2万元，共计5万元。", ("3万元", "2万元"), "5万元"),
    ("共查处违纪问题12起，其中违反中央八项规定精神问题5起。", ("5起",), "12起"),
])
def test_a_stated_total_and_its_parts(text, parts, total):
    got = roles(text)
    assert got[total] == "total" and all(got[p] == "part" for p in parts)


@pytest.mark.parametrize("text,about", [
    ("审计查出问题金额8.6亿元", "problem"), ("违规发放津贴补贴共计86.7万元", "problem"),
    ("养老服务补助资金1,200万元闲置超过一年", "problem"), ("已整改问题金额2,345.6万元", "rectification"),
    ("追回违规发放资金86.7万元", "rectification"), ("督促补缴入库3260万元", "rectification"),
    ("应缴未缴国有资本收益1,026.5万元", "problem"), ("集团公司资产总额1,200亿元", None),
    ("已追回38.2万元，剩余4.5万元正在追缴", None),  # what is left is neither: it is inside the problem's amount ("年度预算安排3亿元", None),
    ("实现营业收入56亿元", None),
])
def test_what_money_is_about(text, about):
    assert figs(text, kinds=("money",))[-1].about == about


@pytest.mark.parametrize("text,metric", [
    ("市财政局开展专项检查，覆盖预算单位58家。", "覆盖预算单位"),
    ("市民政局已统筹用于12个社区养老服务站建设。", "社区养老服务站建设"),
    ("县纪委监委立案审查5人。", "立案审查"),
])
def test_a_count_is_named_after_what_it_counts_not_who_counted(text, metric):
    assert one(text).metric == metric


@pytest.mark.parametrize("text,expected", [
    ("上年同期为62%，今年提高到75%。", {"62%": "baseline", "75%": "actual"}),
    ("整改前仅为3家，现已发展到9家。", {"3家": "baseline", "9家": "actual"}),
    ("较上年提高13.8个百分点。", {"13.8个百分点": None}),
    ("持续跟踪未完成整改的5项问题。", {"5项": None}),
])
def test_a_base_is_stated_as_one_and_a_change_or_what_is_left_is_not_a_result(text, expected):
    got = roles(text)
    assert {k: got[k] for k in expected} == expected


def test_a_breakdown_cue_governs_only_figures_of_its_total_s_kind():
    got = roles("审计查出的46项问题中，已完成整改41项；已整改问题金额2,345.6万元，其中收回资金一千二百万元，完善制度17项。")
    assert got["2,345.6万元"] == "total" and got["一千二百万元"] == "part"
    assert got["41项"] != "total" and got["17项"] != "part"
