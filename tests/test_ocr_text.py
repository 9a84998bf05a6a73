"""OCR'd text of a scanned notice reads like its source: printed lines joined back into paragraphs
(headings keep their lines, numbers and dates broken by a line end are whole again), running headers
and page footers gone, the red-head line and document number read, 二0二四年 dates."""
from __future__ import annotations

from zhenggai.corpus.readers import read_bytes, read_notice
from zhenggai.corpus.unwrap import is_hard_wrapped, unwrap_scanned
from zhenggai.nlp.pipeline import extract_document

from helpers import SAMPLES

SOURCE = """某某县审计局党组文件
某审党〔2024〕9号
中共某某县审计局党组关于县委巡察反馈
意见整改情况的通报
县委第二巡察组于二0二四年三月四日至五月八日对县审计局党组开展了巡察，并于六月十二日反馈了意见。局党组高度重视，现将整改情况通报如下。
一、巡察反馈问题整改情况
（一）在“审计质量管控”方面
1.关于“审计复核流于形式”问题的整改
（1）修订审计业务质量控制办法，实行三级复核制度。
（2）对2023年以来的28个审计项目开展质量评查，发现问题11个，已整改到位。
2.关于“审计整改跟踪不到位”问题的整改
（1）建立审计整改对账销号台账，督促整改资金3,456.7万元。
（2）将整改情况纳入被审计单位年度考核。
（二）在“干部队伍建设”方面
1.关于“年轻干部培养不足”问题的整改
（1）选派4名年轻干部参加省厅业务培训。
（2）建立导师帮带制度，结对12对。
二、下一步工作打算
局党组将持续巩固整改成果，健全长效机制。
中共某某县审计局党组
二0二四年九月十日"""


def scanned(text: str, widths=(29, 32, 27, 31, 30), page=14, header="某某县审计局整改情况通报") -> str:
    """The text as OCR of its print gives it: lines of a printed width, a footer and header per page."""
    printed, turn = [], 0
    for paragraph in text.splitlines():
        while len(paragraph) > max(widths):
            width = widths[turn % len(widths)]
            turn += 1
            printed.append(paragraph[:width])
            paragraph = paragraph[width:]
        printed.append(paragraph)
    out = []
    for i, line in enumerate(printed, 1):
        out.append(line)
        if i % page == 0:
            out += ["", f"— {i // page} —", "", header]
    return "\n".join(out + ["", "— 9 —"])


def test_the_scan_extracts_like_its_source():
    ocr = scanned(SOURCE.replace("1.关", "1．关").replace("28", "２8"))
    assert is_hard_wrapped(ocr) and not is_hard_wrapped(SOURCE)
    source, scan = (extract_document(read_bytes(t.encode(), "n.txt")) for t in (SOURCE, ocr))
    shape = lambda r: [(f.section, f.title, len(f.measures)) for f in r.findings]  # noqa: E731
    assert shape(scan) == shape(source) and len(scan.findings) == 3
    n = scan.notice
    assert n.title == "中共某某县审计局党组关于县委巡察反馈意见整改情况的通报"
    assert (n.date, n.doc_number, n.issuer) == ("2024-09-10", "某审党〔2024〕9号", "中共某某县审计局党组")
    assert n.inspection_start == "2024-03-04"
    values = sorted(f.value for f in scan.figures if f.kind == "money")
    assert values == sorted(f.value for f in source.figures if f.kind == "money") == [34567000.0]
    assert "整改情况通报" not in " ".join(m.text for f in scan.findings for m in f.measures)


def test_a_line_that_starts_like_a_heading_after_a_cut_sentence_is_a_wrap():
    text = unwrap_scanned("标题\n" + "正文第一句话很长很长很长很长，继续写到这一行的末尾处形成规范统\n"
                          "一、分类科学的制度体系。下一句话也很长很长很长很长很长很长很长很长。\n" * 6)
    assert "规范统一、分类科学" in text


def test_the_bundled_ocr_sample():
    result = extract_document(read_notice(SAMPLES / "ocr-scan-county-finance-2024.txt"))
    assert result.notice.doc_number == "青财党〔2024〕17号"
    assert result.notice.date == "2024-09-26"
    assert [len(f.measures) for f in result.findings] == [2, 2, 2, 2]
    assert len(result.next_steps) == 2
