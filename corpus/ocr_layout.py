"""From OCR boxes to lines of text in reading order, with what their geometry says about paragraphs.

The recogniser reads boxes; a notice is a single column of paragraphs. So boxes on one visual line are
put together left to right (a wide gap between them becomes a space), the lines read top to bottom,
and a page's running header and page-number footer are dropped: an outer line that reads as a page
number (`— 3 —`, `-3-`, `第3页`), whose words (digits aside) stand at the top or foot of two pages
or more, or that is set smaller than the body and stands apart from it (a header left off the
first page, so seen once in a two-page notice). Then each line is measured against its page's text column: it *runs on* when it reaches the
column's right edge (or comes near it mid-sentence: text wrapped at a number of characters, digits
being narrow), whether or not it ends a sentence there (a paragraph that ends exactly at the
edge is rarer than a sentence that does, and a wrong join costs less than a wrong break); it starts
*afresh* when it is indented, opens a heading (一、 （一） 1.), opens a list item (一是, （1）) after a
sentence's end, stands after a gap, or is set in another size. A title set large over two lines is
one paragraph.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Optional

from ..nlp.lexicon import HEADING_START
from ..nlp.normalize import normalize_text
from .ocr import OcrLine, OcrPage
from .pages import Line

_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_ASCII_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")
_DASH = r"\-—–－一_~～·•.="  # a page number's dashes, as a recogniser may read them (一 among them)
_PAGE_NUMBER = re.compile(rf"[\s{_DASH}]*(?:第\s*)?\d{{1,3}}\s*页?(?:\s*[，,/]?\s*共\s*\d{{1,3}}\s*页)?"
                          rf"(?:\s*/\s*\d{{1,3}})?[\s{_DASH}]*")
# Heading markers that begin a line of their own in a printed notice. 一是/二是 are left out: they run
# inline, and a line may happen to begin with one where the text wrapped.
_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d))")
_STOPS = ("。", "！", "？", "：", "；", "!", "?", ":", ";")
_ENDS = _STOPS + ("”", "’", "）", "》", ")")  # how a paragraph's last line ends
_EDGE_BAND = 0.15  # the outer share of a page where headers and footers stand
# Type this much wider than the body's is another size (a body line's measured character width varies
# by ±15 % with its mix of digits and punctuation; a 22 pt title over 16 pt body is 1.38).
_LARGER = 1.25


@dataclass
class Row:
    """The boxes of one visual line, left to right."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float
    size: float   # box height
    char: float   # a character's width: the measure of the type size (a box's height includes padding)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def rows_of(page: OcrPage) -> list[Row]:
    """Boxes grouped into visual lines (a box joins the line it overlaps by half its height)."""
    groups: list[list[OcrLine]] = []
    for box in sorted(page.lines, key=lambda b: (b.y0 + b.y1) / 2):
        if groups:
            last = groups[-1]
            top, bottom = min(b.y0 for b in last), max(b.y1 for b in last)
            overlap = min(bottom, box.y1) - max(top, box.y0)
            if overlap >= 0.5 * min(bottom - top, box.y1 - box.y0):
                last.append(box)
                continue
        groups.append([box])
    return [_row(sorted(group, key=lambda b: b.x0)) for group in groups]


def _row(boxes: list[OcrLine]) -> Row:
    size = statistics.median(b.size or (b.y1 - b.y0) for b in boxes)
    text = ""
    for prev, box in zip([None, *boxes], boxes):
        piece = _clean(box.text)
        if prev is not None and box.x0 - prev.x1 > 0.8 * size:
            text += " "
        text += piece
    chars = [max(1, len(b.text.strip())) for b in boxes]
    score = sum(c * b.score for c, b in zip(chars, boxes)) / sum(chars)
    units = sum(_units(_clean(b.text)) for b in boxes)
    char = sum(b.x1 - b.x0 for b in boxes) / units if units >= 3 else 0.8 * size
    return Row(boxes[0].x0, min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes),
               text, score, size, char)


def _clean(text: str) -> str:
    """A box's text in the project's form, without the spaces a recogniser puts between 年 and 2024."""
    return _CJK_ASCII_SPACE.sub("", normalize_text(text.strip()))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", text))


def drop_furniture(pages: list[list[Row]], heights: list[int]) -> list[list[Row]]:
    """Each page's rows without its running header and page-number footer."""
    def outer(rows: list[Row], height: int) -> list[int]:
        top = [i for i in range(min(2, len(rows))) if rows[i].y1 < _EDGE_BAND * height]
        foot = [i for i in range(max(0, len(rows) - 2), len(rows)) if rows[i].y0 > (1 - _EDGE_BAND) * height]
        return sorted(set(top + foot))

    def aside(rows: list[Row], i: int) -> bool:
        """Set smaller than the body and standing apart from it: a header on one page only."""
        if len(rows) < 4 or rows[i].char > 0.8 * statistics.median(r.char for r in rows):
            return False
        pitch = statistics.median(b.cy - a.cy for a, b in zip(rows, rows[1:]))
        near = [abs(rows[j].cy - rows[i].cy) for j in (i - 1, i + 1) if 0 <= j < len(rows)]
        return min(near) > 1.3 * pitch

    edges = [outer(rows, h) for rows, h in zip(pages, heights)]
    seen: dict[str, int] = {}
    for rows, idx in zip(pages, edges):
        for key in {_furniture_key(rows[i].text) for i in idx}:
            seen[key] = seen.get(key, 0) + 1
    out = []
    for rows, idx in zip(pages, edges):
        drop = {i for i in idx if _PAGE_NUMBER.fullmatch(rows[i].text) or seen[_furniture_key(rows[i].text)] >= 2
                or aside(rows, i)}
        out.append([r for i, r in enumerate(rows) if i not in drop])
    return out


