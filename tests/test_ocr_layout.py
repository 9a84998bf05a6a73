"""From OCR boxes to paragraphs, without the engine: boxes laid out as a printed page would give them."""
from __future__ import annotations

from zhenggai.corpus.ocr import OcrLine, OcrPage
from zhenggai.corpus.ocr_layout import lines_of
from zhenggai.corpus.pages import Line, assemble

W, H, CH, PITCH, LEFT, TOP = 1240, 1754, 33.0, 58.0, 165.0, 220.0
FULL = 28  # characters in a full line of the column


def box(text: str, row: int, indent: float = 0, score: float = 0.99, char: float = CH, x: float = None,
        y: float = None) -> OcrLine:
    x0 = LEFT + indent * CH if x is None else x
    y0 = TOP + row * PITCH if y is None else y
    return OcrLine(x0, y0, x0 + len(text) * char, y0 + 1.25 * char, text, score, 1.25 * char)


def paragraph(text: str, first_row: int, indent: int = 2) -> list[OcrLine]:
    """A paragraph set in the column: first line indented, the rest flush, each line full but the last."""
    out, row, room = [], first_row, FULL - indent
    while text:
        out.append(box(text[:room], row, indent if row == first_row else 0))
        text, row, room = text[room:], row + 1, FULL
    return out


def page(*lines: OcrLine) -> OcrPage:
    return OcrPage(W, H, list(lines))


def read(*pages: OcrPage, low: float = 0.85):
    return assemble(lines_of(list(pages), list(range(len(pages)))), len(pages), low)


LONG = "根据县委统一部署，县委第二巡察组对县交通运输局党组开展了常规巡察，并于当年十二月反馈了巡察意见，局党组高度重视，逐项制定整改措施。"
NEXT = "局党组把巡察整改作为重要政治任务，成立整改工作领导小组，召开专题会议五次。"


def test_the_lines_of_a_paragraph_are_joined_and_paragraphs_kept_apart():
    rows = paragraph(LONG, 0) + paragraph(NEXT, 3)
    assert read(page(*rows)).text == LONG + "\n" + NEXT


def test_without_indents_a_short_line_ends_its_paragraph_and_a_heading_starts_one():
    first = paragraph(LONG, 0, indent=0)
    heading = [box("二、巡察反馈问题整改落实情况", 3)]
    body = paragraph(NEXT, 4, indent=0)
    assert read(page(*first, *heading, *body)).text == LONG + "\n二、巡察反馈问题整改落实情况\n" + NEXT


def test_a_full_line_ending_a_sentence_runs_on_unless_a_list_item_follows():
    sentence = "整改情况：市财政局已将上述资金全部分解下达，并已经完成。"  # exactly a full line, ends with 。
    assert len(sentence) == FULL
    rows = [box(sentence, 0), box("修订预算编制规程。", 1)]
    assert read(page(*rows)).text == sentence + "修订预算编制规程。"
    rows = [box(sentence, 0), box("（1）修订预算编制规程。", 1)]
    assert read(page(*rows)).text == sentence + "\n（1）修订预算编制规程。"


def test_a_large_title_over_two_centred_lines_is_one_paragraph():
    title1, title2 = "中共青禾县交通运输局党组关于县委第三轮巡", "察整改进展情况的通报"
    big = 46.0
    rows = [box(title1, 0, char=big, x=LEFT, y=TOP), box(title2, 0, char=big, x=(W - len(title2) * big) / 2,
                                                          y=TOP + 1.2 * big * 1.25)]
    rows += paragraph(LONG, 3) + paragraph(NEXT, 6)
    text = read(page(*rows)).text
    assert text.split("\n")[0] == title1 + title2


def test_running_header_and_page_numbers_are_dropped_and_a_paragraph_goes_on_over_the_page():
    header = lambda: box("青禾县交通运输局", 0, char=23, y=130)  # noqa: E731
    first = page(header(), *paragraph(LONG, 0), *paragraph(NEXT * 2, 3)[:-1], box("— 1 —", 0, x=560, y=1600))
    rest = paragraph(NEXT * 2, 3)[-1]
    second = page(header(), box(rest.text, 0), *paragraph(NEXT, 1), box("一2一", 0, x=560, y=1600))
    out = read(first, second)
    assert "青禾县交通运输局" not in out.text and "1" not in out.text and "2" not in out.text
    assert out.text == LONG + "\n" + NEXT * 2 + "\n" + NEXT
    assert out.page_starts[0] == 0 and out.text[out.page_starts[1]:].startswith(rest.text)


def test_boxes_of_one_line_are_read_left_to_right_with_a_gap_kept_as_a_space():
    rows = [box("周某某", 0, x=700), box("市审计局局长", 0, x=LEFT + 2 * CH)] + paragraph(LONG, 1) + paragraph(NEXT, 4)
    assert read(page(*rows)).text.startswith("市审计局局长 周某某\n")


def test_low_confidence_lines_are_spans_of_the_text_and_the_mean_is_weighted_by_characters():
    rows = paragraph(LONG, 0) + [box(NEXT, 3, indent=2, score=0.6)] + paragraph(LONG, 4)
    out = read(page(*rows), low=0.85)
    (start, end), = out.low_confidence
    assert out.text[start:end] == NEXT
    assert out.read_by == "ocr" and 0.85 < out.ocr_confidence < 0.99


def test_assemble_keeps_page_starts_for_pages_without_lines():
    lines = [Line("第一页的文字", 0), Line("第三页的文字", 2, fresh=True)]
    out = assemble(lines, 3, 0.85)
    assert out.page_starts == [0, 7, 7] and out.read_by == "text" and out.ocr_confidence is None


def test_a_small_header_seen_on_one_page_only_is_dropped():
    first = page(*paragraph(LONG, 0), *paragraph(NEXT, 3))
    second = page(box("白石县水利局", 0, char=22, y=130), *paragraph(NEXT, 0), *paragraph(LONG, 2))
    assert "白石县水利局" not in read(first, second).text


def test_lines_wrapped_at_a_number_of_characters_run_on_though_digits_leave_them_short():
    """A printer that breaks every 28 characters: a line with many (narrow) digits stops short of the
    edge but is not a paragraph's end; a heading that comes as near is."""
    text = "对2021年至2023年的12,345.6万元专项资金和2,100笔报销凭证开展全面清查，清退违规发放的补贴。"
    rows, row = [], 0
    for start in range(0, len(text), FULL):
        piece = text[start:start + FULL]
        width = sum(0.55 if ch.isascii() else 1 for ch in piece) * CH
        rows.append(OcrLine(LEFT, TOP + row * PITCH, LEFT + width, TOP + row * PITCH + 1.25 * CH, piece, 0.99,
                            1.25 * CH))
        row += 1
    heading = box("1.关于“干部队伍年龄结构老化”问题的整", row)
    rows += [heading, box("改措施落实情况。", row + 1)] + paragraph(LONG, row + 2, indent=0)
    out = read(page(*rows)).text.split("\n")
    assert out[0] == text and out[1] == heading.text
