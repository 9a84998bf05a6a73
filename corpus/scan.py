"""Scans read by OCR: page images in, lines of text with their layout and confidence out.

`ocr_lines` serves a PDF's pages without text and `read_image` an image file (PNG, JPEG, TIFF of any
number of pages): each page is recognised (`ocr`), its boxes laid out in reading order without running
headers and page numbers (`ocr_layout`), and the lines joined into paragraphs (`pages`).
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from ..config import Limits, OcrSettings
from .ocr import OnPage, read_pages
from .ocr_layout import lines_of
from .pages import Line, PageText, assemble


def ocr_lines(images: Iterable[Any], numbers: list[int], ocr: OcrSettings = OcrSettings(),
              on_page: Optional[OnPage] = None) -> list[Line]:
    """The lines of the page images (document pages `numbers`, 0-based), laid out."""
    pages = list(read_pages(images, len(numbers), ocr, on_page, [n + 1 for n in numbers]))
    return lines_of(pages, numbers)


def read_image(data: bytes, limits: Limits = Limits(), ocr: OcrSettings = OcrSettings(),
               on_page: Optional[OnPage] = None) -> PageText:
    """An image file's text, page by page."""
    from .images import image_pages

    count, frames = image_pages(data, limits)
    return assemble(ocr_lines(frames, list(range(count)), ocr, on_page), count, ocr.low_confidence)
