"""Notice metadata: title, date, issuer, kind, source, inspection period and feedback date.

The evidence, in order of trust: the notice's own lines (title, the meeting line of an audit report to
the people's congress, the speaker line, the signature and the date under it), then the fields of the
page furniture around it (成文日期 before 发布日期, 发布机构, 来源), then hints from the file (an HTML
<title>, a DOCX title). A page without a title line has none (None), never a body sentence.

Dates in the body often omit the year (`4月4日`); they take the year of the last full date before
them, which is how a reader resolves them.
"""
from __future__ import annotations

import re
from typing import Mapping, Optional

from .lexicon import (BODY_OPENERS, FURNITURE_DATE_PUBLISHED, FURNITURE_DATE_WRITTEN, FURNITURE_PUBLISHER,
                      FURNITURE_SOURCE, HEADING_START, KIND_WORDS, ORG_SUFFIXES, SPEAKER_TITLES, TITLE_ENDINGS,
                      TITLE_SUBJECTS, YEAR4, YEAR_CN)
from .furniture import find_furniture
from .numerals import small_int, to_decimal
from .records import Notice

_Y = rf"(?P<y>{YEAR4}|{YEAR_CN})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
FULL_DATE = re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*日")
ISO_DATE = re.compile(rf"(?<!\d)(?P<y>{YEAR4})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)")
MONTH_DAY = re.compile(rf"(?<![年\d]){_M}\s*月\s*{_D}\s*日")
_PERIOD = re.compile(
    rf"(?P<a>{FULL_DATE.pattern.replace('?P<y>', '?P<y1>').replace('?P<m>', '?P<m1>').replace('?P<d>', '?P<d1>')})"
    r"\s*(?:至|到|—|-|~)\s*"
    rf"(?P<b>(?:{_Y.replace('?P<y>', '?P<y2>')}\s*年\s*)?{_M.replace('?P<m>', '?P<m2>')}\s*月\s*{_D.replace('?P<d>', '?P<d2>')}\s*日)"
)
_ORG = "(?:" + "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True)) + ")"
_SIGNATURE = re.compile(rf"(?P<who>[^\s。，；：、“”（）()]{{1,40}}{_ORG})")
_MEETING = re.compile(rf"(?:^|——|—)\s*(?P<date>{FULL_DATE.pattern.replace('?P<', '?P<mt_')})\s*在.{{2,60}}?会议上")
_SPEAKER = re.compile(rf"^(?P<office>[^\s。，；：]{{2,30}}?{_ORG})\s*(?:{'|'.join(SPEAKER_TITLES)})[\s　]*\S{{1,6}}$")
_SOURCE = re.compile(r"(?:^|\n)\s*(?:来源|信息来源|source)[：:\s]\s*(?P<src>[^\n]{2,200})", re.I)
_FEEDBACK = re.compile(r"反馈")
_NOTE = re.compile(r"^[【\[][^】\]]{1,10}[】\]]")
_RED_HEAD = re.compile(rf"(?P<who>[^\s。，；：、“”]{{2,30}}{_ORG})\s*文件")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔［\[【（(]\s*(?:19|20)\d\d\s*[〕］\]】）)]\s*\d{1,4}\s*号")
_PLACE_LEVELS = ("市", "县", "区", "省", "州", "旗")
_CONGRESS_PLACE = re.compile(r"在(?P<place>[\u4e00-\u9fff]{1,8}?[省市县区州旗])第[一二三四五六七八九十\d]+届人民代表大会")
_UNIT = rf"[\u4e00-\u9fff“”]{{2,30}}?{_ORG}"
_BODY_ISSUER = (
    re.compile(rf"对(?P<who>{_UNIT})(?:进行了?|开展了?)[^。，；]{{0,8}}?巡[视察]"),
    re.compile(rf"巡[视察]组向(?P<who>{_UNIT})(?:集中)?反馈"),
    re.compile(rf"(?:^|[。\n])\s*(?P<who>{_UNIT})(?:高度重视|坚持把|把巡[视察]整改|切实扛起)"),
)
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-–—]+\s*[^_|｜]{2,30}(?:网|政府|网站|门户|官网|人民政府)\s*$")


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


def first_date(text: str) -> Optional[str]:
    """The first full date (2025年3月12日 or 2025-03-12) in `text`."""
    found = [m for m in (FULL_DATE.search(text), ISO_DATE.search(text)) if m]
    for m in sorted(found, key=lambda m: m.start()):
        value = date_of(m)
        if value:
            return value
    return None


