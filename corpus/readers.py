"""Getting text in: a notice file of any usual format becomes one normalised string.

Each reader turns bytes into text and nothing more; `read_notice` picks the reader by content and
suffix, refuses what is not a text document with a `ReadError` whose message names the reason, and
normalises the result (see `normalize`).
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..nlp.outline import HEADING_START
from .normalize import normalize_text

MAX_BYTES = 64 * 1024 * 1024  # a notice is kilobytes; past this it is not a notice
SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf")


class ReadError(Exception):
    """A file that cannot be read as a notice; str() is the one-line reason."""


@dataclass
class Document:
    text: str
    path: str
    format: str
    title_hint: Optional[str] = None  # e.g. an HTML <title> or a DOCX core title
    date_hint: Optional[str] = None


def read_notice(path: str | Path) -> Document:
    """Read any supported file into a normalised Document, or raise ReadError."""
    return read_bytes(file_bytes(path), Path(path).name)


def file_bytes(path: str | Path) -> bytes:
    """A file's content, refusing what is missing, a folder, or too large to be a notice."""
    p = Path(path)
    if not p.exists():
        raise ReadError("no such file")
    if p.is_dir():
        raise ReadError("is a folder, not a file")
    if p.stat().st_size > MAX_BYTES:  # refused before it is read into memory
        raise _too_large(p.stat().st_size)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}") from None


def read_bytes(data: bytes, name: str) -> Document:
    """Read an uploaded or in-memory file; `name` picks the format where the content does not."""
    if not data:
        raise ReadError("empty file")
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    reader, fmt = _pick_reader(data, name.lower())
    doc = reader(data)
    doc.path, doc.format = name, fmt
    doc.text = normalize_text(doc.text).strip("\n ")
    if not doc.text.strip():
        raise ReadError(f"no text found in this {fmt.upper()} file")
    return doc


def _too_large(size: int) -> ReadError:
    return ReadError(f"too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")


def _pick_reader(data: bytes, name: str) -> tuple[Callable[[bytes], Document], str]:
    if data.startswith(b"%PDF"):
        return read_pdf, "pdf"
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".docx") or b"word/" in data[:4096]:
            return read_docx, "docx"
        raise ReadError("a ZIP archive that is not a DOCX document")
    if name.endswith(".doc") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("old binary Word (.doc) is not supported; save it as DOCX")
    if name.endswith(".pdf"):
        raise ReadError("not a valid PDF (no %PDF header)")
    if name.endswith(".docx"):
        raise ReadError("not a valid DOCX (not a ZIP archive)")
    if name.endswith((".html", ".htm", ".shtml", ".xhtml")) or _looks_like_html(data):
        return read_html, "html"
    return read_text, "txt"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head


# --- plain text -------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes) -> str:
    """Detect the encoding (BOM, strict UTF-8, then charset-normalizer) and decode."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    if _is_binary(data):
        raise ReadError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8", "utf_16", "cp1252"]).best()
    if best is None:
        raise ReadError("unknown text encoding (not UTF-8, UTF-16, GB18030 or Big5)")
    enc = best.encoding
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"  # the superset: GBK pages often hold characters GB2312 lacks
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise ReadError(f"mis-encoded text (too many undecodable bytes as {enc})")
    return text


def _utf16_without_bom(data: bytes) -> Optional[str]:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    # CJK text in UTF-16 has few NULs; try a strict decode when UTF-8 fails and the length is even.
    if len(data) % 2 == 0 and _is_binary(data):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if sum("\u4e00" <= ch <= "\u9fff" for ch in text[:2000]) > len(text[:2000]) * 0.3:
                return enc
    return None


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def read_text(data: bytes) -> Document:
    return Document(text=decode_bytes(data), path="", format="txt")


# --- HTML -------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def _decode_html(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def read_html(data: bytes) -> Document:
    """Keep the article; trafilatura drops navigation, scripts, styles and footers."""
    import trafilatura

    html = _decode_html(data)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=False, with_metadata=False)
    meta = trafilatura.extract_metadata(html)
    if not text:
        text = _html_fallback_text(html)
    title = getattr(meta, "title", None) if meta else None
    if text and title and title not in text[:1000]:
        text = f"{title}\n{text}"  # the page's heading lives outside the article body
    return Document(text=text or "", path="", format="html", title_hint=title,
                    date_hint=getattr(meta, "date", None) if meta else None)


def _html_fallback_text(html: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on junk; all mean "no article"
        return ""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


# --- DOCX -------------------------------------------------------------------------------------

def read_docx(data: bytes) -> Document:
    """Paragraphs and tables in document order, with Word's automatic list numbers written out."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .docx_lists import ListNumbers

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/BadZipFile/ValueError on broken files
        raise ReadError(f"broken DOCX ({type(exc).__name__})") from None
    numbers = ListNumbers(document)
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, document)
            lines.append(numbers.prefix(paragraph) + paragraph.text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                lines.append(" ".join(cell.text for cell in row.cells))
    title = document.core_properties.title or None
    return Document(text="\n".join(lines), path="", format="docx", title_hint=title)


# --- PDF --------------------------------------------------------------------------------------

def read_pdf(data: bytes) -> Document:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReadError(f"broken PDF ({exc.__class__.__name__})") from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReadError("PDF has no text layer (a scanned image?); run OCR on it first")
    return Document(text=unwrap_lines(_CJK_ASCII_SPACE.sub("", normalize_text(text))), path="", format="pdf")


# Text layers put spaces between Chinese and digits (`2024 年 8 月`, `86.7 万元`) that no notice has.
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_ASCII_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")


def unwrap_lines(text: str) -> str:
    """Join the lines a PDF broke at the page edge. A line as long as the page is wide runs on into
    the next, unless that one opens a heading; a shorter line ends its paragraph or is a heading."""
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return text
    full = 0.85 * lengths[int(0.9 * (len(lengths) - 1))]
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        prev = prev.strip()
        runs_on = len(prev) >= full and not prev.endswith(("。", "！", "？", "：", "；"))
        if runs_on and line.strip() and not HEADING_START.match(line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
    return "\n".join(out)
