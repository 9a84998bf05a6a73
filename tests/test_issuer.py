"""Issuer keys: every spelling of one body gets one key (【虚构示例】 names), so a later notice of an issuer
meets its earlier ones whichever way each is signed."""
from __future__ import annotations

import pytest

from zhenggai.nlp.issuer import issuer_key, notice_place

SPELLINGS = [
    # (written, key): party prefix and suffix, long and short names, place committees, governments
    ("中共青禾县交通运输局党组", "青禾县交通运输局"), ("青禾县交通运输局", "青禾县交通运输局"),
    ("中国共产党青禾县交通运输局党组", "青禾县交通运输局"), ("青禾县交通运输局党组", "青禾县交通运输局"),
    ("中共南开大学委员会", "南开大学"), ("南开大学党委", "南开大学"),
    ("中共青禾县委员会", "青禾县"), ("青禾县委", "青禾县"), ("中共青禾县委", "青禾县"),
    ("中共济南市纪律检查委员会", "济南市纪委"), ("济南市纪委", "济南市纪委"), ("中共济南市纪委监委", "济南市纪委"),
    ("济南市纪委监委", "济南市纪委"),
    ("济南市人民政府国有资产监督管理委员会", "济南市国资委"), ("中共济南市国资委党委", "济南市国资委"),
    ("济南市国资委", "济南市国资委"), ("中共济南市国资委委员会", "济南市国资委"),
    ("云岭市发展和改革委员会", "云岭市发改委"), ("中共云岭市发展改革委员会党组", "云岭市发改委"), ("云岭市发改委", "云岭市发改委"),
    ("云岭市卫生健康委员会", "云岭市卫健委"), ("中共云岭市卫健委党组", "云岭市卫健委"),
    ("青禾县人民政府", "青禾县政府"), ("青禾县政府", "青禾县政府"),
    ("市人大常委会", "市人大常委会"), ("江滨理工大学机关党委", "江滨理工大学"),
    ("中共江滨理工大学委员会", "江滨理工大学"), ("青禾县 市场监督管理局", "青禾县市场监督管理局"),
]


@pytest.mark.parametrize("written,key", SPELLINGS)
def test_every_spelling_of_one_body_gets_one_key(written, key):
    assert issuer_key(written) == key


def test_the_table_covers_at_least_twenty_spellings_of_few_bodies():
    assert len(SPELLINGS) >= 20 and len({k for _, k in SPELLINGS}) <= len(SPELLINGS) // 2


CONGRESS_REPORT = ("关于2024年度市级预算执行和其他财政收支审计查出问题整改情况的报告\n"
                   "——2025年6月24日在临川市第十七届人民代表大会常务委员会第二十一次会议上\n市审计局局长　周某某\n"
                   "受市人民政府委托，现将2024年度市级预算执行审计查出问题的整改情况报告如下。临川市审计局…")


@pytest.mark.parametrize("issuer,text,key", [
    ("市审计局", CONGRESS_REPORT, "临川市审计局"),
    ("县交通运输局", "中共青禾县交通运输局党组关于县委巡察整改进展情况的通报\n青禾县交通运输局…", "青禾县交通运输局"),
    ("区财政局", "关于巡察整改情况的通报\n根据区委部署，区委第二巡察组对柳湾区财政局开展了巡察。柳湾区…", "柳湾区财政局"),
])
def test_a_place_less_office_takes_the_notice_s_place(issuer, text, key):
    assert issuer_key(issuer, text) == key


def test_without_a_place_the_office_stays_as_written():
    assert issuer_key("市审计局", "关于审计整改情况的报告\n全市各部门认真整改，市级预算执行情况良好。") == "市审计局"


@pytest.mark.parametrize("text,level,place", [
    ("全市城市更新项目推进，上市公司数量增加，临川市财政局", "市", "临川市"),
    ("石家庄市审计局关于…。石家庄市委、石家庄市政府高度重视", "市", "石家庄市"),
    ("中共青禾县委员会……青禾县委巡察办", "县", "青禾县"),
    ("全县各乡镇、本县城区", "县", None),
])
def test_the_place_a_notice_names(text, level, place):
    assert notice_place(text, level) == place
