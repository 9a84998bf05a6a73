"""A ledger table in plain text (copied out of a PDF or a spreadsheet): a header line whose words name a
ledger's columns (序号 反馈问题 整改措施 责任股室 整改时限 整改情况), then one line per row with its cells
apart by spaces or tabs. Chinese runs its words together, so a gap in such a line is a cell boundary.
Read as a table, each row is a finding like a Word or web ledger's row (`tables.write_table`).
"""
from __future__ import annotations

import re
from typing import Optional

from ..nlp.blocks import Block, BlockWriter
from ..nlp.ledger import column_roles, is_ledger
from .tables import write_table

_GAP = re.compile(r"[ \t\u3000]+")
_GROUP = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）).{2,30}$|^.{2,20}方面$")


def ledger_in_text(text: str) -> Optional[tuple[str, list[Block]]]:
    """(text, blocks) with the ledger's lines as a table; None when the text holds no such table."""
    lines = text.split("\n")
    out = BlockWriter()
    found = False
    i = 0
    while i < len(lines):
        header = _cells(lines[i])
        if len(header) >= 3 and is_ledger(column_roles(header)):
            rows = [[[h] for h in header]]
            j = i + 1
            while j < len(lines):
                cells = _cells(lines[j])
                if len(cells) == len(header):
                    rows.append([[c] for c in cells])
                elif len(cells) == 1 and _GROUP.match(cells[0]):
                    rows.append([[cells[0]]] + [None] * (len(header) - 1))  # a group line (一、…方面)
                else:
                    break
                j += 1
            if len(rows) > 1:
                write_table(rows, out)
                found, i = True, j
                continue
        out.paragraph(lines[i])
        i += 1
    return (out.text, out.blocks) if found else None


def _cells(line: str) -> list[str]:
    return [c for c in _GAP.split(line.strip()) if c]
