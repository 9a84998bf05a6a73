"""How records are shown, the same on the command line and in the app: one set of labels for kinds,
statuses, figure kinds and roles, one outline renderer, and names made safe for a terminal."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from .nlp.records import Extraction

STATUS_LABEL = {"done": "已完成", "ongoing": "推进中", "long_term": "长期坚持", "unknown": "未说明"}
TYPE_LABEL = {"finding": "问题", "measure": "整改措施"}
NOTICE_KINDS = ("巡视", "巡察", "审计", "其他")
FIGURE_KIND_LABEL = {"money": "金额", "percent": "百分比", "percentage_point": "百分点", "count": "数量",
                     "range": "区间", "duration": "时长", "date": "日期", "period": "期间"}
ROLE_LABEL = {"target": "目标", "actual": "实际", "baseline": "基数", "total": "合计", "part": "其中部分"}
MONEY_SUBJECT_LABEL = {"problem": "问题金额", "rectification": "整改金额"}
QUALIFIER_LABEL = {"approx": "约", "more_than": "超过", "at_least": "不少于", "less_than": "不足", "at_most": "不超过"}
FIGURE_COLUMN_LABEL = {"notice": "通报", "issuer": "发布单位", "notice_date": "通报日期", "finding": "问题",
                       "theme": "主题", "record": "位置", "metric": "指标", "year": "年份", "value": "数值",
                       "low": "下限", "high": "上限", "unit": "单位", "kind": "类别", "qualifier": "限定",
                       "role": "角色", "about": "金额性质", "text": "原文"}
UNKNOWN_DATE, UNKNOWN_ISSUER = "日期不详", "未注明"


def known(value) -> Optional[str]:
    """A stored value as text, or None where it is missing: None, "", and a pandas/float NaN (which is
    truthy, so `value or "未注明"` would print `nan`)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text if text and text.lower() not in ("nan", "none", "nat", "<na>") else None


def date_text(value) -> str:
    """A date as shown anywhere: the stored date, or 日期不详."""
    return known(value) or UNKNOWN_DATE


def issuer_text(value) -> str:
    """An issuer as shown anywhere: the stored name, or 未注明."""
    return known(value) or UNKNOWN_ISSUER


def strength(score: int) -> str:
    """强/中/弱 for a relevance or similarity of 0–100."""
    return "强" if score >= 70 else "中" if score >= 50 else "弱"
_CN_ORDINALS = "一二三四五六七八九十"


def section_marker(ordinal: Optional[int]) -> str:
    """（一） for section 1, as the notices write their areas."""
    if not ordinal:
        return ""
    if ordinal <= 10:
        return f"（{_CN_ORDINALS[ordinal - 1]}）"
    tens, ones = divmod(ordinal, 10)
    return f"（{'' if tens == 1 else _CN_ORDINALS[tens - 1]}十{_CN_ORDINALS[ones - 1] if ones else ''}）"


def render_outline(result: Extraction) -> str:
    """A readable outline: sections → findings → measures, then targets."""
    n = result.notice
    lines = [n.title or "(无标题)", f"{issuer_text(n.issuer)} · {date_text(n.date)} · {n.kind}"]
    if n.inspection_start:
        lines.append(f"巡视/巡察期间 {n.inspection_start} 至 {n.inspection_end or '?'}；反馈 {n.feedback_date or '?'}")
    if n.read_by == "ocr":
        sure = f"，平均置信度 {n.ocr_confidence:.1%}" if n.ocr_confidence is not None else ""
        lines.append(f"扫描件（OCR识别{sure}；{len(n.low_confidence)} 行把握较低）")
    titles = {s.ordinal: s.title for s in result.sections}
    current = object()
    for f in result.findings:
        if f.section != current:
            current = f.section
            lines.append("")
            lines.append(f"{section_marker(f.section)}{titles.get(f.section, '')}" if f.section else "【未分节】")
        theme = f" <{f.theme}>" if f.theme else ""
        page = f" 第{f.page}页" if f.page else ""
        lines.append(f"  {f.id} {f.title}  [{STATUS_LABEL.get(f.status, f.status)}]{theme}{page}")
        for m in f.measures:
            lines.append(f"     {m.ordinal}. {short(m.text)}  [{STATUS_LABEL.get(m.status, m.status)}]")
    if result.targets:
        lines.append("")
        lines.append("目标与实际：")
        for t in result.targets:
            actual = f"{t.actual.value:g}{t.actual.unit}" if t.actual else "未报告"
            lines.append(f"  {t.metric}: 目标 {t.target.comparator}{t.target.value:g}{t.target.unit}"
                         f"（{t.deadline_year or '—'}） 实际 {actual}")
    lines.append("")
    lines.append(f"{len(result.findings)} 项问题，{sum(len(f.measures) for f in result.findings)} 条措施，"
                 f"{len(result.figures)} 个数字，{len(result.targets)} 个目标")
    return "\n".join(lines) + "\n"


