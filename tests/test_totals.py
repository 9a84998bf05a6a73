"""Notice totals in every wording a notice uses, only from sentences about the whole notice, with their
evidence, read from the figures (so money and Chinese numerals are read once). 【虚构示例】 text throughout."""
from __future__ import annotations

import pytest

from zhenggai.nlp.pipeline import extract

FINDINGS = ("\n一、反馈问题整改情况\n1.关于“制度不健全”的问题。已修订制度2项，清退资金3万元。\n"
            "2.关于“学习不深入”的问题。开展学习5次。\n")


def notice(overview: str, date: str = "2025年3月1日", head: str = "") -> object:
    text = ("青禾县某局关于巡察整改进展情况的通报\n" + head + overview + FINDINGS + f"青禾县某局\n{date}\n")
    return extract(text)


def summary(overview: str, **kw):
    return notice(overview, **kw).notice.summary


@pytest.mark.parametrize("overview,rate", [
    ("巡察反馈问题20个，截至目前总体完成率98.71%。", 98.71),
    ("对照反馈的20个问题逐项整改，整体完成率达到96.5%。", 96.5),
    ("反馈问题20个，已完成整改19个，完成率为95%。", 95.0),
])
def test_a_completion_rate_without_the_word_rectification(overview, rate):
    assert summary(overview).completion_rate == rate


def test_a_rate_of_something_else_is_not_the_completion_rate():
    assert summary("反馈问题20个。全县项目投资完成率为80%，资金使用率为75%。").completion_rate is None


@pytest.mark.parametrize("overview", [
    "反馈问题32个，已完成整改27个，需长期坚持、持续整改的问题5个。",
    "反馈问题32个，已完成整改27个，持续整改类问题5个。",
    "反馈问题32个，已完成整改27个，5个问题需持续整改。",
])
def test_ongoing_counts_with_words_between_the_verb_and_the_number(overview):
    s = summary(overview)
    assert (s.problems_total, s.problems_done, s.problems_ongoing) == (32, 27, 5)


@pytest.mark.parametrize("overview,people", [
    ("对3人予以党纪处分、对5人进行诫勉谈话。", 8),
    ("对2名责任人给予政务处分，对4名干部进行提醒谈话。", 6),
    ("对相关责任人给予党纪处分、政务处分、提醒谈话等共12人。", 12),
    ("给予党纪处分、组织处理、批评教育15人次。", 15),
    ("给予党纪处分3人、诫勉谈话5人。", 8),
])
def test_people_held_accountable_counted_before_or_after_the_penalty(overview, people):
    assert summary(overview).people_held_accountable == people


@pytest.mark.parametrize("overview,amount,rectified", [
    ("审计发现问题资金12.3亿元，整改到位资金9.8亿元。", 1.23e9, 9.8e8),
    ("问题资金共计12.3亿元，已整改9.8亿元。", 1.23e9, 9.8e8),
    ("涉及问题金额四千五百万元，整改到位资金三千万元。", 4.5e7, 3e7),
])
def test_audit_money_without_the_word_found(overview, amount, rectified):
    s = summary(overview)
    assert (s.audit_amount, s.audit_amount_rectified) == (amount, rectified)


@pytest.mark.parametrize("overview,rules", [
    ("制定出台了6项制度。", 6), ("建立健全了相关制度8项。", 8), ("修订完善了管理制度11项。", 11),
])
def test_rules_made_with_le_after_the_verb(overview, rules):
    assert summary(overview).rules_made == rules


@pytest.mark.parametrize("overview", [
    "反馈问题32个。其中，青山镇反馈问题8个，已全部整改。",
    "反馈问题32个。白沙乡存在的12个问题已完成整改10个。",
])
def test_a_remark_about_one_town_is_not_the_notice_total(overview):
    s = summary(overview)
    assert s.problems_total == 32 and s.problems_done is None


