"""Notices as they come off government websites, each trait on invented text.

Page furniture, audit reports to the people's congress, pages without a title, overview parts with their
own （一）（二）, status wording, figures with spaces and counted nouns, targets paired both ways.
"""
from __future__ import annotations

import pytest

from zhenggai.corpus.pdf import without_page_numbers
from zhenggai.corpus.readers import read_bytes, read_notice
from zhenggai.nlp.furniture import is_furniture
from zhenggai.nlp.pipeline import extract
from zhenggai.nlp.status import measure_status

from helpers import SAMPLES


def run(name):
    doc = read_notice(SAMPLES / name)
    return extract(doc.text, doc.title_hint, doc.date_hint)


# --- 1. page furniture ------------------------------------------------------------------------------

def test_web_copy_keeps_furniture_out_of_title_outline_and_findings():
    result = run("web-copy-bureau-2025.txt")
    n = result.notice
    assert n.title == "中共青禾县市场监督管理局党组关于县委第五轮巡察集中整改进展情况的通报"
    assert (n.date, n.issuer, n.source, n.kind) == ("2025-03-12", "中共青禾县市场监督管理局党组", "青禾县市场监督管理局", "巡察")
    assert (n.inspection_start, n.inspection_end, n.feedback_date) == ("2024-09-02", "2024-10-31", "2024-12-16")
    assert [f.section for f in result.findings] == [1, 1, 2, 2, 3]
    assert all(len(f.measures) == 3 for f in result.findings)
    assert len(result.overview) == 3 and len(result.next_steps) == 3
    everything = " ".join([f.text + "".join(m.text for m in f.measures) for f in result.findings] + result.next_steps)
    for furniture in ("打印本页", "ICP备", "浏览次数", "当前位置", "主办单位"):
        assert furniture not in everything


@pytest.mark.parametrize("line", ["当前位置：首页 > 政务公开 > 通知公告", "信息索引号：XY-001-2025-0001", "发布机构：某某县审计局",
                                  "成文日期：2025-03-12", "发布日期：2025-03-13 10:21:45", "来源：县某某局", "浏览次数：",
                                  "字号：大 中 小", "【打印本页】【关闭窗口】", "主办单位：某县人民政府办公室", "网站标识码3300000001",
                                  "浙ICP备12345678号", "日期:2025-01-08 16:02:11", "首页 | 政务公开 | 互动交流"])
def test_furniture_lines_are_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["某局关于巡察整改情况的通报", "（一）提高政治站位，强化组织领导。", "时间紧、任务重，局党组迅速行动。",
                                  "1.关于“来源不明的资金”问题。"])
def test_notice_lines_are_not_furniture(line):
    assert not is_furniture(line)


def test_the_title_is_the_line_that_names_the_notice_taken_whole():
    text = ("您现在的位置：首页 > 信息公开\n发布时间：2025-01-08\n日期:2025-01-08 16:02:11\n"
            "某县卫生健康局关于县委巡察反馈问题整改情况的通报\n根据县委统一部署，县委第一巡察组对县卫生健康局进行了巡察。现将整改情况通报如下。\n"
            "一、巡察反馈问题的整改落实情况\n（一）党的建设方面\n1.关于“学习不深入”的问题。一是制定学习计划；二是开展专题研讨3次。\n")
    notice = extract(text).notice
    assert notice.title == "某县卫生健康局关于县委巡察反馈问题整改情况的通报"
    assert notice.date == "2025-01-08" and notice.issuer == "某县卫生健康局"


def test_the_written_date_comes_before_the_published_one():
    text = ("发布日期：2025-03-20 09:00:00\n成文日期：2025-03-12\n某局关于巡察整改进展情况的通报\n"
            "根据部署，对某局进行了巡察。现将整改情况公布。\n一、反馈问题整改情况\n1.关于“制度不健全”的问题。已修订制度2项。\n")
    assert extract(text).notice.date == "2025-03-12"


def test_a_gbk_web_page_with_furniture_reads_like_its_text():
    source = (SAMPLES / "web-copy-bureau-2025.txt").read_text(encoding="utf-8")
    body = [line for line in source.splitlines()[1:] if line.strip()]
    page = ('<html><head><meta charset="gbk"><title>中共青禾县市场监督管理局党组关于县委第五轮巡察集中整改进展情况的通报_青禾县人民政府'
            '</title></head><body><div class="crumb">当前位置：首页 &gt; 政务公开</div><div class="content">'
            + "".join(f"<p>{line}</p>" for line in body) + "</div></body></html>")
    result = extract(read_bytes(page.encode("gbk"), "page.html").text)
    assert result.notice.title == "中共青禾县市场监督管理局党组关于县委第五轮巡察集中整改进展情况的通报"
    assert len(result.findings) == 5 and result.notice.date == "2025-03-12"


# --- 2. audit reports to the people's congress ----------------------------------------------------

def test_audit_report_to_the_congress():
    result = run("audit-report-to-congress-2025.txt")
    n = result.notice
    assert n.title == "关于2024年度市级预算执行和其他财政收支审计查出问题整改情况的报告"
    assert (n.date, n.issuer, n.kind) == ("2025-06-24", "市审计局", "审计")
    assert [len(f.measures) for f in result.findings] == [1, 2, 1, 2, 1, 1]
    assert len(result.overview) == 3 and len(result.next_steps) == 2  # the （一）（二）（三） of 总体推进情况 are overview
    assert result.findings[0].title == "部分专项资金未及时分配下达"