def short(text: str, width: int = 60) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= width else flat[:width] + "…"


def terminal_safe(text: str) -> str:
    """A file name or document text as a terminal may show it: control characters (escape sequences,
    the one-byte CSI U+009B, bidi overrides) become visible \\x.. / \\u.... escapes instead of acting on
    the terminal, and a lone surrogate (a file name's byte that is not UTF-8) is shown as that byte."""
    return _escaped(str(text), keep="")


def terminal_text(text: str) -> str:
    """Several lines for a terminal: as `terminal_safe`, keeping line breaks and tabs."""
    return _escaped(str(text), keep="\n\t")


def terminal_json(data) -> str:
    """JSON for a terminal or a pipe: the same value, with every character that could act on a terminal
    (C1 controls, bidi overrides, lone surrogates: JSON leaves them raw) written as a \\u escape."""
    import json

    raw = json.dumps(data, ensure_ascii=False, indent=1)
    return _unsafe().sub(lambda m: "\n" if m.group() == "\n" else f"\\u{ord(m.group()):04x}", raw)


def _escaped(text: str, keep: str) -> str:
    def escape(match: "re.Match[str]") -> str:
        ch = match.group()
        if ch in keep:
            return ch
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte Python kept with surrogateescape
            return f"\\x{ord(ch) - 0xDC00:02x}"
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return _unsafe().sub(escape, text)


@lru_cache(maxsize=1)
def _unsafe() -> "re.Pattern[str]":
    """Every control (Cc), format (Cf: bidi overrides, zero-width) and surrogate (Cs) character, read
    from the Unicode database once (the planes that have any)."""
    points = [c for block in (range(0x10000), range(0x10000, 0x20000), range(0xE0000, 0xE1000)) for c in block
              if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs")]
    ranges, start = [], points[0]
    for prev, cur in zip(points, points[1:] + [-1]):
        if cur != prev + 1:
            ranges.append(f"\\U{start:08x}" if start == prev else f"\\U{start:08x}-\\U{prev:08x}")
            start = cur
    return re.compile("[" + "".join(ranges) + "]")


def local_time(iso: Optional[str], seconds: bool = True) -> str:
    """A stored UTC time (ISO 8601) in this machine's time zone, as people read it; "" for none."""
    from datetime import datetime

    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:  # an edited audit row may hold anything: show it as it is
        return str(iso)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def ledger_lines(rows: list[dict]) -> list[str]:
    """A 整改台账 as lines for a terminal: each finding, its measures, unit and deadline, and its source."""
    lines = []
    for row in rows:
        lines.append(f"{row['序号']:>2}. {short(row['问题'], 80)}  [{row['整改状态']}]")
        lines.extend(f"      {short(line, 90)}" for line in row["整改措施"].splitlines())
        unit = "  ".join(f"{k}：{row[k]}" for k in ("责任单位", "完成时限") if row[k])
        lines.extend([f"    {unit}"] if unit else [])
        lines.append(f"    — {row['来源']}")
    return lines
