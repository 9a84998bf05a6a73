"""Findings, sections, measures, overview and next steps in each layout of design §1.

The bundled samples are written in those layouts, so each doubles as a fixture whose counts are known.
"""
from __future__ import annotations

import pytest

from zhenggai.corpus.readers import read_notice
from zhenggai.nlp.pipeline import extract

from helpers import SAMPLES


def run(name):
    doc = read_notice(SAMPLES / name)
    return extract(doc.text, doc.title_hint, doc.date_hint)


@pytest.mark.parametrize("name,sections,measures,overview,next_steps", [
    ("county-xuncha-2024.txt", [1, 1, 2, 2, 3], [3, 2, 2, 3, 2], 1, 3),
    ("city-audit-2024.txt", [1, 1, 2, 2, 3], [1, 3, 1, 3, 1], 1, 1),
    ("soe-xuncha-oneline-2024.txt", [1, 1, 1, 2, 2], [3, 2, 1, 2, 2], 1, 2),
    ("university-xunshi-2023.txt", [1, 1, 2, 3], [2, 3, 1, 3], 2, 3),
])
def test_sample_layouts(name, sections, measures, overview, next_steps):
    result = run(name)
    assert [f.section for f in result.findings] == sections
    assert [len(f.measures) for f in result.findings] == measures
    assert len(result.overview) == overview
    assert len(result.next_steps) == next_steps


def test_county_layout_titles_and_parenthesised_measures():
    result = run("county-xuncha-2024.txt")
    assert result.sections[0].title == "在“贯彻落实党的路线方针政策”方面"
    assert result.findings[0].title == "关于“农村公路养护责任落实不到位”问题的整改"
    assert result.findings[0].measures[0].text.startswith("制定《青禾县农村公路养护管理办法》")
    assert "中共青禾县交通运输局党组" not in result.findings[-1].measures[-1].text  # signature is not a measure


def test_audit_layout_splits_problem_from_rectification():
    result = run("city-audit-2024.txt")
    first = result.findings[0]
    assert first.title == "部分预算未细化到具体项目"
    assert "审计指出" in first.text and "整改情况" not in first.text
    assert first.measures[0].text.startswith("市财政局已将上述资金全部分解下达")


def test_one_line_layout_stops_the_last_measure_at_the_closing_summary():
    result = run("soe-xuncha-oneline-2024.txt")
    last = result.findings[-1].measures[-1].text
    assert last.endswith("严格控制借调人数和期限。")
    assert result.next_steps[0].startswith("持续巩固整改成果")


def test_area_without_items_is_itself_a_finding():
    result = run("university-xunshi-2023.txt")
    area = result.findings[2]
    assert area.number is None and area.title.startswith("落实意识形态工作责任制")
    assert len(area.measures) == 1


def test_measures_and_findings_carry_a_status():
    result = run("city-audit-2024.txt")
    assert result.findings[2].status == "done"           # 已追回
    assert result.findings[3].measures[2].status == "ongoing"  # 目前正在征求意见


def test_text_that_is_not_a_notice_has_no_findings():
    result = extract("今天天气很好，我们去公园散步。晚上吃了饺子。")
    assert result.findings == [] and result.notice.kind == "其他"


BUREAU = """某县市场监管局关于县委巡察反馈意见整改情况的通报
2024-07-01
根据县委统一部署，县委第一巡察组对我局进行了巡察，并反馈了意见。现将整改情况通报如下。
（一）在“落实全面从严治党主体责任”方面
1.关于“主体责任传导不到位”问题的整改
（1）制定党组落实主体责任清单，明确（一）班子成员（二）科室负责人的责任。
（2）召开专题会议3次。
2.关于“廉政风险排查不深入”问题的整改
（1）排查廉政风险点42个。
（二）在“选人用人”方面
1.关于“干部交流轮岗不及时”问题的整改
（1）交流轮岗干部6名。
（2）建立轮岗台账。
我局将继续巩固整改成果，持续深化全面从严治党。
欢迎社会各界监督。
"""


def test_bureau_layout_without_parts_and_with_a_closing_paragraph():
    result = extract(BUREAU)
    assert [(f.section, len(f.measures)) for f in result.findings] == [(1, 2), (1, 1), (2, 2)]
    assert [s.title for s in result.sections] == ["在“落实全面从严治党主体责任”方面", "在“选人用人”方面"]
    assert result.findings[-1].measures[-1].text == "建立轮岗台账。"
    assert result.next_steps and result.next_steps[0].startswith("我局将继续")


