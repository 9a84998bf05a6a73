"""DOCX: paragraphs and tables in document order, with Word's automatic list numbers written out.

A DOCX is a ZIP archive, and python-docx unpacks every member into memory; so the sizes the archive
declares are checked first (a few megabytes can declare gigabytes), and nothing past the limits is
ever inflated. Entities are not resolved by python-docx's XML parser, so no entity expansion either.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Optional

from ..config import MB, Limits
from ..errors import ReadError
from ..nlp.blocks import Block, BlockWriter
from .tables import write_table


def check_archive(data: bytes, limits: Limits) -> None:
    """Refuse an archive whose members would unpack past the limits (a decompression bomb): the total,
    and every member alone, whatever its name (the main part may be called anything the package's
    relationships say). The sizes the ZIP directory declares are checked first, at no cost; then each
    member is inflated in bounded steps and must end exactly at its declared size, because Python's
    zipfile, asked for a whole member (as python-docx asks), inflates all the data there is before it
    cuts it to the declared size: a 60 KB member declaring 2 KB would cost its real 60 MB."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError("R014", kind=type(exc).__name__) from None
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked:
        raise ReadError("R018", size_mb=total // MB, part="", limit_mb=limits.max_unpacked // MB)
    largest = max(members, key=lambda m: m.file_size, default=None)
    if largest is not None and largest.file_size > limits.max_docx_part:
        raise ReadError("R018", size_mb=largest.file_size // MB, part=f" in one part ({largest.filename[:60]})",
                        limit_mb=limits.max_docx_part // MB)
    for member in members:
        _check_inflation(data, member)


def _check_inflation(data: bytes, member: zipfile.ZipInfo, step: int = MB) -> None:
    """Inflate one member a megabyte at a time, never past the size it declares (R028 if it would go on),
    and require its deflate stream to end exactly there (R014 if it is cut short or lies)."""
    if member.compress_type == zipfile.ZIP_STORED:
        return  # its bytes are in the file, and the file is within the size limit
    if member.compress_type != zipfile.ZIP_DEFLATED:  # Word writes deflate only
        raise ReadError("R014", kind=f"compression method {member.compress_type}")
    start = member.header_offset
    if data[start:start + 4] != b"PK\x03\x04":
        raise ReadError("R014", kind="a member without its local header")
    name_length, extra_length = struct.unpack("<HH", data[start + 26:start + 30])
    offset = start + 30 + name_length + extra_length
    pending: bytes | memoryview = memoryview(data)[offset:offset + member.compress_size]
    inflater, size = zlib.decompressobj(-zlib.MAX_WBITS), 0
    try:
        while not inflater.eof:
            chunk = inflater.decompress(pending, step)
            size += len(chunk)
            if size > member.file_size:
                raise ReadError("R028", part=member.filename[:60], declared=member.file_size)
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break  # no input left and nothing more comes out: the stream is cut short
    except zlib.error:
        raise ReadError("R014", kind="a member that does not inflate") from None
    if not inflater.eof or size != member.file_size:
        raise ReadError("R014", kind=f"a member ({member.filename[:60]}) that does not match its declared size")


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
    out = BlockWriter()
    try:
        numbers = ListNumbers(document)
        for child in document.element.body.iterchildren():
            if child.tag.endswith("}p"):
                paragraph = Paragraph(child, document)
                out.paragraph(numbers.prefix(paragraph) + paragraph.text)
            elif child.tag.endswith("}tbl"):
                _table(Table(child, document), numbers, out)
            if out.length > limits.max_chars:
                raise ReadError("R020", chars=f"{out.length:,}+", limit=f"{limits.max_chars:,}")
        title = document.core_properties.title or None
    except ReadError:
        raise
    except Exception as exc:  # parts python-docx reads lazily (numbering, tables, properties) may be broken too
        raise ReadError("R014", kind=type(exc).__name__) from None
    return out.text, title, out.blocks


def _table(table, numbers, out: BlockWriter) -> None:
    """One Word table. A cell merged across columns, or down from the row above, comes back from
    python-docx once per grid position; those repeats are None (see `tables.write_table`)."""
    rows, above = [], []
    for row in table.rows:
        cells, elements = [], []  # the cell elements are kept, so identity compares elements, not reused ids
        for col, cell in enumerate(row.cells):
            tc = cell._tc
            repeat = (elements and tc is elements[-1]) or (col < len(above) and tc is above[col])
            elements.append(tc)
            cells.append(None if repeat else [numbers.prefix(p) + p.text for p in cell.paragraphs])
        rows.append(cells)
        above = elements
    write_table(rows, out)
