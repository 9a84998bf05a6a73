"""Ledger tables (整改台账) in every file a notice comes in: a row is a finding under its group row, the
measure cell's items are its measures, and 整改进展 / 完成时限 / 责任部门 give its status, deadline and
responsible unit."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from zhenggai.corpus.readers import read_bytes
from zhenggai.nlp.ledger import column_roles, is_ledger
from zhenggai.nlp.pipeline import extract_document

from helpers import SAMPLES

HEADER = ["序号", "存在问题", "整改措施", "牵头单位", "整改时限", "完成情况"]
GROUPS = [
    ("一、党风廉政建设方面", [
        ("1", "公务接待超标准，个别接待无公函。", ["1.修订公务接待管理办法。", "2.对超标准接待的3批次予以通报。"], "办公室",
         "2025年6月底", "已完成"),
        ("2", "工程项目变更审批不严。", ["1.建立工程变更分级审批制度；2.对近三年变更项目开展复核"], "工程部",
         "2025年9月底", "正在推进"),
    ]),
    ("二、选人用人方面", [
        ("3", "干部交流轮岗不及时，关键岗位任职超期。", ["交流轮岗关键岗位干部6名。"], "组织人事部", "长期坚持", "长期坚持"),
    ]),
]


def ledger_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("某集团公司党委关于巡察整改情况的公示")
    document.add_paragraph("市委巡察组对集团公司党委开展了巡察，现将整改台账公示如下。")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = text
    for group, rows in GROUPS:
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = group
        for number, problem, measures, unit, deadline, status in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[3].text, cells[4].text, cells[5].text = number, problem, unit, deadline, status
            cells[2].text = measures[0]
            for extra in measures[1:]:
                cells[2].add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ledger_html() -> str:
    rows = "".join(
        f"<tr><td colspan=6>{group}</td></tr>" + "".join(
            f"<tr><td>{n}</td><td>{p}</td><td>{''.join(f'<p>{m}</p>' for m in ms)}</td><td>{u}</td><td>{d}</td>"
            f"<td>{s}</td></tr>" for n, p, ms, u, d, s in items)
        for group, items in GROUPS)
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    return (f"<html><head><meta charset=utf-8><title>巡察整改台账_某市国资委</title>"
            f"<style>td,th{{border:1px solid #000}} table{{border-collapse:collapse}}</style></head><body>"
            f"<div>当前位置：首页 &gt; 信息公开</div>"
            f"<h1>某集团公司党委关于巡察整改情况的公示</h1><p>市委巡察组对集团公司党委开展了巡察，现将整改台账公示如下。</p>"
            f"<table><tr>{head}</tr>{rows}</table><p>下一步，公司党委将持续巩固整改成果。</p>"
            f"<div>版权所有：某市国资委</div></body></html>")


def check(result):
    assert [(f.section, f.number, len(f.measures)) for f in result.findings] == [(1, 1, 2), (1, 2, 2), (2, 3, 1)]
    assert [s.title for s in result.sections] == ["党风廉政建设方面", "选人用人方面"]
    first, second, third = result.findings
    assert first.title == "公务接待超标准，个别接待无公函"
    assert first.measures[1].text == "对超标准接待的3批次予以通报。"
    assert (first.status, first.responsible, first.deadline) == ("done", "办公室", "2025年6月底")
    assert second.measures[1].text.startswith("对近三年变更项目开展复核")  # items joined by ； on one line
    assert second.status == "ongoing" and third.status == "long_term"
    assert not any("公示" in f.title for f in result.findings)


def test_column_roles_come_from_the_header_words():
    assert column_roles(HEADER) == ["number", "problem", "measure", "responsible", "deadline", "status"]
    assert column_roles(["序号", "问题描述", "整改措施", "整改情况"])[3] == "status"  # beside the measures
    assert not is_ledger(column_roles(["指标", "2023年", "2024年"]))


def test_a_ledger_in_a_docx():
    check(extract_document(read_bytes(ledger_docx(), "ledger.docx")))


def test_a_ledger_in_a_web_page_with_furniture():
    result = extract_document(read_bytes(ledger_html().encode(), "ledger.html"))
    check(result)
    assert result.next_steps and result.next_steps[0].startswith("下一步")


def test_a_ledger_in_a_pdf_with_ruled_lines(tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("needs Debian's chromium to print a PDF")
    page = tmp_path / "ledger.html"
    page.write_text(ledger_html(), encoding="utf-8")
    pdf = tmp_path / "ledger.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120)
    result = extract_document(read_bytes(pdf.read_bytes(), "ledger.pdf"))
    check(result)
    assert [f.page for f in result.findings] == [1, 1, 1]


def test_the_bundled_ledger_sample():
    from zhenggai.corpus.readers import read_notice

    result = extract_document(read_notice(SAMPLES / "ledger-county-hospital-2025.docx"))
    assert [f.section for f in result.findings] == [1, 1, 2, 2, 2]
    assert [f.status for f in result.findings] == ["done", "done", "ongoing", "done", "long_term"]
    assert result.findings[3].responsible == "采购中心、医务科"
