"""A plain-text markup for notices in any layout, with the role of each item marked: the form of the
labelled set the role classifier learns from, and of test notices that are turned into DOCX or HTML.

    # layout: ledger                       ← lines opening the file with '#' are metadata
    某某局党组关于巡察整改进展情况的通报      ← any other line is a paragraph
    ⟦overview⟧局党组高度重视……                ← ⟦role⟧ marks the role of the item that starts right there
    | 序号 | 巡视反馈问题 | 整改措施 | 整改进展 ← a run of '|' lines is a table; its first line is the header
    || ⟦area⟧一、党的建设方面                  ← '||' is a merged row grouping the rows under it
    | ⟦finding⟧1 | 问题…… | ⟦measure⟧1.…… // ⟦measure⟧2.…… | 已完成   ← ' // ' parts a cell's paragraphs

A tag stands right before an item's first character: before its numbering (一、 （一） 1. （1） 一是 ①)
when it has one, else before the paragraph's first character, or at a table row's start. `parse`
gives the text a reader would produce, its blocks, and the role at each tagged offset.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import GROUP, HEADER, PARA, ROW, Block, Cell

ROLES = ("part", "area", "finding", "detail", "measure", "status", "overview", "next", "closing", "other")
_TAG = re.compile(r"⟦(?P<role>[a-z]+)⟧")
CELL_PARAGRAPH = " // "


@dataclass
class Marked:
    text: str
    blocks: list[Block]
    roles: dict[int, str] = field(default_factory=dict)   # offset in `text` → role
    meta: dict[str, str] = field(default_factory=dict)
    tables: list[list[list[list[str]]]] = field(default_factory=list)  # table → rows → cells → paragraphs


class _Writer:
    """Appends pieces to the text, moving tags out of them into `roles` by offset."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.roles: dict[int, str] = {}

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        clean = []
        pos = 0
        for m in _TAG.finditer(piece):
            clean.append(piece[pos:m.start()])
            role = m.group("role")
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r} in {piece[:40]!r}")
            self.roles[start + sum(map(len, clean))] = role
            pos = m.end()
        clean.append(piece[pos:])
        text = "".join(clean)
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def newline(self) -> None:
        if self.length:
            self.parts.append("\n")
            self.length += 1


def parse(source: str) -> Marked:
    """The text, blocks and roles of a marked-up notice."""
    lines = source.split("\n")
    meta: dict[str, str] = {}
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0).lstrip("#").partition(":")
        meta[key.strip()] = value.strip()
    out = _Writer()
    blocks: list[Block] = []
    tables: list[list[list[list[str]]]] = []
    header: list[str] = []
    in_table = False
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            in_table = False
            continue
        if not line.lstrip().startswith("|"):
            in_table = False
            out.newline()
            start, end = out.add(line.strip())
            blocks.append(Block(PARA, start, end))
            continue
        if not in_table:  # a new table: this line is its header
            in_table = True
            header = [c.strip() for c in line.strip().strip("|").split("|")]
            tables.append([[[c] for c in header]])
            out.newline()
            start, end = out.add("\t".join(header))
            blocks.append(Block(HEADER, start, end, table=len(tables)))
            continue
        number = len(tables)
        if line.lstrip().startswith("||"):
            text = line.lstrip()[2:].strip()
            tables[-1].append([[_TAG.sub("", text)]])
            out.newline()
            start, end = out.add(text)
            blocks.append(Block(GROUP, start, end, cells=[Cell(start, end)], table=number))
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        tables[-1].append([[_TAG.sub("", p.strip()) for p in c.split(CELL_PARAGRAPH.strip())] for c in cells])
        row_cells, row_start = [], None
        for i, cell in enumerate(cells):
            paragraphs = [p.strip() for p in cell.split(CELL_PARAGRAPH.strip()) if p.strip()]
            if not paragraphs:
                continue
            column = header[i] if i < len(header) else ""
            out.newline()
            start, _ = out.add(paragraphs[0])
            for paragraph in paragraphs[1:]:
                out.newline()
                out.add(paragraph)
            row_start = start if row_start is None else row_start
            row_cells.append(Cell(start, out.length, column))
        if row_cells:
            blocks.append(Block(ROW, row_start, out.length, cells=row_cells, table=number))
    return Marked("".join(out.parts), blocks, out.roles, meta, tables)
