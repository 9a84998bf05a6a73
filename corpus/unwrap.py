"""Text a page broke into lines, joined back into its paragraphs.

Two sources break lines where no paragraph ends. A PDF text layer breaks at the page edge
(`unwrap_lines`). OCR'd text of a scan breaks every line of print (about thirty characters, also inside
numbers and dates), and carries each page's running header and `— 3 —` footer into the middle of a
sentence (`unwrap_scanned`). Both join a line that runs to the text's width into the next one, unless
the next one opens a heading (a heading that happened to start a printed line then starts a line of
the text, which the outline reads as it would a paragraph break); the head of a notice (red-head line, document number, a title broken over
two lines, its date) is left as it is, since its short lines are lines of their own.
"""
from __future__ import annotations

import re
from collections import Counter
from statistics import median, quantiles

from ..nlp.furniture import is_furniture
from ..nlp.metadata import is_title_line
from ..nlp.lexicon import HEADING_START, ORG_SUFFIXES, SPEAKER_TITLES, TITLE_ENDINGS

_SENTENCE_END = ("。", "！", "？", "：", "；")
_CONTINUES = tuple("，、。；：）”》％%")  # a line opening with one of these goes on from the line before
# Page numbers a header or footer prints: `— 3 —`, `- 3 -`, `3`, `第3页 共9页`, `3/9`.
PAGE_NUMBER = re.compile(r"\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*")
_FOOTER = re.compile(r"\s*[-—–－]+\s*\d{1,3}\s*[-—–－]+\s*")  # — 3 —: a printed page's number
_BODY_MARK = re.compile(r"[，。；！？]")
_SPEAKER = re.compile(rf"(?:{'|'.join(SPEAKER_TITLES)})\s*\S{{1,4}}$")
_NOTE = re.compile(r"^[【\[][^】\]]{1,10}[】\]]")
_DATE_LINE = re.compile(r"[（(]?\s*(?:(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|[\d〇零○O一二三四五六七八九]{4}\s*年[\d一二三四五六七八九十]{1,2}\s*月"
                        r"[\d一二三四五六七八九十]{1,3}\s*日)\s*[）)]?")


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
        runs_on = len(prev) >= full and not prev.endswith(_SENTENCE_END)
        if runs_on and line.strip() and not HEADING_START.match(line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


_PART_OR_AREA = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


def _runs_on(paragraph: str, previous: str, line: str) -> bool:
    """Whether a full printed line (`previous`, the end of `paragraph` so far) runs on into `line`.
    Where paragraphs have lines of their own, so do headings: a part or area title that fills the width
    more likely ends there than runs on (a title cut in two costs less than one run into its body), and
    a heading after a sentence end or after a title starts a line of its own; a full line that ends a
    sentence more likely ends its paragraph (paragraphs end in a full stop; a wrap falls right after one
    about one time in twenty-five). A heading-like start after a line cut mid-sentence (`形成规范统` /
    `一、分类科学`) is a wrap."""
    title = HEADING_START.match(paragraph) and not any(c in paragraph for c in "。！？")
    if title and _PART_OR_AREA.match(paragraph):
        return False
    if previous.endswith(("。", "！", "？")):  # a paragraph's last line is full as often as a wrap falls after 。
        return False
    if HEADING_START.match(line):
        return not (title or previous.endswith(_SENTENCE_END))
    return True


def _head_end(lines: list[str]) -> int:
    """Index of the first body line: the first after the title (where one stands among the first lines)
    that reads as a sentence (has 。，；), not counting a note above the notice (【虚构示例】… to its full
    stop), a line of page furniture (发布时间：…) or a meeting line (——2025年6月24日在…会议上)."""
    in_note = False
    title = next((i for i in range(min(12, len(lines)))
                  if is_title_line(lines[i]) or (i + 1 < len(lines) and is_title_line(lines[i] + lines[i + 1]))), -1)
    for i, line in enumerate(lines):
        if i <= title:
            continue
        if _NOTE.match(line):
            in_note = True
        if in_note:
            in_note = not line.endswith(("。", "！", "？")) and i + 1 < len(lines) and not _NOTE.match(lines[i + 1])
            continue
        if _BODY_MARK.search(line) and not HEADING_START.match(line) and not is_furniture(line) \
                and not line.startswith(("——", "—")):
            return i
    return len(lines)


def _heading_title(line: str) -> bool:
    """A heading that is a title alone (`（1）关于“…”`, `一、…方面`): a marker and no clause in it."""
    return bool(HEADING_START.match(line)) and not _BODY_MARK.search(line) and "、" not in line[3:]


def _own_line(line: str) -> bool:
    """A head line that never continues the one above: a note, furniture, a meeting line, a date, a
    heading, an address (市人大常委会：) or a speaker line (市审计局局长　某某某)."""
    return bool(_NOTE.match(line) or is_furniture(line) or line.startswith(("——", "—")) or _DATE_LINE.fullmatch(line)
                or HEADING_START.match(line) or line.endswith(("：", ":")) or _SPEAKER.search(line))


def _trailer(line: str) -> bool:
    """A line after the body that stands alone: a signature (某某局党组), its date, page furniture."""
    return bool(_DATE_LINE.fullmatch(line) or is_furniture(line)
                or (len(line) <= 40 and line.endswith(ORG_SUFFIXES) and not _BODY_MARK.search(line)))


def _complete(line: str) -> bool:
    """A head line that is whole however wide: it names the notice, or ends a meeting line."""
    return line.endswith(TITLE_ENDINGS + ("会议上", "会议"))


def _line_width(lines: list[str]) -> float:
    """The width of a full line of print: the median length of lines that run on (no sentence end)."""
    running = [len(s) for s in lines if s and not s.endswith(_SENTENCE_END)]
    return median(running) if running else 0.0


def is_hard_wrapped(text: str) -> bool:
    """Whether a text is broken every line of print (OCR of a scan, a copy of a printed page): its longer
    lines are a printed line's width (thirty-odd characters), and either it carries page footers
    (`— 3 —`) or many of its lines are about that long and run on into the next (a line that is no
    heading, has no sentence end, and the next opens no heading). A text with a line per paragraph has
    lines of every length that end their sentences or are headings, and no footers."""
    lines = [s.strip() for s in text.split("\n")]
    body = [s for s in lines[_head_end(lines):] if s and not PAGE_NUMBER.fullmatch(s)]
    if len(body) < 10:
        return False
    width = quantiles([len(s) for s in body], n=4)[2]
    if not 12 <= width <= 60:
        return False
    if any(_FOOTER.fullmatch(s) for s in lines):  # `— 1 —`: a printed page's footer
        return True
    near = sum(0.75 * width <= len(s) <= 1.15 * width for s in body)
    running = sum(not a.endswith(_SENTENCE_END) and not _heading_title(a) and not HEADING_START.match(b)
                  for a, b in zip(body, body[1:]))
    return near >= 0.4 * len(body) and running >= 0.25 * len(body)


def without_page_furniture(lines: list[str]) -> list[str]:
    """The lines without page-number footers and the running header printed at the top of each page
    (a short line that follows two or more page numbers alike)."""
    numbers = [i for i, s in enumerate(lines) if s.strip() and PAGE_NUMBER.fullmatch(s)]
    after = Counter()
    for i in numbers:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and len(lines[j].strip()) <= 40:
            after[lines[j].strip()] += 1
    few = len(numbers) <= 3  # a short document shows its running header once or twice
    headers = {s for s, n in after.items() if (n >= 2 or (few and len(s) <= 24 and not _BODY_MARK.search(s)
                                                          and not HEADING_START.match(s)))
               and not s.endswith(_SENTENCE_END)}
    last = max((i for i, s in enumerate(lines) if s.strip()), default=-1)
    drop = set(numbers) if len(numbers) >= 2 else {i for i in numbers if i == last}  # one page: its footer ends it
    return [s for i, s in enumerate(lines) if i not in drop and (s.strip() not in headers)]


def unwrap_scanned(text: str) -> str:
    """OCR'd text of a scan as paragraphs: page furniture out, full lines joined to the next."""
    lines = [s.strip() for s in without_page_furniture(text.split("\n"))]
    start = _head_end(lines)
    head, body = [s for s in lines[:start] if s], [s for s in lines[start:] if s]
    if not body:
        return text
    low = 0.8 * _line_width(body)
    joined_head: list[str] = []
    for line in head:  # a title or meeting line broken at the width runs on; a line of its own kind does not
        if joined_head and len(joined_head[-1]) >= low and not joined_head[-1].endswith(_SENTENCE_END) \
                and not _own_line(line) and not _NOTE.match(joined_head[-1]) and not _complete(joined_head[-1]):
            joined_head[-1] += line
        else:
            joined_head.append(line)
    # A body printed as one paragraph (a notice run on one line) has no short lines inside it: there a
    # heading at the start of a printed line is a wrap like any other.
    one_paragraph = sum(len(s) < low for s in body[:-1]) <= max(2, len(body) // 100)
    out = [body[0]]
    previous = body[0]
    tail = len(body) - 6  # a signature and its date stand in the last lines
    for i, line in enumerate(body[1:], 1):
        if line.startswith(_CONTINUES) or (len(previous) >= low and not (i >= tail and _trailer(line))
                                           and (one_paragraph or _runs_on(out[-1], previous, line))):
            out[-1] += line
        else:
            out.append(line)
        previous = line
    return "\n".join(joined_head + out)
