"""The blocks every reader hands the outline: paragraphs and table rows, with where they stand.

A reader (text, HTML, DOCX, PDF, OCR) produces one text and, over it, a list of blocks. A paragraph is
a span of that text; a table row is a span too, with its cells (each cell a span, with the header of
its column as written). So a ledger row, a numbered paragraph and an inline 一是 item all reach the
outline as spans of one text, and every offset the outline, the figures and the UI use points into it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

PARA, ROW, HEADER, GROUP = "para", "row", "header", "group"


@dataclass
class Cell:
    """One table cell: its span in the text and the header of its column (序号, 巡视反馈问题 …)."""
    start: int
    end: int
    column: str = ""


@dataclass
class Block:
    """A paragraph (`para`), a table's header row (`header`), a row (`row`) or a merged row that
    groups the rows under it (`group`); `start`/`end` are offsets into the document text."""
    kind: str
    start: int
    end: int
    cells: list[Cell] = field(default_factory=list)
    page: Optional[int] = None   # 1-based page of a PDF or scan
    table: int = 0               # which table a row belongs to (1, 2 …); 0 for paragraphs

    def text(self, doc_text: str) -> str:
        return doc_text[self.start:self.end]


def paragraphs(text: str, page_starts: Optional[list[int]] = None) -> list[Block]:
    """A plain text's blocks: one paragraph per non-empty line."""
    blocks, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            blocks.append(Block(PARA, pos, end, page=page_of(pos, page_starts)))
        pos = end + 1
    return blocks


def shifted(blocks: list[Block], by: int, length: int) -> list[Block]:
    """Blocks moved by `by` characters (the text lost a prefix), dropping what falls outside `length`."""
    if not by:
        return blocks
    out = []
    for b in blocks:
        start, end = b.start + by, b.end + by
        if end <= 0 or start >= length:
            continue
        cells = [Cell(c.start + by, c.end + by, c.column) for c in b.cells]
        out.append(Block(b.kind, max(0, start), min(end, length), cells, b.page, b.table))
    return out


def page_of(offset: int, page_starts: Optional[list[int]]) -> Optional[int]:
    """The 1-based page an offset falls on, given where each page starts (None without pages)."""
    if not page_starts:
        return None
    from bisect import bisect_right

    return max(1, bisect_right(page_starts, offset))


class BlockWriter:
    """Builds one text and its blocks from paragraphs and table rows, the same way for every reader (and
    for marked-up notices): a paragraph is a line; a header row is its cells on one line, space-separated;
    a group row is its text once; a row is its non-empty cells one after another, each cell's
    paragraphs on lines of their own."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.tables = 0
        self.page: Optional[int] = None
        self.line_starts: list[int] = []   # where each line written so far begins

    def _line(self, text: str) -> tuple[int, int]:
        if self.length:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.line_starts.append(start)
        return start, self.length

    def paragraph(self, text: str) -> None:
        text = " ".join(text.split("\n")).strip()
        if text:
            start, end = self._line(text)
            self.blocks.append(Block(PARA, start, end, page=self.page))

    def table(self) -> int:
        """Start a new table; rows written after this belong to it."""
        self.tables += 1
        return self.tables

    def header(self, cells: list[str]) -> None:
        names = ["".join(c.split()) for c in cells]
        start, end = self._line(" ".join(names))
        spans, pos = [], start
        for name in names:
            spans.append(Cell(pos, pos + len(name), name))
            pos += len(name) + 1
        self.blocks.append(Block(HEADER, start, end, spans, page=self.page, table=self.tables))

    def group(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            start, end = self._line(text)
            self.blocks.append(Block(GROUP, start, end, [Cell(start, end)], page=self.page, table=self.tables))

    def row(self, cells: list[tuple[str, list[str]]]) -> None:
        """A row: (column header, the cell's paragraphs) for each cell."""
        spans = []
        for column, paragraphs in cells:
            lines = [" ".join(p.split()) for p in paragraphs if p.strip()]
            if not lines:
                continue
            start, end = self._line(lines[0])
            for line in lines[1:]:
                _, end = self._line(line)
            spans.append(Cell(start, end, column))
        if spans:
            self.blocks.append(Block(ROW, spans[0].start, spans[-1].end, spans, page=self.page, table=self.tables))

    @property
    def text(self) -> str:
        return "".join(self.parts)
