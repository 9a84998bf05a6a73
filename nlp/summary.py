"""Notice totals: the figures a notice states for itself as a whole, with the sentence each came from.

`反馈问题32个，已完成整改27个，正在整改5个，整改完成率84.4%`, `制定整改措施112条`, `建立完善制度23项`,
`审计查出问题金额8.6亿元，已整改7.9亿元`. They are read from the sentences outside the findings (the
overview, or a closing line that restates a count), never summed from single findings: a value the
notice does not state is None. Counts of tasks (细化为177项整改任务，已完成174项) are not counts of
problems. Conventions: ../shared/gold/*.summary.json.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional, Sequence

from .lexicon import SUMMARY_PATTERNS, SUMMARY_SUMMABLE, SUMMARY_TASK_WORDS
from .numerals import MAGNITUDE, as_number, to_decimal
from .records import Finding, Summary

_PATTERNS = {key: [re.compile(p) for p in patterns] for key, patterns in SUMMARY_PATTERNS.items()}
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_PROGRESS_KEYS = ("problems_done", "problems_ongoing")  # in a sentence about tasks, these count tasks
_MONEY_KEYS = ("money_recovered", "audit_amount", "audit_amount_rectified")


def notice_summary(text: str, findings: Sequence[Finding]) -> Summary:
    """The notice-wide totals stated outside the findings of `text`."""
    summary = Summary()
    for sentence in _outside_findings(text, findings):
        task_level = any(w in sentence for w in SUMMARY_TASK_WORDS)
        for key, patterns in _PATTERNS.items():
            if getattr(summary, key) is not None or (task_level and key in _PROGRESS_KEYS):
                continue
            value = _value(key, sentence, patterns)
            if value is not None:
                setattr(summary, key, value)
                summary.evidence[key] = sentence.strip()
    if summary.problems_done is not None and summary.problems_total is None:
        summary.problems_done = None  # done of what: without the total the count is not the notice's
        summary.evidence.pop("problems_done", None)
    return summary


def _outside_findings(text: str, findings: Sequence[Finding]) -> list[str]:
    """The sentences of `text` that lie in no finding."""
    spans = sorted((f.start, f.end) for f in findings)
    out, pos = [], 0
    for start, end in spans + [(len(text), len(text))]:
        part = text[pos:start]
        out.extend(m.group().strip() for m in _SENTENCE.finditer(part) if m.group().strip())
        pos = max(pos, end)
    return out


def _value(key: str, sentence: str, patterns: list[re.Pattern]):
    matches = [m for p in patterns for m in p.finditer(sentence)]
    if not matches:
        return None
    if key == "rules_made":
        new = [m for m in matches if m.group("new")]
        if new:  # new and revised rules given apart: the new ones
            matches = new
        elif len({m.start() for m in matches}) > 1 and any("修订" in m.group() for m in matches):
            matches = [m for m in matches if "修订" not in m.group()] or matches
    if key in SUMMARY_SUMMABLE and len(matches) > 1:
        values = [_number(key, m.group("n")) for m in sorted(matches, key=lambda m: m.start())]
        values = [v for v in values if v is not None]
        return _typed(key, sum(values, Decimal(0))) if values else None
    first = min(matches, key=lambda m: m.start())
    value = _number(key, first.group("n"))
    return _typed(key, value) if value is not None else None


def _number(key: str, span: str) -> Optional[Decimal]:
    if key in _MONEY_KEYS:
        m = re.fullmatch(r"(?P<num>[\d,.]+)(?P<mag>万亿|亿|万)?元", span)
        if not m:  # Chinese numerals read their own magnitudes (一千二百万)
            return to_decimal(span.removesuffix("元"))
        number = to_decimal(m.group("num"))
        return None if number is None else number * Decimal(MAGNITUDE.get(m.group("mag") or "", 1))
    return to_decimal(span)


def _typed(key: str, value: Decimal):
    if key in ("completion_rate",) + _MONEY_KEYS:
        return as_number(value)
    return int(value)
