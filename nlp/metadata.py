"""Notice metadata: title, date, issuer, kind, inspection period and feedback date.

Dates in the body often omit the year (`4月4日`); they take the year of the last full date before
them, which is how a reader resolves them.
"""
from __future__ import annotations

import re
from typing import Optional

from .numerals import small_int, to_decimal
from .lexicon import HEADING_START
from .records import Notice

_Y = r"(?P<y>(?:19|20)\d\d|[二][〇零○][〇零○一二三四五六七八九]{2})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
FULL_DATE = re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*日")
ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)")
MONTH_DAY = re.compile(rf"(?<![年\d]){_M}\s*月\s*{_D}\s*日")
_PUBLISHED = re.compile(r"(?:发布|印发|公开|成文)(?:时间|日期)[：:\s]*")
_TITLE_WORDS = re.compile(r"通报|公告|公示|报告|情况|意见|说明")
_SOURCE = re.compile(r"(?:^|\n)\s*(?:来源|信息来源|source)[：:\s]\s*(?P<src>[^\n]{2,200})", re.I)
_PERIOD = re.compile(
    rf"(?P<a>{FULL_DATE.pattern.replace('?P<y>', '?P<y1>').replace('?P<m>', '?P<m1>').replace('?P<d>', '?P<d1>')})"
    r"\s*(?:至|到|—|-|~)\s*"
    rf"(?P<b>(?:{_Y.replace('?P<y>', '?P<y2>')}\s*年\s*)?{_M.replace('?P<m>', '?P<m2>')}\s*月\s*{_D.replace('?P<d>', '?P<d2>')}\s*日)"
)
_FEEDBACK = re.compile(r"反馈")
_ISSUER_SIGNATURE = re.compile(r"\n\s*(?P<who>[^\n。，]{2,30}(?:委员会|党委|党组|政府|局|厅|委|办公室|公司|集团|大学|学院|医院|审计署))\s*\n")


def iso(y: int, m: int, d: int) -> Optional[str]:
    if not (1900 < y < 2200 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _int(span: Optional[str]) -> Optional[int]:
    if not span:
        return None
    value = to_decimal(span)
    return int(value) if value is not None else None


def date_of(match: re.Match, y: str = "y", m: str = "m", d: str = "d") -> Optional[str]:
    yy, mm, dd = _int(match.group(y)), small_int(match.group(m)), small_int(match.group(d))
    return iso(yy, mm, dd) if yy and mm and dd else None


def notice_metadata(text: str, title_hint: Optional[str] = None, date_hint: Optional[str] = None) -> Notice:
    """Everything about the notice that is not a finding."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = _title(lines, title_hint, text)
    notice = Notice(title=title)
    notice.date = _date(text, lines, date_hint)
    notice.issuer = _issuer(title, text)
    notice.kind = _kind(title, text)
    m = _SOURCE.search(text)
    notice.source = m.group("src").strip() if m else None
    head = text[:3000]
    period = _PERIOD.search(head)
    if period:
        notice.inspection_start = date_of(period, "y1", "m1", "d1")
        y2 = period.group("y2") or period.group("y1")
        notice.inspection_end = iso(_int(y2) or 0, small_int(period.group("m2")) or 0, small_int(period.group("d2")) or 0)
    notice.feedback_date = _feedback(head, notice)
    return notice


def _title(lines: list[str], hint: Optional[str], text: str) -> str:
    if hint and _TITLE_WORDS.search(hint):
        return hint.strip()
    for line in lines[:3]:
        if (8 <= len(line) <= 80 and _TITLE_WORDS.search(line) and not line.endswith(("。", "："))
                and not HEADING_START.match(line)):
            return line
    if hint:
        return hint.strip()
    m = re.search(r"[^\n。，]{2,40}关于[^\n。]{2,60}?(?:通报|报告|公告|情况)", text[:2000])
    if m:
        return m.group().strip()
    return lines[0][:80] if lines else ""


def _date(text: str, lines: list[str], hint: Optional[str]) -> Optional[str]:
    m = _PUBLISHED.search(text[:3000])
    if m:
        rest = text[m.end():m.end() + 40]
        for pattern in (ISO_DATE, FULL_DATE):
            d = pattern.match(rest.strip())
            if d:
                return date_of(d)
    for line in lines[:5]:  # a line that is only a date, under the title (brackets allowed)
        for pattern in (ISO_DATE, FULL_DATE):
            d = pattern.fullmatch(line.strip("（）()【】[] "))
            if d:
                return date_of(d)
    for line in reversed(lines[-4:]):  # the date under the signature
        d = FULL_DATE.fullmatch(line) or ISO_DATE.fullmatch(line)
        if d:
            return date_of(d)
    if hint:
        d = ISO_DATE.search(hint)
        if d:
            return date_of(d)
    return None


def _issuer(title: str, text: str) -> Optional[str]:
    m = re.match(r"(?P<who>.{2,40}?)关于", title)
    if m:
        return m.group("who").strip()
    tail = "\n" + text[-400:] + "\n"
    sig = list(_ISSUER_SIGNATURE.finditer(tail))
    return sig[-1].group("who").strip() if sig else None


def _kind(title: str, text: str) -> str:
    for word in ("巡视", "巡察", "审计"):
        if word in title:
            return word
    head = text[:5000]
    counts = {word: head.count(word) for word in ("巡视", "巡察", "审计")}
    best = max(counts, key=counts.get)
    return best if counts[best] >= 3 else "其他"


def _feedback(head: str, notice: Notice) -> Optional[str]:
    """The date in the sentence that says the inspectors fed back (反馈), the latest one named there."""
    base_year = int((notice.inspection_end or notice.inspection_start or notice.date or "0")[:4] or 0)
    for m in _FEEDBACK.finditer(head):
        sentence_start = max(head.rfind(ch, 0, m.start()) for ch in "。\n") + 1
        window = head[sentence_start:m.start()]
        found = [(d.end(), date_of(d)) for d in FULL_DATE.finditer(window)]
        if base_year:
            found += [(d.end(), iso(base_year, small_int(d.group("m")) or 0, small_int(d.group("d")) or 0))
                      for d in MONTH_DAY.finditer(window)]
        found = [f for f in found if f[1]]
        if found:
            return max(found)[1]
    return None
