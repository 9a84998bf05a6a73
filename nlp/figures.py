"""Every quantity in a notice, normalised: money to 元, percent, percentage points, counts with their
measure word, ranges, durations, dates and periods; each with its qualifier, year, metric, role and
the record it sits in.

Three passes over the text, each a regular expression followed by checks a regular expression cannot
make (ordinals, names in quotes or book titles, idioms such as 两张皮): dates and periods first, then
ranges, then single quantities; a later pass skips what an earlier one took.
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Iterable, Optional, Sequence

from .lexicon import (CLAUSE_END, SENTENCE_END, COUNT_UNITS, COUNT_VERBS, DURATION_UNITS, IDIOM_AFTER, MAGNITUDES, METRIC_DROP, METRIC_FRAMES,
                      METRIC_LEAD, METRIC_TAIL, NOUN_END_VERBS, ONE_CUES, QUALIFIER, QUALIFIERS_AFTER,
                      QUALIFIERS_BEFORE, ROLE_ACTUAL, ROLE_BASELINE, ROLE_TARGET, VAGUE_CN_UNITS, YEAR4, YEAR_CN)
from .metadata import FULL_DATE, ISO_DATE, iso
from .numerals import CN_NUMERAL_CHARS, MAGNITUDE, as_number, small_int, to_decimal
from .records import Figure, Finding

def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_MAG = _alternation(MAGNITUDES)
_COUNT_UNITS = _alternation(COUNT_UNITS)
_DURATION_UNITS = "|".join(w + ("(?!年)" if w == "周" else "") for w in DURATION_UNITS)  # 周年 is an anniversary
_PRE_Q = _alternation(QUALIFIERS_BEFORE)
# A single space may stand between number and unit in web and PDF copies (`4512.36 万元`, `7 个`).
_QTY = re.compile(
    rf"(?P<pre>{_PRE_Q})?"
    rf"(?:百分之(?P<cnpct>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
    rf"|(?P<num>{_ARABIC}|{_CHINESE})(?P<mid>余|多)?(?: ?(?P<mag>{_MAG}))?(?P<mid2>余|多)? ?"
    rf"(?P<unit>个百分点|百分点|%|元|{_DURATION_UNITS}|{_COUNT_UNITS}))"
    rf"(?P<post>{_alternation(QUALIFIERS_AFTER)})?"
)
_RANGE = re.compile(
    rf"(?P<lo>{_ARABIC})(?P<lounit>%|(?:{_MAG})?元)?\s*[-~～—至到]\s*(?P<hi>{_ARABIC})"
    rf"(?P<unit>%|(?:{_MAG})?元|{_COUNT_UNITS})?"
)
_YEAR_SPAN = re.compile(rf"(?<!\d)(?P<a>{YEAR4})\s*(?:年)?\s*[-~～—至到]\s*(?P<b>{YEAR4})\s*年")
_MONTH = re.compile(
    rf"(?:(?P<y>{YEAR4})\s*年\s*)?(?P<m>1[0-2]|0?[1-9])\s*月\s*(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*日|(?P<part>底|末|初|中旬|上旬|下旬|份))?")
_Y4 = f"{YEAR4}|{YEAR_CN}"
# A year a figure belongs to; not a comparison base (较2022年, 比上年).
_YEAR = re.compile(rf"(?<![\d较比])(?:{_Y4})(?:\s*、\s*(?:{_Y4}))*\s*年")
_DURATION_YEARS = re.compile(r"(?P<pre>近|连续|满|超过)?(?P<num>\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个)?年(?P<post>内|以内|以上|来|间|多)?")
_BOOK = re.compile(r"《[^《》\n]{0,80}》")
_SHORT_QUOTE = re.compile(r"“[^“”\n]{1,12}”")
_CLAUSE_END = CLAUSE_END
_SENTENCE_END = SENTENCE_END
_KIND_OF_UNIT = {"个百分点": "percentage_point", "百分点": "percentage_point", "%": "percent"}
_ROLE_CUES = {"target": re.compile(ROLE_TARGET), "actual": re.compile(ROLE_ACTUAL),
              "baseline": re.compile(ROLE_BASELINE)}
_METRIC_FRAME = re.compile(METRIC_FRAMES)
_METRIC_LEAD = re.compile(METRIC_LEAD)
_METRIC_DROP = re.compile(METRIC_DROP)
_METRIC_TAIL = re.compile(METRIC_TAIL)
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff“”]{2,20}")
_NOUN_END = re.compile(_alternation(NOUN_END_VERBS) + r"|[和与及在]")


def find_figures(text: str, findings: Sequence[Finding] = (), notice_date: Optional[str] = None) -> list[Figure]:
    """All figures in `text`, in document order, linked to the findings and measures they sit in."""
    context = _Context(text, findings, notice_date)
    taken: list[tuple[int, int]] = []
    figures: list[Figure] = []
    for finder in (_periods, _dates, _ranges, _quantities, _year_durations):
        for fig in finder(text, context):
            if not _overlaps(taken, fig.start, fig.end):
                bisect.insort(taken, (fig.start, fig.end))
                figures.append(fig)
    figures.sort(key=lambda f: f.start)
    _share_list_units(text, figures)
    for fig in figures:
        fig.record = context.record_at(fig.start)
        if fig.kind not in ("date", "period"):
            fig.metric = _metric(text, fig)
    lists = _list_positions(text, figures)
    _assign_years(text, figures, lists)
    _assign_roles(text, figures)
    for i, (index, _) in enumerate(lists):  # a list's members measure what its first figure does
        if index:
            figures[i].metric = figures[i - index].metric
    return figures


class _Context:
    """Lookups shared by the passes: names to skip, records by offset, years for 4月4日."""

    def __init__(self, text: str, findings: Sequence[Finding], notice_date: Optional[str]):
        self.names = sorted([(m.start(), m.end()) for m in _BOOK.finditer(text)]
                            + [(m.start(), m.end()) for m in _SHORT_QUOTE.finditer(text)])
        self.name_starts = [s for s, _ in self.names]
        spans: list[tuple[int, int, str]] = []
        for f in findings:
            spans.append((f.start, f.end, f.id))
            spans.extend((m.start, m.end, m.id) for m in f.measures)
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        self.spans, self.span_starts = spans, [s[0] for s in spans]
        self.years = [(m.start(), int(m.group(1))) for m in re.finditer(r"(?<!\d)((?:19|20)\d\d)\s*年", text)]
        self.year_pos = [p for p, _ in self.years]
        self.notice_date = notice_date

    def in_name(self, start: int, end: int) -> bool:
        """Inside a book title or a short quoted name (the three nearest cover nesting)."""
        i = bisect.bisect_right(self.name_starts, start)
        return any(s <= start and end <= e for s, e in self.names[max(0, i - 3):i])

    def record_at(self, pos: int) -> Optional[str]:
        """The innermost finding or measure whose span holds `pos`."""
        i = bisect.bisect_right(self.span_starts, pos) - 1
        best = None
        for j in range(i, max(-1, i - 40), -1):
            s, e, rid = self.spans[j]
            if s <= pos < e and (best is None or s >= best[0]):
                best = (s, rid)
                if "." in rid:
                    break
        return best[1] if best else None

    def year_for(self, text: str, pos: int, month: str) -> Optional[int]:
        """The year of `4月4日`: one named earlier in its sentence, else the notice's year (the year
        before, for a month after the notice's), else the last year named anywhere before."""
        i = bisect.bisect_left(self.year_pos, pos) - 1
        if i >= 0 and _clause_start(text, pos, _SENTENCE_END, reach=200) <= self.years[i][0]:
            return self.years[i][1]
        if self.notice_date:
            year, notice_month = int(self.notice_date[:4]), int(self.notice_date[5:7])
            return year - 1 if (small_int(month) or 0) > notice_month else year
        return self.years[i][1] if i >= 0 else None


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(taken, (start, end))
    for j in (i - 1, i):
        if 0 <= j < len(taken) and taken[j][0] < end and start < taken[j][1]:
            return True
    return False


