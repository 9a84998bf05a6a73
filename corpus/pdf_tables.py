"""PDF pages that hold a ruled ledger table (整改台账): read with pdfplumber, which finds a table by its
ruling lines and gives its cells, so each row stays one finding with its measures, responsible unit,
deadline and progress. The text above, between and below the tables is read in page order.

Only a PDF whose text layer names ledger columns is opened this way (pdfplumber is slower than pypdf);
a table continued on the next page (its header repeated, or not) stays one table.
"""
from __future__ import annotations

import io
import logging
import re
from typing import Optional

from ..nlp.blocks import Block, BlockWriter
from ..nlp.ledger import column_roles, is_ledger
from ..nlp.lexicon import HEADING_START
from ..nlp.normalize import normalize_text
from .tables import write_table
from .unwrap import PAGE_NUMBER, unwrap_lines

_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_ASCII_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")


def may_hold_ledger(text: str) -> bool:
    """Whether a PDF's text layer names the columns of a ledger (worth looking for ruled tables)."""
    squeezed = re.sub(r"\s", "", text)
    return "措施" in squeezed and "问题" in squeezed and any(w in squeezed for w in ("序号", "责任", "时限", "进展"))


def read_ledger_pdf(data: bytes) -> Optional[tuple[str, list[Block], list[int]]]:
    """(text, blocks, page starts) of a PDF holding a ruled ledger table; None when it holds none."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [_page_items(page) for page in pdf.pages]
    if not any(kind == "table" and _is_ledger_header(rows[0]) for items in pages for kind, rows in items if rows):
        return None
    items: list[list] = []  # ["text", page, text] | ["table", [(page, row), …]], in reading order
    for number, page_items in enumerate(pages, 1):
        for kind, value in page_items:
            if kind == "text":
                lines = _paragraphs(value)
                if lines:  # a page's number alone does not part a table running over the page
                    items.append(["text", number, lines])
                continue
            rows = [r for r in ([None if c is None else _cell(c) for c in row] for row in value) if r]
            if not rows:
                continue
            last = items[-1] if items and items[-1][0] == "table" else None
            if last is not None and _continues(last[1], rows):
                last[1].extend((number, r) for r in _continued(last[1], rows))
            else:
                items.append(["table", [(number, r) for r in rows]])
    out = BlockWriter()
    starts: list[int] = [0] * len(pages)
    seen: set[int] = set()
    for kind, *rest in items:
        rows = rest[0] if kind == "table" else [(rest[0], rest[1])]
        for page, _ in rows:
            if page not in seen:
                seen.add(page)
                starts[page - 1] = out.length + (1 if out.length else 0)
        if kind == "text":
            out.page = rest[0]
            for line in rest[1]:
                out.paragraph(line)
        else:
            write_table([r for _, r in rows], out, pages=[p for p, _ in rows])
    return out.text, out.blocks, [s for i, s in enumerate(starts) if i + 1 in seen] or [0]


def _continues(rows: list[tuple[int, list]], more: list[list]) -> bool:
    """A table on the next page goes on with the one before: its header repeated, or as many columns."""
    head, first = _texts(rows[0][1]), _texts(more[0])
    return more and (first == head or (len(first) == len(head) and not _is_ledger_header(first)))


def _continued(rows: list[tuple[int, list]], more: list[list]) -> list[list]:
    """The rows that go on: a repeated header dropped, and a row the page break cut in two (its first
    cell, the number, empty) put back together with the row before it."""
    if _texts(more[0]) == _texts(rows[0][1]):
        more = more[1:]
    if more and rows and len(more[0]) == len(rows[-1][1]) and not "".join(more[0][0] or []).strip():
        last = rows[-1][1]
        for i, extra in enumerate(more[0]):
            if extra:
                last[i] = (last[i] or []) + extra
        more = more[1:]
    return more


def _texts(row: list) -> list[str]:
    return [" ".join(c) if c else "" for c in row]


def _page_items(page) -> list[tuple[str, object]]:
    """("text", str) and ("table", rows) in the order they stand on the page."""
    items: list[tuple[str, object]] = []
    top = 0.0
    for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
        if table.bbox[1] > top:
            items.append(("text", page.crop((0, top, page.width, table.bbox[1])).extract_text() or ""))
        items.append(("table", table.extract()))
        top = table.bbox[3]
    if top < page.height:
        items.append(("text", page.crop((0, top, page.width, page.height)).extract_text() or ""))
    return items


def _is_ledger_header(row) -> bool:
    return is_ledger(column_roles([_squeeze(c or "") for c in row]))


def _squeeze(cell: str) -> str:
    return re.sub(r"\s", "", normalize_text(cell))


def _cell(raw: Optional[str]) -> list[str]:
    """A cell's paragraphs: its lines joined back, a numbered item (1. 2. 一是) starting a new one."""
    out: list[str] = []
    for line in normalize_text(raw or "").split("\n"):
        line = _CJK_ASCII_SPACE.sub("", line.strip())
        if not line:
            continue
        if out and not HEADING_START.match(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _paragraphs(text: str) -> list[str]:
    lines = [s for s in normalize_text(text).split("\n") if s.strip() and not PAGE_NUMBER.fullmatch(s)]
    return [_CJK_ASCII_SPACE.sub("", s).strip() for s in unwrap_lines("\n".join(lines)).split("\n") if s.strip()]
