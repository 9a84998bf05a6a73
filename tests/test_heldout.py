"""The held-out evaluation set (benchmarks/data/heldout) stays what it claims to be: invented notices in
every layout, each marked, whose gold points at their own words, rebuildable from their sources, sharing
no sentence with the real notices; and the scorer counts what it says it counts."""
from __future__ import annotations

import collections
import importlib.util
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from helpers import ROOT, shared_path

DATA = ROOT / "benchmarks" / "data" / "heldout"
GOLDS = sorted(DATA.glob("*.gold.json"))
STATUSES = {"done", "ongoing", "long_term", "unknown"}


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


heldout = _module("heldout_bench", ROOT / "benchmarks" / "heldout.py")
make = _module("heldout_make", DATA / "make.py")


def gold_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def notice_path(gold: dict) -> Path:
    path = DATA / gold["file"]
    if not path.exists():
        if not shutil.which("chromium"):
            pytest.skip(f"{path.name} is built by make.py, which needs chromium")
        make.build(*make.targets([path.stem])[0])
    return path


def test_every_layout_has_at_least_two_notices_in_the_formats_people_bring():
    golds = [gold_of(p) for p in GOLDS]
    traits = collections.Counter(g["trait"] for g in golds)
    assert all(traits[t] >= 2 for t in range(1, 10)), traits
    assert len(golds) >= 18
    suffixes = collections.defaultdict(set)
    for g in golds:
        suffixes[g["trait"]].add(Path(g["file"]).suffix)
    assert {".docx", ".html", ".pdf"} <= suffixes[1]
    assert {".txt", ".docx"} <= suffixes[2]
    ledgers = [g for g in golds if g["trait"] == 1]
    assert all(all({"responsible", "deadline", "status"} <= set(f) for f in g["findings"]) for g in ledgers)


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name[:-len(".gold.json")])
def test_gold_is_well_formed_and_points_at_the_notice_text(gold_path):
    from zhenggai.corpus.readers import read_notice

    gold = gold_of(gold_path)
    assert set(heldout.KEYS) == set(gold["summary"])
    assert [s["ordinal"] for s in gold["sections"]] == list(range(1, len(gold["sections"]) + 1))
    for f in gold["findings"]:
        assert isinstance(f["measures"], int) and f["measures"] >= 1
        assert f["section"] in range(1, len(gold["sections"]) + 1) or (f["section"] is None and not gold["sections"])
        assert f.get("status", "unknown") in STATUSES
    if gold.get("totals_only"):
        assert not gold["findings"] and any(v is not None for v in gold["summary"].values())
    text = heldout.bare(read_notice(notice_path(gold)).text)
    assert "虚构示例" in text[:300], "each notice is marked 【虚构示例】 at its top"
    words = [s["starts_with"] for s in gold["sections"]] + [f["starts_with"] for f in gold["findings"]]
    words += [f[k] for f in gold["findings"] for k in ("responsible", "deadline") if k in f]
    words += gold["self_description"] + [v for k, v in gold["notice"].items() if v and k != "date"]
    missing = [w for w in words if heldout.bare(w) not in text]
    assert not missing, f"gold words not in {gold['file']}: {missing}"


def test_built_files_are_what_their_sources_build(tmp_path):
    checked = 0
    for src, kind, out in make.targets([]):
        if kind == "pdf":
            continue  # not committed (over 200 KB); Chromium stamps a creation date
        fresh = tmp_path / out.name
        make.build(src, kind, fresh)
        assert fresh.read_bytes() == out.read_bytes(), f"{out.name} differs from what {src.name} builds: run make.py"
        checked += 1
    assert checked >= 10


