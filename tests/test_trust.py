"""Search people can trust: an honest "no match", one relevance scale, similar means the same problem."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from zhenggai.api import Filters
from zhenggai.nlp.problem import problem_of

CMD = [sys.executable, "-m", "zhenggai.cli"]
OFF_TOPIC = ["明天去哪里吃火锅", "如何给自行车补胎", "元宵节猜灯谜的由来"]
# Inspection wording about topics none of the samples mentions (written for this test, not taken from
# the benchmark's query files): the honest answer is none, whatever generic words they share.
ABSENT = ["城区排水防涝设施改造严重滞后", "名贵古树被违规移栽砍伐", "网约车非法营运查处不力", "燃气管道老化存在泄漏风险",
          "烟花爆竹违规储存问题突出"]


def run(*args):
    return subprocess.run(CMD + [str(a) for a in args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("query", OFF_TOPIC + ABSENT)
def test_a_question_without_an_answer_finds_nothing_by_default_but_weak_matches_on_request(sample_library, query):
    assert sample_library.search(query) == []
    weak = sample_library.search(query, floor=False)
    assert weak and all(h.relevance < sample_library.calibration.floor for h in weak)


def test_a_result_sharing_only_generic_inspection_words_is_weak(sample_library):
    hits = sample_library.search("监管责任落实不到位，整改不严，违规问题", floor=False)
    assert hits and all(h.relevance < 70 for h in hits)


def test_the_cli_says_no_match_and_json_is_empty(sample_library):
    db = sample_library.folder
    r = run("search", OFF_TOPIC[0], "--db", db)
    assert r.returncode == 0 and "没有找到相关结果" in r.stdout
    assert json.loads(run("search", OFF_TOPIC[0], "--db", db, "--json").stdout) == []
    weak = json.loads(run("search", OFF_TOPIC[0], "--db", db, "--json", "--all").stdout)
    assert weak and all(0 <= h["relevance"] < sample_library.calibration.floor for h in weak)


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_one_relevance_scale_in_every_mode(sample_library, mode):
    hits = sample_library.search("借调人员未履行备案手续", mode=mode, top=5)
    assert hits and all(0 <= h.relevance <= 100 for h in hits)
    assert "借调" in hits[0].finding_title and hits[0].relevance >= 70


def test_headings_are_compared_without_their_template():
    assert problem_of("关于“重大项目推进缓慢”问题的整改") == "重大项目推进缓慢"
    assert problem_of("关于“食品安全监管存在薄弱环节”的问题") == "食品安全监管存在薄弱环节"
    assert problem_of("在学懂弄通做实上下功夫") == "学懂弄通做实"
    assert problem_of("人员借调程序不规范") == "人员借调程序不规范"


def test_similar_is_about_the_same_problem_in_other_notices(sample_library):
    source = next(h for h in sample_library.search("财务管理不规范 清退违规发放的补贴", mode="lexical",
                                                   filters=Filters(type="finding"), floor=False)
                  if "财务管理不规范" in h.finding_title)
    similar = sample_library.similar(source.id, top=3)
    assert similar and all(h.notice_id != source.notice_id for h in similar)
    # the same problem elsewhere (the next round of the same bureau, the audit report), not a template twin
    assert all(("补贴" in h.finding_title or "补助" in h.finding_title) for h in similar[:2])
    assert all(0 <= h.relevance <= 100 for h in similar) and similar[0].relevance > similar[-1].relevance
    borrowed = next(h for h in sample_library.search("违规借调企业人员", mode="lexical", filters=Filters(type="finding"))
                    if h.finding_title == "违规借调企业人员")
    assert not [h for h in sample_library.similar(borrowed.id) if h.notice_id == borrowed.notice_id]