# --- dates and periods -------------------------------------------------------------------------

def _periods(text: str, ctx: _Context) -> Iterable[Figure]:
    for m in _YEAR_SPAN.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= b:
            yield Figure(m.group(), "period", "年", m.start(), m.end(), low=a, high=b, year=b, normalized=f"{a}/{b}")
    for m in re.finditer(rf"{FULL_DATE.pattern}\s*(?:至|到|—|-|~)\s*", text):
        tail = _MONTH.match(text, m.end())
        if not tail or not tail.group("d"):
            continue
        start_iso = _date_iso(m.group("y"), m.group("m"), m.group("d"), None)
        end_iso = _date_iso(tail.group("y") or m.group("y"), tail.group("m"), tail.group("d"), None)
        if start_iso and end_iso:
            yield Figure(text[m.start():tail.end()], "period", "日", m.start(), tail.end(),
                         year=int(end_iso[:4]), normalized=f"{start_iso}/{end_iso}")


def _dates(text: str, ctx: _Context) -> Iterable[Figure]:
    for m in FULL_DATE.finditer(text):
        value = _date_iso(m.group("y"), m.group("m"), m.group("d"), None)
        if value:
            yield Figure(m.group(), "date", "日", m.start(), m.end(), year=int(value[:4]), normalized=value)
    for m in ISO_DATE.finditer(text):
        value = _date_iso(m.group("y"), m.group("m"), m.group("d"), None)
        if value:
            yield Figure(m.group(), "date", "日", m.start(), m.end(), year=int(value[:4]), normalized=value)
    for m in _MONTH.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        year = int(m.group("y")) if m.group("y") else ctx.year_for(text, m.start(), m.group("m"))
        if year is None:
            continue
        value = _date_iso(str(year), m.group("m"), m.group("d"), m.group("part"))
        if value:
            yield Figure(m.group().strip(), "date", "日" if m.group("d") else "月", m.start(), m.end(),
                         year=year, normalized=value)


