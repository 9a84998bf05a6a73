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

from .lexicon import FULL_STOPS, HEADING_START
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
_SENTENCE_END = FULL_STOPS + "；：;:"  # a heading may follow a full stop, a semicolon or a colon
_TITLE_STOP = re.compile(r"[。！？\n]")
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
    """All trusted heading markers in document order (flat, without spans)."""
    accepted: list[Node] = []
    lined = has_line_structure(text)
    # Where a paragraph opens with no marker of its own: it heads the items inside it, so an
    # enumeration may start again there (`针对…问题，一是…二是…` after another paragraph's 一是/二是).
    unmarked = [i + 1 for i, ch in enumerate(text) if ch == "\n" and text[i + 1:i + 2].strip()
                and not HEADING_START.match(text, i + 1)] if lined else []
    last_number: dict[str, int] = {}
    last_index: dict[str, int] = {}  # index in `accepted` of the last marker of each kind
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
        previous = last_number.get(kind)
        if previous is not None and number == previous + 1:
            pass
        elif number == 1:
            if previous is not None and not _new_parent_since(accepted, last_index[kind], kind, boundary) \
                    and not (kind in ("E", "C", "L4") and _paragraph_since(unmarked, accepted[last_index[kind]].start,
                                                                           start)):
                continue
        else:
            continue
        last_number[kind] = number
        last_index[kind] = len(accepted)
        accepted.append(Node(kind, number, start, head_end, _title_end(text, head_end), inline=boundary != "line"))
    return accepted


def _new_parent_since(accepted: list[Node], index: int, kind: str, boundary: str) -> bool:
    """A run may restart at 1 under a new parent, or for top levels at a line/sentence start."""
    if any(node.rank < RANK[kind] for node in accepted[index + 1:]):
        return True
    return kind in ("L1", "L2") and boundary in ("line", "sentence")


def _paragraph_since(unmarked: list[int], after: int, before: int) -> bool:
    i = bisect_right(unmarked, after)
    return i < len(unmarked) and unmarked[i] < before


def _title_end(text: str, head_end: int) -> int:
    limit = min(len(text), head_end + 200)
    m = _TITLE_STOP.search(text, head_end, limit)
    if m is None:
        return limit
    return m.start() + (1 if text[m.start()] in "。！？" else 0)


def build_tree(text: str) -> Node:
    """Nest the trusted markers by rank into a tree whose root spans the whole text."""
    return nest(Node("root", 0, 0, 0, 0, len(text)), scan_markers(text), len(text))


def nest(root: Node, nodes: list[Node], end: int, closes_at=None) -> Node:
    """Nest `nodes` (in document order) under `root` by rank; each node's span runs to the next node of
    the same or a higher rank, or to `closes_at(node)` when that comes first (an item that began inside
    a paragraph ends with it)."""
    stack = [root]
    for node in nodes:
        while len(stack) > 1 and (stack[-1].rank >= node.rank or
                                  (closes_at is not None and closes_at(stack[-1]) <= node.start)):
            top = stack.pop()
            top.end = min(node.start, closes_at(top)) if closes_at is not None else node.start
        node.parent = stack[-1]
        if not stack[-1].children:  # `（一）…有差距1.学习…`: a title stops where its first item begins
            stack[-1].title_end = min(stack[-1].title_end, node.start)
        stack[-1].children.append(node)
        stack.append(node)
    for node in stack[1:]:
        node.end = min(end, closes_at(node)) if closes_at is not None else end
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
    return clean(text[node.head_end:node.title_end]).rstrip("。").strip()
