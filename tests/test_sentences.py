"""The one sentence and clause splitter the figures, targets and totals share."""
from __future__ import annotations

from zhenggai.nlp import sentences


def test_sentences_end_at_full_stops_and_line_ends_with_their_closing_quotes():
    text = "一是建立台账。二是“开展检查。”三是\n四是完善制度！"
    assert [s.text for s in sentences.split(text)] == ["一是建立台账。", "二是“开展检查。”", "三是", "四是完善制度！"]
    assert all(text[s.start:s.end] == s.text for s in sentences.split(text))


def test_levels_clause_and_phrase_and_half_width_marks():
    text = "反馈问题32个;已完成27个，正在整改5个。"
    assert [s.text for s in sentences.split(text, level=sentences.CLAUSE)] == ["反馈问题32个;", "已完成27个，正在整改5个。"]
    pos = text.index("5个")
    assert text[sentences.start_of(text, pos, sentences.PHRASE):pos] == "正在整改"
    assert text[sentences.start_of(text, pos):pos] == "反馈问题32个;已完成27个，正在整改"


def test_a_decimal_point_or_a_list_number_is_not_a_sentence_end():
    text = "15.资金使用率为92.3%。"
    assert [s.text for s in sentences.split(text)] == [text]


def test_distance_in_sentences():
    text = "甲。乙。丙\n丁。"
    assert sentences.count_between(text, 0, text.index("丙")) == 2
    assert sentences.crosses(text, text.index("丙"), text.index("丁"), "\n")
    assert sentences.around(text, text.index("乙")) == (2, 4)
