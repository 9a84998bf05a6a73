"""Targets: a stated goal paired with the result the notice reports for it.

`2022年企业总资产突破2万亿元 … 截至2022年12月底仅为1.74万亿元`: the goal is a figure whose role is
target; its actual is the next figure of the same kind and unit whose role is actual, in the same or
the following sentence. Lists pair in order.
"""
from __future__ import annotations

from typing import Sequence

from .records import Figure, Quantity, Target

_COMPARATOR = {"more_than": ">", "at_least": ">=", "less_than": "<", "at_most": "<=", "approx": "≈", None: "="}
_KINDS = ("money", "percent", "percentage_point", "count")
_SENTENCE_END = "。！？\n"


def _sentence_end(text: str, pos: int, sentences: int) -> int:
    for _ in range(sentences):
        ends = [i for i in (text.find(ch, pos) for ch in _SENTENCE_END) if i >= 0]
        if not ends:
            return len(text)
        pos = min(ends) + 1
    return pos


def pair_targets(text: str, figures: Sequence[Figure]) -> list[Target]:
    """Each target figure with its actual where the notice reports one."""
    targets: list[Target] = []
    used: set[int] = set()
    for i, fig in enumerate(figures):
        if fig.role != "target" or fig.kind not in _KINDS or fig.value is None:
            continue
        limit = _sentence_end(text, fig.end, 2)
        actual = None
        for j in range(i + 1, len(figures)):
            other = figures[j]
            if other.start >= limit:
                break
            if (j not in used and other.role == "actual" and other.kind == fig.kind and other.unit == fig.unit
                    and other.value is not None):
                actual = other
                used.add(j)
                other.metric = other.metric or fig.metric
                break
        end = actual.end if actual else fig.end
        sentence_start = max(text.rfind(ch, 0, fig.start) for ch in "。；！？\n") + 1
        targets.append(Target(
            metric=fig.metric or "",
            target=Quantity(fig.value, fig.unit, _COMPARATOR[fig.qualifier]),
            deadline_year=fig.year,
            actual=Quantity(actual.value, actual.unit) if actual else None,
            text=text[sentence_start:end].strip(),
            start=sentence_start, end=end,
        ))
    return targets
