"""PDF text layers, undoing what the layer adds: spaces around digits, line breaks at the page edge.

The page count is checked before any page is read, and reading stops once the text passes the
character limit, so a small file of thousands of pages costs nothing.
"""
from __future__ import annotations

import io
import logging
import re

from ..config import Limits
from ..errors import ReadError
from ..nlp.lexicon import HEADING_START
from .normalize import normalize_text

# Text layers put spaces between Chinese and digits (`2024 年 8 月`, `86.7 万元`) that no notice has.
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_ASCII_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")


def read_pdf(data: bytes, limits: Limits = Limits()) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
        if count > limits.max_pages:
            raise ReadError("R019", pages=count, limit=limits.max_pages)
        pages, size = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > limits.max_chars:
                raise ReadError("R020", chars=f"{size:,}+", limit=f"{limits.max_chars:,}")
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, TypeError, AttributeError, RecursionError) as exc:
        raise ReadError("R015", kind=exc.__class__.__name__) from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReadError("R016")
    return unwrap_lines(_CJK_ASCII_SPACE.sub("", normalize_text(text)))


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
