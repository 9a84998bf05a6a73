"""Targets: a stated goal paired with the result the notice reports for it, and the base it started from.

`2022年企业总资产突破2万亿元 … 截至2022年12月底仅为1.74万亿元`: the goal is a figure whose role is
target; its actual is a figure of the same kind and unit that the notice reports as reached. Where the
actual may stand is the goal's whole scope: the finding it belongs to (problem text, measures, the cells
of a ledger row: `管网漏损率达25%` in the problem, `力争漏损率降至10%以下` two paragraphs on), or, for a
goal outside every finding, the notice (`整改完成率75%` in the overview, `确保…整改完成率达到100%` in the
next steps). Near the goal (its paragraph, two sentences either side) the usual wording is enough; further
off, the two must measure the same thing by the words of their metrics. Of several, the one measuring the
same thing wins, then the nearest. `由62.5%提高到81.4%，力争…达到95%以上`: 81.4 is the actual and 62.5
its baseline.

A plain figure (no cue) chosen as a goal's actual becomes `actual`; nothing else about the figures changes.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Optional, Sequence

from . import sentences
from .lexicon import CHANGE_TO, COMPARATOR
from .records import Figure, Quantity, Target
from .figure_roles import names_next

_KINDS = ("money", "percent", "percentage_point", "count")
_NEAR_SENTENCES = 1     # a goal's own paragraph, this many sentences either side: wording alone pairs
_SAME_THING = 0.75      # further off, the metrics must share this much to be one measure
_WINDOW = 60           # candidates either side of a goal in its scope
_FAR = 800             # characters beyond which two figures are never near
_VERB_ONLY = re.compile(r"(?:已经?|均|累计|共|目前|实际|全部)?(?:完成|实现|达到|建成|办结|整改|新增)?(?:了)?")
_CHANGE = re.compile(rf"^[^，。；,;]{{0,8}}?{CHANGE_TO}$")


def pair_targets(text: str, figures: Sequence[Figure]) -> list[Target]:
    """Each target figure with its actual (and baseline) where the notice reports one."""
    scopes: dict[tuple, list[int]] = defaultdict(list)
    for j, fig in enumerate(figures):
        if fig.kind in _KINDS and fig.value is not None and \
                not names_next(text, fig, figures[j + 1] if j + 1 < len(figures) else None):  # 过千亿元企业
            scopes[(_scope_key(fig), fig.kind, fig.unit)].append(j)
    starts = {key: [figures[j].start for j in members] for key, members in scopes.items()}
    targets: list[Target] = []
    used: set[int] = set()
    for i, fig in enumerate(figures):
        if fig.role != "target" or fig.kind not in _KINDS or fig.value is None:
            continue
        key = (_scope_key(fig), fig.kind, fig.unit)
        members = scopes[key]
        at = bisect.bisect_left(starts[key], fig.start)
        best: Optional[tuple[float, int]] = None
        for j in members[max(0, at - _WINDOW):at + _WINDOW]:  # the nearest of its scope: a long notice stays fast
            other = figures[j]
            if j == i or j in used or other.role not in ("actual", None, "total", "part"):
                continue
            score = _score(text, fig, other)
            if score is not None and (best is None or score > best[0]):
                best = (score, j)
        actual = figures[best[1]] if best else None
        if best:
            used.add(best[1])
            if actual.role is None:
                actual.role = "actual"
        baseline = _baseline(text, figures, best[1]) if best else None
        baseline = baseline or _baseline(text, figures, i)
        start, end = sentences.around(text, min(fig.start, actual.start) if actual else fig.start)
        end = max(end, sentences.end_of(text, max(fig.end, actual.end) if actual else fig.end))
        if actual and (abs(fig.start - actual.start) >= _FAR or not _near(text, fig, actual)):
            start, end = sentences.around(text, fig.start)  # a far actual: the goal's sentence, then the actual's
            a_start, a_end = sentences.around(text, actual.start)
            quote = text[start:end].strip() + "……" + text[a_start:a_end].strip()
        else:
            quote = text[start:end].strip()
        targets.append(Target(
            metric=fig.metric or (actual.metric if actual else None) or "",
            target=Quantity(fig.value, fig.unit, COMPARATOR[fig.qualifier]),
            deadline_year=fig.year,
            actual=Quantity(actual.value, actual.unit) if actual else None,
            text=quote, start=start, end=end,
            baseline=Quantity(baseline.value, baseline.unit) if baseline else None,
        ))
    return targets


def _scope_key(fig: Figure) -> str:
    """A goal's scope: its finding (a measure belongs to its finding), or the notice outside them."""
    return (fig.record or "").split(".")[0]


def _score(text: str, goal: Figure, other: Figure) -> Optional[float]:
    """How well `other` reads as the result of `goal` (higher is better), or None where it cannot be."""
    distance = abs(goal.start - other.start)
    if distance >= _FAR and not (goal.metric and other.metric):
        return None  # far off, only a measure named alike can be the goal's
    similarity = _similarity(goal.metric, other.metric)
    apart = sentences.count_between(text, goal.start, other.start) if distance < _FAR else distance / 40
    near = distance < _FAR and _near(text, goal, other)
    strong = bool(_named(goal.metric) and _named(other.metric)) and similarity >= _SAME_THING
    if other.role == "actual" and near:
        if similarity == 0 and apart > 0:
            return None  # different things measured, in different sentences
    elif not strong:
        return None  # a plain figure, or one further off, must measure the same thing
    elif other.role is None and other.year is not None and goal.year is not None and other.year < goal.year:
        return None  # 2022年度…9个；计划2023年度…11个: a plain figure of an earlier year is history, not progress
    after = other.start >= goal.end
    same_sentence = 60 if apart == 0 else 0  # 明确…30公里的目标，目前已完成12公里: the goal's own sentence first
    return (100 * similarity + (20 if other.role == "actual" else 0) + same_sentence
            - apart * (1.0 if after else 1.5) - (0 if near else 5) - (0 if after else 0.5))


def _named(metric: Optional[str]) -> Optional[str]:
    """A metric that names something: `已完成`, `累计实现` are only verbs."""
    return None if not metric or _VERB_ONLY.fullmatch(metric) else metric


def _near(text: str, a: Figure, b: Figure) -> bool:
    """In one paragraph, at most a couple of sentences apart."""
    return sentences.count_between(text, a.start, b.start) <= _NEAR_SENTENCES and \
        not sentences.crosses(text, a.start, b.start, "\n")


def _baseline(text: str, figures: Sequence[Figure], j: int) -> Optional[Figure]:
    """The X of `由X提高到Y` where figures[j] is the Y."""
    if j == 0:
        return None
    before, fig = figures[j - 1], figures[j]
    if before.role == "baseline" and (before.kind, before.unit) == (fig.kind, fig.unit) and \
            _CHANGE.match(text[before.end:fig.start]):
        return before
    return None


def _similarity(a: Optional[str], b: Optional[str]) -> float:
    """Share of the shorter metric's characters found in the other; a figure whose metric the notice
    left out (`目前仅为4家`, `已完成12公里`) speaks of the topic at hand, and counts as half alike."""
    a, b = _named(a), _named(b)
    if not a or not b:
        return 0.5
    shorter, longer = sorted((a, b), key=len)
    return sum(ch in longer for ch in set(shorter)) / len(set(shorter))
