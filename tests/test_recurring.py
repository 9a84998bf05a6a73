"""Recurring problems (屡查屡犯): measured on the labelled pairs of benchmarks/data/recurring_pairs.tsv,
and kept incremental — a new notice is compared with the stored findings of its issuer only."""
from __future__ import annotations

import sys

import pytest

from zhenggai.api import Settings, ingest_bytes, open_library, recurring

from helpers import ROOT
from test_analysis import ROUND_ONE, ROUND_TWO

sys.path.insert(0, str(ROOT / "benchmarks"))
import recurring as bench  # noqa: E402  (benchmarks/recurring.py)


@pytest.fixture(scope="module")
def embedder():
    from zhenggai.index.embed import Embedder

    return Embedder(settings=Settings())


def test_the_labelled_set_has_enough_pairs_of_each_kind():
    pairs = bench.load()
    held = [p for p in pairs if p["split"] == "test"]
    assert sum(p["same"] for p in held) >= 20 and sum(not p["same"] for p in held) >= 20


def test_held_out_pairs_are_found_and_look_alikes_left_apart(embedder):
    pairs = [p for p in bench.load() if p["split"] == "test"]
    found = bench.decisions(pairs, embedder)
    ours = bench.scores(pairs, found["zhenggai (meaning + words + object)"])
    before = bench.scores(pairs, found["baseline: before (passage cosine + fitted TF-IDF)"])
    assert ours[0] >= 0.8 and ours[1] >= 0.85, ours
    f1 = lambda s: 2 * s[0] * s[1] / (s[0] + s[1]) if s[0] + s[1] else 0.0  # noqa: E731
    assert f1(ours) > f1(before)


ROUND_THREE = ROUND_TWO.replace("第五轮", "第八轮").replace("2025年9月1日", "2026年10月1日").replace(
    "以培训名义组织会议，会务开支列支混乱", "会议费列支仍不规范").replace("干部考核管理不规范", "干部年度考核走形式")


def test_links_do_not_depend_on_the_order_notices_come_in(tmp_path):
    with open_library(tmp_path / "lib", Settings()) as lib:
        for i, text in enumerate((ROUND_TWO, ROUND_ONE)):  # the later round first
            assert ingest_bytes(lib, text.encode(), f"n{i}.txt").status == "added"
        pairs = {(l["finding"]["title"][:6], l["earlier"]["title"][:6]) for l in recurring(lib)}
    assert ("以培训名义组", "会议费管理不") in pairs and not any(f.startswith("干部考核") for f, _ in pairs)


def test_a_new_notice_encodes_only_its_own_findings(tmp_path):
    with open_library(tmp_path / "lib", Settings()) as lib:
        for i, text in enumerate((ROUND_ONE, ROUND_TWO)):
            ingest_bytes(lib, text.encode(), f"n{i}.txt")
        encoded: list[str] = []
        original = lib.embedder.encode_queries
        lib.embedder.encode_queries = lambda texts: encoded.extend(texts) or original(texts)
        ingest_bytes(lib, ROUND_THREE.encode(), "n2.txt")
        earlier = {l["finding"]["title"] for l in recurring(lib)} | {l["earlier"]["title"] for l in recurring(lib)}
    stored_titles = ("会议费管理不规范", "干部档案管理", "医疗设备采购", "以培训名义组织会议", "干部考核管理不规范")
    assert encoded and not any(t.startswith(stored_titles) for t in encoded)
    assert any(t.startswith("会议费列支仍不规范") for t in earlier)


AUDIT_2024 = """【虚构示例】
临川市审计局关于2023年度市级预算执行审计查出问题整改情况的报告
2024年11月5日
一、审计查出问题整改情况
1.部分单位公务用车运行费超预算。审计指出，5个单位公务用车运行维护费超出年初预算38万元。整改情况：相关单位已调整预算并规范用车审批。
2.政府采购项目验收不规范。审计指出，部分货物类采购项目验收无记录。整改情况：已建立采购验收台账。
"""
AUDIT_2025 = """【虚构示例】
关于2024年度市级预算执行审计查出问题整改情况的报告
——2025年6月24日在临川市第十七届人民代表大会常务委员会第二十一次会议上
市审计局局长　周某某
一、审计查出问题整改情况
1.公务用车运行维护费仍超预算列支。审计指出，4个单位公务用车运行维护费超出预算29万元。整改情况：已将超支部分在下年度预算中扣减，并实行单车核算。
2.国有资本收益未及时足额上缴。审计指出，2家市属企业应缴未缴国有资本收益460万元。整改情况：督促相关企业补缴入库460万元。
"""


def test_an_office_written_without_its_place_meets_its_earlier_reports(tmp_path):
    with open_library(tmp_path / "lib", Settings()) as lib:
        for i, text in enumerate((AUDIT_2024, AUDIT_2025)):
            assert ingest_bytes(lib, text.encode(), f"a{i}.txt").status == "added"
        assert len({n["issuer_key"] for n in lib.notices()}) == 1
        pairs = {(l["finding"]["title"][:6], l["earlier"]["title"][:6]) for l in recurring(lib)}
    assert pairs == {("公务用车运行", "部分单位公务")}
