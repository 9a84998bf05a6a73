"""From the heading tree to the records of design §2: sections, findings and their measures, the
overview (how the work was organised) and the next steps.

A finding is the leaf heading that owns measures; a section is the heading that holds findings, or is
itself the finding when it holds no numbered items. Which top-level parts hold findings is read from
the tree's shape first (the part with areas), and from the wording of titles only where shape is silent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .lexicon import (AREA_OVERVIEW, CLOSING, CLOSING_PARAGRAPH, MEASURE_CUE, PART_FINDINGS, PART_NEXT,
                      PART_OVERVIEW)
from .furniture import is_furniture
from .lexicon import ORG_SUFFIXES
from .metadata import FULL_DATE, ISO_DATE, first_date
from .outline import Node, build_tree, clean, title_of
from .records import Finding, Measure, Section
from .status import finding_status, measure_status

_ENUM = ("E", "L4", "C")


@dataclass
class Outline:
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def outline_notice(text: str) -> Outline:
    """Sections, findings, overview and next steps of one notice text."""
    text = text[:_content_end(text)].ljust(len(text))  # same length: offsets stay valid
    root = build_tree(text)
    top = root.children
    preamble_end = top[0].start if top else len(text)
    out = Outline()
    overview_nodes, section_nodes, next_nodes = _split_parts(text, top)
    for ordinal, node in enumerate(section_nodes, 1):
        out.sections.append(Section(ordinal, title_of(text, node), node.start, node.end))
        items = _items_of(text, node) or [node]
        for item in items:
            out.findings.append(_finding(text, item, ordinal, len(out.findings) + 1))
    if not section_nodes:  # numbered problems with no section headings at all
        for item in (n for n in top if n.kind == "L3"):
            out.findings.append(_finding(text, item, None, len(out.findings) + 1))
    closing = _cut_closing(text, out, has_next=bool(next_nodes)) if out.findings else ""
    out.overview = _items(text, overview_nodes) or _paragraphs(text[:preamble_end])
    out.next_steps = _items(text, next_nodes) or ([closing] if closing else [])
    return out


# Lines after the body: the signature, the date under it, where the text came from.
_ORG_LINE = re.compile(rf"[^。；！？，]{{2,40}}(?:{'|'.join(sorted(ORG_SUFFIXES, key=len, reverse=True))})")


def _is_trailer(line: str) -> bool:
    """A signature line, the date under it, a bracketed signature with its date, or page furniture."""
    inner = line.strip("（）() ")
    return bool(_ORG_LINE.fullmatch(inner) or FULL_DATE.fullmatch(inner) or ISO_DATE.fullmatch(inner)
                or (len(inner) <= 60 and _ORG_LINE.match(inner) and first_date(inner)) or is_furniture(line))


def _content_end(text: str) -> int:
    """Where the notice proper ends: before the signature, the date under it and source lines."""
    end = len(text.rstrip())
    while end > 0:
        line_start = text.rfind("\n", 0, end) + 1
        line = text[line_start:end].strip()
        if line and not _is_trailer(line):
            break
        end = len(text[:max(line_start - 1, 0)].rstrip())
    return end


def part_role(text: str, node: Node) -> Optional[str]:
    """What a part's title says it is for: 'next', 'findings', 'overview', or None when it is silent."""
    title = title_of(text, node)
    if PART_NEXT.search(title):
        return "next"
    if PART_FINDINGS.search(title):
        return "findings"
    if PART_OVERVIEW.search(title):
        return "overview"
    return None


def _split_parts(text: str, top: list[Node]) -> tuple[list[Node], list[Node], list[Node]]:
    """(overview parts, finding sections, next-step parts) among the top-level headings. A part's
    role is read from its title where the title is clear, from the tree's shape where it is silent."""
    parts = [n for n in top if n.kind == "L1"]
    if parts:
        roles = [part_role(text, p) for p in parts]
        holding = [i for i, r in enumerate(roles) if r == "findings"]
        if not holding:  # the titles are silent: the parts with areas, else those whose items carry measures
            silent = [i for i, r in enumerate(roles) if r is None]
            holding = ([i for i in silent if any(c.kind == "L2" for c in parts[i].children)]
                       or [i for i in silent if _holds_findings(text, parts[i])] or silent)
        if not holding:
            return ([p for p, r in zip(parts, roles) if r == "overview"], [],
                    [p for p, r in zip(parts, roles) if r == "next"])
        first, last = holding[0], holding[-1]
        core = [p for i, p in enumerate(parts[first:last + 1], first) if roles[i] not in ("overview", "next")]
        sections = []
        for part in core:
            areas = [c for c in part.children if c.kind == "L2"]
            sections.extend(areas or [part])
        overview = [p for i, p in enumerate(parts) if (i < first and roles[i] != "next") or roles[i] == "overview"]
        nexts = [p for i, p in enumerate(parts) if p not in core and p not in overview]
        return overview, sections, nexts
    areas = [n for n in top if n.kind == "L2"]
    if not areas:
        return [], [], []
    # A second run of （一）（二）… after the problems, or a titled 下一步 part, plans ahead; an area
    # titled like 整改工作开展情况 before the problems, whose items carry no measures, tells how the
    # work was organised.
    overview, sections, nexts = [], [], []
    for node in areas:
        title = title_of(text, node)
        restarted = sections and node.number == 1
        if nexts or restarted or (sections and PART_NEXT.search(title) and not _holds_findings(text, node)):
            nexts.append(node)
        elif not sections and AREA_OVERVIEW.search(title) and not _holds_findings(text, node):
            overview.append(node)
        else:
            sections.append(node)
    return overview, sections, nexts