def _sentences(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    parts = re.split(r"[。；;！!？?\n|]|//", text)
    return [re.sub(r"\s+", "", p) for p in parts if len(re.sub(r"\s+", "", p)) >= 12]


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _is_title(s: str) -> bool:
    return "关于" in s and re.search(r"(通报|报告|公告)$", s) is not None


def test_no_sentence_is_taken_from_the_real_notices():
    corpus = shared_path("corpus")
    real = [_bigrams(s) for p in sorted(corpus.glob("*.txt")) for s in _sentences(p.read_text(encoding="utf-8"))]
    index = collections.defaultdict(set)
    for i, b in enumerate(real):
        for g in b:
            index[g].add(i)
    sources = [p for p in DATA.glob("*.txt") if not (DATA / "src" / f"{p.stem}.clean.txt").exists()]
    sources += sorted((DATA / "src").iterdir())
    close = []
    for path in sources:
        for s in _sentences(path.read_text(encoding="utf-8")):
            if _is_title(s.removeprefix("#title:")):
                continue
            mine = _bigrams(s)
            shared = collections.Counter(i for g in mine for i in index.get(g, ()))
            for i, n in shared.items():
                if n / len(mine) >= 0.4 and n / len(real[i]) >= 0.4:
                    close.append((path.name, s))
    assert not close, close[:5]


# ------------------------------------------------------------------ the scorer

def perfect(gold: dict) -> dict:
    """The extraction the gold describes."""
    findings = [{"title": f["starts_with"], "text": "", "section": f["section"],
                 "measures": [{"ordinal": k + 1, "text": "措施"} for k in range(f["measures"])],
                 **{k: f[k] for k in ("responsible", "deadline", "status") if k in f}} for f in gold["findings"]]
    return {"notice": {**gold["notice"], "summary": dict(gold["summary"])},
            "sections": [{"ordinal": s["ordinal"], "title": s["starts_with"]} for s in gold["sections"]],
            "findings": findings}


@pytest.mark.parametrize("gold_path", GOLDS[:6] + GOLDS[-4:], ids=lambda p: p.name[:-len(".gold.json")])
def test_the_extraction_the_gold_describes_meets_every_bar(gold_path):
    gold = gold_of(gold_path)
    s = heldout.score(perfect(gold), gold)
    assert not s.problems and s.count_exact == 1 and s.self_description == 0
    assert all(v in (None, 1.0) for v in s.shares().values())
    assert heldout.shortfalls(s) == []


def test_each_kind_of_error_is_counted():
    gold = gold_of(DATA / "ledger-hospital-2024.gold.json")
    out = perfect(gold)
    out["findings"][0]["measures"].pop()
    out["findings"][1]["section"] = 3
    out["findings"][2]["status"] = "ongoing"
    out["findings"].insert(0, {"title": "以上率下", "text": "", "section": 1, "measures": []})
    gold["self_description"] = ["以上率下，把整改责任扛在肩上"]
    out["notice"]["issuer"] = "鹭汀市卫生健康委员会"
    out["notice"]["summary"]["money_recovered"] = 38000.0
    out["notice"]["summary"]["problems_total"] = None
    s = heldout.score(out, gold)
    assert s.count_exact == 0 and s.opening == 8 and s.self_description == 1
    assert (s.measures, s.section, s.fields_right) == (7, 7, 23)
    assert s.meta_right == 2 and s.totals_spurious == 1 and s.totals_found == 3 and s.totals_right == 3
    bad = " ".join(heldout.shortfalls(s))
    assert "self-description" in bad and "findings count exact" in bad


def test_a_line_break_or_full_width_digit_does_not_hide_opening_words():
    gold = {"findings": [{"starts_with": "预算绩效管理不到位，部分项目", "measures": 1, "section": 1}],
            "sections": [{"ordinal": 1, "starts_with": "关于全面从严治党方面的问题"}], "notice": {}, "summary": {}}
    out = {"findings": [{"title": "预算绩效管理\n不到位，部分项目", "text": "", "section": 1, "measures": [{}]}],
           "sections": [{"title": "关于全面从严治党方面\n的问题"}], "notice": {}}
    s = heldout.score(out, gold)
    assert (s.opening, s.sections_right) == (1, 1)
