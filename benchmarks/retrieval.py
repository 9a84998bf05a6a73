"""Retrieval quality: hit@1, hit@5 and MRR@10 for each search mode, and how many off-topic queries get
an honest "no match".

A hit counts when a result's text, the title of the finding it belongs to or that finding's measures
contain one of the query's expected strings. The library is built in a temporary folder from the
notices the query file names. Two query files exist: the shared dev queries (../shared/gold, easy) and
zhenggai's own harder paraphrases with off-topic queries (benchmarks/data/queries.paraphrase.json).

    python benchmarks/retrieval.py [--queries FILE] [--db DIR] [--model NAME] [--backend local|milvus]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from zhenggai.api import MODES, Library, Settings, ingest, open_library

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PARAPHRASES = ROOT / "benchmarks" / "data" / "queries.paraphrase.json"


def hit_texts(hit) -> str:
    return " ".join([hit.text, hit.finding_title, *(m.text for m in hit.measures)])


def score(lib: Library, queries: list[dict], mode: str, floor: bool = False) -> dict:
    """hit@1, hit@5, MRR@10 over `queries`; with `floor`, only the results a user is shown."""
    hits1 = hits5 = rr = 0.0
    misses = []
    started = time.perf_counter()
    for q in queries:
        hits = lib.search(q["q"], mode=mode, top=10, floor=floor)
        rank = next((i for i, h in enumerate(hits, 1) if any(e in hit_texts(h) for e in q["expect_any"])), None)
        hits1 += rank == 1
        hits5 += bool(rank and rank <= 5)
        rr += 1.0 / rank if rank else 0.0
        if not rank or rank > 5:
            misses.append(q["q"])
    n = len(queries)
    return {"mode": mode, "hit@1": hits1 / n, "hit@5": hits5 / n, "mrr@10": rr / n,
            "ms_per_query": 1000 * (time.perf_counter() - started) / n, "misses": misses}


def no_match_share(lib: Library, queries: list[str], mode: str = "hybrid") -> float:
    """Share of off-topic queries for which the default search shows nothing."""
    return sum(not lib.search(q, mode=mode, top=10) for q in queries) / len(queries) if queries else 1.0


def corpus_of(spec: dict, queries_path: Path) -> list[Path]:
    out = []
    for name in spec["corpus"]:
        for base in (ROOT, queries_path.parent.parent / "corpus"):
            if (base / name).exists():
                out.append(base / name)
                break
    return out


def evaluate(queries_path: Path, db: Path | None = None, model: str | None = None, backend: str | None = None,
             floor: bool = False) -> dict:
    spec = json.loads(queries_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        with open_library(db or Path(tmp), Settings(model=model), backend=backend) as lib:
            ingest(lib, corpus_of(spec, queries_path))
            lib.search("预热", mode="hybrid", top=1)  # load the model before timing
            rows = [score(lib, spec["queries"], mode, floor) for mode in MODES]
            off = no_match_share(lib, spec.get("off_topic", []))
            on = 1 - no_match_share(lib, [q["q"] for q in spec["queries"]])
    return {"modes": rows, "off_topic_no_match": off, "on_topic_shown": on,
            "queries": len(spec["queries"]), "off_topic": len(spec.get("off_topic", []))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=Path, action="append",
                    help="query file(s); default: the shared dev queries and zhenggai's paraphrases")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--model")
    ap.add_argument("--backend", choices=("local", "milvus"))
    args = ap.parse_args()
    files = args.queries or [SHARED / "gold" / "queries.dev.json", PARAPHRASES]
    for path in files:
        if not path.exists():
            print(f"retrieval: {path} not found, skipped", file=sys.stderr)
            continue
        result = evaluate(path, args.db, args.model, args.backend)
        print(f"\n{path.name}: {result['queries']} queries, {result['off_topic']} off-topic")
        print(f"{'mode':<8} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7} {'ms/query':>9}")
        for r in result["modes"]:
            print(f"{r['mode']:<8} {r['hit@1']:>6.3f} {r['hit@5']:>6.3f} {r['mrr@10']:>7.3f} {r['ms_per_query']:>9.1f}")
        if result["off_topic"]:
            print(f"off-topic queries answered 没有找到相关结果: {result['off_topic_no_match']:.2f}; "
                  f"on-topic queries with results shown: {result['on_topic_shown']:.2f}")
        for r in result["modes"]:
            if r["misses"]:
                print(f"{r['mode']} misses: {', '.join(r['misses'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