@pytest.mark.parametrize("overview", [
    "其中，青山镇反馈问题8个，已全部整改。",
    "白沙乡存在的12个问题已完成整改10个。",
    "上一轮巡察反馈的12个问题已全部整改到位。",
    "2021年巡察反馈的15个问题均已整改完毕。",
])
def test_no_total_from_one_town_or_an_earlier_round(overview):
    assert summary(overview, head="根据县委统一部署，2024年9月至11月，县委第二巡察组对本局进行了巡察。\n").problems_total is None


def test_the_notice_s_own_year_is_not_an_earlier_round():
    s = summary("2024年巡察反馈问题15个，已完成整改12个。",
                head="根据县委统一部署，2024年9月至11月，县委第二巡察组对本局进行了巡察。\n")
    assert (s.problems_total, s.problems_done) == (15, 12)


def test_the_issuer_s_own_town_is_the_notice_itself():
    text = ("中共白沙镇委员会关于巡察整改进展情况的通报\n白沙镇党委对照反馈的问题18个逐项整改。" + FINDINGS + "2025年3月1日\n")
    assert extract(text).notice.summary.problems_total == 18


def test_money_comes_from_the_figures_and_each_total_knows_it_is_one():
    result = notice("已追回资金一千二百万元，清退违规资金3.5万元。反馈问题32个，已完成整改27个。")
    s = result.notice.summary
    assert s.money_recovered == 12_035_000 and s.evidence["money_recovered"].startswith("已追回资金")
    roles = {f.text: f.role for f in result.figures}
    assert roles["32个"] == "total" and roles["27个"] == "part" and roles["一千二百万元"] == "total"


def test_evidence_is_the_sentence_the_total_came_from():
    s = summary("截至2025年2月底，对照反馈的4个方面18个问题，已完成整改16个，整改完成率88.9%。")
    assert s.evidence["problems_total"] == s.evidence["completion_rate"] == \
        "截至2025年2月底，对照反馈的4个方面18个问题，已完成整改16个，整改完成率88.9%。"


@pytest.mark.parametrize("overview,counts", [
    ("截至2024年12月底，反馈的4个方面21个问题，已完成整改18个，剩余3个问题正在有序推进。", (21, 18, 3)),
    ("目前，反馈的21个问题中已整改到位18个，其余3个问题按计划推进。", (21, 18, 3)),
    ("局党组梳理形成问题清单15项，目前已完成整改13项，2项正在推进中。", (15, 13, 2)),
    ("截至2025年3月底，反馈的3个方面14个问题已完成整改11个。", (14, 11, None)),
    ("巡察指出的3大类12个问题全部完成整改。", (12, 12, None)),
])
def test_progress_counts_in_more_wordings(overview, counts):
    s = summary(overview)
    assert (s.problems_total, s.problems_done, s.problems_ongoing) == counts


