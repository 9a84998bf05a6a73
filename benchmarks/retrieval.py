"""Retrieval quality as a user meets it (the default search: one result per finding, the relevance floor
on): hit@1, hit@5 and MRR@10 for each mode; the share of absent-topic and everyday questions answered
没有找到相关结果; whether a self-description part ever comes back as a finding; hit@5 by the notice (layout)
that holds the answer.

A result answers when its finding's title, text or measures hold one of the query's expected strings.
Three query sets:
- zhenggai's own labelled queries (benchmarks/data/queries/, querysets.py) over any folders of notices
  (default: the samples and benchmarks/data/haystack; `--notices` takes others); reported for the
  held-out part (never fitted or tuned on) and for all;
- the older paraphrase set (benchmarks/data/queries.paraphrase.json, with the two real notices);
- the shared dev queries (../shared/gold/queries.dev.json).

    python benchmarks/retrieval.py [--set own|paraphrase|shared ...] [--notices PATH ...] [--model NAME]
                                   [--backend local|milvus] [--held-out]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import haystack  # noqa: E402
import querysets  # noqa: E402

from zhenggai.api import MODES, Library, Settings, ingest, open_library  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # the real notices and gold files (--shared names another place)
PARAPHRASES = ROOT / "benchmarks" / "data" / "queries.paraphrase.json"


def score(lib: Library, queries: list[tuple[str, tuple[str, ...]]], mode: str) -> dict:
    """hit@1, hit@5, MRR@10 over (query, expected strings), as the default search shows them."""
    hits1 = hits5 = rr = 0.0
    misses, ranks = [], []
    started = time.perf_counter()
    for q, expect in queries:
        hits = lib.search(q, mode=mode, top=10)
        rank = next((i for i, h in enumerate(hits, 1) if querysets.answers(h, expect)), None)
        ranks.append(rank)
        hits1 += rank == 1
        hits5 += bool(rank and rank <= 5)
        rr += 1.0 / rank if rank else 0.0
        if not rank or rank > 5:
            misses.append(q)
    n = max(len(queries), 1)
    return {"mode": mode, "hit@1": hits1 / n, "hit@5": hits5 / n, "mrr@10": rr / n, "n": len(queries),
            "ms_per_query": 1000 * (time.perf_counter() - started) / n, "misses": misses, "ranks": ranks}


def no_match_share(lib: Library, queries: list[str], mode: str = "hybrid") -> float:
    """Share of queries for which the default search shows nothing."""
    return sum(not lib.search(q, mode=mode, top=10) for q in queries) / len(queries) if queries else 1.0


def self_description_returned(lib: Library, queries: list[str]) -> list[str]:
    """Results of self-description questions that are a notice's overview or next-steps text."""
    parts = {}
    for notice in lib.notices():
        doc = lib.document(notice["id"])
        parts[notice["id"]] = [p for p in [*doc.overview, *doc.next_steps] if len(p) >= 8] if doc else []
    found = []
    for q in queries:
        for h in lib.search(q, top=10):
            if any(p[:30] in h.text or h.text[:30] in p for p in parts.get(h.notice_id, [])):
                found.append(f"{q} → {h.finding_title[:30]}")
    return found


def stored_text(lib: Library) -> str:
    """Every stored finding with its measures, as one text (to tell which answers the library holds)."""
    findings = lib.findings()
    measures = lib.store.measures_of([f["id"] for f in findings])
    return "\n".join("\n".join([f["title"] or "", f["text"], *(m["text"] for m in measures[f["id"]])])
                     for f in findings)


def answering_file(files: list[Path], expect: tuple[str, ...]) -> str:
    for path in files:
        source = path
        if path.suffix == ".docx":
            candidates = [p for p in haystack.notice_files(haystack.HAYSTACK) if p.name.startswith(path.stem + ".")]
            source = candidates[0] if candidates else path
        try:
            text = source.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if any(e in text for e in expect):
            return path.name
    return "?"


def evaluate_own(notices: list[Path], model=None, backend=None, held_out_only: bool = False,
                 modes=MODES) -> dict:
    items = [i for i in querysets.load() if i.held_out or not held_out_only]
    with tempfile.TemporaryDirectory() as tmp:
        files = haystack.materialize(notices, Path(tmp) / "notices")
        with open_library(Path(tmp) / "lib", Settings(model=model), backend=backend) as lib:
            results = ingest(lib, files)
            lib.search("预热", top=1)  # load the model before timing
            out = {"stored": sum(r.status == "added" for r in results), "files": len(files),
                   "not_stored": [Path(r.path).name for r in results if r.status != "added"]}
            stored = stored_text(lib)
            out["unanswerable"] = [i.q for i in items if i.kind == "ontopic" and not any(e in stored for e in i.expect)]
            for part, chosen in (("held_out", [i for i in items if i.held_out]), ("all", items)):
                if held_out_only and part == "all":
                    continue
                # a paraphrase whose finding is not stored (its layout is not read yet) is counted apart
                ontopic = [(i.q, i.expect) for i in chosen if i.kind == "ontopic" and i.q not in out["unanswerable"]]
                out[part] = {"modes": [score(lib, ontopic, m) for m in modes],
                             "absent_no_match": no_match_share(lib, [i.q for i in chosen if i.kind == "absent"]),
                             "offtopic_no_match": no_match_share(lib, [i.q for i in chosen if i.kind == "offtopic"]),
                             "counts": {k: sum(i.kind == k for i in chosen) for k in ("ontopic", "absent", "offtopic")}}
                hybrid = out[part]["modes"][0]
                by_file: dict[str, list[bool]] = defaultdict(list)
                for (q, expect), rank in zip(ontopic, hybrid["ranks"]):
                    by_file[answering_file(files, expect)].append(bool(rank and rank <= 5))
                out[part]["by_file"] = {k: (sum(v), len(v)) for k, v in sorted(by_file.items())}
            out["self_description"] = self_description_returned(lib, querysets.self_description())
    return out


