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


def read_docx(data: bytes, limits: Limits = Limits()) -> tuple[str, Optional[str]]:
    """(text, core-properties title)."""
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
    lines, size = [], 0
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, document)
            lines.append(numbers.prefix(paragraph) + paragraph.text)
        elif child.tag.endswith("}tbl"):
            lines.extend(" ".join(cell.text for cell in row.cells) for row in Table(child, document).rows)
        size += len(lines[-1]) if lines else 0
        if size > limits.max_chars:
            raise ReadError("R020", chars=f"{size:,}+", limit=f"{limits.max_chars:,}")
    return "\n".join(lines), document.core_properties.title or None
