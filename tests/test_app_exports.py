"""What the app and the CLI hand out beside the pages: results one per finding, sorted, as rows; the
整改台账 as XLSX and DOCX that read back whole and stay inert (no formula, no control character)."""
from __future__ import annotations

import io

from zhenggai.api import (LEDGER_COLUMNS, Hit, MeasureHit, by_finding, docx_bytes, result_rows, sort_results,
                          xlsx_bytes)


def hit(rid: int, finding: int, kind: str = "measure", date=None, text="x") -> Hit:
    return Hit(id=rid, type=kind, key=f"F{finding}.M{rid}" if kind == "measure" else f"F{finding}", text=text,
               score=1.0, finding_id=finding, finding_title=f"问题{finding}", notice_id=1, notice_title="通报",
               date=date, issuer=None, kind=None, status="done", start=0, end=1,
               measures=[MeasureHit(rid, f"F{finding}.M{rid}", text, "done")])


def test_hits_of_one_finding_are_one_result_with_its_matches():
    results = by_finding([hit(11, 1), hit(21, 2), hit(12, 1), hit(1, 1, "finding")])
    assert [r.hit.finding_id for r in results] == [1, 2]
    assert results[0].matched == {11, 12} and len(results[0].passages) == 3


def test_sorted_by_date_newest_first_and_the_undated_last():
    results = by_finding([hit(1, 1, date="2023-01-02"), hit(2, 2), hit(3, 3, date="2025-05-01")])
    assert [r.hit.finding_id for r in sort_results(results, "date")] == [3, 1, 2]
    assert [r.hit.finding_id for r in sort_results(results, "relevance")] == [1, 2, 3]
    rows = result_rows(sort_results(results, "date"))
    assert [r["序号"] for r in rows] == [1, 2, 3] and rows[-1]["日期"] == "日期不详" and rows[0]["发布单位"] == "未注明"


def test_ledger_files_are_inert():
    import docx
    import openpyxl

    rows = [{"序号": 1, "问题": "=HYPERLINK(\"http://x\")", "整改措施": "1. 建立台账\n2. 追回\x01资金", "责任单位": "@办公室",
             "完成时限": "2025年底", "整改状态": "已完成", "来源": "通报 · 第1项"}]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(rows, LEDGER_COLUMNS, sheet="整改台账"))).active
    values = [c.value for c in sheet[2]]
    assert values[1].startswith("'=") and values[3].startswith("'@")
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    table = docx.Document(io.BytesIO(docx_bytes(rows, LEDGER_COLUMNS))).tables[0]
    assert [c.text for c in table.rows[0].cells] == list(LEDGER_COLUMNS)
    assert "追回 资金" in table.rows[1].cells[2].text and "建立台账" in table.rows[1].cells[2].text