def test_a_last_measure_without_a_full_stop_is_not_taken_for_a_signature():
    text = BUREAU.split("我局将继续")[0].replace("（2）建立轮岗台账。", "（2）建立轮岗台账") + "某县市场监管局\n2024年7月1日\n"
    result = extract(text)
    assert result.findings[-1].measures[-1].text == "建立轮岗台账"


PARTS_WITH_ITEMS = """某区卫健委关于区委巡察整改进展情况的通报
2024-05-20
根据区委部署，区委第二巡察组对区卫健委开展了巡察。
一、整改工作落实情况
1.加强组织领导。成立整改工作领导小组，召开会议4次。
2.压实整改责任。逐条明确责任人和时限。
二、政治建设方面的问题
1.学习贯彻上级决策部署不到位。整改情况：一是开展专题学习6次。二是制定落实清单。
2.意识形态责任制落实有差距。整改情况：修订意识形态工作责任制实施办法。
三、党风廉政建设方面的问题
1.医疗器械采购监管不严。整改情况：一是开展专项检查，追回资金12.5万元。二是完善采购制度。三是约谈2家医院负责人。
四、下一步工作打算
1.持续巩固整改成果。
2.建立长效机制。
"""


def test_parts_whose_items_carry_measures_hold_the_findings():
    result = extract(PARTS_WITH_ITEMS)
    assert [s.title for s in result.sections] == ["政治建设方面的问题", "党风廉政建设方面的问题"]
    assert [(f.section, len(f.measures)) for f in result.findings] == [(1, 2), (1, 1), (2, 3)]
    assert len(result.overview) == 2 and len(result.next_steps) == 2


def test_parenthesised_problems_with_their_own_measures():
    text = ("某县审计局关于审计查出问题整改情况的报告\n2024-09-01\n现将整改情况报告如下。\n"
            "（一）预算管理方面\n（1）部分项目预算执行率低。整改情况：一是督促加快支出。二是收回结余资金30万元。\n"
            "（2）往来款长期未清理。整改情况：已清理往来款120万元。\n"
            "（二）国有资产管理方面\n（1）资产账实不符。整改情况：开展资产清查。\n")
    result = extract(text)
    assert [(f.section, f.title, len(f.measures)) for f in result.findings] == [
        (1, "部分项目预算执行率低", 2), (1, "往来款长期未清理", 1), (2, "资产账实不符", 1)]


def test_numbered_measures_under_a_problem_heading():
    text = ("某区教育局关于区委巡察整改情况的通报\n2024-03-01\n现将整改情况通报如下。\n"
            "一、关于政治建设方面\n（一）关于“学习贯彻不深入”问题\n整改情况：1.制定年度学习计划。2.开展专题学习4次。\n"
            "（二）关于“制度执行不严”问题\n整改情况：1.修订议事规则。2.开展制度执行检查。3.通报典型问题2起。\n"
            "二、下一步工作打算\n持续巩固整改成果。\n")
    result = extract(text)
    assert [(f.title, len(f.measures)) for f in result.findings] == [
        ("关于“学习贯彻不深入”问题", 2), ("关于“制度执行不严”问题", 3)]
    assert result.findings[1].measures[2].text == "通报典型问题2起。"


HEAD = "中共青禾县某局党组关于县委巡察整改进展情况的通报\n2025年6月3日\n县委巡察组于2024年11月对某局党组开展了巡察。现将整改情况通报如下。\n"
AREA_ONE = ("乡镇文化站开放时间不足", "农家书屋图书陈旧", "活动经费使用不规范")
AREA_TWO = ("文物安全设施老化", "文物普查成果运用不够")


def _problems(lead: str, problems) -> str:
    return lead + "；".join(f"{'一二三'[i]}是{p}" for i, p in enumerate(problems)) + "。"


