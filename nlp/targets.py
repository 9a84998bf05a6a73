"""Targets: a stated goal paired with the result the notice reports for it.

`2022年企业总资产突破2万亿元 … 截至2022年12月底仅为1.74万亿元`: the goal is a figure whose role is
target; its actual is a figure of the same kind and unit whose role is actual, in the same finding and
paragraph — after the goal or before it (`目前利用率为41.5%……力争到2026年底达到60%以上`). Of several,
the one measuring the same thing (by the words of their metrics) wins, then the nearest.

Pure: the figures it is given are not changed; a target whose own metric is empty borrows its actual's.
"""
from __future__ import annotations

import bisect
from typing import Optional, Sequence

from .lexicon import COMPARATOR, FULL_STOPS
from .records import Figure, Quantity, Target

_KINDS = ("money", "percent", "percentage_point", "count")
_SENTENCE_END = FULL_STOPS + "\n"
_REACH = 2  # sentences either side, where a figure is in no finding


def pair_targets(text: str, figures: Sequence[Figure]) -> list[Target]:
    """Each target figure with its actual where the notice reports one."""
    targets: list[Target] = []
    used: set[int] = set()
    starts = [f.start for f in figures]  # figures come in document order
    for i, fig in enumerate(figures):
        if fig.role != "target" or fig.kind not in _KINDS or fig.value is None:
            continue
        lo, hi = _scope(text, fig)
        best: Optional[tuple[float, int]] = None
        for j in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):  # only those in scope
            other = figures[j]
            if (j == i or j in used or other.role != "actual" or other.kind != fig.kind or other.unit != fig.unit
                    or other.value is None or not _same_record(fig, other)):
                continue
            similarity = _similarity(fig.metric, other.metric)
            if similarity == 0 and not _same_sentence(text, fig, other):
                continue  # different things measured, in different sentences
            distance = other.start - fig.end if other.start >= fig.end else 1.5 * (fig.start - other.end)
            score = 1000 * similarity - distance
            if best is None or score > best[0]:
                best = (score, j)
        actual = figures[best[1]] if best else None
        if best:
            used.add(best[1])
        start = max(text.rfind(ch, 0, min(fig.start, actual.start if actual else fig.start)) for ch in "。；！？\n") + 1
        end = max(fig.end, actual.end) if actual else fig.end
        targets.append(Target(
            metric=fig.metric or (actual.metric if actual else None) or "",
            target=Quantity(fig.value, fig.unit, COMPARATOR[fig.qualifier]),
            deadline_year=fig.year,
            actual=Quantity(actual.value, actual.unit) if actual else None,
            text=text[start:end].strip(), start=start, end=end,
        ))
    return targets


def _scope(text: str, fig: Figure) -> tuple[int, int]:
    """Where the goal's actual may stand: its paragraph, and no further than a few sentences away."""
    para_start = text.rfind("\n", 0, fig.start) + 1
    para_end = text.find("\n", fig.end)
    para_end = len(text) if para_end < 0 else para_end
    lo, hi = fig.start, fig.end
    for _ in range(_REACH):
        lo = max(text.rfind(ch, 0, max(lo - 1, 0)) for ch in _SENTENCE_END) + 1
        ends = [k for k in (text.find(ch, hi) for ch in _SENTENCE_END) if k >= 0]
        hi = (min(ends) + 1) if ends else len(text)
    return max(lo, para_start), min(hi, para_end)


def _same_record(a: Figure, b: Figure) -> bool:
    """In the same finding (a measure belongs to its finding), or both outside any."""
    return (a.record or "").split(".")[0] == (b.record or "").split(".")[0]


def _same_sentence(text: str, a: Figure, b: Figure) -> bool:
    lo, hi = sorted((a.end, b.start)) if a.end <= b.start else sorted((b.end, a.start))
    return not any(ch in text[lo:hi] for ch in _SENTENCE_END)


def _similarity(a: Optional[str], b: Optional[str]) -> float:
    """Share of the shorter metric's characters found in the other; a figure whose metric the notice
    left out (`目前仅为4家`) speaks of the topic at hand, and counts as half alike."""
    if not a or not b:
        return 0.5
    shorter, longer = sorted((a, b), key=len)
    return sum(ch in longer for ch in set(shorter)) / len(set(shorter))
