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


def page_of(offset: int, page_starts: Optional[list[int]]) -> Optional[int]:
    """The 1-based page an offset falls on, given where each page starts (None without pages)."""
    if not page_starts:
        return None
    from bisect import bisect_right

    return max(1, bisect_right(page_starts, offset))
