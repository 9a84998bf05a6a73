"""Web-page furniture around a notice copied from a government site.

A copy of a page starts with lines such as `当前位置：首页 > 政务公开`, `信息索引号：…`, `发布日期：…`,
`字号：大 中 小`, and ends with `【打印本页】【关闭窗口】`, `主办单位：…`, `ICP备…`. Those lines are not the
notice: they never become its title, an outline heading or a finding. Some of them are evidence for its
metadata (成文日期, 发布日期, 来源, 发布机构), which `Furniture.fields` keeps.

`blank` returns the text with furniture lines replaced by spaces, so every offset into it is an offset
into the text the reader produced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (BREADCRUMB_SEPARATORS, FURNITURE_ANYWHERE, FURNITURE_LABELS, HEADING_START, SITE_WORDS)
from .records import blank

_LABEL = re.compile(r"^\s*[【\[]?(?P<label>" + "|".join(sorted(map(re.escape, FURNITURE_LABELS), key=len, reverse=True))
                    + r")[】\]]?\s*[：:]", re.I)
_FIELD = re.compile(r"(?P<label>" + "|".join(sorted(map(re.escape, FURNITURE_LABELS), key=len, reverse=True))
                    + r")\s*[：:]\s*(?P<value>[^：:]*?)(?=\s+\S{1,8}[：:]|\s{2,}|$)", re.I)
_BRACKETS_ONLY = re.compile(r"^(?:\s*[【\[][^】\]\n]{1,12}[】\]])+\s*$")
_SHORT_GENERIC = {"日期", "时间", "来源", "作者", "编辑", "地址", "位置", "阅读", "分享", "主办", "承办", "标签", "source"}
_MAX_LINE = 160
_HEAD_LINES = 40   # furniture is looked for among the first lines …
_TAIL_LINES = 25   # … and the last ones


@dataclass
class Furniture:
    spans: list[tuple[int, int]] = field(default_factory=list)   # (start, end) of each furniture line
    fields: dict[str, str] = field(default_factory=dict)         # label → value (first seen)

    def blank(self, text: str) -> str:
        """`text` with the furniture lines replaced by spaces (same length)."""
        return blank(text, self.spans)


def is_furniture(line: str) -> bool:
    """A line of page furniture (not of the notice)."""
    line = line.strip()
    if not line or len(line) > _MAX_LINE:
        return False
    if HEADING_START.match(line):
        return False
    if any(word in line for word in FURNITURE_ANYWHERE):
        return True
    if _BRACKETS_ONLY.match(line):  # 【打印本页】【关闭窗口】, 【纠错】
        return True
    m = _LABEL.match(line)
    if m:
        label = m.group("label").lower()
        return label not in _SHORT_GENERIC or len(line) <= 60
    if any(sep in line for sep in BREADCRUMB_SEPARATORS) and any(w in line for w in SITE_WORDS) and "。" not in line:
        return True
    if line in SITE_WORDS or (len(line) <= 40 and "。" not in line and "，" not in line
                             and sum(w in line for w in SITE_WORDS) >= 2):
        return True
    return False


def find_furniture(text: str) -> Furniture:
    """Furniture lines among the first and last lines of `text`, with the fields they carry."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    found = Furniture()
    candidates = lines[:_HEAD_LINES] + lines[max(_HEAD_LINES, len(lines) - _TAIL_LINES):]
    for start, end, line in candidates:
        if is_furniture(line):
            found.spans.append((start, end))
            for m in _FIELD.finditer(line):
                label, value = m.group("label").lower(), m.group("value").strip()
                if value:
                    found.fields.setdefault(label, value)
    return found
