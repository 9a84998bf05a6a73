"""Every supported format and encoding reads to the same normalised text; bad files say why."""
from __future__ import annotations

import io

import pytest

from zhenggai.corpus.readers import ReadError, read_bytes, read_notice

from helpers import SAMPLES

SAMPLE = (SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_encodings_are_detected(encoding):
    doc = read_bytes(SAMPLE.encode(encoding), "notice.txt")
    assert "农村公路养护责任落实不到位" in doc.text
    assert doc.text.startswith("【虚构示例】")


def test_html_keeps_the_article_and_drops_navigation_scripts_and_footer():
    lines = [line for line in SAMPLE.splitlines()[2:] if line.strip()]
    html = (
        '<html><head><meta charset="gbk"><title>中共青禾县交通运输局党组关于县委第三轮巡察整改进展情况的通报</title>'
        "<script>var tracker = '统计代码';</script><style>p{color:red}</style></head><body>"
        '<div class="nav"><a href="/">首页</a> <a href="/gk">政务公开</a> <a href="/fw">办事服务</a></div>'
        '<div class="article">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
        '<div class="footer">版权所有 青禾县人民政府 备案号12345678</div></body></html>'
    )
    doc = read_bytes(html.encode("gbk"), "page.html")
    assert "关于“重大项目推进缓慢”问题的整改" in doc.text
    assert "统计代码" not in doc.text and "color:red" not in doc.text
    assert "版权所有" not in doc.text and "办事服务" not in doc.text
    assert doc.text.startswith("中共青禾县交通运输局党组关于")


def test_docx_paragraphs_are_read():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in SAMPLE.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_bytes(buffer.getvalue(), "notice.docx")
    assert "（1）制定《青禾县农村公路养护管理办法》" in doc.text


def test_pdf_without_text_layer_is_refused_with_a_reason():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ReadError, match="no text layer"):
        read_bytes(buffer.getvalue(), "scan.pdf")


@pytest.mark.parametrize("data,name,reason", [
    (b"", "empty.txt", "empty"),
    (bytes(range(256)) * 20, "blob.txt", "binary"),
    (b"hello", "fake.pdf", "not a valid PDF"),
    (b"PK\x03\x04junk", "fake.docx", "DOCX"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.doc", ".doc"),
])
def test_bad_bytes_raise_read_error(data, name, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(data, name)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_notice(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="folder"):
        read_notice(tmp_path)


def test_mis_encoded_text_is_refused():
    data = bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]) * 500
    with pytest.raises(ReadError):
        read_bytes(data, "junk.txt")


def test_pdf_text_layer_reads_like_the_text_file(tmp_path):
    """A real PDF (printed by Chromium): Kangxi radicals, spaces around digits and page-edge line
    breaks are undone, so the notice parses as its text file does."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("needs Debian's chromium to print a PDF")
    from zhenggai.nlp.pipeline import extract

    source = (SAMPLES / "city-audit-2024.txt").read_text(encoding="utf-8")
    page = tmp_path / "notice.html"
    page.write_text("<html><meta charset=utf-8><body>" + "".join(f"<p>{line}</p>" for line in source.splitlines()
                                                                 if line.strip()) + "</body></html>", encoding="utf-8")
    pdf = tmp_path / "notice.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120)
    from_pdf = extract(read_notice(pdf).text)
    from_text = extract(read_bytes(source.encode(), "notice.txt").text)
    assert [(f.title, len(f.measures)) for f in from_pdf.findings] == [(f.title, len(f.measures)) for f in from_text.findings]
    assert from_pdf.notice.date == from_text.notice.date == "2024-11-05"
    assert sorted(f.value for f in from_pdf.figures if f.value) == sorted(f.value for f in from_text.figures if f.value)


def test_kangxi_radicals_become_ordinary_characters():
    doc = read_bytes("⼀是加强资⾦管理，市⺠意⻅。".encode(), "x.txt")
    assert doc.text == "一是加强资金管理，市民意见。"


def test_docx_automatic_list_numbers_and_tables_in_order():
    docx = pytest.importorskip("docx")
    from zhenggai.nlp.pipeline import extract

    document = docx.Document()
    document.add_paragraph("某局关于巡察整改情况的通报")
    document.add_paragraph("学习不深入。整改情况：一是组织学习。二是开展宣讲。", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "学习次数", "6次"
    document.add_paragraph("制度不健全。整改情况：修订制度。", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_bytes(buffer.getvalue(), "n.docx").text
    assert text.splitlines()[1:4] == ["1.学习不深入。整改情况：一是组织学习。二是开展宣讲。", "学习次数 6次",
                                      "2.制度不健全。整改情况：修订制度。"]
    assert [len(f.measures) for f in extract(text).findings] == [2, 1]


def test_enormous_files_are_refused_before_reading(tmp_path):
    from zhenggai.config import Limits

    limits = Limits(max_bytes=1000)
    big = tmp_path / "big.txt"
    big.write_bytes("整改".encode() * 1000)
    with pytest.raises(ReadError, match="too large"):
        read_notice(big, limits)
    with pytest.raises(ReadError, match="too large"):
        read_bytes(big.read_bytes(), "big.txt", limits)
