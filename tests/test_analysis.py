"""What the notices say together: notice totals, themes, issuer keys, recurring problems, common problems."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from zhenggai.api import Filters, Settings, common_groups, ingest_bytes, notice_totals, open_library, recurring
from zhenggai.nlp.issuer import issuer_key
from zhenggai.nlp.pipeline import extract

from helpers import load_gold, shared_path

CMD = [sys.executable, "-m", "zhenggai.cli"]


# --- notice totals ----------------------------------------------------------------------------------

def summary_of(overview: str):
    text = ("某局关于巡察整改进展情况的通报\n" + overview + "\n一、反馈问题整改情况\n"
            "1.关于“制度不健全”的问题。已修订制度2项，清退资金3万元。\n2.关于“学习不深入”的问题。开展学习5次。\n")
    return extract(text).notice.summary


def test_totals_a_notice_states_for_itself():
    s = summary_of("巡察反馈问题32个，已完成整改27个，正在整改5个，整改完成率84.4%；制定整改措施112条，建立完善制度23项。")
    assert (s.problems_total, s.problems_done, s.problems_ongoing, s.completion_rate) == (32, 27, 5, 84.4)
    assert (s.measures_total, s.rules_made) == (112, 23)
    assert s.evidence["completion_rate"].startswith("巡察反馈问题32个")


def test_totals_are_never_summed_from_findings_and_task_counts_are_not_problem_counts():
    s = summary_of("梳理形成4个方面12项问题、细化为60项整改任务，已完成58项。")
    assert s.problems_total == 12 and s.problems_done is None  # 58 counts tasks
    assert s.money_recovered is None and s.rules_made is None  # stated only inside findings


def test_new_rules_before_revised_and_a_breakdown_in_one_sentence_is_summed():
    s = summary_of("新制定制度15项，修订制度9项。对相关责任人给予党纪处分3人、诫勉谈话5人，清退违规发放资金12.5万元、追缴欠款30万元。")
    assert s.rules_made == 15 and s.people_held_accountable == 8
    assert s.money_recovered == pytest.approx(425_000)


def test_audit_amounts():
    s = summary_of("截至2025年5月底，审计查出问题金额8.6亿元，已整改7.9亿元，整改率为91.9%。")
    assert (s.audit_amount, s.audit_amount_rectified, s.completion_rate) == (860_000_000, 790_000_000, 91.9)


@pytest.mark.parametrize("name", ["jinan-sasac-2023-xuncha", "nankai-2022-xunshi"])
def test_totals_of_the_real_notices_match_the_gold(name):
    gold = load_gold(f"{name}.summary.json")
    from zhenggai.corpus.readers import read_notice

    got = extract(read_notice(shared_path("corpus", gold["file"])).text).notice.summary
    for key in ("problems_total", "problems_done", "problems_ongoing", "completion_rate", "measures_total",
                "rules_made", "people_held_accountable", "money_recovered", "audit_amount", "audit_amount_rectified"):
        assert getattr(got, key) == gold[key], key


# --- themes -----------------------------------------------------------------------------------------

def test_themes_cli_lists_each_finding_with_a_code_of_the_taxonomy(tmp_path):
    from zhenggai.analysis.themes import taxonomy

    from helpers import SAMPLES

    r = subprocess.run(CMD + ["themes", str(SAMPLES / "city-audit-2024.txt"), "--json"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (block,) = json.loads(r.stdout)
    codes = {t["code"] for t in taxonomy()["themes"]}
    assert len(block["findings"]) == 5
    assert all(f["theme"] in codes and 0 < f["confidence"] <= 1 for f in block["findings"])
    assert all(f["theme"] in ("finance", "risk", "decisions") for f in block["findings"])  # an audit report


def test_themes_of_the_real_notices_mostly_agree_with_the_gold():
    from zhenggai.analysis.themes import ThemeClassifier
    from zhenggai.api import extract_path
    from zhenggai.index.embed import Embedder

    classifier = ThemeClassifier(Embedder(settings=Settings()))
    agree = total = 0
    for name in ("jinan-sasac-2023-xuncha", "nankai-2022-xunshi"):
        gold = load_gold(f"{name}.themes.json")
        result = classifier.label(extract_path(shared_path("corpus", gold["file"])))
        for g in gold["findings"]:
            mine = result.findings[g["number"] - 1]
            agree += mine.theme in (g["theme"], g.get("secondary"))
            total += 1
    assert agree / total >= 0.9, f"{agree}/{total}"


def test_an_earlier_round_not_rectified_is_rectification_by_rule():
    from zhenggai.analysis.themes import ThemeClassifier
    from zhenggai.index.embed import Embedder

    (label,) = ThemeClassifier(Embedder(settings=Settings())).classify(
        ["上轮巡察指出的食堂采购问题整改不到位，同类问题再次发生"])
    assert label.theme == "rectification"


def test_search_filters_by_theme(sample_library):
    hits = sample_library.search("资金 补贴 预算", mode="lexical", filters=Filters(theme="finance"), floor=False)
    assert hits and all(h.theme == "finance" for h in hits)


# --- issuers, recurring problems, common problems -----------------------------------------------------

@pytest.mark.parametrize("written,key", [("中共青禾县交通运输局党组", "青禾县交通运输局"), ("中共南开大学委员会", "南开大学"),
                                         ("济南市人民政府国有资产监督管理委员会", "济南市国资委"),
                                         ("中共济南市国资委党委", "济南市国资委"), ("市人大常委会", "市人大常委会")])
def test_issuer_names_are_comparable(written, key):
    assert issuer_key(written) == key


ROUND_ONE = """中共云岭县卫生健康局党组关于县委第二轮巡察整改进展情况的通报
根据县委统一部署，县委第三巡察组对县卫生健康局党组进行了巡察，并反馈了意见。现将整改情况公布如下。
一、巡察反馈问题整改落实情况
1.会议费管理不规范。2022年召开的多次工作会议超标准列支会议费，会议费与培训费混用。整改情况：一是清退超标准列支的会议费2.3万元；二是修订会议费管理办法，会议费与培训费分开核算。
2.干部档案管理不规范。部分干部档案材料缺失，出生日期和参加工作时间记载前后不一致。整改情况：一是对全部干部档案开展专项审核；二是补充缺失材料120份。
3.医疗设备采购论证不充分。部分设备购置前未开展需求论证，购置后长期闲置。整改情况：一是建立设备购置论证制度；二是盘活闲置设备6台。
中共云岭县卫生健康局党组
2023年5月10日"""

ROUND_TWO = """中共云岭县卫生健康局党组关于县委第五轮巡察整改进展情况的通报
根据县委统一部署，县委第一巡察组对县卫生健康局党组进行了巡察，并反馈了意见。现将整改情况公布如下。
一、巡察反馈问题整改落实情况
1.以培训名义组织会议，会务开支列支混乱。2024年以培训班名义召开业务工作会议，会务开支在培训费中列支，超标准支出1.8万元。整改情况：一是清退超标准支出1.8万元；二是会议和培训分别报批、分别核算。
2.干部考核管理不规范。年度考核优秀等次比例超出规定，考核结果未与评先评优挂钩。整改情况：一是重新核定优秀等次比例；二是制定考核结果运用办法。
3.公立医院药品集中采购执行不到位。部分医院未按规定通过平台采购药品。整改情况：一是约谈相关医院负责人；二是开展药品采购专项检查。
中共云岭县卫生健康局党组
2025年9月1日"""

OTHER_ISSUER = ROUND_TWO.replace("云岭县卫生健康局", "青禾县教育局").replace("2025年9月1日", "2025年10月1日")


def test_recurring_problems_link_repeats_of_one_issuer_only(tmp_path):
    with open_library(tmp_path / "lib", Settings()) as lib:
        for i, text in enumerate((ROUND_ONE, ROUND_TWO, OTHER_ISSUER)):
            assert ingest_bytes(lib, text.encode(), f"n{i}.txt").status == "added"
        links = recurring(lib)
        pairs = {(link["finding"]["title"][:6], link["earlier"]["title"][:6]) for link in links}
        assert ("以培训名义组", "会议费管理不") in pairs  # the same problem in other words
        assert not any(f.startswith("干部考核") for f, _ in pairs)  # a look-alike is another problem
        assert all(link["finding"]["issuer"] == link["earlier"]["issuer"] for link in links)
        assert all(link["earlier"]["date"] < link["finding"]["date"] for link in links)
        marked = lib.search("以培训名义组织会议 会务开支", mode="lexical", filters=Filters(type="finding"))
        assert marked[0].recurring == next(link["earlier"]["id"] for link in links
                                          if link["finding"]["title"].startswith("以培训名义"))
    r = subprocess.run(CMD + ["recurring", "--db", str(tmp_path / "lib"), "--json"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0 and len(json.loads(r.stdout)) == len(links)


def test_common_problems_group_findings_of_different_issuers(sample_library):
    groups = common_groups(sample_library)
    assert groups and all(len(g.issuers) >= 2 for g in groups)
    assert all(g.keywords and not any(ch.isdigit() for ch in g.keywords) for g in groups)
    assert any("干部" in g.keywords for g in groups)
    from zhenggai.nlp.problem import problem_of  # each group named by one of its own problems
    assert all(g.label in {problem_of(f["title"]) for f in g.findings} for g in groups)


def test_notice_totals_table(sample_library):
    rows = notice_totals(sample_library)
    assert len(rows) == len(sample_library.notices())
    audit = next(r for r in rows if r["issuer"] == "市审计局")
    assert (audit["problems_total"], audit["problems_done"], audit["completion_rate"]) == (58, 52, 91.9)


def test_a_placeless_issuer_is_shown_as_its_office():
    from zhenggai.api import issuer_names

    notices = [{"id": 1, "issuer": "市审计局", "issuer_key": "临川市审计局"},
               {"id": 2, "issuer": "临川市审计局", "issuer_key": "临川市审计局"},
               {"id": 3, "issuer": "市审计局", "issuer_key": "云岭市审计局"},   # no full name stated: left as it is
               {"id": 4, "issuer": "中共青禾县财政局党组", "issuer_key": "青禾县财政局"},
               {"id": 5, "issuer": None, "issuer_key": None}]
    assert issuer_names(notices) == {1: "临川市审计局", 2: "临川市审计局", 3: "市审计局", 4: "中共青禾县财政局党组", 5: None}
