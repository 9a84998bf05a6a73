"""What part each figure plays, so that nothing incomparable is ever added up.

A figure is a `target` (a goal), an `actual` (a result reached), a `baseline` (the X of 由X提高到Y, a
"before"), a `total` (a stated sum: a notice's own total, or 共计5万元 over its parts) or a `part` (one
part of a stated total: 其中…), or plain (None). Charts add only like with like: never a baseline to
an actual, a target to an actual, or a total to its parts.

Money also says what it is about: `problem` (查出、涉及、违规…), `rectification` (整改、追回、退缴…) or
None (assets, budgets, output: not money of a problem at all), so the money charts count only money
about problems and their rectification.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from . import sentences
from .lexicon import (CHANGE_TO, MONEY_PROBLEM, MONEY_RECTIFIED, NEGATIONS_OF_DONE, PART_CUES, PROBLEM_REPORTED,
                      ROLE_ACTUAL, ROLE_BASELINE, ROLE_REMAINING, ROLE_TARGET, ROLE_TARGET_AFTER, TOTAL_CUES,
                      URGE_VERBS)
from .metrics import blank_names
from .records import Figure

_CUES = {"target": re.compile(ROLE_TARGET), "actual": re.compile(ROLE_ACTUAL), "baseline": re.compile(ROLE_BASELINE),
         "remaining": re.compile(ROLE_REMAINING)}
_TARGET_AFTER = re.compile(ROLE_TARGET_AFTER)
_TARGET_REACH = 50  # a plan's cue governs the figures that follow it closely, not a whole paragraph
_CHANGE_FROM = re.compile(r"[从由][^，。；,;]{0,12}$")
_CHANGE_TO_AFTER = re.compile(rf"[^，。；,;]{{0,8}}?{CHANGE_TO}")
_CHANGED_TO = re.compile(rf"{CHANGE_TO}$")
_URGE = re.compile("|".join(URGE_VERBS))
_UNDONE = re.compile(r"[^，。；,;]{0,6}?(?:未|没有)")  # 3.8亿元未细化到项目: money of a problem
_SUMMABLE = ("money", "count")
_PART_KEYS = ("problems_done", "problems_ongoing")  # parts of the problems' total; other notice totals are totals


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_RECTIFIED = re.compile(rf"(?:{_alternation(NEGATIONS_OF_DONE)})?(?:{_alternation(MONEY_RECTIFIED)})")
_PROBLEM = re.compile(_alternation(MONEY_PROBLEM + PROBLEM_REPORTED))
_REMAINING = re.compile(rf"(?:{ROLE_REMAINING})[^，。；,;]{{0,6}}$")
_TOTAL_CUE = re.compile(rf"(?:{_alternation(TOTAL_CUES)})$")
_PART_CUE = re.compile(_alternation(PART_CUES))
_SHARE = re.compile(r"占[^，。；,;]{0,20}的$")
_PLAIN_RESULT_VERB = re.compile(r"(?<![已未尚])(?:完成|实现|达到)$")  # a result only where nothing plans it


def assign_roles(text: str, figures: Sequence[Figure]) -> None:
    """Target, actual or baseline from the words around each figure; then totals and their parts."""
    for i, fig in enumerate(figures):
        if fig.kind in ("date", "period") or names_next(text, fig, figures[i + 1] if i + 1 < len(figures) else None):
            continue
        fig.role = _role(text, fig)
    _totals_and_parts(text, figures)
    for fig in figures:
        if fig.kind == "money":
            fig.about = money_about(text, fig)


def _role(text: str, fig: Figure) -> Optional[str]:
    start = sentences.start_of(text, fig.start, sentences.CLAUSE, reach=200)
    head = text[start:fig.start]
    if _CHANGE_FROM.search(head) and _CHANGE_TO_AFTER.match(text, fig.end):
        return "baseline"
    if _TARGET_AFTER.match(text, fig.end):
        return "target"  # 完成老旧管网改造45公里的目标
    if _SHARE.search(head):
        return None  # 占年度目标600个的70%: a share of something, neither goal nor result
    role, cue_end = _nearest_cue(blank_names(head))
    verb = _PLAIN_RESULT_VERB.search(head, 0, cue_end) if role == "actual" else None
    phrase = sentences.start_of(head, verb.start(), sentences.PHRASE) if verb else 0
    if verb and _nearest_cue(blank_names(head[phrase:verb.start()]))[0] == "target":
        role = "target"  # 计划2024年完成100个 (in one phrase): the plan's verb, not a result
    if role == "target" and _URGE.search(_phrases_after(head, cue_end)):
        role = "actual"  # 确保整改到位，督促相关单位退还多收费用35万元: the refund was made
    if role is None and _CHANGED_TO.search(head):
        role = "actual"  # the Y of 由X提高到Y, where no goal's cue governs it
    if role == "remaining":  # 确保年底前完成剩余3个项目: a goal's cue still governs what is left
        return "target" if _nearest_cue(blank_names(head), skip="remaining")[0] == "target" else None
    return role


def _nearest_cue(head: str, skip: str = "") -> tuple[Optional[str], int]:
    """The role of the last cue in `head` (a cue inside a longer one does not count: the 完成 of
    2025年底前完成 is part of a deadline), with where that cue ends."""
    found = [(m.start(), m.end(), role) for role, cue in _CUES.items() if role != skip for m in cue.finditer(head)
             if (role != "target" or len(head) - m.start() <= _TARGET_REACH)
             and (role != "baseline" or len(head) - m.end() <= 2)]  # 上年同期为62%: the base is the next figure
    found = [c for c in found if not any(o[0] <= c[0] and c[1] <= o[1] and o != c for o in found)]
    if not found:
        return None, 0
    start, end, role = max(found, key=lambda c: (c[0], c[1]))
    return role, end


def _phrases_after(head: str, pos: int) -> str:
    """The phrases of `head` that begin after the phrase holding `pos`."""
    cut = [i for i in range(pos, len(head)) if head[i] in sentences.PHRASE]
    return head[cut[0] + 1:] if cut else ""


def names_next(text: str, fig: Figure, nxt: Optional[Figure]) -> bool:
    """`过千亿元企业数量达到6家`: the first figure names what the second counts."""
    if nxt is None or nxt.kind == fig.kind or fig.kind not in ("money", "percent"):
        return False
    between = text[fig.end:nxt.start]
    return bool(between) and not re.search(r"[，。；：,、]", between) and "\u4e00" <= between[0] <= "\u9fff"


def _totals_and_parts(text: str, figures: Sequence[Figure]) -> None:
    """In one sentence: `共计X，其中A、B` (X total, A and B parts), `A、B，共计X` where A + B = X."""
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for fig in figures:
        if fig.kind in _SUMMABLE and fig.value is not None and fig.role not in ("target", "baseline"):
            by_sentence.setdefault(sentences.around(text, fig.start), []).append(fig)
    for (start, end), group in by_sentence.items():
        for i, total in enumerate(group):
            same = [f for f in group if f is not total and (f.kind, f.unit) == (total.kind, total.unit)]
            later = [f for f in same if f.start > total.end]
            cue = _PART_CUE.search(text, total.end, later[0].start) if later else None
            if cue:
                parts = _run_after(group, cue.end(), total)
                if parts:
                    total.role = "total"
                    for part in parts:
                        part.role = "part"
                    continue
            earlier = [f for f in same if f.end <= total.start and f.role != "part"]
            if (len(earlier) > 1 and _TOTAL_CUE.search(text[max(start, total.start - 4):total.start])
                    and abs(sum(f.value for f in earlier) - total.value) <= 1e-6 * max(1.0, total.value)):
                total.role = "total"
                for part in earlier:
                    part.role = "part"


def _run_after(group: Sequence[Figure], pos: int, total: Figure) -> list[Figure]:
    """The figures of `total`'s kind and unit that follow `pos` one after another (其中A、B), up to the
    first figure of another kind (其中收回资金1200万元，完善制度17项: 17项 is no part of a sum of money)."""
    run = []
    for fig in (f for f in group if f.start > pos):
        if (fig.kind, fig.unit) != (total.kind, total.unit) or fig.value > total.value:
            break
        run.append(fig)
    return run


def money_about(text: str, fig: Figure) -> Optional[str]:
    """`rectification` where the words before the amount in its phrase rectify (整改、追回 …, not 未整改),
    else `problem` where they or the words after it in its phrase name a problem (查出、违规、闲置 …),
    else None (an asset, a budget, an output value)."""
    phrase_start = sentences.start_of(text, fig.start, sentences.PHRASE, reach=40)
    head = text[phrase_start:fig.start]
    tail = text[fig.end:sentences.end_of(text, fig.end, sentences.PHRASE)][:20]
    if _REMAINING.search(head):
        return None  # 剩余4.5万元正在追缴: neither new problem money nor money rectified
    done = [m for m in _RECTIFIED.finditer(head) if not m.group().startswith(NEGATIONS_OF_DONE)]
    if done:
        return "rectification"
    if _PROBLEM.search(head) or _PROBLEM.search(tail) or _RECTIFIED.search(head) or _UNDONE.match(tail):
        return "problem"
    clause = text[sentences.start_of(text, fig.start, sentences.CLAUSE, reach=80):fig.start]
    if _RECTIFIED.search(clause) and not _PROBLEM.search(clause):
        return "rectification"  # 已追回违规资金12万元、罚款3万元: the verb governs the list
    return "problem" if _PROBLEM.search(clause) else None


def mark_totals(figures: Sequence[Figure], used: dict[str, list[int]]) -> None:
    """The figures a notice's totals came from are totals (done and ongoing counts: parts of the
    problems' total); a goal or a base stays what it is."""
    for key, indexes in used.items():
        for i in indexes:
            fig = figures[i]
            if fig.kind in _SUMMABLE and fig.role in (None, "actual"):  # a part of a stated sum stays one
                fig.role = "part" if key in _PART_KEYS else "total"
