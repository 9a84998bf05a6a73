"""The real notice against ../shared/gold/jinan-sasac-2023-xuncha.figures.json (its matching rule)."""
from __future__ import annotations

import math

from zhenggai.nlp.pipeline import extract

from helpers import load_gold

KINDS = {"count", "money", "percent", "percentage_point"}


def test_figures_match_gold_exactly(jinan_text):
    gold = load_gold("jinan-sasac-2023-xuncha.figures.json")
    result = extract(jinan_text)
    got = [f for f in result.figures if f.kind in KINDS]
    left = list(gold["figures"])
    extra, qualifier_ok = [], 0
    for f in got:
        for i, g in enumerate(left):
            if (f.kind, f.unit) == (g["kind"], g["unit"]) and math.isclose(f.value, g["value"], rel_tol=1e-9):
                qualifier_ok += f.qualifier == g["qualifier"]
                del left[i]
                break
        else:
            extra.append(f.text)
    assert not left and not extra, (left, extra)
    assert qualifier_ok == len(gold["figures"])


def test_not_figures_are_never_quantities(jinan_text):
    gold = load_gold("jinan-sasac-2023-xuncha.figures.json")
    result = extract(jinan_text)
    for trap in gold["not_figures"]:
        for pos in _all(jinan_text, trap):
            inside = [f.text for f in result.figures if f.kind in KINDS and pos <= f.start < pos + len(trap)]
            assert not inside, (trap, inside)


def test_every_figure_in_a_finding_is_linked_to_it(jinan_text):
    result = extract(jinan_text)
    ids = {f.id for f in result.findings} | {m.id for f in result.findings for m in f.measures}
    linked = [f for f in result.figures if f.record]
    assert linked and all(f.record in ids for f in linked)
    assert all(jinan_text[f.start:f.end] == f.text for f in result.figures)


def _all(text, needle):
    pos = text.find(needle)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1)
