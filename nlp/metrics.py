"""What each figure measures and which year it belongs to, read from the words around it.

The metric is the noun phrase a figure measures, in the notice's words: the words before it in its
phrase (after any time or plan frame, keeping its verb: 已完成整改27个 → 已完成整改), or for a count the
thing it counts where that follows (出台9个管理办法 → 管理办法, 对风险较高的62家企业 → 企业), never the
office that did the counting (市财政局检查预算单位58家 → 预算单位, not 市财政局).
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from . import sentences
from .lexicon import (CHANGE_TO, COUNT_VERBS, METRIC_ACTOR, METRIC_DROP, METRIC_FRAMES, METRIC_LEAD, METRIC_TAIL,
                      NOUN_END_VERBS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, YEAR4, YEAR_CN)
from .numerals import to_decimal
from .records import Figure

_PRE_Q = "|".join(sorted(map(re.escape, QUALIFIERS_BEFORE), key=len, reverse=True))
_FRAME = re.compile(METRIC_FRAMES)
_LEAD = re.compile(METRIC_LEAD)
_DROP = re.compile(METRIC_DROP)
_TAIL = re.compile(METRIC_TAIL)
_ACTOR = re.compile(METRIC_ACTOR)
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff“”]{2,20}")
_NOUN_END = re.compile("|".join(sorted(map(re.escape, NOUN_END_VERBS), key=len, reverse=True)) + r"|[和与及在]")
# 收缴率由整改前的62.5%提高到81.4%: both figures measure what stands before 由
_CHANGE_FROM = re.compile(r"[由从][^，。；,;]{0,14}$")
_CHANGE_Y = re.compile(rf"[由从][^，。；,;]{{0,24}}{CHANGE_TO}$")
_CHANGE_X = re.compile(rf"[^，。；,;]{{0,8}}?{CHANGE_TO}")
_EARLIER_FIGURE = re.compile(r"\d[\d.,]*\s?(?:个方面|方面|大项|大类|类|个|项|条|家|人|名|次|件|%|万元|亿元|元)")
_BOOK = re.compile(r"《[^《》\n]{0,80}》")
_SHORT_QUOTE = re.compile(r"“[^“”\n]{1,12}”")
_Y4 = f"{YEAR4}|{YEAR_CN}"
_YEAR = re.compile(rf"(?<![\d较比])(?:{_Y4})(?:\s*、\s*(?:{_Y4}))*\s*年")  # a year a figure belongs to, not a base


def blank_names(span: str) -> str:
    """Hide quoted names and book titles (“精准招引计划”, 《…规划》) from a cue search."""
    return _SHORT_QUOTE.sub(lambda m: " " * len(m.group()), _BOOK.sub(lambda m: " " * len(m.group()), span))


def metric(text: str, fig: Figure) -> Optional[str]:
    """The noun phrase `fig` measures (None where its phrase names nothing)."""
    before = text[sentences.start_of(text, fig.start, sentences.PHRASE, reach=60):fig.start]
    change = _CHANGE_Y.search(before) or (_CHANGE_X.match(text, fig.end) and _CHANGE_FROM.search(before))
    if change:
        before = before[:change.start()]
    before = re.sub(rf"(?:{_PRE_Q})$", "", before)
    after_figure = bool(_EARLIER_FIGURE.search(before))
    before = _EARLIER_FIGURE.split(before)[-1]  # 3个方面14个问题已完成整改11个: 问题已完成整改
    frames = list(_FRAME.finditer(blank_names(before)))
    if frames:
        before = before[frames[-1].end():]
    before = _LEAD.sub("", before, count=1)
    before = _DROP.sub("", before).strip("“”《》（） ")
    counting = before.endswith(COUNT_VERBS + ("的",))  # 出台9个…, 风险较高的62家…: the noun follows
    before = _TAIL.sub("", before).strip("“”《》（） ")
    if fig.kind == "count":
        noun = noun_after(text, fig.end)
        if noun and (len(before) < 2 or counting or after_figure or re.search(r"\d", before)
                     or _ACTOR.match(before) or _verb_phrase(before)):
            return noun
    before = _ACTOR.sub("", before, count=1) if len(_ACTOR.sub("", before, count=1)) >= 2 else before
    before = re.sub(r"[从由]?[\d.,%、万亿千百元个家人名项次]+$", "", before)
    return before[-30:] or None


def _verb_phrase(words: str) -> bool:
    """`已统筹用于`, `累计走访`: words that say what was done, not what was counted."""
    return bool(re.search(r"(?:用于|对|向|给|为|在|于|将|把|已|共|累计)$", words))


def noun_after(text: str, end: int) -> Optional[str]:
    """The noun a count counts, when one follows it (`9个管理办法`), without its verb or modifiers."""
    m = _NOUN_AFTER.match(text, end)
    if not m or m.group().startswith(QUALIFIERS_AFTER + ("的",)):  # 45公里的目标: no noun counted
        return None
    phrase = m.group()
    cut = _NOUN_END.search(phrase, 1)
    if cut:
        phrase = phrase[:cut.start()]
    phrase = phrase.rsplit("的", 1)[-1].strip("“”").removesuffix("中")
    return phrase if len(phrase) >= 2 else None


def assign_years(text: str, figures: Sequence[Figure], lists: Sequence[tuple[int, int]]) -> None:
    """The year a figure belongs to: the last year named in its clause; in `2021、2022年…1.54%、1.51%`
    each figure of the list takes its year in order."""
    for fig, (index, size) in zip(figures, lists):
        if fig.year is not None:
            continue
        start = sentences.start_of(text, fig.start, sentences.CLAUSE, reach=200)
        years = list(_YEAR.finditer(text, start, fig.start))
        if not years:
            continue
        listed = [int(to_decimal(y)) for y in re.findall(_Y4, years[-1].group())]
        fig.year = listed[index] if len(listed) == size and size > 1 else listed[-1]


def list_positions(text: str, figures: Sequence[Figure]) -> list[tuple[int, int]]:
    """(index in its 、-list, list length) for each figure."""
    out = [(0, 1)] * len(figures)
    i = 0
    while i < len(figures):
        j = i
        while (j + 1 < len(figures) and figures[j + 1].kind == figures[i].kind
               and text[figures[j].end:figures[j + 1].start] in ("、", "和", "及")):
            j += 1
        for k in range(i, j + 1):
            out[k] = (k - i, j - i + 1)
        i = j + 1
    return out