def corpus_of(spec: dict, queries_path: Path) -> list[Path]:
    out = []
    for name in spec["corpus"]:
        candidates = [SHARED / name[len("../shared/"):]] if name.startswith("../shared/") else []
        candidates += [ROOT / name, queries_path.parent.parent / "corpus" / name]
        found = next((c for c in candidates if c.exists()), None)
        if found:
            out.append(found)
    return out


def evaluate(queries_path: Path, db: Path | None = None, model: str | None = None, backend: str | None = None
             ) -> dict:
    """A JSON query file ({corpus, queries: [{q, expect_any}], off_topic}) over the notices it names."""
    spec = json.loads(queries_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        with open_library(db or Path(tmp), Settings(model=model), backend=backend) as lib:
            ingest(lib, corpus_of(spec, queries_path))
            lib.search("预热", mode="hybrid", top=1)
            queries = [(q["q"], tuple(q["expect_any"])) for q in spec["queries"]]
            rows = [score(lib, queries, mode) for mode in MODES]
            off = no_match_share(lib, spec.get("off_topic", []))
    return {"modes": rows, "off_topic_no_match": off, "queries": len(spec["queries"]),
            "off_topic": len(spec.get("off_topic", []))}


def print_modes(rows: list[dict]) -> None:
    print(f"  {'mode':<8} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7} {'ms/query':>9}")
    for r in rows:
        print(f"  {r['mode']:<8} {r['hit@1']:>6.3f} {r['hit@5']:>6.3f} {r['mrr@10']:>7.3f} {r['ms_per_query']:>9.1f}")
    for r in rows:
        if r["misses"]:
            print(f"  {r['mode']} misses: {', '.join(r['misses'])}")


def main() -> int:
    global SHARED
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", choices=("own", "paraphrase", "shared"))
    ap.add_argument("--notices", type=Path, nargs="+", default=haystack.HAYSTACK)
    ap.add_argument("--model")
    ap.add_argument("--backend", choices=("local", "milvus"))
    ap.add_argument("--held-out", action="store_true", help="own queries: the held-out part only")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (real notices, gold files)")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    SHARED = args.shared
    sets = args.set or ["own", "paraphrase", "shared"]
    rows: list[tuple[str, str, str]] = []
    if "own" in sets:
        result = evaluate_own(args.notices, args.model, args.backend, args.held_out)
        print(f"own labelled queries over {result['stored']} of {result['files']} notice files "
              f"(not stored: {', '.join(result['not_stored']) or 'none'}); paraphrases whose finding is not "
              f"stored, left out: {len(result['unanswerable'])}")
        for part in ("held_out", "all"):
            if part not in result:
                continue
            r = result[part]
            print(f"\n{part.replace('_', '-')}: {r['modes'][0]['n']} paraphrases (answer stored), "
                  f"{r['counts']['absent']} absent-topic, {r['counts']['offtopic']} everyday queries")
            print_modes(r["modes"])
            print(f"  absent topics answered 没有找到相关结果: {r['absent_no_match']:.3f}; "
                  f"everyday questions: {r['offtopic_no_match']:.3f}")
            print("  hybrid hit@5 by the notice that holds the answer: " +
                  "; ".join(f"{k} {a}/{n}" for k, (a, n) in r["by_file"].items()))
            what = ("held-out part: never fitted or tuned on" if part == "held_out"
                    else "all of them, the development part included")
            rows.append((f"search as a user meets it, own queries, {what} ({r['modes'][0]['n']} paraphrases whose "
                         f"finding is stored, {r['counts']['absent']} absent-topic, {r['counts']['offtopic']} everyday; "
                         f"{result['stored']} notices)",
                         _modes_line(r["modes"]) + f"; absent topics answered 没有找到相关结果 "
                         f"{r['absent_no_match']:.3f}, everyday {r['offtopic_no_match']:.3f}",
                         "python benchmarks/retrieval.py --set own"))
        print(f"\nself-description parts returned as findings: {len(result['self_description'])}"
              + "".join(f"\n  {s}" for s in result["self_description"]))
    for name, path in (("paraphrase", PARAPHRASES), ("shared", SHARED / "gold" / "queries.dev.json")):
        if name not in sets:
            continue
        if not path.exists() or (path.parent != SHARED / "gold" and "../shared" in path.read_text(encoding="utf-8")
                                 and not SHARED.exists()):
            print(f"\n{path.name}: needs {SHARED}, skipped", file=sys.stderr)
            continue
        result = evaluate(path, None, args.model, args.backend)
        print(f"\n{path.name}: {result['queries']} queries, {result['off_topic']} everyday")
        print_modes(result["modes"])
        everyday = ""
        if result["off_topic"]:
            print(f"  everyday questions answered 没有找到相关结果: {result['off_topic_no_match']:.3f}")
            everyday = f"; everyday answered 没有找到相关结果 {result['off_topic_no_match']:.3f}"
        rows.append((f"search, {path.name} ({result['queries']} queries, {result['off_topic']} everyday)",
                     _modes_line(result["modes"]) + everyday, f"python benchmarks/retrieval.py --set {name}"))
    if args.record:
        from results import record

        record("retrieval", rows)
    return 0


def _modes_line(rows: list[dict]) -> str:
    return "; ".join(f"{r['mode']} hit@5 {r['hit@5']:.3f}, MRR@10 {r['mrr@10']:.3f}" for r in rows)


if __name__ == "__main__":
    sys.exit(main())
