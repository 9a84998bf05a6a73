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

from .blocks import Block, BlockWriter

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


def _untag(piece: str) -> tuple[str, list[tuple[int, str]]]:
    """The piece without its tags (spaces folded as the writer folds them), and (offset, role) of each."""
    piece = " ".join(piece.split())
    clean, found, pos = [], [], 0
    for m in _TAG.finditer(piece):
        clean.append(piece[pos:m.start()])
        role = m.group("role")
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} in {piece[:40]!r}")
        found.append((sum(map(len, clean)), role))
        pos = m.end()
    clean.append(piece[pos:])
    text = "".join(clean)
    return text, [(min(offset, len(text.rstrip())), role) for offset, role in found]


def parse(source: str) -> Marked:
    """The text, blocks and roles of a marked-up notice."""
    lines = source.split("\n")
    meta: dict[str, str] = {}
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0).lstrip("#").partition(":")
        meta[key.strip()] = value.strip()
    out = BlockWriter()
    roles: dict[int, str] = {}
    tables: list[list[list[list[str]]]] = []
    header: list[str] = []
    in_table = False

    def written(pieces: list[tuple[str, list[tuple[int, str]]]], first_line: int) -> None:
        for (_, tags), start in zip(pieces, out.line_starts[first_line:]):
            roles.update({start + offset: role for offset, role in tags})

    for raw in lines:
        line = raw.strip()
        if not line:
            in_table = False
            continue
        first_line = len(out.line_starts)
        if not line.startswith("|"):
            in_table = False
            piece = _untag(line)
            out.paragraph(piece[0])
            written([piece], first_line)
        elif not in_table:  # a new table: this line is its header
            in_table = True
            header = [_untag(c)[0] for c in line.strip("|").split("|")]
            tables.append([[[c] for c in header]])
            out.table()
            out.header(header)
        elif line.startswith("||"):
            piece = _untag(line[2:])
            tables[-1].append([[piece[0]]])
            out.group(piece[0])
            written([piece], first_line)
        else:
            cells = [[_untag(p) for p in c.split(CELL_PARAGRAPH.strip()) if p.strip()]
                     for c in line.strip("|").split("|")]
            tables[-1].append([[p[0] for p in c] for c in cells])
            out.row([(header[i] if i < len(header) else "", [p[0] for p in c]) for i, c in enumerate(cells)])
            written([p for c in cells for p in c if p[0]], first_line)
    return Marked(out.text, out.blocks, roles, meta, tables)
