"""The labelled set the role classifier learns from (`nlp/data/roles/*.txt`, issue 17) is well formed.

Each file is one invented notice in the markup of `nlp/markup.py`: marked 【虚构示例】, with a `# layout:`
line naming its layout, and every heading, item and body paragraph below its front matter (title, date,
meeting and speaker lines) tagged with a role. A tag must stand where an item can start: at the start of
a paragraph, a table row or a cell paragraph; right before a numbering marker (一、 （一） 1. （1） ① 一是 第一，);
or, inside a paragraph that holds several items (a one-line notice body, 整改情况：一是……), right after a
sentence end or the colon of a label. Never in the middle of a sentence.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from helpers import ROOT

from zhenggai.nlp.blocks import GROUP, PARA, ROW
from zhenggai.nlp.lexicon import PROBLEM_LEAD_IN
from zhenggai.nlp.markup import ROLES, parse

ROLE_DATA = ROOT / "nlp" / "data" / "roles"
FILES = sorted(ROLE_DATA.glob("*.txt"))
LAYOUTS = ("xunshi-parts", "oneline", "county", "four-level", "inline-list", "ledger", "audit",
           "self-description", "totals-only", "detail-status")
MARKER = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,3}(?:[.、．](?!\d)|\s)"
    r"|[（(]\d{1,3}[）)]|[①-⑳]|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}[，,、：:])")
AFTER = set("。！？；;：:")
_TAG = re.compile(r"⟦([a-z]+)⟧")


def numbered(text: str, offset: int) -> bool:
    """Whether an item starting at `offset` opens with a numbering marker."""
    return MARKER.match(text, offset) is not None


def may_start_an_item(text: str, offset: int) -> bool:
    if offset == 0 or text[offset - 1] == "\n":  # a paragraph, row, cell or cell-paragraph start
        return True
    if numbered(text, offset):
        return True
    return text[offset - 1] in AFTER  # a new sentence, or the text after a label such as 整改情况：


def heading_or_numbered(marked, offset: int, role: str) -> bool:
    """Headings (parts, areas), numbered items and table rows: the items issue 17 counts."""
    if role in ("part", "area") or numbered(marked.text, offset):
        return True
    return any(b.kind in (ROW, GROUP) and b.start == offset for b in marked.blocks)


def load(path: Path):
    source = path.read_text(encoding="utf-8")
    return source, parse(source)


def inventory() -> dict:
    """Counts over the whole set: files, tags, headings/numbered items, per role and per layout."""
    roles, layouts, tags_by_layout = Counter(), Counter(), Counter()
    tags = headings = 0
    for path in FILES:
        _, marked = load(path)
        layout = marked.meta.get("layout", "?")
        layouts[layout] += 1
        for offset, role in marked.roles.items():
            roles[role] += 1
            tags += 1
            tags_by_layout[layout] += 1
            headings += heading_or_numbered(marked, offset, role)
    return {"files": len(FILES), "tags": tags, "headings_or_numbered": headings, "roles": roles,
            "layouts": layouts, "tags_by_layout": tags_by_layout}


def test_the_set_is_large_enough():
    counts = inventory()
    assert counts["files"] >= 45
    assert counts["tags"] >= 1000
    assert counts["headings_or_numbered"] >= 400
    assert set(counts["roles"]) == set(ROLES), f"roles never used: {set(ROLES) - set(counts['roles'])}"
    for layout in LAYOUTS:
        assert counts["layouts"][layout] >= 4, f"fewer than 4 notices in layout {layout}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_notice_is_well_formed(path):
    source, marked = load(path)  # parse raises on a role outside ROLES
    assert marked.text.startswith("【虚构示例】"), "the notice must open with a line marking it invented"
    assert marked.meta.get("layout") in LAYOUTS, f"# layout: must be one of {LAYOUTS}"
    assert len(_TAG.findall(source)) == len(marked.roles), "two tags at one place"
    assert set(marked.roles.values()) <= set(ROLES)
    text = marked.text
    for offset, role in marked.roles.items():
        assert may_start_an_item(text, offset), \
            f"⟦{role}⟧ in mid-sentence: …{text[max(0, offset - 20):offset]}⟦{role}⟧{text[offset:offset + 20]}…"
    first = min(marked.roles)
    for block in marked.blocks:
        lead_in = PROBLEM_LEAD_IN.match(text, block.start)  # `巡视指出：⟦finding⟧一是…`: the label is no item
        if lead_in and lead_in.end() in marked.roles:
            continue
        if block.kind in (ROW, GROUP) or (block.kind == PARA and block.start >= first):
            assert block.start in marked.roles, f"untagged {block.kind}: {text[block.start:block.start + 40]}"


def test_the_checks_catch_bad_markup():
    """A tag in mid-sentence is refused; tags at a paragraph start, before 一是 or after a label are not."""
    marked = parse("【虚构示例】\n⟦overview⟧现将整改情况通报如下。\n⟦finding⟧1.食堂采购不规范，⟦measure⟧未公开比选。"
                   "⟦measure⟧整改情况：⟦measure⟧一是重新招标；⟦measure⟧二是建立台账。")
    allowed = {marked.text[o:o + 4]: may_start_an_item(marked.text, o) for o in marked.roles}
    assert allowed == {"现将整改": True, "1.食堂": True, "未公开比": False, "整改情况": True,
                       "一是重新": True, "二是建立": True}
    assert numbered(marked.text, marked.text.index("1.食堂")) and not numbered(marked.text, 0)
    with pytest.raises(ValueError):
        parse("⟦problem⟧1.某问题")  # not a role