@pytest.mark.parametrize("overview,expected", [
    ("共梳理出需整改问题23个，制定具体整改举措88条。", {"problems_total": 23, "measures_total": 88}),
    ("市委第二巡察组反馈问题三十二个，目前已整改二十九个。", {"problems_total": 32, "problems_done": 29}),
    ("反馈问题20个。整改期间修订完善内部管理制度11个。", {"rules_made": 11}),
    ("反馈问题20个。出台完善了相关管理办法和制度8项。", {"rules_made": 8}),
    ("反馈问题20个。累计问责追责12人，其中给予党纪处分3人。", {"people_held_accountable": 12}),
    ("反馈问题20个。督促补缴税费及土地出让金等共计2300万元。", {"money_recovered": 23000000}),
    ("审计指出的问题涉及金额5.6亿元，已整改金额4.8亿元。", {"audit_amount": 560000000, "audit_amount_rectified": 480000000}),
    ("反馈问题数量为15个，需立行立改的已全部整改完毕。", {"problems_total": 15}),
    ("共有问题19个，已整改18个，整改完成率94.7%。", {"problems_total": 19, "problems_done": 18, "completion_rate": 94.7}),
    ("认领问题18个，已办结16个，办结率88.9%。", {"problems_total": 18, "problems_done": 16, "completion_rate": 88.9}),
    ("反馈问题20个。约谈提醒8人，诫勉5人，党内警告处分2人。", {"people_held_accountable": 15}),
    ("反馈问题20个。形成制度成果14项。", {"rules_made": 14}),
    ("反馈问题20个。建立完善制度机制23项。", {"rules_made": 23}),
    ("反馈问题20个。健全完善管理制度和工作机制9项。", {"rules_made": 9}),
    ("反馈问题20个。制定整改措施65项，目前已完成61项。", {"measures_total": 65, "problems_done": None}),
    ("反馈问题32个，制定整改措施112条，已完成整改27个。", {"measures_total": 112, "problems_done": 27}),
    ("反馈问题20个。收缴违纪款项12.5万元，督促相关人员退赔违规所得3.2万元。", {"money_recovered": 157000}),
    ("审计共查出违规使用资金4600万元，截至目前已整改到位4100万元。",
     {"audit_amount": 46000000, "audit_amount_rectified": 41000000}),
])
def test_more_wordings_of_the_totals(overview, expected):
    """Verbs before a count other than 反馈 (梳理出, 需整改), 举措 for 措施, counts in Chinese numerals after
    their keyword, rules named with words between the verb and 制度, a breakdown after 其中 that is not
    added to the total before it, and a longer list of what was paid back."""
    got = summary(overview)
    assert {key: getattr(got, key) for key in expected} == expected


def test_a_chinese_numeral_before_problems_names_one_it_does_not_count_them():
    assert summary("反馈问题20个。其中第三个问题已整改到位。").problems_total == 20
    assert summary("针对这两个问题，制定整改措施6条。").problems_total is None


TOTALS_HEADER = ["查出问题数（个）", "已整改（个）", "正在整改（个）", "整改完成率", "查出问题金额（万元）", "已整改金额（万元）"]
TOTALS_VALUES = ["36", "31", "5", "86.1%", "5230", "4610"]
TOTALS_WANTED = {"problems_total": 36, "problems_done": 31, "problems_ongoing": 5, "completion_rate": 86.1,
                 "audit_amount": 52300000, "audit_amount_rectified": 46100000}
AFTER_TABLE = ["一、财政资金管理方面", "1.专项资金拨付滞后。已督促拨付资金320万元。", "2.往来款项长期挂账。已清理往来款项1200万元。"]


def _totals_of(data: bytes, name: str) -> dict:
    from zhenggai.corpus.readers import read_bytes
    from zhenggai.nlp.pipeline import extract_document

    got = extract_document(read_bytes(data, name)).notice.summary
    return {key: getattr(got, key) for key in TOTALS_WANTED}


def test_a_table_of_totals_in_a_web_page():
    """A header of labels (units in brackets) over a row of figures reads as the sentence it stands for."""
    cells = lambda row, tag: "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in row) + "</tr>"  # noqa: E731
    page = ("<html><body><h1>青禾县审计局关于2024年度审计查出问题整改情况的公告</h1><p>2025年2月10日</p>"
            "<p>现将2024年度审计查出问题整改情况公告如下。</p><table>" + cells(TOTALS_HEADER, "th")
            + cells(TOTALS_VALUES, "td") + "</table>" + "".join(f"<p>{p}</p>" for p in AFTER_TABLE) + "</body></html>")
    assert _totals_of(page.encode("utf-8"), "totals.html") == TOTALS_WANTED


def test_a_table_of_totals_in_a_docx():
    import io

    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ("青禾县审计局关于2024年度审计查出问题整改情况的公告", "2025年2月10日", "现将审计查出问题整改情况公告如下。"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=len(TOTALS_HEADER))
    for row, texts in zip(table.rows, (TOTALS_HEADER, TOTALS_VALUES)):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    for line in AFTER_TABLE:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert _totals_of(buffer.getvalue(), "totals.docx") == TOTALS_WANTED
