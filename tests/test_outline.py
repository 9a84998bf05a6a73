"""Heading forms and the numbering rule that tells headings from numbers in running text."""
from zhenggai.nlp.outline import build_tree, clean, scan_markers


def kinds(text):
    return [(n.kind, n.number) for n in scan_markers(text)]


def test_each_heading_form_is_recognised():
    text = "一、总体\n（一）方面\n1.问题\n（1）措施\n2．问题\n3、问题\n一是做法。二是做法。"
    assert kinds(text) == [("L1", 1), ("L2", 1), ("L3", 1), ("L4", 1), ("L3", 2), ("L3", 3), ("E", 1), ("E", 2)]


def test_circled_numbers_enumerate_measures():
    assert kinds("整改情况：①清理文件。②修订制度。③开展检查。") == [("C", 1), ("C", 2), ("C", 3)]


def test_a_section_title_runs_straight_into_its_first_item():
    text = "（一）学习贯彻不够系统全面1.学习不深。整改情况：一是学习。二是宣讲。2.创新不足。"
    tree = build_tree(text)
    section = tree.children[0]
    assert [c.number for c in section.children] == [1, 2]
    assert text[section.head_end:section.title_end] == "学习贯彻不够系统全面"


def test_decimals_percentages_and_labels_are_not_headings():
    text = "1.占比1.54%、1.51%，读书班1-4专题，2.0版本，统一是前提。2.下一项。"
    assert kinds(text) == [("L3", 1), ("L3", 2)]


def test_numbering_must_continue_or_restart_under_a_new_parent():
    text = "1.甲。2.乙。5.不是标题。3.丙。"
    assert [n for _, n in kinds(text)] == [1, 2, 3]


def test_item_numbers_continue_across_sections():
    text = "（一）甲方面1.问题。2.问题。（二）乙方面3.问题。"
    tree = build_tree(text)
    assert [[c.number for c in s.children] for s in tree.children] == [[1, 2], [3]]


def test_a_second_run_of_areas_restarts_after_a_full_stop():
    text = "（一）甲。（二）乙。结语。（一）下一步。"
    assert [n for _, n in kinds(text)] == [1, 2, 1]


def test_broken_lines_are_joined_and_sentence_ends_kept():
    assert clean("在人民\n\n。\n\n学校党委研究。\n下一段") == "在人民。\n学校党委研究。\n下一段"
