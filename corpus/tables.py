"""A table as rows of cells, written into the text as blocks the same way whatever file it came from
(DOCX, HTML, a PDF's ruled table): the first row is the header when its cells are short labels; a row of
one merged cell (or of one text repeated across the row) groups the rows under it. A cell that is None
is covered by a merge: a row whose first cell is merged down from the row above goes on with that row
(one problem with a row per measure), anything else covered is empty."""
from __future__ import annotations

import re
from typing import Optional

from ..nlp.blocks import BlockWriter

Cell = list[str]   # a cell's paragraphs


def write_table(rows: list[list[Optional[Cell]]], out: BlockWriter, pages: Optional[list[int]] = None) -> None:
    """Write a table (`pages`: the page each row stands on, for a PDF's table running over pages)."""
    rows, pages = _merged_down(rows, pages)
    kept = [i for i, r in enumerate(rows) if any(p.strip() for c in r for p in c)]
    rows = [rows[i] for i in kept]
    pages = [pages[i] for i in kept] if pages else [out.page] * len(rows)
    if not rows:
        return
    out.page = pages[0]
    if len(rows) == 1:  # a one-row table is a line of text (学习次数 6次)
        out.paragraph(" ".join(t for t in (_joined(c) for c in rows[0]) if t))
        return
    header = [_joined(c) for c in rows[0]]
    values = [[_joined(c) for c in r] for r in rows[1:]]
    if is_totals_table(header, values):
        for cells, page in zip(values, pages[1:]):  # each row a sentence (反馈问题数36个，已整改31个，…)
            out.page = page
            out.paragraph(_totals_sentence(header, cells))
        return
    out.table()
    if is_header(header):
        out.header(header)
        rows, pages = rows[1:], pages[1:]
    else:
        header = [""] * max(len(r) for r in rows)
    for cells, page in zip(rows, pages):
        out.page = page
        texts = {_joined(c) for c in cells} - {""}
        if len(cells) == 1 or (len(texts) == 1 and len(cells) > 2):
            out.group(next(iter(texts), ""))
        else:
            out.row([(header[i] if i < len(header) else "", c) for i, c in enumerate(cells)])


def _merged_down(rows: list[list[Optional[Cell]]], pages: Optional[list[int]]
                 ) -> tuple[list[list[Cell]], Optional[list[int]]]:
    out: list[list[Cell]] = []
    kept_pages: list[int] = []
    for i, row in enumerate(rows):
        if row and row[0] is None and len(out) > 1:  # goes on with the row above (merged down)
            for cell, more in zip(out[-1], row):
                if more is not None:
                    cell.extend(more)
            continue
        out.append([list(c) if c is not None else [] for c in row])
        kept_pages.append(pages[i] if pages else 0)
    return out, (kept_pages if pages else None)


_NUMBER = re.compile(r"[约近]?\d[\d,]*(?:\.\d+)?\s*(?:%|％|[个项条人件次家户名笔万亿元]{1,3})?")
_UNIT = re.compile(r"\s*[（(]([^）)]{1,4})[）)]\s*$")


def is_totals_table(header: list[str], rows: list[list[str]]) -> bool:
    """A table of totals: a header of labels over rows of figures (反馈问题数（个）| 已整改 | 完成率 …)."""
    return bool(rows) and is_header(header) and all(_is_value_row(r) for r in rows)


def _is_value_row(cells: list[str]) -> bool:
    """A row of figures, perhaps after a first cell naming what it counts (合计, a unit's name)."""
    numeric = [bool(_NUMBER.fullmatch(c)) for c in cells]
    return sum(numeric) >= 2 and all(n or not c for n, c in zip(numeric[1:], cells[1:]))


def _totals_sentence(header: list[str], cells: list[str]) -> str:
    """`查出问题数（个）` over `36` reads 查出问题数36个: the unit a header names in brackets follows the number."""
    parts, lead = [], ""
    for label, value in zip(header, cells):
        if not value:
            continue
        if not _NUMBER.fullmatch(value):
            lead = f"{value}："
            continue
        unit = _UNIT.search(label)
        name = label[:unit.start()] if unit else label
        parts.append(f"{name}{value}{unit.group(1) if unit and not value[-1] in unit.group(1) else ''}")
    return lead + "，".join(parts) + "。"


def is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(len(c) <= 16 and "。" not in c for c in filled)


def _joined(cell: Cell) -> str:
    return " ".join(p.strip() for p in cell if p.strip())