def _units(text: str) -> float:
    """The text's width in full-width characters (Latin letters and digits are about half one)."""
    return sum(0.55 if ord(c) < 0x2E80 else 1.0 for c in text if not c.isspace()) or 1.0


@dataclass
class Column:
    """A page's text column: its left and right edges, a character's width, the line pitch and the
    body text size, all in the page's pixels."""
    left: float
    right: float
    char: float
    pitch: float
    size: float


def column_of(rows: list[Row]) -> Optional[Column]:
    if len(rows) < 4:
        return None
    lefts = sorted(r.x0 for r in rows)
    rights = sorted(r.x1 for r in rows)
    widths = [r.char for r in rows if _units(r.text) >= 6]
    size = statistics.median(r.size for r in rows)
    char = statistics.median(widths) if widths else 0.8 * size
    steps = [b.cy - a.cy for a, b in zip(rows, rows[1:]) if 0 < b.cy - a.cy < 3 * size]
    pitch = statistics.median(steps) if steps else 1.6 * size
    return Column(lefts[len(lefts) // 10], rights[min(len(rights) - 1, (9 * len(rights)) // 10)], char, pitch, size)


def _scaled(column: Column, factor: float) -> Column:
    return Column(column.left * factor, column.right * factor, column.char * factor, column.pitch * factor,
                  column.size * factor)


def lines_of(pages: list[OcrPage], numbers: list[int]) -> list[Line]:
    """The lines of OCR'd pages (their 0-based document page numbers in `numbers`), in reading order,
    each with what the layout says about joining it to its neighbours."""
    rows = drop_furniture([rows_of(p) for p in pages], [p.height for p in pages])
    columns = [column_of(r) for r in rows]
    known = [(c, p.width) for c, p in zip(columns, pages) if c is not None]
    out: list[Line] = []
    prev: Optional[tuple[Row, int, int]] = None  # the line before: its row, page number and page height
    for page, page_rows, column, number in zip(pages, rows, columns, numbers):
        if column is None:
            if not known:
                column = _fallback(page_rows, page)
            else:  # a short page (the last one) is measured against the others
                ref, width = min(known, key=lambda k: abs(k[1] - page.width))
                column = _scaled(ref, page.width / width)
        for row in page_rows:
            fresh = prev is None or _starts_afresh(row, column, number, page.height, prev)
            runs_on = row.char > _LARGER * column.char or _reaches_edge(row, column)
            out.append(Line(row.text, number, runs_on, fresh, round(row.score, 4)))
            prev = (row, number, page.height)
    return out


def _reaches_edge(row: Row, column: Column) -> bool:
    """The line was broken by the edge of the column: it reaches it, or (text wrapped at a number of
    characters, digits being narrower) it comes near and stops mid-sentence, not being a heading."""
    short_by = column.right - row.x1
    if short_by < 1.5 * column.char:
        return True
    return (short_by < 0.3 * (column.right - column.left) and not row.text.rstrip().endswith(_ENDS)
            and not _HEADING.match(row.text))


def _starts_afresh(row: Row, column: Column, number: int, height: int, prev: tuple[Row, int, int]) -> bool:
    before, before_number, before_height = prev
    gap = before_number == number and row.cy - before.cy > 1.7 * max(column.pitch, column.size) * max(1.0, row.char / column.char)
    size, size_before = row.char / height, before.char / before_height
    if max(size, size_before) > _LARGER * min(size, size_before):
        return True  # another size: a title after a red-head line, body after the title
    if row.char > _LARGER * column.char:
        return gap  # a title set large runs over its lines, centred or not
    if before.text.rstrip().endswith(_STOPS) and HEADING_START.match(row.text):
        return True  # 一是, （1）, ① after a sentence's end: the next item of a list
    return gap or bool(_HEADING.match(row.text)) or row.x0 - column.left > 0.9 * column.char


def _fallback(rows: list[Row], page: OcrPage) -> Column:
    size = statistics.median(r.size for r in rows) if rows else 0.02 * page.height
    char = statistics.median(r.char for r in rows) if rows else 0.8 * size
    left = min((r.x0 for r in rows), default=0.0)
    right = max((r.x1 for r in rows), default=float(page.width))
    return Column(left, right, char, 1.6 * size, size)
