"""Getting text in: a notice file of any usual format becomes one normalised string.

`read_bytes` picks the reader by content and suffix (txt, HTML, DOCX, PDF, and scans: PDF pages
without text and PNG/JPEG/TIFF images, read by OCR), refuses what is not a text document with a
coded `ReadError`, holds every file to the `Limits`, and normalises the result (see `normalize`).
`read_notice` does the same for a path, reading regular files only (see `files`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from ..config import Limits, OcrSettings
from ..errors import ReadError
from ..nlp.blocks import Block, shifted
from .decode import decode_bytes
from .files import file_bytes, too_large
from ..nlp.normalize import normalize_text, without_controls
from .images import IMAGE_SUFFIXES, image_format
from .ocr import OnPage
from .pages import PageText
from .text_tables import ledger_in_text
from .unwrap import is_hard_wrapped, unwrap_scanned


@dataclass
class Document:
    text: str
    path: str
    format: str
    title_hint: Optional[str] = None  # e.g. an HTML <title> or a DOCX core title
    date_hint: Optional[str] = None
    blocks: list[Block] = field(default_factory=list)     # paragraphs and table rows over `text` (empty: one per line)
    page_starts: list[int] = field(default_factory=list)  # where each PDF page begins in `text`
    read_by: str = "text"                                 # text | ocr
    ocr_confidence: Optional[float] = None                # mean OCR line confidence, 0–1
    low_confidence: list[tuple[int, int]] = field(default_factory=list)  # spans of OCR lines under the threshold


def read_notice(path: Union[str, Path], limits: Limits = Limits(), ocr: OcrSettings = OcrSettings(),
                on_page: Optional[OnPage] = None) -> Document:
    """Read any supported file into a normalised Document, or raise ReadError."""
    return read_bytes(file_bytes(path, limits), Path(path).name, limits, ocr, on_page)


def read_bytes(data: bytes, name: str, limits: Limits = Limits(), ocr: OcrSettings = OcrSettings(),
               on_page: Optional[OnPage] = None) -> Document:
    """Read an uploaded or in-memory file; `name` picks the format where the content does not.
    `on_page(done, total)` is called as the pages of a scan are OCR'd."""
    if not data:
        raise ReadError("R005")
    if len(data) > limits.max_bytes:
        raise too_large(len(data), limits)
    fmt = _format_of(data, name.lower())
    title = date = None
    blocks: list[Block] = []
    pages: Optional[PageText] = None
    if fmt == "pdf":
        from .pdf import read_pdf
        from .pdf_tables import may_hold_ledger, read_ledger_pdf

        pages = read_pdf(data, limits, ocr, on_page)
        text = pages.text
        ledger = read_ledger_pdf(data) if pages.read_by == "text" and may_hold_ledger(text) else None
        if ledger is not None:  # ruled ledger tables: rows and cells from pdfplumber
            text, blocks, starts = ledger
            pages = PageText(text, starts)
    elif fmt in ("png", "jpeg", "tiff"):
        from .scan import read_image

        pages = read_image(data, limits, ocr, on_page)
        text = pages.text
    elif fmt == "docx":
        from .word import read_docx

        text, title, blocks = read_docx(data, limits)
    elif fmt == "html":
        from .html import read_html

        text, title, date, blocks = read_html(data, limits)
    else:
        text = decode_bytes(data)
    if len(text) > limits.max_chars:
        raise ReadError("R020", chars=f"{len(text):,}", limit=f"{limits.max_chars:,}")
    text = normalize_text(text)
    cut = len(text) - len(text.lstrip("\n "))
    text = text.strip("\n ")
    blocks = shifted(blocks, -cut, len(text))
    if fmt == "txt":
        ledger = ledger_in_text(text)
        if ledger is not None:  # a ledger copied as plain text: its lines as rows of cells
            text, blocks = ledger
        elif is_hard_wrapped(text):  # OCR'd text of a scan, a copy of a printed page
            text = unwrap_scanned(text)
    if not text.strip():
        raise ReadError("R017", fmt=fmt.upper())
    title, date = (without_controls(hint) if hint else hint for hint in (title, date))
    doc = Document(text=text, path=name, format=fmt, title_hint=title, date_hint=date, blocks=blocks)
    if pages is not None:
        _provenance(doc, pages, cut)
    return doc


def _provenance(doc: Document, pages: PageText, cut: int) -> None:
    """Page starts and OCR spans, moved with the text's leading blanks cut off."""
    def at(offset: int) -> int:
        return min(max(0, offset - cut), len(doc.text))

    doc.page_starts = [at(s) for s in pages.page_starts]
    doc.read_by, doc.ocr_confidence = pages.read_by, pages.ocr_confidence
    doc.low_confidence = [(at(s), at(e)) for s, e in pages.low_confidence if at(e) > at(s)]


def _format_of(data: bytes, name: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    image = image_format(data)
    if image:
        return image
    if name.endswith(IMAGE_SUFFIXES):
        raise ReadError("R030", kind="not a PNG, JPEG or TIFF file")
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".docx") or b"word/" in data[:4096]:
            return "docx"
        raise ReadError("R010")
    if name.endswith(".doc") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("R011")
    if name.endswith(".pdf"):
        raise ReadError("R012")
    if name.endswith(".docx"):
        raise ReadError("R013")
    if name.endswith((".html", ".htm", ".shtml", ".xhtml")) or _looks_like_html(data):
        return "html"
    return "txt"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head
