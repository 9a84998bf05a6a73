"""Word's automatic list numbers, written out as text.

A heading numbered by Word (not typed) keeps its `一、` or `（1）` in numbering.xml, and python-docx's
`paragraph.text` leaves it out; the outline needs it. This resolves a paragraph's list (its own or its
style's), counts per level as Word does, and formats the level's text (`%1.`, `（%2）`).
"""
from __future__ import annotations

from typing import Optional

from docx.oxml.ns import qn

_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


_FORMATS = {
    "decimal": str,
    "chineseCounting": _chinese, "chineseCountingThousand": _chinese, "ideographTraditional": _chinese,
    "taiwaneseCounting": _chinese, "japaneseCounting": _chinese,
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
}


class ListNumbers:
    """Feed paragraphs in document order; `prefix(paragraph)` gives the number Word shows before it."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                fmt, text, start = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText")), lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1)
            self.levels[num.get(qn("w:numId"))] = levels

    def prefix(self, paragraph) -> str:
        found = _num_pr(paragraph)
        if found is None or found[0] not in self.levels:
            return ""
        num_id, level = found
        levels, counts = self.levels[num_id], self.counters.setdefault(num_id, {})
        if level not in levels:
            return ""
        counts[level] = counts.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        fmt, text, _ = levels[level]
        for k in range(level + 1):
            kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
            text = text.replace(f"%{k + 1}", _FORMATS.get(kfmt, str)(counts.get(k, kstart)))
        return text if fmt != "bullet" else ""


def _num_pr(paragraph) -> Optional[tuple[str, int]]:
    """(numId, level) from the paragraph, or else from its style chain."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for ppr in sources:
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            continue
        num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        if num_id is not None and num_id.get(qn("w:val")) != "0":
            return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    return None
