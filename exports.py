"""The tables researchers export (figures, notice totals …) as CSV and XLSX, safe to open.

A cell whose text starts with = + - @ (or a tab or carriage return) is a formula to a spreadsheet; text
from a notice must never become one, so such cells are neutralised with a leading apostrophe in both
formats, as OWASP advises against CSV injection. Control characters (which XLSX cannot hold at all: one
`\x01` in one title would fail the whole export) and lone surrogates become spaces and U+FFFD, in
rows stored before ingest stripped them too. XLSX sheets get a name, a frozen header, widths that
fit, numbers stored as numbers, and a second sheet saying what each column holds.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, Iterable, Optional, Sequence, Union

from .nlp.normalize import without_controls
from .errors import ZhenggaiError
from .ingest import read_each

FIGURE_COLUMNS = ("notice", "issuer", "notice_date", "finding", "theme", "record", "metric", "year", "value", "low",
                  "high", "unit", "kind", "qualifier", "role", "about", "text")
COLUMN_NOTES = {
    "notice": ("通报", "the notice's title"), "issuer": ("发布单位", "who issued it"),
    "notice_date": ("通报日期", "the notice's date, YYYY-MM-DD"),
    "finding": ("问题", "the title of the finding the figure sits in"),
    "theme": ("主题", "the finding's theme (themes.md)"),
    "record": ("位置", "the finding (F3) or measure (F3.M2) it sits in"),
    "metric": ("指标", "what the figure measures, in the notice's words"),
    "year": ("年份", "the year the figure belongs to"), "value": ("数值", "the number (money in 元, percent as 12.5)"),
    "low": ("下限", "a range's lower end"), "high": ("上限", "a range's upper end"),
    "unit": ("单位", "元, %, 百分点 or the measure word (个, 项 …)"),
    "kind": ("类别", "金额、百分比、百分点、数量、区间、时长、日期、期间"),
    "qualifier": ("限定", "约、超过、不少于、不足、不超过"),
    "role": ("角色", "目标、实际、基数 (the before of 由X提高到Y)、合计 (a stated sum) or 其中部分 (one part "
                     "of a stated total); never add a baseline or target to an actual, or a total to its parts"),
    "about": ("金额性质", "money only: 问题金额 (查出、涉及…) or 整改金额 (整改、追回…); empty for assets, "
                      "budgets, output"),
    "text": ("原文", "the figure as the notice writes it"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value a spreadsheet shows as written: no control characters; text that would start a formula
    gets a leading '."""
    if isinstance(value, str):
        value = without_controls(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def figure_rows_from_files(paths: Iterable[Union[str, Path]], kind: Optional[str] = None
                           ) -> tuple[list[dict], list[tuple[str, str]]]:
    """Rows for the notices in `paths` (files or folders) and the files that could not be read."""
    rows, bad = [], []
    for path, result in read_each(paths):
        if isinstance(result, ZhenggaiError):
            bad.append((path, str(result)))
            continue
        findings = {f.id: f for f in result.findings}
        findings.update({m.id: f for f in result.findings for m in f.measures})
        for f in result.figures:
            if kind and f.kind != kind:
                continue
            finding = findings.get(f.record or "")
            rows.append({"notice": result.notice.title, "issuer": result.notice.issuer,
                         "notice_date": result.notice.date, "finding": finding.title if finding else None,
                         "theme": finding.theme if finding else None, "record": f.record, "metric": f.metric,
                         "year": f.year, "value": f.value, "low": f.low, "high": f.high, "unit": f.unit,
                         "kind": f.kind, "qualifier": f.qualifier, "role": f.role, "about": f.about,
                         "text": f.text})
    return rows, bad


def labelled_figures(rows: Sequence[dict]) -> list[dict]:
    """Figure rows with their codes in Chinese, as the app shows them (金额, 目标, 约, 问题金额, 主题 name):
    the CLI's CSV/XLSX and the app's downloads read the same."""
    from .analysis.themes import theme_labels
    from .present import FIGURE_KIND_LABEL, MONEY_SUBJECT_LABEL, QUALIFIER_LABEL, ROLE_LABEL

    labels = {"kind": FIGURE_KIND_LABEL, "role": ROLE_LABEL, "qualifier": QUALIFIER_LABEL,
              "about": MONEY_SUBJECT_LABEL, "theme": theme_labels()}
    return [{**row, **{k: table.get(row.get(k), row.get(k)) for k, table in labels.items() if row.get(k) is not None}}
            for row in rows]


def write_csv(rows: Sequence[dict], columns: Sequence[str], handle: IO[str], delimiter: str = ",") -> None:
    writer = csv.writer(handle, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else safe_cell(row.get(c)) for c in columns])


