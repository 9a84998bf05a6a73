"""A document as lines on pages, put back into paragraphs: one text with where each page starts.

Both a PDF's text layer and OCR give lines broken at the page edge. Each reader says, per line, what
it knows: whether the line runs on into the next (it reaches the edge of the text and does not end a
sentence), and whether it starts afresh (a heading, an indented first line, a gap above it). One rule
then joins them, across page breaks too, so a paragraph that goes on over the page is one paragraph,
and every offset (page starts, low-confidence lines) is taken as the text is built.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

_ASCII_WORD = re.compile(r"[A-Za-z]")


@dataclass
class Line:
    text: str
    page: int                      # 0-based page of the document
    runs_on: bool = False          # continues into the next line, unless that one starts afresh
    fresh: bool = False            # starts a paragraph whatever the line before says
    score: Optional[float] = None  # OCR confidence, 0–1 (None for a text layer)


@dataclass
class PageText:
    """What a PDF or image reader hands back: the text, page starts and OCR provenance."""
    text: str
    page_starts: list[int] = field(default_factory=list)
    read_by: str = "text"
    ocr_confidence: Optional[float] = None
    low_confidence: list[tuple[int, int]] = field(default_factory=list)


def assemble(lines: list[Line], pages: int, low: float) -> PageText:
    """Join `lines` into paragraphs; OCR lines scoring under `low` are given as spans of the text."""
    parts: list[str] = []
    pos = 0
    starts: list[Optional[int]] = [None] * pages
    spans: list[tuple[int, int]] = []
    weight = total = 0.0
    prev: Optional[Line] = None
    for line in lines:
        if prev is not None and prev.runs_on and not line.fresh and line.text.strip():
            trimmed = parts[-1].rstrip()
            pos -= len(parts[-1]) - len(trimmed)
            parts[-1] = trimmed
            piece = line.text.strip()
            if _ASCII_WORD.match(piece) and trimmed and _ASCII_WORD.match(trimmed[-1]):
                piece = " " + piece  # an English word broken at the edge: a space, not a hyphen join
        else:
            if parts:
                parts.append("\n")
                pos += 1
            piece = line.text
        if starts[line.page] is None:
            starts[line.page] = pos + (len(piece) - len(piece.lstrip(" ")))
        if line.score is not None and piece.strip():
            chars = len(piece.strip())
            weight += chars * line.score
            total += chars
            if line.score < low:
                spans.append((pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip())))
        parts.append(piece)
        pos += len(piece)
        prev = line
    text = "".join(parts)
    page_starts: list[int] = []
    following = len(text)
    for start in reversed(starts):  # a page without lines starts where the next one does
        following = start if start is not None else following
        page_starts.append(following)
    page_starts.reverse()
    read_by = "ocr" if total or any(line.score is not None for line in lines) else "text"
    return PageText(text, page_starts, read_by, round(weight / total, 4) if total else None, spans)
