"""整改台账: the table rectification offices circulate — one row per finding with its measures, the
responsible unit, the deadline, the status and where it comes from — for one notice or for the findings
a search selected. Rows only; exports.py writes them (XLSX, DOCX) with escaping."""
from __future__ import annotations

from typing import Iterable, Optional

from ..nlp.records import Extraction
from ..present import STATUS_LABEL, date_text, issuer_text, section_marker

LEDGER_COLUMNS = ("序号", "问题", "整改措施", "责任单位", "完成时限", "整改状态", "来源")
LEDGER_WIDTHS = {"序号": 6, "问题": 45, "整改措施": 60, "责任单位": 14, "完成时限": 12, "整改状态": 10, "来源": 30}


def ledger_rows(notices: Iterable[tuple[Extraction, Optional[set[str]]]]) -> list[dict]:
    """Rows for each (notice, the finding keys wanted — None for all of them), numbered 1, 2, 3 … across
    all. A finding without a stated unit or deadline leaves the cell empty (the notice does not say)."""
    rows: list[dict] = []
    for doc, keys in notices:
        n = doc.notice
        titles = {s.ordinal: s.title for s in doc.sections}
        notice = n.title or f"{issuer_text(n.issuer)}（{date_text(n.date)}）"
        for f in doc.findings:
            if keys is not None and f.id not in keys:
                continue
            place = [f"{section_marker(f.section)}{titles.get(f.section, '')}" if f.section else "",
                     f"第{f.number}项" if f.number else f.id, f"第{f.page}页" if f.page else ""]
            measures = "\n".join(f"{i}. {m.text}" for i, m in enumerate(f.measures, 1))
            rows.append({"序号": len(rows) + 1, "问题": f"{f.title}\n{f.text}" if f.text and f.text != f.title
                         and not f.text.startswith(f.title) else f.text or f.title,
                         "整改措施": measures, "责任单位": f.responsible or "", "完成时限": f.deadline or "",
                         "整改状态": STATUS_LABEL.get(f.status, ""),
                         "来源": f"{notice} · " + " · ".join(p for p in place if p)})
    return rows
