"""What the role classifier sees of a node: its marker and place in the tree, the rules' guess, and the
words of its title and of its parent's.

Wording enters as character uni- and bigrams of the title (no segmenter: headings are short, and their
telling words — 方面, 关于…问题, 针对, 下一步, 已完成 — are one or two characters) and as flags for the
lexicon's closed cues. Place enters as the node's kind (一、 （一） 1. （1） 一是 ① paragraph, ledger row),
its parent's and grandparent's kinds, the kinds of its children, whether it began inside a paragraph,
what stands right before it (`巡视指出：一是…`) and where in the notice it is.
"""
from __future__ import annotations

import re
from typing import Iterator

from .lexicon import (AREA_OVERVIEW, CLOSING, CLOSING_PARAGRAPH, MEASURE_CUE, PART_FINDINGS, PART_NEXT,
                      PART_OVERVIEW, ROLE_CUES)
from .outline import Node, title_of
from .tree import walk

_CUES = {name: re.compile(pattern) for name, pattern in ROLE_CUES.items()}
_LINE_FLAGS = {"part_next": PART_NEXT, "part_findings": PART_FINDINGS, "part_overview": PART_OVERVIEW,
               "area_overview": AREA_OVERVIEW, "closing": CLOSING, "closing_paragraph": CLOSING_PARAGRAPH}


def node_features(text: str, root: Node, rules: dict[int, str]) -> Iterator[tuple[Node, dict]]:
    """(node, features) for every node of the tree, in document order."""
    length = max(len(text), 1)
    for node in walk(root):
        yield node, features(text, node, rules, length)


def features(text: str, node: Node, rules: dict[int, str], length: int) -> dict:
    parent = node.parent
    grand = parent.parent if parent is not None else None
    title = title_of(text, node)[:40] if node.kind != "R" else _cell(text, node, "problem")[:40]
    f: dict = {
        "kind=" + node.kind: 1, "parent=" + (parent.kind if parent else "none"): 1,
        "grand=" + (grand.kind if grand else "none"): 1, "kind_parent=" + node.kind + (parent.kind if parent else ""): 1,
        "rule=" + rules.get(id(node), "none"): 1,
        "rule_kind=" + rules.get(id(node), "none") + node.kind: 1,
        "parent_rule=" + (rules.get(id(parent), "none") if parent else "none"): 1,
        "inline": float(node.inline), "position": node.start / length,
        "siblings": min(len(parent.children), 20) / 20 if parent else 0.0,
        "first": float(bool(parent) and parent.children[0] is node),
        "last": float(bool(parent) and parent.children[-1] is node),
        "title_length": min(len(title), 60) / 60,
        "full_stop_in_title": float("。" in title_of(text, node)),
    }
    own = text[node.head_end:(node.children[0].start if node.children else node.end)].strip()
    f["own_length"] = min(len(own), 400) / 400
    f["sentences"] = min(own.count("。"), 6) / 6
    f["ends=" + (own[-1] if own else "")] = 1 if own and own[-1] in "。；：，" else 0
    for child in node.children:
        f["child=" + child.kind] = 1
    first = next((c for c in node.children if c.kind != "P"), None)
    if first is not None:  # what the items under it say: problems (a group) or actions (a finding)
        words = title_of(text, first)[:40]
        for name, pattern in _CUES.items():
            if pattern.search(words):
                f["child_cue=" + name] = 1
    f["children"] = min(len(node.children), 12) / 12
    before = text[max(0, node.start - 12):node.start]
    for name, pattern in _CUES.items():
        if pattern.search(title):
            f["cue=" + name] = 1
        if name in ("pointed", "aimed") and pattern.search(before):
            f["before=" + name] = 1
    for name, pattern in _LINE_FLAGS.items():
        if pattern.search(title):
            f["line=" + name] = 1
    if MEASURE_CUE.search(text, node.head_end, min(node.end, node.head_end + 400)):
        f["measure_cue_inside"] = 1
    if parent is not None and parent.kind != "root":
        for ch in set(_bigrams(title_of(text, parent)[:30])):
            f["pw=" + ch] = 0.5
    for gram in set(_bigrams(title)) | set(title):
        f["w=" + gram] = 1
    if node.kind == "R":
        f["has_status_cell"] = float("status" in node.cells)
    return f


def _bigrams(s: str) -> list[str]:
    return [s[i:i + 2] for i in range(len(s) - 1)]


def _cell(text: str, node: Node, role: str) -> str:
    span = node.cells.get(role)
    return text[span[0]:span[1]] if span else ""
