"""Status of a measure from its wording: done, ongoing, long-term, or unknown.

A progress notice reports what was done, so a plain action (制定, 印发, 追回) reads as done unless the
words say it is still under way (正在, 尚未, 部分整改) or is meant to last (长期坚持, 长效, 持续抓好).
A negated action (党委未组织专题研讨, 未按规定) is part of a problem restated, never a measure done, and
so is a `针对…问题` clause.
"""
from __future__ import annotations

import re
from typing import Sequence

from .lexicon import (NEGATIONS, STATUS_DONE_ACTIONS, STATUS_DONE_AFTER_YI, STATUS_DONE_PHRASES, STATUS_LONG_TERM,
                      STATUS_ONGOING, STATUS_ONGOING_PATTERNS)
from .records import Measure


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_ONGOING = re.compile("|".join([_alternation(STATUS_ONGOING), *STATUS_ONGOING_PATTERNS]))
_DONE_EXPLICIT = re.compile(rf"{_alternation(STATUS_DONE_PHRASES)}|已(?:经)?[^，。；]{{0,10}}?(?:{_alternation(STATUS_DONE_AFTER_YI)})")
_LONG = re.compile(_alternation(STATUS_LONG_TERM))
_DONE_ACTION = re.compile(_alternation(STATUS_DONE_ACTIONS))
_NEGATED = re.compile(rf"(?:{_alternation(NEGATIONS)})[^，。；]*")  # to the end of its clause
_RESTATED_PROBLEM = re.compile(r"针对[^，。；]{0,80}?(?:问题|情况|现象)")


def _blank(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def measure_status(text: str) -> str:
    """The status a reader would give the measure from its words alone."""
    words = _blank(_RESTATED_PROBLEM, text)
    if _ONGOING.search(words):
        return "ongoing"
    words = _blank(_NEGATED, words)
    if _DONE_EXPLICIT.search(words):
        return "done"
    if _LONG.search(words):
        return "long_term"
    if _DONE_ACTION.search(words):
        return "done"
    return "unknown"


def finding_status(measures: Sequence[Measure]) -> str:
    """Ongoing if any measure is; done if every measure with a known status is; long-term if the rest
    is done and some are meant to last."""
    statuses = {m.status for m in measures} - {"unknown"}
    if not statuses:
        return "unknown"
    if "ongoing" in statuses:
        return "ongoing"
    if statuses == {"done"}:
        return "done"
    return "long_term"
