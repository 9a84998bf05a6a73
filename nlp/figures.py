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

from . import sentences
from .lexicon import (COUNT_UNITS, DURATION_UNITS, GROUP_NAME_BEFORE, IDIOM_AFTER, MAGNITUDES, ONE_CUES, PLAN_TITLE_END,
                      QUALIFIER, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, RHETORICAL_COUNTS, VAGUE_CN_UNITS, WRITING_VERBS,
                      YEAR4)
from .metadata import FULL_DATE, ISO_DATE, iso
from .metrics import assign_years, list_positions, metric
from .numerals import CN_NUMERAL_CHARS, MAGNITUDE, as_number, small_int, to_decimal
from .records import Figure, Finding
from .figure_roles import assign_roles

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
_DURATION_YEARS = re.compile(r"(?P<pre>近|连续|满|超过)?(?P<num>\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个)?年(?P<post>内|以内|以上|来|间|多)?")
_BOOK = re.compile(r"《[^《》\n]{0,80}》")
_SHORT_QUOTE = re.compile(r"“[^“”\n]{1,12}”")
_KIND_OF_UNIT = {"个百分点": "percentage_point", "百分点": "percentage_point", "%": "percent"}
# 巡察二组, 第一工作组: a group's name, not a count of groups.
_GROUP_NAME = re.compile(rf"(?:{_alternation(GROUP_NAME_BEFORE)})$")
# …2024—2035年…规划: a year span inside a plan's title names the plan, not a period of the notice.
_PLAN_TITLE = re.compile(rf"[^，。；、,;\n]{{0,16}}?(?:{_alternation(PLAN_TITLE_END)})")
_PLAN_BEFORE = re.compile(rf"(?:{_alternation(PLAN_TITLE_END)})[（(]$")
_RHETORICAL = re.compile(_alternation(RHETORICAL_COUNTS))
_WRITING = re.compile(_alternation(WRITING_VERBS))


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
            fig.metric = metric(text, fig)
    lists = list_positions(text, figures)
    assign_years(text, figures, lists)
    assign_roles(text, figures)
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
        if i >= 0 and sentences.start_of(text, pos, sentences.CLAUSE, reach=200) <= self.years[i][0]:
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
        if a <= b and not _in_plan_title(text, m):
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


def _in_plan_title(text: str, m: re.Match) -> bool:
    """`印发青禾县2024—2035年供水专项规划`, `总体规划（2021—2035年）`: the span names a plan."""
    return bool(_PLAN_TITLE.match(text, m.end()) or _PLAN_BEFORE.search(text, max(0, m.start() - 8), m.start()))


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
        if unit in ("组", "队") and _GROUP_NAME.search(text, max(0, num_start - 4), num_start):
            return None  # 巡察二组 is a group's name
        if chinese and _RHETORICAL.match(text, m.start("unit")) and not _WRITING.search(
                text, sentences.start_of(text, num_start, sentences.PHRASE, reach=30), num_start):
            return None  # 做好融合发展、转型升级、改革创新三篇文章
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