def notice_metadata(text: str, title_hint: Optional[str] = None, date_hint: Optional[str] = None,
                    fields: Optional[Mapping[str, str]] = None) -> Notice:
    """Everything about the notice that is not a finding. `fields` are the labelled values of the page
    furniture (成文日期, 发布日期, 来源 …), with `text` blanked where the furniture stood; without them
    the furniture is found here."""
    if fields is None:
        furniture = find_furniture(text)
        text, fields = furniture.blank(text), furniture.fields
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = _head(lines)
    title = _title(head, title_hint)
    notice = Notice(title=title)
    meeting = _MEETING.search("\n".join(head))
    notice.date = _date(lines, head, meeting, fields, date_hint)
    notice.doc_number = _doc_number(head)
    notice.issuer = _issuer(title, head, lines, fields) or _issuer_in_body(text)
    notice.kind = _kind(title or "", text)
    notice.source = _field(fields, FURNITURE_SOURCE)
    if notice.source is None:
        m = _SOURCE.search(text)
        notice.source = m.group("src").strip() if m else None
    start = text.find(lines[0]) if lines else 0
    body_head = text[start:start + 3000]
    period = _PERIOD.search(body_head)
    if period:
        notice.inspection_start = date_of(period, "y1", "m1", "d1")
        y2 = period.group("y2") or period.group("y1")
        notice.inspection_end = iso(_int(y2) or 0, small_int(period.group("m2")) or 0, small_int(period.group("d2")) or 0)
    notice.feedback_date = _feedback(body_head, notice)
    return notice


def _head(lines: list[str]) -> list[str]:
    """The lines above the body: up to the first heading or the first long sentence."""
    head = []
    for line in lines[:14]:
        if _NOTE.match(line):
            continue  # 【虚构示例】, 【字体】 …: a note above the notice, not part of it
        if HEADING_START.match(line) or (line.endswith("。") and len(line) > 60):
            break
        head.append(line)
    return head


def is_title_line(line: str) -> bool:
    """A line that names the notice (`…关于…整改进展情况的通报`), not a body sentence or heading."""
    if not 6 <= len(line) <= 160 or _NOTE.match(line) or HEADING_START.match(line):
        return False
    if line.startswith(("——", "—")) or line.startswith(BODY_OPENERS) or _SPEAKER.match(line):
        return False
    title = _without_meeting(line)
    if title.endswith(("。", "；", "：", "，", "！", "？")) or "。" in title:
        return False
    names_notice = title.endswith(TITLE_ENDINGS) or ("关于" in title and any(w in title for w in TITLE_SUBJECTS))
    return names_notice and any(w in title for w in TITLE_SUBJECTS + ("通报", "报告"))


def _without_meeting(line: str) -> str:
    """`…的报告——2025年3月26日在…会议上` (a PDF joins the two lines): the title part."""
    m = re.search(r"\s*[—–]{1,2}\s*(?:" + FULL_DATE.pattern.replace("?P<", "?P<w_") + r"|在)", line)
    return line[:m.start()].strip() if m and m.start() > 0 else line.strip()


def _title(head: list[str], hint: Optional[str]) -> Optional[str]:
    head = [_SITE_SUFFIX.sub("", line) for line in head]
    for i, line in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        joined = line + nxt
        # A title broken over two lines: `中共某某委员会关于` / `十九届…整改进展情况的通报` (the second part may
        # name the notice by itself; a first part holding 关于 still opens the title, and a first part
        # that does not end as titles end goes on into a second part that does).
        broken = nxt and len(line) <= 40 and not line.endswith(("。", "：")) and is_title_line(joined) \
            and not _NOTE.match(line) and not _without_meeting(line).endswith(TITLE_ENDINGS) \
            and _without_meeting(joined).endswith(TITLE_ENDINGS)
        if broken and (not is_title_line(nxt) or "关于" in line or is_title_line(line)):
            return _without_meeting(joined)
        if is_title_line(line):
            return _without_meeting(line)
    if hint:
        hint = _SITE_SUFFIX.sub("", hint.strip())
        if is_title_line(hint):
            return _without_meeting(hint)
    return None


def _field(fields: Mapping[str, str], labels: tuple[str, ...]) -> Optional[str]:
    for label in labels:
        if fields.get(label):
            return fields[label].strip()
    return None