def csv_bytes(rows: Sequence[dict], columns: Sequence[str]) -> bytes:
    """UTF-8 with a BOM, so Excel opens Chinese text right."""
    buffer = io.StringIO()
    write_csv(rows, columns, buffer)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Sequence[dict], columns: Sequence[str], sheet: str = "figures",
               headers: Optional[dict[str, str]] = None, notes: Optional[dict[str, tuple[str, str]]] = None,
               widths: Optional[dict[str, float]] = None, wrap: bool = False) -> bytes:
    """A workbook: the table (frozen header, fitted widths — or `widths` — numbers as numbers; `wrap`:
    long cells wrap inside their column) and a 说明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    table = book.active
    table.title = sheet[:31]
    table.append([safe_cell((headers or {}).get(c, c)) for c in columns])
    for cell in table[1]:
        cell.font = Font(bold=True)
    for row in rows:
        table.append([safe_cell(row.get(c)) for c in columns])
    for row in table.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    table.freeze_panes = "A2"
    for i, column in enumerate(columns, 1):
        values = [str((headers or {}).get(column, column))] + [str(r.get(column) or "") for r in rows[:500]]
        width = max(_display_width(v) for v in values)
        if widths and column in widths:
            width = widths[column] - 2
        table.column_dimensions[table.cell(1, i).column_letter].width = min(max(width + 2, 8), 120)
    notes = notes or {}
    about = book.create_sheet("说明")
    about.append(["列", "中文", "含义"])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for column in columns:
        zh, meaning = notes.get(column, ((headers or {}).get(column, column), ""))
        about.append([column, zh, meaning])
    about.freeze_panes = "A2"
    for letter, width in zip("ABC", (18, 12, 60)):
        about.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_table(rows: Sequence[dict], columns: Sequence[str] = FIGURE_COLUMNS, csv_path: Optional[str] = None,
                xlsx_path: Optional[str] = None, out: Optional[IO[str]] = None) -> None:
    """CSV, XLSX, or a tab-separated table on `out`."""
    if xlsx_path:
        Path(xlsx_path).write_bytes(xlsx_bytes(rows, columns, notes=COLUMN_NOTES))
    elif csv_path:
        Path(csv_path).write_bytes(csv_bytes(rows, columns))
    elif out is not None:
        write_csv(rows, columns, out, delimiter="\t")


def docx_bytes(rows: Sequence[dict], columns: Sequence[str], title: str = "整改台账",
               widths: Optional[dict[str, float]] = None, note: str = "") -> bytes:
    """A Word document holding the rows as a real table (a header row repeated on each page, grid lines,
    landscape A4), as offices circulate a 整改台账. Text is written as text (python-docx escapes XML);
    control characters, which XML cannot hold, become spaces."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.add_heading(without_controls(title), level=1)
    if note:
        doc.add_paragraph(without_controls(note))
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row again at the top of every page
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, column in zip(header.cells, columns):
        cell.text = ""
        cell.paragraphs[0].add_run(without_controls(str(column))).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, column in zip(cells, columns):
            value = row.get(column)
            cell.text = "" if value is None else without_controls(str(value))
    usable = 29.7 - 3.0
    if widths:
        total = sum(widths.get(c, 10) for c in columns)
        for i, column in enumerate(columns):
            width = Cm(usable * widths.get(column, 10) / total)
            for cell in table.columns[i].cells:
                cell.width = width
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
