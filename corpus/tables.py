"""A table as rows of cells, written into the text as blocks the same way whatever file it came from
(DOCX, HTML, a PDF's ruled table): the first row is the header when its cells are short labels; a row of
one merged cell (or of one text repeated across the row) groups the rows under it."""
from __future__ import annotations

from typing import Optional

from ..nlp.blocks import BlockWriter

Cell = list[str]   # a cell's paragraphs


def write_table(rows: list[list[Cell]], out: BlockWriter, header: Optional[list[str]] = None) -> None:
    """Write a table; with `header`, the rows continue the table written last (a table broken across
    PDF pages)."""
    rows = [r for r in rows if any(p.strip() for c in r for p in c)]
    if not rows:
        return
    if header is None:
        if len(rows) == 1:  # a one-row table is a line of text (学习次数 6次)
            out.paragraph(" ".join(t for t in (_joined(c) for c in rows[0]) if t))
            return
        out.table()
        header = [_joined(c) for c in rows[0]]
        if is_header(header):
            out.header(header)
            rows = rows[1:]
        else:
            header = [""] * max(len(r) for r in rows)
    for cells in rows:
        texts = {_joined(c) for c in cells} - {""}
        if len(cells) == 1 or (len(texts) == 1 and len(cells) > 2):
            out.group(next(iter(texts), ""))
        else:
            out.row([(header[i] if i < len(header) else "", c) for i, c in enumerate(cells)])


def is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(len(c) <= 16 and "。" not in c for c in filled)


def _joined(cell: Cell) -> str:
    return " ".join(p.strip() for p in cell if p.strip())