def _date_iso(y: Optional[str], m: str, d: Optional[str], part: Optional[str]) -> Optional[str]:
    year = int(to_decimal(y) or 0) if y else 0
    month = small_int(m) or 0
    if d:
        return iso(year, month, small_int(d) or 0)
    if not (1900 < year < 2200 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"


# --- ranges and durations -----------------------------------------------------------------------

def _ranges(text: str, ctx: _Context) -> Iterable[Figure]:
    for m in _RANGE.finditer(text):
        lo_s, hi_s, unit = m.group("lo"), m.group("hi"), m.group("unit") or m.group("lounit") or ""
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in ".第"):
            continue
        if not unit and "." not in lo_s + hi_s:
            continue  # 1-4专题 is a label, not a range
        if ctx.in_name(m.start(), m.end()):
            continue
        lo, hi = to_decimal(lo_s), to_decimal(hi_s)
        if lo is None or hi is None or lo > hi:
            continue
        factor, unit = _unit_factor(unit)
        yield Figure(m.group(), "range", unit, m.start(), m.end(),
                     low=as_number(lo * factor), high=as_number(hi * factor))


def _year_durations(text: str, ctx: _Context) -> Iterable[Figure]:
    for m in _DURATION_YEARS.finditer(text):
        if not (m.group("pre") or m.group("post")) or ctx.in_name(m.start(), m.end()):
            continue
        value = to_decimal(m.group("num"))
        if value is None or value > 50:
            continue
        qualifier = QUALIFIER.get(m.group("pre") or "") or QUALIFIER.get(m.group("post") or "")
        yield Figure(m.group(), "duration", "年", m.start(), m.end(), value=as_number(value), qualifier=qualifier)


# --- single quantities -------------------------------------------------------------------------

def _unit_factor(unit: str) -> tuple[Decimal, str]:
    """元-based money units to (factor, '元'); other units unchanged."""
    if unit.endswith("元"):
        mag = unit[:-1]
        return Decimal(MAGNITUDE.get(mag, 1)), "元"
    if unit == "个百分点":
        return Decimal(1), "百分点"
    return Decimal(1), unit


def _quantities(text: str, ctx: _Context) -> Iterable[Figure]:
    for m in _QTY.finditer(text):
        fig = _quantity(text, m, ctx)
        if fig is not None:
            yield fig


