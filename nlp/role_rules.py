"""Today's rules for the role of each node, kept as one voice among the classifier's features.

They read a part's role from its title where the title is clear (总体/推进情况 → overview, 问题的整改情况 →
findings, 下一步 → next) and from the tree's shape where it is silent (the part with areas holds the
findings; an area whose numbered items carry measures holds findings; `整改情况：` before the first
numbered item makes the numbers measures). The classifier (`roles.py`) learns when wording and place
overrule them: self-description parts in problem-like words, inline problem lists, four-level numbering.
"""
from __future__ import annotations

from typing import Optional

from .lexicon import AREA_OVERVIEW, AREA_SHORTCOMING, MEASURE_CUE, PART_FINDINGS, PART_NEXT, PART_OVERVIEW, PART_OVERVIEW_FIRST
from .outline import Node, title_of

ENUM = ("E", "L4", "C")
Roles = dict[int, str]


def part_role(text: str, node: Node) -> Optional[str]:
    """What a part's title says it is for: 'next', 'findings', 'overview', or None when it is silent."""
    title = title_of(text, node)
    if PART_NEXT.search(title):
        return "next"
    if PART_OVERVIEW_FIRST.search(title):
        return "overview"
    if PART_FINDINGS.search(title):
        return "findings"
    if PART_OVERVIEW.search(title):
        return "overview"
    return None


def rule_roles(text: str, root: Node) -> Roles:
    """A role for every node of the tree, by the rules."""
    roles: Roles = {}
    top = [n for n in root.children if n.kind != "P"]
    overview, sections, nexts, parts = split_parts(text, top)
    for node in overview:
        _inherit(node, "overview", roles)
    for node in nexts:
        _inherit(node, "next", roles)
    for node in parts:
        roles[id(node)] = "part"
    for area in sections:
        _area(text, area, roles)
    if not sections:  # numbered problems with no section headings at all
        for item in (n for n in top if n.kind in ("L3", "R") and id(n) not in roles):
            _finding(text, item, roles)
    for node in root.children:
        if node.kind == "P" and id(node) not in roles:
            roles[id(node)] = "other"
    return roles


def split_parts(text: str, top: list[Node]) -> tuple[list[Node], list[Node], list[Node], list[Node]]:
    """(overview parts, finding sections, next-step parts, parts that hold the sections) among the
    top-level headings."""
    parts = [n for n in top if n.kind == "L1"]
    if parts:
        roles = [part_role(text, p) for p in parts]
        holding = [i for i, r in enumerate(roles) if r == "findings"]
        if not holding:  # the titles are silent: the parts with areas, else those whose items carry measures
            silent = [i for i, r in enumerate(roles) if r is None]
            holding = ([i for i in silent if any(c.kind in ("L2", "G") for c in parts[i].children)]
                       or [i for i in silent if holds_findings(text, parts[i])] or silent)
        if not holding:
            return ([p for p, r in zip(parts, roles) if r == "overview"], [],
                    [p for p, r in zip(parts, roles) if r == "next"], [])
        first, last = holding[0], holding[-1]
        core = [p for i, p in enumerate(parts[first:last + 1], first) if roles[i] not in ("overview", "next")]
        sections, holders = [], []
        for part in core:
            areas = [c for c in part.children if c.kind in ("L2", "G")]
            if areas:
                holders.append(part)
            elif any(c.kind == "R" for c in part.children):  # a ledger without group rows under a part
                holders.append(part)
                sections.append(part)
                continue
            sections.extend(areas or [part])
        overview = [p for i, p in enumerate(parts) if (i < first and roles[i] != "next") or roles[i] == "overview"]
        nexts = [p for i, p in enumerate(parts) if p not in core and p not in overview]
        return overview, sections, nexts, holders
    areas = [n for n in top if n.kind in ("L2", "G")]
    if not areas:
        return [], [], [], []
    # A second run of （一）（二）… after the problems, or a titled 下一步 part, plans ahead; an area
    # titled like 整改工作开展情况 before the problems, whose items carry no measures, tells how the
    # work was organised.
    overview, sections, nexts = [], [], []
    for node in areas:
        title = title_of(text, node)
        restarted = sections and node.kind == "L2" and node.number == 1
        if nexts or restarted or (sections and PART_NEXT.search(title) and not holds_findings(text, node)):
            nexts.append(node)
        elif (not sections and AREA_OVERVIEW.search(title) and not AREA_SHORTCOMING.search(title)
              and not holds_findings(text, node)):
            overview.append(node)
        else:
            sections.append(node)
    return overview, sections, nexts, []