@pytest.mark.parametrize("area_form,lead,answers", [
    ("own line", "巡察指出：", "针对"),                # the list on the line under the heading; one 针对… paragraph each
    ("own line", "存在问题：", "numbered"),            # （1）（2） measure paragraphs
    ("own line", "巡视反馈：", "label each"),          # one 整改情况：… paragraph each
    ("runs on", "巡察指出：", "one paragraph"),        # the heading runs into the list; 整改措施：一是…；二是…
    ("own line", "巡察指出：", "one paragraph"),
])
def test_problems_listed_inline_are_findings_with_their_measures_in_turn(area_form, lead, answers):
    """`（一）…方面` with `巡察指出：一是……；二是……` on its line or the next, and the measures after it in any of
    the usual forms: each listed problem is a finding of that area, with the measure given for it."""
    body = ""
    for n, (area, problems) in enumerate((("公共文化服务方面", AREA_ONE), ("文物保护方面", AREA_TWO))):
        heading = f"（{'一二'[n]}）{area}"
        listed = _problems(lead, problems)
        body += (heading + "。" + listed if area_form == "runs on" else heading + "\n" + listed) + "\n"
        fixes = [f"对{p}的情况逐项整改，已完成第{i + 1}项措施" for i, p in enumerate(problems)]
        if answers == "针对":
            body += "".join(f"针对{p}的问题，{fix}。\n" for p, fix in zip(problems, fixes))
        elif answers == "numbered":
            body += "".join(f"（{i + 1}）{fix}。\n" for i, fix in enumerate(fixes))
        elif answers == "label each":
            body += "".join(f"整改情况：{fix}。\n" for fix in fixes)
        else:
            body += "整改措施：" + "；".join(f"{'一二三'[i]}是{fix}" for i, fix in enumerate(fixes)) + "。\n"
    result = extract(HEAD + body + "下一步，我局将持续巩固整改成果。\n")
    assert [s.title for s in result.sections] == ["公共文化服务方面", "文物保护方面"]
    assert [f.title for f in result.findings] == list(AREA_ONE + AREA_TWO)
    assert [f.section for f in result.findings] == [1, 1, 1, 2, 2]
    for finding in result.findings:
        (measure,) = finding.measures
        assert finding.title in measure.text and not measure.text.startswith("整改"), measure.text


def test_a_status_line_under_the_last_numbered_measure_is_the_findings_status():
    """`整改进展：已完成` after `整改措施：1.… 2.…` ends the last measure and gives the finding its status."""
    text = HEAD + ("一、政治建设方面\n（一）学习贯彻上级决策部署不够深入\n问题表现：理论学习流于形式。\n整改措施：\n"
                   "1.制定年度学习计划，每月开展专题研讨。\n2.建立研讨发言评议制度。\n整改进展：持续推进。\n"
                   "（二）意识形态工作责任制落实不到位\n问题表现：专题研究次数不足。\n整改措施：\n"
                   "1.每半年专题研究意识形态工作。\n整改进展：已完成。\n")
    first, second = extract(text).findings
    assert [m.text for m in first.measures] == ["制定年度学习计划，每月开展专题研讨。", "建立研讨发言评议制度。"]
    assert [m.text for m in second.measures] == ["每半年专题研究意识形态工作。"]
    assert (first.status, second.status) == ("ongoing", "done")


def test_parts_that_each_hold_problems_one_level_down_are_the_sections():
    """An audit report whose 一、二、三、 name the audits, each holding `（一）问题。整改…` items: the parts
    are the sections and their items the findings (not one section per finding)."""
    text = ("临川市人民政府关于2023年度审计查出问题整改情况的报告\n主任、各位副主任、秘书长、各位委员：\n"
            "现将审计查出问题整改情况报告如下。\n一、财政管理审计查出问题的整改情况\n"
            "（一）部分预算收入未及时缴库。市财政局已将非税收入1.2亿元缴入国库。\n"
            "（二）预算绩效管理不到位。市财政局修订绩效评价办法。\n二、部门预算执行审计查出问题的整改情况\n"
            "（一）超标准列支会议费。相关部门已追回资金86万元。\n三、下一步工作安排\n持续督促未完成整改的事项。\n")
    result = extract(text)
    assert [s.title for s in result.sections] == ["财政管理审计查出问题的整改情况", "部门预算执行审计查出问题的整改情况"]
    assert [(f.section, f.title) for f in result.findings] == [
        (1, "部分预算收入未及时缴库"), (1, "预算绩效管理不到位"), (2, "超标准列支会议费")]


def test_areas_about_the_duty_of_rectifying_are_self_description_not_findings():
    """Without a part around them, `（一）在落实整改主体责任方面` and `（二）强化整改督导` before the problem
    areas tell how the unit worked; an area naming a shortcoming of that duty stays a problem."""
    text = HEAD + ("（一）在落实整改主体责任方面。局党组成立整改工作领导小组，召开专题会议5次。\n"
                   "（二）强化整改督导。建立整改台账，实行周调度、对账销号。\n"
                   "（三）关于城市建设管理方面的问题\n1.老旧小区改造进度滞后。整改措施：倒排工期，已完成改造小区14个。\n"
                   "2.建筑市场监管不严。整改措施：开展专项整治，查处违法项目6个。\n")
    result = extract(text)
    assert [f.title for f in result.findings] == ["老旧小区改造进度滞后", "建筑市场监管不严"]
    assert [o[:6] for o in result.overview] == ["在落实整改主", "强化整改督导"]
    problem = extract(HEAD + "（一）上轮巡察整改责任落实不到位。整改措施：对未销号问题逐项复查，已销号8个。\n"
                             "（二）关于城市建设管理方面的问题\n1.老旧小区改造进度滞后。整改措施：倒排工期。\n")
    assert [f.title for f in problem.findings] == ["上轮巡察整改责任落实不到位", "老旧小区改造进度滞后"]


