"""From the tree and the role of each node to the records of design §2: sections, findings and their
measures, the overview (how the work was organised) and the next steps.

The roles (`roles.py`) say what each heading, item, paragraph and ledger row is; this module only
assembles: an area that holds findings is a section (an area holding none is itself a finding), a
finding's measures are its enumerated measure items or else the words after `整改情况：` or its title,
a problem listed inline (`指出：一是…；二是…`) takes the measure paragraphs that follow it in order, and a
ledger row gives its problem, measures, status, deadline and responsible unit from its cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .blocks import Block
from .lexicon import CLOSING, CLOSING_PARAGRAPH, HEADING_START, MEASURE_CUE, STATUS_LINE
from .outline import Node, clean, title_of
from .records import Finding, Measure, Section
from .role_rules import ENUM, items_under
from .roles import assign_roles
from .status import finding_status, measure_status
from .role_model import prepared
from .sentences import CLAUSE, split
from .tree import build, walk


@dataclass
class Outline:
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def outline_notice(text: str, blocks: Optional[Sequence[Block]] = None) -> Outline:
    """Sections, findings, overview and next steps of one notice text (over its blocks, if a reader
    gave them)."""
    text = prepared(text)  # same length: offsets stay valid
    root = build(text, blocks)
    return _Assembly(text, assign_roles(text, root)).run(root)


class _Assembly:
    def __init__(self, text: str, roles: dict[int, str]):
        self.text, self.roles = text, roles
        self.out = Outline()
        self.overview: list[Node] = []
        self.nexts: list[Node] = []
        self.topical: set[int] = set()

    def role(self, node: Node) -> str:
        return self.roles.get(id(node), "other")

    def run(self, root: Node) -> Outline:
        text, out = self.text, self.out
        top = root.children
        # Parts that each hold problems one level down (一、财政管理审计… / （一）…问题。…): two or more such
        # parts name the notice's topics, so they are its sections and their items the findings.
        leaf_parts = [n for n in top if self.role(n) == "part" and self._holds_leaf_areas(n)]
        self.topical = {id(n) for n in leaf_parts} if len(leaf_parts) >= 2 else set()
        self.visit_all(top, None)
        closing = _cut_closing(text, out, has_next=bool(self.nexts)) if out.findings else ""
        preamble_end = next((n.start for n in top if n.kind != "P"), len(text))
        # The preamble's paragraphs are read by line (its title, date and notes are not overview); a
        # paragraph read as self-description further down is an item like the parts'.
        described = [n for n in self.overview if n.kind != "P" or (n.start >= preamble_end and "。" in text[n.start:n.end])]
        out.overview = _items(text, described) or _paragraphs(text[:preamble_end])
        out.next_steps = _items(text, self.nexts) or ([closing] if closing else [])
        return out

    def visit_all(self, nodes: list[Node], section: Optional[int],
                  matched: Optional[dict[Node, list[Node]]] = None) -> None:
        """Visit siblings in order. A problem listed inline takes the answers `matched` to it; a finding
        that is a paragraph (`问题一：…`, `针对“…”的问题，…`) takes the measure, status and detail paragraphs
        after it, up to the next finding or heading."""
        matched = matched or {}
        taken: set[int] = {id(a) for answers in matched.values() for a in answers}
        for i, node in enumerate(nodes):
            if id(node) in taken:
                continue
            if node in matched:
                self.finding(node, section, matched[node])
            elif node.kind == "P" and self.role(node) == "finding":
                follow = []
                for later in nodes[i + 1:]:
                    if later.kind != "P" or self.role(later) not in ("measure", "status", "detail"):
                        break
                    follow.append(later)
                taken.update(id(n) for n in follow)
                self.finding(node, section, follow)
            else:
                self.visit(node, section)

    def visit(self, node: Node, section: Optional[int]) -> None:
        role = self.role(node)
        if role == "overview":
            self.overview.append(node)
        elif role == "next":
            self.nexts.append(node)
        elif role == "part" and id(node) in self.topical:
            self.area(node, section)
        elif role == "part":
            self.visit_all(node.children, section)
        elif role == "area":
            self.area(node, section)
        elif role == "finding":
            if self.has_findings(node):  # a group of specific problems (four-level numbering)
                self.area(node, section)
            else:
                self.finding(node, section)

    def _holds_leaf_areas(self, node: Node) -> bool:
        areas = [c for c in node.children if self.role(c) == "area"]
        return bool(areas) and not any(self.has_findings(a) for a in areas)

    def has_findings(self, node: Node) -> bool:
        return any(self.role(c) in ("finding", "area") or (self.role(c) == "part" and self.has_findings(c))
                   for c in node.children)

    def area(self, node: Node, section: Optional[int]) -> None:
        if not self.has_findings(node) and node.kind == "G":
            return  # a ledger's group row with no rows under it (a note row) is no finding
        if section is None:
            section = len(self.out.sections) + 1
            self.out.sections.append(Section(section, _heading(self.text, node), node.start, node.end))
        if not self.has_findings(node):
            self.finding(node, section)  # an area with no items is itself the finding
            return
        inline = [c for c in node.children if self.role(c) == "finding" and c.kind in ENUM]
        answers = []
        for c in node.children:
            if self.role(c) != "measure" or c.start <= (inline[-1].start if inline else 0):
                continue
            if _label_only(self.text, c):  # `整改措施：一是…；二是…`: its items answer the problems in turn
                answers.extend(k for k in c.children if k.kind in ENUM and self.role(k) == "measure")
            else:
                answers.append(c)
        matched = _match(self.text, inline, answers) if inline and answers else {}
        self.visit_all(node.children, section, matched)

    def finding(self, item: Node, section: Optional[int], answers: Sequence[Node] = ()) -> None:
        index = len(self.out.findings) + 1
        make = _row_finding if item.kind == "R" else _finding
        self.out.findings.append(make(self.text, item, section, index, self.roles, answers))
        # a 下一步 paragraph that stands under the last finding (no heading of its own) is a next step
        self.nexts.extend(n for n in walk(item) if n is not item and n.kind == "P" and self.role(n) == "next")


def _tells_what_was_done(text: str, node: Node) -> bool:
    """A 整改进展：/完成情况： paragraph that says more than how far it got (已完成, 持续推进)."""
    label = STATUS_LINE.match(text, node.start)
    return bool(label) and len(clean(text[label.end():node.end])) > 20


def _label_only(text: str, node: Node) -> bool:
    """A paragraph that only labels what follows (`整改情况：` on a line of its own)."""
    own = text[node.start:(node.children[0].start if node.children else node.end)].strip()
    cue = MEASURE_CUE.match(own)
    return bool(cue) and not own[cue.end():].strip()


def _heading(text: str, node: Node) -> str:
    title = title_of(text, node)
    if node.kind == "G":  # a group row carries its own marker (一、党建方面)
        m = HEADING_START.match(title)
        title = title[m.end():].strip() if m else title
    return title


def _finding(text: str, item: Node, section: Optional[int], index: int, roles: dict[int, str],
             answers: Sequence[Node] = ()) -> Finding:
    fid = f"F{index}"
    kids = [c for c in items_under(item) if c.kind != "P" and roles.get(id(c)) == "measure"]
    enum = [c for c in kids if c.kind == kids[0].kind] if kids else []
    # A 整改进展： paragraph that tells what was done (开展专项整治，整改隐患52处) is the measure of a
    # finding without numbered ones; a bare one (整改进展：已完成) stays its status.
    told = {id(c) for c in item.children
            if not enum and c.kind == "P" and roles.get(id(c)) == "status" and _tells_what_was_done(text, c)}

    def role(n: Node) -> str:
        return "measure" if id(n) in told else roles.get(id(n), "other")
    body_end = enum[0].start if enum else item.end
    cue = MEASURE_CUE.search(text, item.head_end, body_end)
    paragraphs = [c for c in item.children if c.kind == "P"]
    details = [c for c in paragraphs if role(c) == "detail" and c.start < body_end]
    # the lines after the finding's text: its own, or under its last measure item
    tail = [c for c in paragraphs + [k for c in enum for k in c.children if k.kind == "P"]
            if role(c) in ("status", "next", "closing")]
    end = tail[0].start if tail and not enum else item.end
    if enum:
        problem_end = cue.start() if cue else body_end
        spans = [(c.head_end, min([c.end] + [t.start for t in tail if c.start < t.start < c.end])) for c in enum]
    else:
        said = [c for c in paragraphs if role(c) == "measure"]
        detail_end = max([c.end for c in details] + [item.title_end])
        problem_end = cue.start() if cue else detail_end
        rest_start = cue.end() if cue else (said[0].start if said and details else item.title_end)
        spans = [(rest_start, end)] if clean(text[rest_start:end]) else []
    for answer in (a for a in answers if role(a) not in ("status", "detail")):  # its measure paragraphs
        items = [c for c in answer.children if c.kind in ENUM]
        label = MEASURE_CUE.match(text, answer.head_end)  # `整改情况：…` answering one problem: the words after it
        spans.extend([(c.head_end, c.end) for c in items] or [(label.end() if label else answer.head_end, answer.end)])
    tail = tail + [a for a in answers if role(a) == "status"]
    said = [a for a in answers if role(a) == "detail"]
    measures = []
    for ordinal, (start, stop) in enumerate(spans, 1):
        body = clean(text[start:stop])
        measures.append(Measure(ordinal, body, measure_status(body), f"{fid}.M{ordinal}", start, stop))
    title = title_of(text, item)
    if problem_end > item.title_end and text[item.title_end:item.title_end + 1] == "\n":
        # a heading on its own line, its problem told in the lines under it: the two stay apart
        problem = (clean(text[item.head_end:item.title_end]) + "\n" + clean(text[item.title_end:problem_end])).strip()
    else:
        problem = clean(text[item.head_end:problem_end]) or title
    problem = "\n".join([problem] + [clean(text[a.start:a.end]) for a in said])
    status_words = " ".join(clean(text[c.start:c.end]) for c in tail if role(c) == "status")
    status = measure_status(status_words) if status_words else "unknown"
    return Finding(id=fid, number=item.number if item.kind in ("L3", "R") else None, section=section,
                   title=title, text=problem, measures=measures,
                   status=status if status != "unknown" else finding_status(measures),
                   start=item.start, end=max([item.end] + [a.end for a in answers]))


def _row_finding(text: str, item: Node, section: Optional[int], index: int, roles: dict[int, str],
                 answers: Sequence[Node] = ()) -> Finding:
    """A ledger row: problem cell, measure cell (its numbered items, else the cell), status, deadline,
    responsible unit."""
    fid = f"F{index}"
    cell = lambda role: clean(text[item.cells[role][0]:item.cells[role][1]]) if role in item.cells else ""  # noqa: E731
    kids = [c for c in item.children if roles.get(id(c)) == "measure"]
    enum = [c for c in kids if c.kind == kids[0].kind] if kids else []
    if enum:
        spans = [(c.head_end, c.end) for c in enum]
    elif "measure" in item.cells and cell("measure"):  # unnumbered: each of the cell's paragraphs
        spans = _lines(text, *item.cells["measure"])
    else:
        spans = []
    measures = []
    for ordinal, (start, stop) in enumerate(spans, 1):
        body = clean(text[start:stop]).rstrip("；;")
        measures.append(Measure(ordinal, body, measure_status(body), f"{fid}.M{ordinal}", start, stop))
    problem = cell("problem")
    title = next(split(problem, level=CLAUSE), None)
    title = title.text.rstrip("。；") if title else ""
    status = measure_status(cell("status")) if cell("status") else "unknown"
    return Finding(id=fid, number=item.number or None, section=section, title=title or problem, text=problem,
                   measures=measures, status=status if status != "unknown" else finding_status(measures),
                   start=item.start, end=item.end, responsible=cell("responsible") or None,
                   deadline=cell("deadline") or None)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of text[start:end] as spans."""
    spans, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _match(text: str, problems: list[Node], answers: list[Node]) -> dict[Node, list[Node]]:
    """Measure paragraphs to the problems listed inline before them: one each in order when they are as
    many; otherwise each to the problem whose words it repeats most (`针对…问题`), else the next in order."""
    out: dict[Node, list[Node]] = {p: [] for p in problems}
    if len(problems) == len(answers):
        for p, a in zip(problems, answers):
            out[p].append(a)
        return out
    grams = [_bigrams(clean(text[p.head_end:p.end])) for p in problems]
    for i, answer in enumerate(answers):
        words = _bigrams(clean(text[answer.head_end:answer.title_end]))
        scores = [len(words & g) / (len(g) or 1) for g in grams]
        best = max(range(len(problems)), key=lambda k: scores[k])
        out[problems[best if scores[best] >= 0.2 else min(i, len(problems) - 1)]].append(answer)
    return out


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _cut_closing(text: str, out: Outline, has_next: bool) -> str:
    """End the last measure where a closing summary begins (one-line notices run straight on);
    returns the closing text that was cut off."""
    last = out.findings[-1]
    if not last.measures:
        return ""
    measure = last.measures[-1]
    end = measure.end
    for span in split(text, measure.start, measure.end):
        if span.start == measure.start:
            continue
        sentence = span.text
        hit = CLOSING.search(sentence[:24])
        new_paragraph = text[span.start - 1] == "\n"
        if (hit and (has_next or hit.start() < 4)) or (new_paragraph and CLOSING_PARAGRAPH.match(sentence)):
            measure.end = span.start
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