def _quantity(text: str, m: re.Match, ctx: _Context) -> Optional[Figure]:
    num, unit, pre = m.group("num"), m.group("unit"), m.group("pre")
    num_start = m.start("num") if num else m.start()
    before = text[num_start - 1] if num_start > 0 else ""
    if m.group("cnpct") is not None:
        value = to_decimal(m.group("cnpct"))
        kind, unit = "percent", "%"
    else:
        if before == "第" or (before == "前" and unit in ("名", "位")) or (before and (before.isascii() and before.isalnum() or before in ".-/")):
            return None
        chinese = not num[0].isdigit()
        if chinese and not _chinese_count_ok(text, m, num, unit, pre, before):
            return None
        value = to_decimal(num)
        kind = _KIND_OF_UNIT.get(unit) or ("money" if unit.endswith("元") else
                                           "duration" if unit in DURATION_UNITS else "count")
        factor, unit = _unit_factor(unit)
        if value is not None:
            value = value * factor * Decimal(MAGNITUDE.get(m.group("mag") or "", 1))
        if kind == "duration":
            unit = unit.lstrip("个")
    if value is None or ctx.in_name(m.start(), m.end()):
        return None
    qualifier = None
    for q in (m.group("mid"), m.group("mid2"), m.group("post"), pre):
        if q and q in QUALIFIER:
            qualifier = QUALIFIER[q]
            break
    start = m.start() if pre in ("约", "大约") else (m.start("num") if num else m.start("cnpct") - 3)
    return Figure(text[start:m.end()], kind, unit, start, m.end(), value=as_number(value), qualifier=qualifier)


def _chinese_count_ok(text: str, m: re.Match, num: str, unit: str, pre: Optional[str], before: str) -> bool:
    """Chinese numerals count only where they count something, not in names and idioms."""
    if before and before in CN_NUMERAL_CHARS:
        return False
    after = text[m.end():m.end() + 3]
    if any(after.startswith(w) for w in IDIOM_AFTER):
        return False
    if unit in VAGUE_CN_UNITS:
        return False  # 干部三处, 一批, 一本 …: in Chinese numerals these are names or vague
    if num[0] in "百千万亿":
        return bool(pre) or before in "过超破达逾近约"
    if num == "一":
        head = text[max(0, m.start() - 4):m.start()]
        return bool(pre) or any(head.endswith(cue) for cue in ONE_CUES)
    return True


def _magnitude_of(fig: Figure) -> Decimal:
    """What the figure's own number was multiplied by (10^4 for 1.4万元): a list's bare numbers share it."""
    head = re.match(rf"(?:{_PRE_Q})?({_ARABIC})", fig.text)
    number = to_decimal(head.group(1)) if head else None
    if not number or fig.value is None:
        return Decimal(1)
    return (Decimal(repr(fig.value)) / number).quantize(Decimal(1)) or Decimal(1)


def _share_list_units(text: str, figures: list[Figure]) -> None:
    """`1.54、1.51%` and `9、11个`: a bare number in a list takes the unit of the list's last figure."""
    extra: list[Figure] = []
    for fig in figures:
        if fig.kind not in ("percent", "count", "money", "percentage_point") or fig.text[0] in "约百":
            continue
        pos = fig.start
        while True:
            m = re.search(rf"(?<![\d.])({_ARABIC})、$", text[max(0, pos - 24):pos])
            if not m:
                break
            start = max(0, pos - 24) + m.start(1)
            value = to_decimal(m.group(1))
            if value is None:
                break
            extra.append(Figure(m.group(1), fig.kind, fig.unit, start, start + len(m.group(1)),
                                value=as_number(value * _magnitude_of(fig))))
            pos = start
    if extra:
        figures.extend(extra)
        figures.sort(key=lambda f: f.start)


# --- what each figure measures ------------------------------------------------------------------

def _clause_start(text: str, pos: int, stops: str = _CLAUSE_END, reach: int = 60) -> int:
    lo = max(0, pos - reach)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in stops:
            return i + 1
    return lo


