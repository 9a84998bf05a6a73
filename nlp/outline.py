"""Recover the heading tree of a notice (一、 （一） 1. （1） 一是), with or without line breaks.

A heading marker is trusted only when it stands where headings stand (after a line break or a full
stop, or for `1.` straight after a heading title) and continues its numbering: `N` follows `N-1`, and
a `1` opens a new run only under a new parent. That one rule is what tells `15.落实` from `1.54%`,
and `一是` from `统一是`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from bisect import bisect_right

from .lexicon import FULL_STOPS, HEADING_START, SEMICOLONS
from .sentences import SENTENCE, end_of
from .numerals import small_int

# Heading forms, highest first. E is the `一是/二是` enumeration, C the circled numbers. The block model
# adds G (a ledger's group row), R (a ledger row) and P (a paragraph without a marker), ranked where
# they nest: a row under its group, a paragraph under the heading above it, and inline items in it.
RANK = {"root": 0, "L1": 1, "L2": 2, "G": 2.5, "L3": 3, "R": 3.5, "L4": 4, "P": 4.5, "E": 5, "C": 5}
_CN = "[一二三四五六七八九十]{1,3}"
_MARKER = re.compile(
    rf"(?P<L1>(?P<n1>{_CN})、)"
    rf"|(?P<L2>（(?P<n2>{_CN})）)"
    r"|(?P<L4>（(?P<n4>\d{1,3})）)"
    r"|(?P<L3>(?<![\d.．A-Za-z第\-~/])(?P<n3>\d{1,3})[.．、](?![\d%]))"
    rf"|(?P<E>(?P<n5>{_CN})是)"
    r"|(?P<C>(?P<n6>[\u2460-\u2473]))"  # ① … ⑳
)
_SENTENCE_END = FULL_STOPS + SEMICOLONS + "：:"  # a heading may follow a full stop, a semicolon or a colon
_PART = {"n1": "L1", "n2": "L2", "n3": "L3", "n4": "L4", "n5": "E", "n6": "C"}


@dataclass(eq=False)  # nodes are told apart by identity: two empty paragraphs are still two nodes
class Node:
    """One heading and the span it owns, up to the next heading of the same or higher rank."""
    kind: str
    number: int
    start: int          # where the marker begins
    head_end: int       # where the marker ends and the title begins
    title_end: int      # where the title ends
    end: int = 0        # where the node's span ends (exclusive)
    children: list["Node"] = field(default_factory=list)
    parent: Optional["Node"] = field(default=None, repr=False)
    inline: bool = False  # began inside a paragraph rather than at a line start
    run: int = -1         # the run of numbering a marker belongs to (scan_markers); -1 for other nodes
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # a ledger row's cells by what they hold

    @property
    def rank(self) -> float:
        return RANK[self.kind]



def _boundary(text: str, pos: int) -> str:
    """'line', 'sentence', 'comma' or 'inline': what stands before a marker at `pos`."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] == "\n":
        return "line"
    ch = text[i]
    if ch in _SENTENCE_END:
        return "sentence"
    if ch in "，,":
        return "comma"
    return "inline"


def has_line_structure(text: str) -> bool:
    """Whether the notice breaks its paragraphs onto lines (most do) or runs its body on one line."""
    lines = [len(line) for line in text.split("\n") if line.strip()]
    return len(lines) >= 8 and max(lines) < 0.5 * sum(lines)


def _allowed_at(kind: str, boundary: str, text: str, pos: int, lined: bool) -> bool:
    if lined and kind in ("L1", "L2"):
        return boundary == "line"  # a notice with line breaks starts its parts and areas on a new line
    if boundary in ("line", "sentence"):
        return True
    if kind in ("L4", "E", "C"):
        return boundary == "comma"
    if kind == "L3" and boundary == "inline" and not lined:
        prev = text[pos - 1]
        # `有差距1.学习`: a section title running straight into its first item.
        return "\u4e00" <= prev <= "\u9fff" or prev in "”）》"
    return False


def _followed_by_title(kind: str, text: str, end: int) -> bool:
    nxt = text[end:end + 1]
    if not nxt or nxt in "\n，。、,":
        return kind == "L2" and nxt == "\n"
    return kind not in ("L1", "L3") or not nxt.isdigit()