def _items_of(text: str, area: Node) -> list[Node]:
    """The numbered problems of an area: its `1.` items, or its `（1）` items when those carry measures
    of their own (`（1）问题…整改情况：一是…`); otherwise the area is itself the finding."""
    for kind in ("L3", "L4"):
        items = [c for c in area.children if c.kind == kind]
        if items and _labels_measures(text, area, items[0]):
            return []  # `（一）关于…问题 整改情况：1.… 2.…`: the numbers are its measures
        if items and (kind == "L3" or any(_has_measures(text, c) for c in items)):
            return items
    return []


def _labels_measures(text: str, area: Node, first: Node) -> bool:
    """Whether `整改情况：` (or the like) stands right before the area's first numbered item."""
    cue = None
    for cue in MEASURE_CUE.finditer(text, area.head_end, first.start):
        pass
    return cue is not None and not text[cue.end():first.start].strip()


def _has_measures(text: str, item: Node, kinds: tuple[str, ...] = ("E", "C")) -> bool:
    """Enumerated measures under the item (of `kinds`), or a 整改情况 label in it."""
    return any(g.kind in kinds for g in item.children) or bool(MEASURE_CUE.search(text, item.head_end, item.end))


def _holds_findings(text: str, part: Node) -> bool:
    """A part whose numbered items have enumerated measures or a 整改情况 label reports problems."""
    return any(c.kind == "L3" and _has_measures(text, c, _ENUM) for c in part.children)


def _finding(text: str, item: Node, section: Optional[int], index: int) -> Finding:
    fid = f"F{index}"
    first = item.children[0] if item.children else None
    kinds = _ENUM + ("L3",) if first is not None and _labels_measures(text, item, first) else _ENUM
    enum = [c for c in item.children if c.kind in kinds]
    enum = [c for c in enum if c.kind == enum[0].kind] if enum else []
    body_end = enum[0].start if enum else item.end
    cue = MEASURE_CUE.search(text, item.head_end, body_end)
    if enum:
        problem_end = cue.start() if cue else body_end
        spans = [(c.head_end, c.end) for c in enum]
    else:
        problem_end = cue.start() if cue else item.title_end
        rest_start = cue.end() if cue else item.title_end
        spans = [(rest_start, item.end)] if clean(text[rest_start:item.end]) else []
    measures = []
    for ordinal, (start, end) in enumerate(spans, 1):
        body = clean(text[start:end])
        measures.append(Measure(ordinal, body, measure_status(body), f"{fid}.M{ordinal}", start, end))
    title = title_of(text, item)
    problem = clean(text[item.head_end:problem_end]) or title
    return Finding(id=fid, number=item.number if item.kind == "L3" else None, section=section,
                   title=title, text=problem, measures=measures, status=finding_status(measures),
                   start=item.start, end=item.end)


def _cut_closing(text: str, out: Outline, has_next: bool) -> str:
    """End the last measure where a closing summary begins (one-line notices run straight on);
    returns the closing text that was cut off."""
    last = out.findings[-1]
    if not last.measures:
        return ""
    measure = last.measures[-1]
    end = measure.end
    for m in re.finditer(r"[^。！？\n]+[。！？]?", text[measure.start:measure.end]):
        if m.start() == 0:
            continue
        sentence = m.group()
        hit = CLOSING.search(sentence[:24])
        new_paragraph = text[measure.start + m.start() - 1] == "\n"
        if (hit and (has_next or hit.start() < 4)) or (new_paragraph and CLOSING_PARAGRAPH.match(sentence)):
            measure.end = measure.start + m.start()
            last.end = measure.end
            measure.text = clean(text[measure.start:measure.end])
            measure.status = measure_status(measure.text)
            last.status = finding_status(last.measures)
            return clean(text[measure.end:end])
    return ""


_NOTE_LINE = re.compile(r"^【[^】]{1,8}】")


def _paragraphs(preamble: str) -> list[str]:
    """The preamble's paragraphs, without the title, date and note lines above them."""
    lines = (line.strip() for line in preamble.split("\n"))
    return [clean(line) for line in lines if "。" in line and not _NOTE_LINE.match(line)]


def _items(text: str, parts: list[Node]) -> list[str]:
    """The numbered items of overview or next-step parts, or the parts themselves."""
    items: list[str] = []
    for part in parts:
        children = [c for c in part.children if c.kind in ("L2", "L3")]
        if children:
            items.extend(clean(text[node.head_end:node.end]) for node in children)
        elif text[part.title_end:part.title_end + 1] == "\n":  # a title on its own line heads a body
            items.append(clean(text[part.title_end:part.end]) or title_of(text, part))
        else:
            items.append(clean(text[part.head_end:part.end]))
    return [i for i in items if i]
