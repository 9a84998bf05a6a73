"""DOCX: paragraphs and tables in document order, with Word's automatic list numbers written out.

A DOCX is a ZIP archive, and python-docx unpacks every member into memory; so the sizes the archive
declares are checked first (a few megabytes can declare gigabytes), and nothing past the limits is
ever inflated. Entities are not resolved by python-docx's XML parser, so no entity expansion either.
"""
from __future__ import annotations

import io
import zipfile
from typing import Optional

from ..config import MB, Limits
from ..errors import ReadError
from ..nlp.blocks import Block, BlockWriter
from .tables import write_table


def check_archive(data: bytes, limits: Limits) -> None:
    """Refuse an archive whose members would unpack past the limits (a decompression bomb)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError("R014", kind=type(exc).__name__) from None
    total = sum(m.file_size for m in members)
    document = max((m.file_size for m in members if m.filename.endswith("document.xml")), default=0)
    if total > limits.max_unpacked:
        raise ReadError("R018", size_mb=total // MB, limit_mb=limits.max_unpacked // MB)
    if document > limits.max_docx_xml:
        raise ReadError("R018", size_mb=document // MB, limit_mb=limits.max_docx_xml // MB)


def read_docx(data: bytes, limits: Limits = Limits()) -> tuple[str, Optional[str], list[Block]]:
    """(text, core-properties title, blocks): paragraphs in document order with Word's list numbers
    written out, and tables as rows of cells (a row merged across the table groups the rows under it)."""
    check_archive(data, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .word_lists import ListNumbers

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/BadZipFile/ValueError/XMLSyntaxError on broken files
        raise ReadError("R014", kind=type(exc).__name__) from None
    numbers = ListNumbers(document)
    out = BlockWriter()
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, document)
            out.paragraph(numbers.prefix(paragraph) + paragraph.text)
        elif child.tag.endswith("}tbl"):
            _table(Table(child, document), numbers, out)
        if out.length > limits.max_chars:
            raise ReadError("R020", chars=f"{out.length:,}+", limit=f"{limits.max_chars:,}")
    return out.text, document.core_properties.title or None, out.blocks


def _table(table, numbers, out: BlockWriter) -> None:
    """One Word table, its cells read once each (a cell merged across columns appears once per column)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append([numbers.prefix(p) + p.text for p in cell.paragraphs])
        rows.append(cells)
    write_table(rows, out)
