"""Notice totals: the figures a notice states for itself as a whole, with the sentence each came from.

`反馈问题32个，已完成整改27个，正在整改5个，整改完成率84.4%`, `制定整改措施112条`, `建立完善制度23项`,
`审计查出问题金额8.6亿元，已整改7.9亿元`. They are read from the sentences outside the findings (the
overview, or a closing line that restates a count), never summed from single findings: a value the
notice does not state is None. Counts of tasks (细化为177项整改任务，已完成174项) are not counts of
problems, and a clause about one town or company (其中青山镇反馈问题8个) or an earlier round
(上一轮巡察反馈的12个问题) is not about the notice as a whole. Conventions: ../shared/gold/*.summary.json.

The wording is matched here; the numbers are the figures `nlp.figures` found (run it first), so money
and Chinese numerals are read in one place only.
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Optional, Sequence

from . import sentences
from .lexicon import EARLIER_ROUND, SUBUNIT_NAME, SUMMARY_PATTERNS, SUMMARY_SUMMABLE, SUMMARY_TASK_WORDS, YEAR4
from .numerals import as_number, to_decimal
from .records import Figure, Finding, Summary

_PATTERNS = {key: [re.compile(p) for p in patterns] for key, patterns in SUMMARY_PATTERNS.items()}
_PROGRESS_KEYS = ("problems_done", "problems_ongoing")  # in a sentence about tasks, these count tasks
_MONEY_KEYS = ("money_recovered", "audit_amount", "audit_amount_rectified")
_SUBUNIT = re.compile(SUBUNIT_NAME)
_EARLIER = re.compile(EARLIER_ROUND)
_YEAR = re.compile(rf"(?<!\d)({YEAR4})\s*年(?!\s*\d{{1,2}}\s*月)(?!底|末|以来)")


def notice_summary(text: str, findings: Sequence[Finding], figures: Sequence[Figure] = (),
                   issuer: Optional[str] = None, year: Optional[int] = None) -> Summary:
    """The notice-wide totals stated outside the findings of `text`."""
    return notice_totals(text, findings, figures, issuer, year)[0]


def notice_totals(text: str, findings: Sequence[Finding], figures: Sequence[Figure] = (),
                  issuer: Optional[str] = None, year: Optional[int] = None
                  ) -> tuple[Summary, dict[str, list[int]]]:
    """The totals, and for each the indexes in `figures` of the figures it was read from. `issuer` and
    `year` (the year the notice's own inspection or audit began) tell the notice's own statements from
    remarks about one of its units or an earlier round."""
    summary, used = Summary(), {}
    at = _FigureIndex(figures)
    for sentence in _outside_findings(text, findings):
        task_level = any(w in sentence.text for w in SUMMARY_TASK_WORDS)
        for key, patterns in _PATTERNS.items():
            if getattr(summary, key) is not None or (task_level and key in _PROGRESS_KEYS):
                continue
            matches = [m for p in patterns for m in p.finditer(sentence.text)
                       if _about_whole_notice(sentence.text, m, issuer, year)
                       and not (key in _PROGRESS_KEYS and _counts_measures(sentence.text, m))]
            found = _value(key, matches, sentence.start, at)
            if found is not None:
                setattr(summary, key, found[0])
                summary.evidence[key] = sentence.text
                used[key] = found[1]
    if summary.problems_done is not None and summary.problems_total is None:
        summary.problems_done = None  # done of what: without the total the count is not the notice's
        summary.evidence.pop("problems_done", None)
        used.pop("problems_done", None)
    return summary, used


class _FigureIndex:
    """The figure standing at an offset (its span holds it)."""

    def __init__(self, figures: Sequence[Figure]):
        self.figures = figures
        self.starts = [f.start for f in figures]

    def at(self, pos: int) -> Optional[int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        for j in range(i, max(-1, i - 3), -1):
            if self.figures[j].start <= pos < self.figures[j].end and self.figures[j].kind not in ("date", "period"):
                return j
        return None


def _outside_findings(text: str, findings: Sequence[Finding]) -> list[sentences.Span]:
    """The sentences of `text` that lie in no finding."""
    spans = sorted((f.start, f.end) for f in findings)
    out, pos = [], 0
    for start, end in spans + [(len(text), len(text))]:
        out.extend(sentences.split(text, pos, max(pos, start)))
        pos = max(pos, end)
    return out


def _counts_measures(sentence: str, m: re.Match) -> bool:
    """制定整改措施65项，目前已完成61项: a count of done or ongoing that follows measures counts measures
    (unless it counts by 个, as problems are and measures are not: 措施45条，已完成整改18个)."""
    head = sentence[:m.start()]
    return "个" not in m.group() and max(head.rfind("措施"), head.rfind("举措")) > head.rfind("问题")


def _about_whole_notice(sentence: str, m: re.Match, issuer: Optional[str], year: Optional[int]) -> bool:
    """Whether the clause of the match speaks of the notice as a whole: not of one town, company or
    school in it (unless that is the issuer itself), nor of an earlier round or year."""
    clause = sentence[sentences.start_of(sentence, m.start(), sentences.CLAUSE):m.end()]
    for name in _SUBUNIT.finditer(clause):
        if not issuer or name.group() not in issuer:
            return False
    if _EARLIER.search(clause):
        return False
    return year is None or all(int(y) >= year for y in _YEAR.findall(clause))


def _value(key: str, matches: list[re.Match], offset: int, at: _FigureIndex):
    """(value, figure indexes) from the matches of one sentence, or None."""
    if not matches:
        return None
    if key == "rules_made":
        new = [m for m in matches if m.group("new")]
        if new:  # new and revised rules given apart: the new ones
            matches = new
        elif len({m.start() for m in matches}) > 1 and any("修订" in m.group() for m in matches):
            matches = [m for m in matches if "修订" not in m.group()] or matches
    first = min(matches, key=lambda m: m.start())
    breakdown = first.string.find("其中", first.end())
    if breakdown >= 0:  # 问责12人，其中党纪处分3人: the parts after 其中 are in the total already
        matches = [m for m in matches if m.start() < breakdown]
    by_number = {m.start("n"): m for m in sorted(matches, key=lambda m: m.start("n"))}  # one count, one figure
    picked = list(by_number.values()) if key in SUMMARY_SUMMABLE else [first]
    values, indexes = [], []
    for m in picked:
        index = at.at(offset + m.start("n"))
        value = _number(key, m.group("n"), at.figures[index] if index is not None else None)
        if value is not None:
            values.append(value)
            if index is not None:
                indexes.append(index)
    if not values:
        return None
    total = sum(values, Decimal(0))
    return (as_number(total) if key in ("completion_rate",) + _MONEY_KEYS else int(total)), indexes


def _number(key: str, span: str, figure: Optional[Figure]) -> Optional[Decimal]:
    """The figure's value; a plain whole count where no figure stands (money never: it is read once)."""
    if figure is not None and figure.value is not None:
        return Decimal(repr(figure.value))
    if key in _MONEY_KEYS or key == "completion_rate":
        return None
    return to_decimal(span.strip())