def _date(lines: list[str], head: list[str], meeting: Optional[re.Match], fields: Mapping[str, str],
          hint: Optional[str]) -> Optional[str]:
    if meeting:  # an audit report to the people's congress: the day of the meeting
        value = date_of(meeting, "mt_y", "mt_m", "mt_d")
        if value:
            return value
    signed = _signature_date(lines)
    if signed:
        return signed
    written = _field(fields, FURNITURE_DATE_WRITTEN)
    if written and first_date(written):
        return first_date(written)
    for line in head:  # a line that is only a date, under the title (brackets allowed)
        for pattern in (ISO_DATE, FULL_DATE):
            d = pattern.fullmatch(line.strip("（）()【】[] "))
            if d and date_of(d):
                return date_of(d)
    published = _field(fields, FURNITURE_DATE_PUBLISHED)
    if published and first_date(published):
        return first_date(published)
    if hint and first_date(hint):
        return first_date(hint)
    for value in fields.values():  # a timestamp glued to another credit: 编辑：某某 2023-03-17 16:40
        if first_date(value):
            return first_date(value)
    return None


def _signature_date(lines: list[str]) -> Optional[str]:
    """The date under the signature, or in a bracketed signature `（中共某某委员会　2024年6月30日）`."""
    for line in reversed(lines[-4:]):
        inner = line.strip("（）() ")
        d = FULL_DATE.fullmatch(inner) or ISO_DATE.fullmatch(inner)
        if d and date_of(d):
            return date_of(d)
        m = re.fullmatch(rf"{_SIGNATURE.pattern}[\s　]*(?P<date>.+)", inner)
        if m and len(inner) <= 60:
            value = first_date(m.group("date"))
            if value and (FULL_DATE.fullmatch(m.group("date").strip()) or ISO_DATE.fullmatch(m.group("date").strip())):
                return value
    return None


def _issuer(title: Optional[str], head: list[str], lines: list[str], fields: Mapping[str, str]) -> Optional[str]:
    """Who issued the notice: the words before 关于 in its title (an audit report's government, with its
    place), else the speaker line of an audit report, the red-head line, the signature, the page's 发布机构."""
    if title:
        m = re.match(r"(?P<who>.{2,40}?)关于", title)
        if m and not m.group("who").startswith(("——", "—")):
            return _with_place(m.group("who").strip(), "\n".join(head))
    for line in head:  # the speaker line of an audit report to the people's congress
        m = _SPEAKER.match(line)
        if m:
            return m.group("office")
    for line in head:  # the red-head line of a printed document: 中共某某局党组文件
        m = _RED_HEAD.fullmatch(line)
        if m:
            return m.group("who")
    signed = _signature_issuer(lines)
    if signed:
        return signed
    return _field(fields, FURNITURE_PUBLISHER)


def _with_place(who: str, head: str) -> str:
    """`市人民政府` with the place the meeting line names (临川市第十七届人民代表大会 → 临川市人民政府)."""
    if not who.startswith(_PLACE_LEVELS):
        return who
    m = _CONGRESS_PLACE.search(head)
    return m.group("place") + who[1:] if m and m.group("place").endswith(who[0]) else who


def _doc_number(head: list[str]) -> Optional[str]:
    """The document number under a red-head line (某党〔2024〕17号), as written."""
    for line in head:
        m = _DOC_NUMBER.search(line)
        if m:
            return m.group().strip()
    return None


def _issuer_in_body(text: str) -> Optional[str]:
    """A page with no title, signature or red head names its unit in the body: 对某某局党组进行了巡察,
    巡察组向某某局党组反馈, 某某局党委高度重视."""
    head = text[:3000]
    for pattern in _BODY_ISSUER:
        m = pattern.search(head)
        if m:
            return m.group("who")
    return None


def _signature_issuer(lines: list[str]) -> Optional[str]:
    """The organisation that signs: a line of its own name near the end, or the name in a bracketed
    signature with its date."""
    for line in reversed(lines[-5:]):
        inner = line.strip("（）() ")
        if len(inner) > 60 or "。" in inner or "，" in inner:
            continue
        m = _SIGNATURE.match(inner)
        if m and (m.end() == len(inner) or first_date(inner[m.end():])):
            return m.group("who")
    return None


def _kind(title: str, text: str) -> str:
    for word in KIND_WORDS:
        if word in title:
            return word
    head = text[:5000]
    counts = {word: head.count(word) for word in KIND_WORDS}
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
