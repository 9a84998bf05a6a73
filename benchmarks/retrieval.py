"""Retrieval quality on ../shared/gold/queries.dev.json: hit@5 and MRR@10 for each search mode.

A hit counts when a result's text, or the finding title it carries, contains one of the query's
expected strings. The library is built in a temporary folder from the corpus the query file names.

    python benchmarks/retrieval.py [--queries FILE] [--db DIR] [--model NAME]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from zhenggai.api import MODES, Library, Settings, ingest, open_library

SHARED = Path(__file__).resolve().parents[2] / "shared"


def hit_texts(hit) -> str:
    return " ".join([hit.text, hit.finding_title, *(m.text for m in hit.measures)])


def score(lib: Library, queries: list[dict], mode: str) -> dict:
    hits5 = rr = 0.0
    misses = []
    started = time.perf_counter()
    for q in queries:
        hits = lib.search(q["q"], mode=mode, top=10)
        rank = next((i for i, h in enumerate(hits, 1) if any(e in hit_texts(h) for e in q["expect_any"])), None)
        hits5 += bool(rank and rank <= 5)
        rr += 1.0 / rank if rank else 0.0
        if not rank or rank > 5:
            misses.append(q["q"])
    n = len(queries)
    return {"mode": mode, "hit@5": hits5 / n, "mrr@10": rr / n, "ms_per_query": 1000 * (time.perf_counter() - started) / n,
            "misses": misses}


def evaluate(queries_path: Path, db: Path | None = None, model: str | None = None) -> list[dict]:
    spec = json.loads(queries_path.read_text(encoding="utf-8"))
    corpus = [queries_path.parent.parent / "corpus" / name for name in spec["corpus"]]
    with tempfile.TemporaryDirectory() as tmp:
        with open_library(db or Path(tmp), Settings(model=model)) as lib:
            ingest(lib, corpus)
            lib.search("预热", mode="hybrid", top=1)  # load the model before timing
            return [score(lib, spec["queries"], mode) for mode in MODES]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=Path, default=SHARED / "gold" / "queries.dev.json")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--model")
    args = ap.parse_args()
    if not args.queries.exists():
        print(f"retrieval: {args.queries} not found", file=sys.stderr)
        return 1
    rows = evaluate(args.queries, args.db, args.model)
    print(f"{'mode':<8} {'hit@5':>6} {'MRR@10':>7} {'ms/query':>9}")
    for r in rows:
        print(f"{r['mode']:<8} {r['hit@5']:>6.3f} {r['mrr@10']:>7.3f} {r['ms_per_query']:>9.1f}")
    for r in rows:
        if r["misses"]:
            print(f"{r['mode']} misses: {', '.join(r['misses'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