def test_a_progress_paragraph_that_tells_what_was_done_is_the_measure():
    """`整改进展：开展专项整治，整改隐患52处` under a problem heading is its measure; a bare `整改进展：已完成`
    after numbered measures is only its status (the test above)."""
    text = HEAD + ("（一）关于“低保对象认定不精准”的问题\n整改进展：对全县低保对象开展全面复核，清退不符合条件的对象36户，追回资金12.4万元。\n"
                   "（二）关于“养老机构安全隐患多”的问题\n整改进展：开展养老机构安全专项整治，整改隐患52处，建立隐患台账。\n")
    findings = extract(text).findings
    assert [[m.text[:6] for m in f.measures] for f in findings] == [["对全县低保对"], ["开展养老机构"]]


def test_a_closing_paragraph_after_the_last_numbered_measures_is_a_next_step_not_a_measure():
    text = HEAD + ("一、公共文化服务方面\n1.乡镇文化站开放时间不足。整改措施：\n（1）制定文化站开放考核办法。\n（2）每月通报开放时长。\n"
                   "2.文物安全设施老化。整改措施：\n（1）投入资金80万元更新消防设施。\n（2）建立文物安全巡查制度。\n"
                   "下一步，县文旅局党组将持续巩固整改成果，建立健全长效机制。\n欢迎社会各界监督，联系电话：0795-1234567。\n")
    result = extract(text)
    assert [m.text for m in result.findings[-1].measures] == ["投入资金80万元更新消防设施。", "建立文物安全巡查制度。"]
    assert result.next_steps and result.next_steps[0].startswith("下一步")


def test_numbered_actions_with_steps_under_a_problem_heading_are_its_measures():
    """一、area / （一）a problem / 1.an action with （1）（2） steps: the problem is the finding and each
    numbered action one measure (its steps inside it), not a finding of its own."""
    text = HEAD + ("一、统计数据质量方面\n（一）基层统计数据源头管控不严\n具体表现为：部分企业统计台账与财务账对不上。\n"
                   "1.开展企业统计台账规范化行动\n（1）对全市企业逐家核对统计台账。\n（2）印发企业统计台账参考样式。\n"
                   "2.加强代填代报管理\n（1）代报数据须经企业负责人确认。\n（2）将代报数据列入重点核查范围。\n"
                   "（二）统计执法检查力度不够\n1.制定年度统计执法检查计划，全年检查企业120家。\n2.将失信企业名单推送至信用平台。\n")
    findings = extract(text).findings
    assert [f.title for f in findings] == ["基层统计数据源头管控不严", "统计执法检查力度不够"]
    assert [len(f.measures) for f in findings] == [2, 2]
    assert findings[0].measures[0].text.startswith("开展企业统计台账规范化行动")


@pytest.mark.parametrize("label,status", [("完成情况：已完成。", "done"), ("整改状态：持续推进。", "ongoing"),
                                          ("目前进展：已办结。", "done")])
def test_status_lines_in_other_words_end_the_measures_above_them(label, status):
    text = HEAD + ("一、作风建设方面\n（一）服务企业意识不强\n问题表现：企业诉求办理时限长。\n整改措施：\n"
                   f"1.建立企业诉求接诉即办机制。\n2.开展局长进企业活动，走访企业56家。\n{label}\n"
                   f"（二）会风文风不实\n问题表现：文件多会议多。\n整改措施：\n1.精简会议文件。\n{label}\n")
    findings = extract(text).findings
    assert [[m.text for m in f.measures] for f in findings] == [
        ["建立企业诉求接诉即办机制。", "开展局长进企业活动，走访企业56家。"], ["精简会议文件。"]]
    assert [f.status for f in findings] == [status, status]


def test_parts_named_after_problem_areas_holding_problems_directly_are_the_sections():
    """The same rule in a 巡察 notice: 一、…方面的问题 parts each holding （一）问题。整改情况：… items."""
    text = HEAD + ("一、党的建设方面的问题\n（一）支部组织生活不规范。整改情况：制定组织生活清单，开展专项检查。\n"
                   "（二）党员发展工作滞后。整改情况：制定年度发展计划。\n二、业务工作方面的问题\n"
                   "（一）项目资金拨付滞后。整改情况：建立拨付月报制度，已拨付资金420万元。\n三、下一步工作打算\n持续巩固整改成果。\n")
    result = extract(text)
    assert [s.title for s in result.sections] == ["党的建设方面的问题", "业务工作方面的问题"]
    assert [f.section for f in result.findings] == [1, 1, 2]
