"""The one place that says where a sentence, a clause or a phrase of a notice begins and ends.

Three levels, each a set of marks from `lexicon`: a SENTENCE ends at a full stop or a line end; a
CLAUSE also at a semicolon (`反馈问题32个；已完成27个` are two statements); a PHRASE also at a comma,
colon or 、 (what one figure's words can reach back to). Half-width marks count as their full-width
forms, since web and one-line copies use them (`;` `,` `:`), but never `.`, which is a decimal point
or a list number (`15.`) far more often than a full stop in these notices.

Figures, targets and notice totals all ask the same questions (where does the sentence around this
offset start? which sentences lie in this span?), so they ask this module.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from .lexicon import CLAUSE_MARKS, FULL_STOPS, SEMICOLONS

SENTENCE = FULL_STOPS + "\n"
CLAUSE = SENTENCE + SEMICOLONS
PHRASE = CLAUSE + CLAUSE_MARKS
_CLOSERS = "”’』」）)"  # a closing quote or bracket after a full stop belongs to the sentence it closes


class Span(NamedTuple):
    start: int
    end: int
    text: str


LONGEST = 3000  # characters a unit may run each way from an offset: text without a mark that long (a
                # pasted table, a page without punctuation) is cut there, so no question costs more


def start_of(text: str, pos: int, level: str = SENTENCE, reach: int = 0) -> int:
    """Where the unit holding offset `pos` begins (after the last mark before it); with `reach`, no
    further back than that many characters."""
    pos = min(pos, len(text))
    lo = max(0, pos - min(reach or LONGEST, LONGEST))
    last = max(text.rfind(mark, lo, pos) for mark in level)
    return last + 1 if last >= 0 else lo


def end_of(text: str, pos: int, level: str = SENTENCE) -> int:
    """Where the unit holding offset `pos` ends: just after its closing mark (and a closing quote), or
    at the end of the text."""
    hi = min(len(text), pos + LONGEST)
    found = [i for i in (text.find(mark, pos, hi) for mark in level) if i >= 0]
    if not found:
        return hi
    i = min(found)
    j = i + 1
    while j < len(text) and text[j] in _CLOSERS and text[i] != "\n":
        j += 1
    return j


def around(text: str, pos: int, level: str = SENTENCE) -> tuple[int, int]:
    """(start, end) of the unit holding `pos`."""
    return start_of(text, pos, level), end_of(text, pos, level)


def split(text: str, start: int = 0, end: int = -1, level: str = SENTENCE) -> Iterator[Span]:
    """The non-blank units of `text[start:end]`, with offsets into `text` and surrounding space trimmed."""
    end = len(text) if end < 0 else end
    pos = start
    while pos < end:
        stop = min(end_of(text, pos, level), end)
        piece = text[pos:stop]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            yield Span(pos + lead, pos + lead + len(stripped), stripped)
        pos = stop if stop > pos else pos + 1


def crosses(text: str, a: int, b: int, level: str = SENTENCE) -> bool:
    """Whether a mark of `level` stands between offsets a and b (in either order)."""
    lo, hi = sorted((a, b))
    return any(text.find(ch, lo, hi) >= 0 for ch in level)


def count_between(text: str, a: int, b: int, level: str = SENTENCE) -> int:
    """How many marks of `level` stand between offsets a and b: 0 in one sentence, 1 for the next …"""
    lo, hi = sorted((a, b))
    return sum(text.count(ch, lo, hi) for ch in level)


def paragraph(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding `pos`."""
    return text.rfind("\n", 0, pos) + 1, (lambda k: len(text) if k < 0 else k)(text.find("\n", pos))


def pattern(level: str) -> re.Pattern:
    """A regular expression for one unit of `level` (its marks included), for callers that scan."""
    marks = re.escape(level)
    return re.compile(rf"[^{marks}]+[{marks}]?")