def test_a_meeting_line_joined_to_the_title_in_a_pdf_is_not_part_of_it():
    text = ("关于2023年度县级预算执行审计查出问题整改情况的报告——2024年8月27日在某县第十八届人民代表大会常务委员会第十九次会议上\n"
            "县审计局局长　王某\n受县人民政府委托，现将审计整改情况报告如下。\n一、审计查出问题的整改情况\n"
            "1.预算编制不细化。审计指出，部分预算未细化。整改情况：已细化到项目。\n")
    n = extract(text).notice
    assert n.title == "关于2023年度县级预算执行审计查出问题整改情况的报告"
    assert (n.date, n.issuer) == ("2024-08-27", "县审计局")


# --- 3. pages without a title -----------------------------------------------------------------------

TITLELESS = """根据省委统一部署，2024年4月至7月，省委第六巡视组对中共云岭学院委员会进行了巡视，并于2024年9月反馈了巡视意见。现将整改进展情况公布如下。
一、巡视反馈问题的整改落实情况
（一）党的建设方面
1.关于“理论学习中心组学习不规范”的问题。一是修订中心组学习制度；二是开展专题研讨4次。
2.关于“基层党组织换届不及时”的问题。已完成12个党支部换届选举。
欢迎广大干部群众对整改落实情况进行监督。
（中共云岭学院委员会　2024年6月30日）"""


def test_a_page_without_a_title_has_none_and_takes_issuer_and_date_from_the_signature():
    result = extract(TITLELESS)
    n = result.notice
    assert n.title is None
    assert (n.issuer, n.date, n.kind) == ("中共云岭学院委员会", "2024-06-30", "巡视")
    assert len(result.findings) == 2 and [len(f.measures) for f in result.findings] == [2, 1]


def test_a_meeting_line_or_a_heading_is_never_the_title():
    text = "4.关于“会议费管理不规范”的问题\n一是清理会议费；二是修订办法。\n"
    assert extract(text).notice.title is None
    text = "在县委第三轮巡察整改工作推进会议上的讲话\n根据部署，现将整改情况报告如下。\n"
    assert extract(text).notice.title is None


# --- 4. overview parts ------------------------------------------------------------------------------

def test_a_part_titled_as_overview_keeps_its_areas_out_of_the_findings():
    text = ("某局关于巡察整改情况的通报\n一、提高政治站位，压实整改责任\n（一）加强组织领导。成立领导小组。\n（二）细化任务分工。制定台账。\n"
            "二、巡察反馈问题整改落实情况\n（一）党建方面\n1.关于“组织生活不规范”的问题。一是规范三会一课；二是开展检查；三是通报结果。\n"
            "（二）业务方面\n1.关于“审批时限过长”的问题。已压缩审批时限至5个工作日。\n三、下一步工作打算\n（一）巩固成果。\n")
    result = extract(text)
    assert [f.title for f in result.findings] == ["关于“组织生活不规范”的问题", "关于“审批时限过长”的问题"]
    assert [len(f.measures) for f in result.findings] == [3, 1]
    assert len(result.overview) == 2 and len(result.next_steps) == 1


# --- 5. status --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,status", [
    ("针对党委未组织专题研讨的问题，已召开专题研讨会2次。", "done"),
    ("党委未组织专题研讨。", "unknown"),
    ("未制定相关制度。", "unknown"),
    ("部分整改，其余问题正在整改。", "ongoing"),
    ("持续推进制度建设。", "ongoing"),
    ("逐步整改到位。", "ongoing"),
    ("已完成整改。", "done"),
    ("已整改到位。", "done"),
    ("已全部完成。", "done"),
    ("长期坚持，建立长效机制。", "long_term"),
    ("持续抓好学习教育。", "long_term"),
    ("每季度开展一次检查。", "done"),
])
def test_status_from_wording(text, status):
    assert measure_status(text) == status


# --- 6. figures -------------------------------------------------------------------------------------

def figures_of(text):
    return [f for f in extract(text).figures if f.kind not in ("date", "period")]


def test_a_space_between_number_and_unit_is_one_figure():
    got = {(f.text, f.value, f.unit) for f in figures_of("追缴违规收费4512.36 万元，建成基层所7 个。")}
    assert got == {("4512.36 万元", 45_123_600, "元"), ("7 个", 7, "个")}


def test_a_count_takes_the_noun_it_counts_and_a_metric_keeps_its_verb():
    figures = {f.text: f.metric for f in figures_of("出台9个管理办法，对风险较高的62家企业实行重点检查；已完成整改27个、正在整改5个。")}
    assert figures["9个"] == "管理办法" and figures["62家"] == "企业"
    assert figures["27个"] == "已完成整改" and figures["5个"] == "正在整改"


def test_page_numbers_of_pdf_footers_are_dropped():
    assert without_page_numbers("正文一\n正文二\n- 3 -") == "正文一\n正文二"
    assert without_page_numbers("2\n正文\n第2页 共9页") == "正文"


# --- 7. targets both ways ---------------------------------------------------------------------------

def test_a_target_pairs_with_an_actual_that_stands_before_it():
    text = ("某局关于巡察整改情况的通报\n一、反馈问题整改情况\n1.关于“充电设施利用率低”的问题。一是目前全市公共充电桩利用率为41.5%，"
            "力争到2026年底利用率达到60%以上；二是新建充电站12座。\n")
    (target,) = extract(text).targets
    assert (target.target.value, target.target.comparator, target.deadline_year) == (60, ">=", 2026)
    assert target.actual is not None and target.actual.value == 41.5 and "利用率" in target.metric


def test_a_target_pairs_with_an_actual_in_a_later_sentence_of_the_same_finding():
    text = ("1.关于“改革目标未实现”的问题。方案提出到2024年新增上市企业3家以上。截至2024年底，新增上市企业仅为2家。"
            "整改情况：已制定新方案。\n2.关于“其他问题”的问题。已整改。\n")
    (target,) = extract(text).targets
    assert target.actual is not None and (target.target.value, target.actual.value) == (3, 2)
