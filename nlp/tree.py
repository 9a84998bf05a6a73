"""The tree of a notice over its blocks: heading markers, paragraphs and ledger rows as one kind of node.

Markers (一、 （一） 1. （1） 一是 ①) come from the text (`outline.scan_markers`); a paragraph that opens
with no marker is a node `P`, so an unnumbered measure, a `针对…问题，…` paragraph or a status line can be
given a role like any item; a ledger table's merged rows are nodes `G` and its rows nodes `R`, with the
items of the measure cell under them. Everything nests by rank (`outline.RANK`), and an item that began
inside a paragraph (`巡视指出：一是…；二是…`) ends with that paragraph.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional, Sequence

from .blocks import GROUP, HEADER, PARA, ROW, Block, paragraphs
from .ledger import column_roles, is_ledger
from .lexicon import PROBLEM_LEAD_IN
from .outline import Node, nest, scan_markers
from .sentences import SENTENCE, end_of

_FAR = 1 << 62


def build(text: str, blocks: Optional[Sequence[Block]] = None) -> Node:
    """The tree of `text`; without blocks, each non-empty line is a paragraph."""
    blocks = list(blocks) if blocks else paragraphs(text)
    tables, table_end = _ledger_rows(text, blocks)
    masked = _mask(text, [b for b in blocks if b.kind != PARA])
    markers = scan_markers(masked)
    starts = {m.start for m in markers}
    nodes = list(markers)
    for block in blocks:
        if block.kind == PARA:
            first = block.start + len(text[block.start:block.end]) - len(text[block.start:block.end].lstrip())
            if first not in starts and first < block.end and not _leads_into_list(text, first, starts):
                nodes.append(Node("P", 0, first, first, _sentence_end(text, first, block.end), inline=False))
    nodes.extend(tables)
    nodes.sort(key=lambda n: (n.start, n.rank))
    para_ends = sorted((b.start, b.end) for b in blocks if b.kind == PARA)
    begins = [s for s, _ in para_ends]

    def closes_at(node: Node) -> int:
        """An item that began inside a paragraph, and a paragraph node itself, end with that paragraph; a
        ledger's rows end with their table."""
        if node.kind in ("R", "G"):
            return table_end.get(id(node), _FAR)
        if not (node.inline or node.kind == "P"):
            return _FAR
        i = bisect_right(begins, node.start) - 1
        return para_ends[i][1] if i >= 0 and para_ends[i][1] >= node.start else _FAR

    return nest(Node("root", 0, 0, 0, 0, len(text)), nodes, len(text), closes_at)


def _leads_into_list(text: str, start: int, starts: set[int]) -> bool:
    """A paragraph that is only a problem label and its list (`巡察指出：一是…`) is no node of its own: its
    items go on under the heading above, as they do when the label runs on from the heading's line."""
    label = PROBLEM_LEAD_IN.match(text, start)
    return bool(label) and label.end() in starts


def _mask(text: str, blocks: Sequence[Block]) -> str:
    """`text` with the table blocks blanked (line breaks kept), so their cells are read as cells only."""
    if not blocks:
        return text
    chars = list(text)
    for b in blocks:
        for i in range(b.start, b.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _sentence_end(text: str, start: int, end: int) -> int:
    return min(end_of(text, start, SENTENCE), end)


def _ledger_rows(text: str, blocks: Sequence[Block]) -> tuple[list[Node], dict[int, int]]:
    """The group and row nodes of every ledger table (tables of anything else give none), and where each
    node's table ends (by node id)."""
    out: list[Node] = []
    ends: dict[int, int] = {}
    by_table: dict[int, list[Block]] = {}
    for b in blocks:
        if b.kind != PARA:
            by_table.setdefault(b.table, []).append(b)
    for rows in by_table.values():
        header = next((b for b in rows if b.kind == HEADER), None)
        first_row = next((b for b in rows if b.kind == ROW), None)
        columns = [c.column for c in (header.cells if header else (first_row.cells if first_row else []))]
        roles = dict(zip(columns, column_roles(columns)))
        if not is_ledger(list(roles.values())):
            continue
        area_value = None
        first = len(out)
        for b in rows:
            if b.kind == GROUP:
                out.append(Node("G", 0, b.start, b.start, b.end, inline=False))
                area_value = None
            elif b.kind == ROW:
                cells = {roles[c.column]: (c.start, c.end) for c in b.cells if roles.get(c.column)}
                area = cells.pop("area", None)
                if area is not None and text[area[0]:area[1]] != area_value:  # a column of areas groups rows too
                    area_value = text[area[0]:area[1]]  # the group opens where its first row does
                    out.append(Node("G", 0, b.start, area[0], area[1], inline=False))
                out.append(_row(text, b, cells))
        ends.update({id(n): rows[-1].end for n in out[first:]})
    return out, ends


def _row(text: str, block: Block, cells: dict[str, tuple[int, int]]) -> Node:
    """A ledger row: its number, its problem as the title, the items of its measure cell under it."""
    number_span = cells.get("number")
    number = _int(text[number_span[0]:number_span[1]]) if number_span else 0
    problem = cells.get("problem") or (block.start, block.start)
    node = Node("R", number or 0, block.start, problem[0], problem[1], inline=False, cells=cells)
    measure = cells.get("measure")
    if measure:
        items = [Node(m.kind, m.number, m.start + measure[0], m.head_end + measure[0], m.title_end + measure[0],
                      inline=m.inline) for m in scan_markers(text[measure[0]:measure[1]])]
        holder = Node("root", 0, measure[0], measure[0], measure[0], measure[1])
        nest(holder, items, measure[1])
        for child in holder.children:
            child.parent = node
        node.children = holder.children
    node.end = block.end
    return node


def _int(span: str) -> Optional[int]:
    digits = "".join(ch for ch in span if ch.isdigit())
    return int(digits) if digits and len(digits) <= 4 else None


def walk(node: Node):
    """Every node under `node`, in document order."""
    for child in node.children:
        yield child
        yield from walk(child)