def _metric(text: str, fig: Figure) -> Optional[str]:
    """The noun phrase a figure measures: the words before it in its clause (after any time or plan
    frame, keeping its verb: 已完成整改27个 → 已完成整改), or for a count the noun it counts
    (出台9个管理办法 → 管理办法, 对风险较高的62家企业 → 企业). A clause ends at 、 too, so a metric never
    runs back over its list neighbours."""
    before = text[_clause_start(text, fig.start, _CLAUSE_END):fig.start]
    before = re.sub(rf"(?:{_PRE_Q})$", "", before)
    frames = list(_METRIC_FRAME.finditer(_blank_names(before)))
    if frames:
        before = before[frames[-1].end():]
    before = _METRIC_LEAD.sub("", before, count=1)
    before = _METRIC_DROP.sub("", before).strip("“”《》（） ")
    counting = before.endswith(COUNT_VERBS + ("的",))  # 出台9个…, 风险较高的62家…: the noun follows
    before = _METRIC_TAIL.sub("", before).strip("“”《》（） ")
    if fig.kind == "count":
        noun = _noun_after(text, fig.end)
        if noun and (len(before) < 2 or counting or re.search(r"\d", before)):
            return noun
    before = re.sub(r"[从由]?[\d.,%、万亿千百元个家人名项次]+$", "", before)
    return before[-30:] or None


def _noun_after(text: str, end: int) -> Optional[str]:
    """The noun a count counts, when one follows it (`9个管理办法`), without its verb or modifiers."""
    m = _NOUN_AFTER.match(text, end)
    if not m or m.group().startswith(QUALIFIERS_AFTER):
        return None
    phrase = m.group()
    cut = _NOUN_END.search(phrase, 1)
    if cut:
        phrase = phrase[:cut.start()]
    phrase = phrase.rsplit("的", 1)[-1].strip("“”").removesuffix("中")
    return phrase if len(phrase) >= 2 else None


def _assign_years(text: str, figures: list[Figure], lists: list[tuple[int, int]]) -> None:
    """The year a figure belongs to: the last year named in its sentence; in `2021、2022年…1.54%、1.51%`
    each figure of the list takes its year in order."""
    for fig, (index, size) in zip(figures, lists):
        if fig.year is not None:
            continue
        start = _clause_start(text, fig.start, "。！？\n", reach=200)
        years = list(_YEAR.finditer(text, start, fig.start))
        if not years:
            continue
        listed = [int(to_decimal(y)) for y in re.findall(_Y4, years[-1].group())]
        fig.year = listed[index] if len(listed) == size and size > 1 else listed[-1]


def _list_positions(text: str, figures: list[Figure]) -> list[tuple[int, int]]:
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


def _assign_roles(text: str, figures: list[Figure]) -> None:
    """target, actual or baseline from the nearest cue before the figure in its sentence."""
    for i, fig in enumerate(figures):
        if fig.kind in ("date", "period"):
            continue
        start = _clause_start(text, fig.start, _SENTENCE_END, reach=200)
        head = text[start:fig.start]
        if _modifies_next(text, fig, figures[i + 1] if i + 1 < len(figures) else None):
            continue
        if re.search(r"[从由][^，。；]{0,12}$", head) and _CHANGE_TO.match(text, fig.end):
            fig.role = "baseline"
            continue
        head = _blank_names(head)
        best, best_pos = None, -1
        for role, cue in _ROLE_CUES.items():
            for m in cue.finditer(head):
                near = role != "target" or len(head) - m.start() <= _TARGET_REACH
                if near and m.start() >= best_pos:
                    best, best_pos = role, m.start()
        fig.role = best


_TARGET_REACH = 50  # a plan's cue governs the figures that follow it closely, not a whole paragraph
_CHANGE_TO = re.compile(r"[^，。；]{0,8}?(?:减至|增至|降至|升至|减到|增到|降到|(?:提高|提升|下降|增加|减少|压降|压减)(?:到|至))")


def _blank_names(span: str) -> str:
    """Hide quoted names and book titles (“精准招引计划”, 《…规划》) from the cue search."""
    return _SHORT_QUOTE.sub(lambda m: " " * len(m.group()), _BOOK.sub(lambda m: " " * len(m.group()), span))


def _modifies_next(text: str, fig: Figure, nxt: Optional[Figure]) -> bool:
    """`过千亿元企业数量达到6家`: the first figure names what the second counts."""
    if nxt is None or nxt.kind == fig.kind or fig.kind not in ("money", "percent"):
        return False
    between = text[fig.end:nxt.start]
    return bool(between) and not re.search(r"[，。；：,、]", between) and "\u4e00" <= between[0] <= "\u9fff"
