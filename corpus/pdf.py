"""PDF text layers, undoing what the layer adds: spaces around digits, line breaks at the page edge;
pages without a text layer (a scan) are read by OCR, so a mixed PDF reads whole.

The page count is checked before any page is read, and reading stops once the text passes the
character limit, so a small file of thousands of pages costs nothing. Only the pages whose layer is
empty, or holds a few characters over a page-sized image (a scanning app's watermark), are rendered
and OCR'd; the rest are read as they are.
"""
from __future__ import annotations

import io
import logging
import re
from typing import Optional

from ..config import Limits, OcrSettings
from ..errors import ReadError
from ..nlp.lexicon import HEADING_START
from ..nlp.normalize import normalize_text
from .ocr import OnPage
from .pages import Line, PageText, assemble
from .unwrap import PAGE_NUMBER as _PAGE_NUMBER

# Text layers put spaces between Chinese and digits (`2024 年 8 月`, `86.7 万元`) that no notice has.
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_ASCII_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")


def read_pdf(data: bytes, limits: Limits = Limits(), ocr: OcrSettings = OcrSettings(),
             on_page: Optional[OnPage] = None) -> PageText:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
        if count > limits.max_pages:
            raise ReadError("R019", pages=count, limit=limits.max_pages)
        pages, size = [], 0
        for page in reader.pages:
            pages.append(without_page_numbers(page.extract_text() or ""))
            size += len(pages[-1])
            if size > limits.max_chars:
                raise ReadError("R020", chars=f"{size:,}+", limit=f"{limits.max_chars:,}")
    except ReadError:
        raise
    except LimitReachedError as exc:  # pypdf's own bounds on inflating streams: a bomb, memory kept bounded
        raise ReadError("R023", detail=str(exc)[:80]) from None
    except FileNotDecryptedError:  # a user password; permission-only (empty password) AES is read
        raise ReadError("R026") from None
    except MemoryError:
        raise ReadError("R027", kind="MemoryError") from None
    except Exception as exc:  # pypdf on hostile bytes raises nearly anything: every one is this file's
        raise ReadError("R015", kind=exc.__class__.__name__) from None
    scanned = _without_text(data, pages, ocr, limits)
    lines = {i: _layer_lines(text, i) for i, text in enumerate(pages) if i not in scanned}
    _mark_run_ons([line for layer in lines.values() for line in layer])
    if scanned:
        from .images import pdf_pages
        from .scan import ocr_lines

        for line in ocr_lines(pdf_pages(data, scanned, ocr.dpi, limits), scanned, ocr, on_page):
            lines.setdefault(line.page, []).append(line)
    result = assemble([line for i in sorted(lines) for line in lines[i]], count, ocr.low_confidence)
    if len(re.sub(r"\s", "", result.text)) < 20:
        raise ReadError("R016")
    return result


def _without_text(data: bytes, pages: list[str], ocr: OcrSettings, limits: Limits) -> list[int]:
    """The pages to OCR: no text layer, or a few characters over an image that covers the page."""
    chars = [len(re.sub(r"\s", "", text)) for text in pages]
    short = [i for i, n in enumerate(chars) if 0 < n < ocr.min_text_chars]
    covered = set()
    if short:
        from .images import image_covered

        covered = image_covered(data, short)
    return [i for i, n in enumerate(chars) if n == 0 or i in covered]


def _layer_lines(text: str, page: int) -> list[Line]:
    text = _CJK_ASCII_SPACE.sub("", normalize_text(text))
    return [Line(line, page, fresh=not line.strip() or bool(HEADING_START.match(line)))
            for line in text.split("\n")] if text else []


def _mark_run_ons(lines: list[Line]) -> None:
    """Join the lines a PDF broke at the page edge: a text layer's line as long as the page is wide runs
    on into the next, unless that one opens a heading; a shorter line ends its paragraph or is a heading."""
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if len(lengths) < 5:
        return
    full = 0.85 * lengths[int(0.9 * (len(lengths) - 1))]
    for line in lines:
        stripped = line.text.strip()
        line.runs_on = len(stripped) >= full and not stripped.endswith(("。", "！", "？", "：", "；"))


def without_page_numbers(page: str) -> str:
    """A page's text without the number printed in its header or footer (`- 3 -`, `3`, `第3页 共9页`)."""
    lines = page.split("\n")
    while lines and (not lines[-1].strip() or _PAGE_NUMBER.fullmatch(lines[-1])):
        lines.pop()
    while lines and (not lines[0].strip() or _PAGE_NUMBER.fullmatch(lines[0])):
        lines.pop(0)
    return "\n".join(lines)
