"""The real notices against ../shared/gold/*.structure.json: every finding, section and measure count."""
from __future__ import annotations

import pytest

from zhenggai.nlp.pipeline import extract

from helpers import load_gold


@pytest.mark.parametrize("gold_name,fixture", [
    ("jinan-sasac-2023-xuncha.structure.json", "jinan_text"),
    ("nankai-2022-xunshi.structure.json", "nankai_text"),
])
def test_structure_matches_gold(gold_name, fixture, request):
    gold = load_gold(gold_name)
    result = extract(request.getfixturevalue(fixture))
    assert len(result.findings) == len(gold["findings"])
    for got, want in zip(result.findings, gold["findings"]):
        assert len(got.measures) == want["measures"], got.title
        assert got.section == want["section"], got.title
        if want.get("starts_with"):
            assert (got.title + got.text).startswith(want["starts_with"][:12])
    for key, value in gold["notice"].items():
        assert getattr(result.notice, key) == value
    assert [s.title[:10] for s in result.sections] == [s["starts_with"][:10] for s in gold["sections"]]
    assert len(result.next_steps) == gold["next_steps"]
    if "overview_items" in gold:
        assert len(result.overview) == gold["overview_items"]