def scan_markers(text: str) -> list[Node]:
    """All trusted heading markers in document order (flat, without spans), each with the run of
    numbering it continues (`Node.run`): one kind may number two levels (`1.关于…问题` groups holding
    `（1）…` problems whose measures are `1. 2.` again), so several runs of a kind may be open at once,
    and a number continues the innermost run that expects it — or, when two do, the one whose first
    item reads alike (`2.关于…` goes on from `1.关于…`, not from `1.完善…`)."""
    accepted: list[Node] = []
    lined = has_line_structure(text)
    # Where a paragraph opens with no marker of its own: it heads the items inside it, so an
    # enumeration may start again there (`针对…问题，一是…二是…` after another paragraph's 一是/二是).
    unmarked = [i + 1 for i, ch in enumerate(text) if ch == "\n" and text[i + 1:i + 2].strip()
                and not HEADING_START.match(text, i + 1)] if lined else []
    runs: dict[str, list[_Run]] = {}  # open runs of each kind, innermost last
    count = 0
    for m in _MARKER.finditer(text):
        group = next(g for g in _PART if m.group(g) is not None)
        kind = _PART[group]
        number = ord(m.group(group)) - 0x245F if kind == "C" else small_int(m.group(group))
        if number is None:
            continue
        start, head_end = m.start(), m.end()
        boundary = _boundary(text, start)
        if not _allowed_at(kind, boundary, text, start, lined) or not _followed_by_title(kind, text, head_end):
            continue
        open_runs = runs.setdefault(kind, [])
        going_on = [i for i, r in enumerate(open_runs) if r.last + 1 == number]
        if going_on:
            lead = text[head_end:head_end + 2]
            i = next((i for i in reversed(going_on) if open_runs[i].lead == lead), going_on[-1])
            run = open_runs[i]
            del open_runs[i + 1:]
        elif number == 1:
            inner = open_runs[-1] if open_runs else None
            if inner is not None and not _new_parent_since(accepted, inner.index, kind, boundary) \
                    and not (kind in ("E", "C", "L4") and _paragraph_since(unmarked, accepted[inner.index].start, start)) \
                    and not _under_deeper_heading(accepted, kind, boundary):
                continue
            run = _Run(len(accepted), 0, text[head_end:head_end + 2], id=count)
            count += 1
            open_runs.append(run)
            del open_runs[:-_OPEN_RUNS]
        else:
            continue
        run.last, run.index = number, len(accepted)
        accepted.append(Node(kind, number, start, head_end, _title_end(text, head_end), inline=boundary != "line",
                             run=run.id))
    return accepted


_OPEN_RUNS = 3  # runs of one kind that may still go on (a kind numbers two levels, rarely three)


@dataclass
class _Run:
    """One run of numbering: where its last item is (`index` in the accepted list), its last number, and
    the first two characters after its first marker."""
    index: int
    last: int
    lead: str
    id: int = 0


def _under_deeper_heading(accepted: list[Node], kind: str, boundary: str) -> bool:
    """A run may start again right under a heading of a deeper level (`（1）关于…` then `1.完善…`): its
    items are that heading's, numbered as the notice pleases."""
    return boundary == "line" and kind in ("L3", "L4") and bool(accepted) and accepted[-1].rank > RANK[kind]


def _new_parent_since(accepted: list[Node], index: int, kind: str, boundary: str) -> bool:
    """A run may restart at 1 under a new parent, or for top levels at a line/sentence start."""
    if any(node.rank < RANK[kind] for node in accepted[index + 1:]):
        return True
    return kind in ("L1", "L2") and boundary in ("line", "sentence")


def _paragraph_since(unmarked: list[int], after: int, before: int) -> bool:
    i = bisect_right(unmarked, after)
    return i < len(unmarked) and unmarked[i] < before


def _title_end(text: str, head_end: int) -> int:
    """A heading's title runs to its sentence's end (the full stop kept, a line break not), at most 200
    characters."""
    end = end_of(text, head_end, SENTENCE)
    if text[end - 1:end] == "\n":
        end -= 1
    return min(end, len(text), head_end + 200)


def build_tree(text: str) -> Node:
    """Nest the trusted markers by rank into a tree whose root spans the whole text."""
    return nest(Node("root", 0, 0, 0, 0, len(text)), scan_markers(text), len(text))


def nest(root: Node, nodes: list[Node], end: int, closes_at=None) -> Node:
    """Nest `nodes` (in document order) under `root`: a marker that goes on with a run of numbering
    stands beside that run's earlier items; a run that starts right under a heading of a deeper level
    that has no items yet is that heading's items (`（1）关于…` then `1.完善…`); anything else nests by
    rank. A node's span runs to the next node that takes its place, or to `closes_at(node)` when that
    comes first (an item that began inside a paragraph ends with it)."""
    far = (lambda node: end) if closes_at is None else closes_at
    stack = [root]
    parents: dict[int, Node] = {}  # run → the node its items stand under

    def pop(until) -> None:
        while len(stack) > 1 and until(stack[-1]):
            top = stack.pop()
            top.end = min(node.start, far(top))
            top.title_end = min(top.title_end, top.end)  # `一是甲；二是乙`: a title ends where its item does

    for node in nodes:
        pop(lambda top: far(top) <= node.start)
        parent = parents.get(node.run) if node.run >= 0 else None
        if parent is not None and any(n is parent for n in stack):
            pop(lambda top: top is not parent)
        elif (node.run >= 0 and node.run not in parents and node.kind in ("L3", "L4") and not node.inline
              and stack[-1].run >= 0
              and stack[-1].rank > node.rank and not stack[-1].children):
            pass  # an inverted level: the items of the deeper heading just above
        else:
            pop(lambda top: top.rank >= node.rank)
        if node.run >= 0:
            parents.setdefault(node.run, stack[-1])
        node.parent = stack[-1]
        if not stack[-1].children and node.start > stack[-1].head_end:
            stack[-1].title_end = min(stack[-1].title_end, node.start)  # `（一）…有差距1.学习…`: a title stops where its first item begins
        stack[-1].children.append(node)
        stack.append(node)
    for node in stack[1:]:
        node.end = min(end, far(node))
    return root


def clean(text: str) -> str:
    """Join lines broken mid-sentence; keep a line break only after a sentence end."""
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and not out[-1].endswith(("。", "！", "？", "；", "：", "”", "…")) or (out and line[0] in "。，；、）”"):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out).strip()


def title_of(text: str, node: Node) -> str:
    return clean(text[node.head_end:node.title_end]).rstrip("。；").strip()
