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
from ..nlp.normalize import normalize_text
from .unwrap import PAGE_NUMBER as _PAGE_NUMBER, unwrap_lines

# Text layers put spaces between Chinese and digits (`2024 年 8 月`, `86.7 万元`) that no notice has.
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_ASCII_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")


def read_pdf(data: bytes, limits: Limits = Limits()) -> str:
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
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReadError("R016")
    return unwrap_lines(_CJK_ASCII_SPACE.sub("", normalize_text(text)))


def without_page_numbers(page: str) -> str:
    """A page's text without the number printed in its header or footer (`- 3 -`, `3`, `第3页 共9页`)."""
    lines = page.split("\n")
    while lines and (not lines[-1].strip() or _PAGE_NUMBER.fullmatch(lines[-1])):
        lines.pop()
    while lines and (not lines[0].strip() or _PAGE_NUMBER.fullmatch(lines[0])):
        lines.pop(0)
    return "\n".join(lines)