def _area(text: str, area: Node, roles: Roles) -> None:
    roles[id(area)] = "area"
    items = items_of(text, area)
    if not items:  # the area is itself the finding: its parts are its measures
        _measures(text, area, roles)
        return
    for item in items:
        _finding(text, item, roles)
    for child in area.children:
        if id(child) not in roles:
            roles[id(child)] = "detail"


def items_of(text: str, area: Node) -> list[Node]:
    """The numbered problems of an area: its rows, its `1.` items, or its `（1）` items when those carry
    measures of their own (`（1）问题…整改情况：一是…`); otherwise the area is itself the finding."""
    rows = [c for c in area.children if c.kind == "R"]
    if rows:
        return rows
    for kind in ("L3", "L4"):
        items = [c for c in area.children if c.kind == kind]
        if items and labels_measures(text, area, items[0]):
            return []  # `（一）关于…问题 整改情况：1.… 2.…`: the numbers are its measures
        if items and (kind == "L3" or any(has_measures(text, c) for c in items)):
            return items
    return []


def labels_measures(text: str, area: Node, first: Node) -> bool:
    """Whether `整改情况：` (or the like) stands right before the area's first numbered item."""
    cue = None
    for cue in MEASURE_CUE.finditer(text, area.head_end, first.start):
        pass
    return cue is not None and not text[cue.end():first.start].strip()


def has_measures(text: str, item: Node, kinds: tuple[str, ...] = ("E", "C")) -> bool:
    """Enumerated measures under the item (of `kinds`), or a 整改情况 label in it."""
    return any(g.kind in kinds for g in items_under(item)) or bool(MEASURE_CUE.search(text, item.head_end, item.end))


def items_under(node: Node) -> list[Node]:
    """A node's children, looking through paragraphs: the items of `整改情况：一是…二是…` on a line of its
    own belong to the heading above that line."""
    out = []
    for child in node.children:
        if child.kind == "P" and child.children:
            out.extend(child.children)
        else:
            out.append(child)
    return out


def holds_findings(text: str, part: Node) -> bool:
    """A part whose numbered items have enumerated measures or a 整改情况 label reports problems."""
    return any(c.kind in ("L3", "R") and (c.kind == "R" or has_measures(text, c, ENUM)) for c in part.children)


def _finding(text: str, item: Node, roles: Roles) -> None:
    roles[id(item)] = "finding"
    _measures(text, item, roles)


def _measures(text: str, item: Node, roles: Roles) -> None:
    """The enumerated items of a finding (of the kind of its first one) are its measures; paragraphs
    are measures too unless enumerated measures follow them (then they say more of the problem)."""
    enum = measure_items(text, item)
    first_enum = enum[0].start if enum else item.end
    for child in item.children:
        if child in enum:
            roles[id(child)] = "measure"
        elif child.kind == "P":
            holds = any(g in enum for g in child.children)
            roles[id(child)] = "detail" if child.start < first_enum and not holds else "measure"
        else:
            roles[id(child)] = "measure" if child.kind in ENUM + ("L3",) else "detail"
        for grandchild in _descendants(child):
            roles.setdefault(id(grandchild), "measure")


def measure_items(text: str, item: Node) -> list[Node]:
    """A finding's enumerated measures: its 一是/（1）/① children of one kind, or its `1.` children when
    `整改情况：` labels them."""
    children = [c for c in items_under(item) if c.kind != "P"]
    first = children[0] if children else None
    kinds = ENUM + ("L3",) if first is not None and labels_measures(text, item, first) else ENUM
    if item.kind == "R":
        kinds = ENUM + ("L3",)
    enum = [c for c in children if c.kind in kinds]
    return [c for c in enum if c.kind == enum[0].kind] if enum else []


def _inherit(node: Node, role: str, roles: Roles) -> None:
    roles[id(node)] = role
    for child in _descendants(node):
        roles[id(child)] = role


def _descendants(node: Node):
    for child in node.children:
        yield child
        yield from _descendants(child)
