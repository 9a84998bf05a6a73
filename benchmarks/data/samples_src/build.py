"""Builds the bundled samples that are not plain text from their sources here (all invented, marked
【虚构示例】): a ledger table as a Word document, and the text an OCR of a printed scan gives.

    python benchmarks/data/samples_src/build.py      # writes corpus/samples/ledger-….docx and ocr-scan-….txt

The OCR form is made by fixed rules, not by chance: lines of print 28–33 characters wide (the width
cycles, so breaks fall inside words, numbers and dates), each page of 36 lines closing with a `— n —`
footer and opening with a running header, every third digit full-width, `．` for the `.` after a
heading number.
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT.parent))

from zhenggai.nlp.markup import parse  # noqa: E402

SAMPLES = ROOT / "corpus" / "samples"
WIDTHS = (31, 28, 33, 30, 29, 32)
PAGE = 36
HEADER = "青禾县财政局巡察整改情况通报"


def ledger_docx(source: Path) -> bytes:
    """The markup's paragraphs and table as a Word document; group rows as one merged cell."""
    import docx

    marked = parse(source.read_text(encoding="utf-8"))
    document = docx.Document()
    tables = iter(marked.tables)
    in_table = False
    for block in marked.blocks:
        if block.kind == "para":
            in_table = False
            document.add_paragraph(marked.text[block.start:block.end])
        elif not in_table:
            in_table = True
            rows = next(tables)
            width = len(rows[0])
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for row in rows:
                cells = table.add_row().cells
                if len(row) == 1 and len(rows[0]) > 1 and row is not rows[0]:
                    merged = cells[0].merge(cells[-1])
                    merged.text = row[0][0]
                    continue
                for cell, paragraphs in zip(cells, row):
                    cell.text = paragraphs[0] if paragraphs else ""
                    for extra in paragraphs[1:]:
                        cell.add_paragraph(extra)
    document.core_properties.title = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ocr_text(source: Path) -> str:
    """The notice as a scan's OCR gives it: printed lines, page furniture, OCR's digits."""
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\d{1,2})\.", r"\1．", text)
    digits = iter(range(10 ** 6))
    text = re.sub(r"\d", lambda m: chr(ord(m.group()) + 0xFEE0) if next(digits) % 3 == 0 else m.group(), text)
    printed, turn = [], 0
    for paragraph in text.splitlines():
        while len(paragraph) > 33:
            width = WIDTHS[turn % len(WIDTHS)]
            turn += 1
            printed.append(paragraph[:width])
            paragraph = paragraph[width:]
        printed.append(paragraph)
    out = []
    for i, line in enumerate(printed, 1):
        out.append(line)
        if i % PAGE == 0:
            out += ["", f"— {i // PAGE} —", "", HEADER]
    out += ["", f"— {len(printed) // PAGE + 1} —"]
    return "\n".join(out) + "\n"


def main() -> None:
    (SAMPLES / "ledger-county-hospital-2025.docx").write_bytes(ledger_docx(HERE / "ledger-county-hospital-2025.txt"))
    (SAMPLES / "ocr-scan-county-finance-2024.txt").write_text(ocr_text(HERE / "ocr-scan-county-finance-2024.txt"),
                                                              encoding="utf-8")


if __name__ == "__main__":
    main()
