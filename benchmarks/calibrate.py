"""Calibrate a model's relevance (and carry its other scales): fit the relevance scorer on labelled
query–finding pairs, choose the floor, report held-out numbers, and write the model's calibration file.

    python benchmarks/calibrate.py [--notices PATH ...] [--queries DIR] [--model NAME]
                                   [--library DIR] [--out FILE] [--check] [--pairs FILE] [--reuse-pairs]
                                   [--record]

1. A library is built from the notices (default: the samples and benchmarks/data/haystack, see
   haystack.py) with the model.
2. Each labelled query (querysets.py: paraphrases, absent topics, everyday questions) is searched in every
   mode; each result finding becomes a pair (its features, 1 if it answers the query else 0).
   Paraphrases whose finding is not in the library (a layout not read yet) are left out and counted.
3. The model family (logistic regression, or over the features and their pairwise products, at a few
   strengths) is chosen by grouped cross-validation on the development queries, then fitted on all of
   them; the held-out queries (split by query group, never fitted or tuned on) are only reported.
   Baselines from the same run: the cosine alone, and gradient boosting over the same features.
4. The floor is the one that, on the development queries, keeps hybrid hit@5 ≥ 0.96 (the bar of 0.95
   with a margin) and silences the most absent-topic and everyday questions.
5. The calibration (model coefficients, floor, reference vocabulary, similarity/recurrence/cluster scales)
   is written to index/data/calibration/<model>.json (or --out), and into --library's meta when given.
   `--check` fits and reports without writing anything; `--pairs FILE` keeps the labelled pairs, and
   `--reuse-pairs` reads them back instead of searching again (same notices, queries and features).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import haystack  # noqa: E402
import querysets  # noqa: E402
import relevance_fit as rf  # noqa: E402

from zhenggai.api import MODES, Settings, ingest, open_library  # noqa: E402
from zhenggai.index import calibration as calibrations  # noqa: E402
from zhenggai.index.embed import DEFAULT_MODEL  # noqa: E402
from zhenggai.index.relevance import FEATURES, RelevanceModel, Vocabulary  # noqa: E402
from zhenggai.index.searcher import explain  # noqa: E402
from zhenggai.index.text import segment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOP = 10
KEEP_ANSWERS = 0.96       # the floor keeps hybrid hit@5 at least this on the development paraphrases
VOCABULARY_SHARE = 0.01   # reference words: those in at least 1 % of the calibration records
PRIOR = 300.0             # the reference vocabulary weighs like this many records of a library
# The e5 scales measured before this script carried them: similarity 50 at cosine 0.92 (slope 60);
# recurring links at meaning ≥ 0.92, words ≥ 0.16 and aspect ≥ 0.92 (chosen on the dev half of
# benchmarks/data/recurring_pairs.tsv: `python benchmarks/recurring.py --split dev`); clusters at distance
# ≤ 0.085. Another model gets them moved to the same place in its own distribution of finding pairs.
E5_SCALES = {"similar_center": 0.92, "similar_slope": 60.0, "recurring_cosine": 0.92, "recurring_words": 0.16,
             "recurring_aspect": 0.92, "cluster_distance": 0.085}


def reference(lib) -> tuple[Vocabulary, float]:
    """The share of records holding each word, and the mean length of a finding with its measures."""
    findings = lib.findings()
    counts: Counter = Counter()
    records = 0
    for f in findings:
        texts = [(f["title"] or "") + "\n" + f["text"]]
        texts += [m["text"] for m in lib.store.measures_of([f["id"]])[f["id"]]]
        for text in texts:
            counts.update(set(segment(text)))
            records += 1
    share = {w: round(c / records, 5) for w, c in counts.items() if c / records >= VOCABULARY_SHARE and len(w) >= 2}
    lengths = [len((f["title"] or "") + (f["text"] or "")) + sum(len(m["text"]) for m in
               lib.store.measures_of([f["id"]])[f["id"]]) for f in findings]
    return Vocabulary(share, records, PRIOR), float(np.mean(lengths)) if lengths else 120.0


def collect(lib, items) -> list[dict]:
    """Every (query, mode, result) pair with its features and label."""
    pairs = []
    for n, item in enumerate(items):
        for mode in MODES:
            for rank, (hit, x) in enumerate(explain(lib, item.q, mode, TOP), 1):
                if x is None:
                    continue
                pairs.append({"q": item.q, "kind": item.kind, "held": item.held_out, "mode": mode, "rank": rank,
                              "finding": hit.id, "x": x, "y": int(querysets.answers(hit, item.expect))})
        if (n + 1) % 100 == 0:
            print(f"  {n + 1}/{len(items)} queries searched", file=sys.stderr)
    return pairs


def scales(lib, model_name: str) -> dict:
    """The similarity, recurrence and cluster scales for this model: e5's own, or e5's moved to the same
    quantile of this model's cosines between the problem passages of the calibration findings."""
    ids = [f["id"] for f in lib.findings()]
    vectors = lib.problem_vectors(ids)
    matrix = np.vstack([vectors[i] for i in ids])
    cos = (matrix @ matrix.T)[np.triu_indices(len(ids), 1)]
    out = {"quantiles": {}}
    if model_name == DEFAULT_MODEL:
        out.update(E5_SCALES)
        for key in ("similar_center", "recurring_cosine"):
            out["quantiles"][key] = float((cos >= E5_SCALES[key]).mean())
        out["quantiles"]["cluster_distance"] = float((1 - cos <= E5_SCALES["cluster_distance"]).mean())
        out["std"] = float(cos.std())
        return out
    e5 = calibrations.shipped(DEFAULT_MODEL)
    if e5 is None or "scales" not in e5.measured:
        return {}
    ref = e5.measured["scales"]
    out["similar_center"] = float(np.quantile(cos, 1 - ref["quantiles"]["similar_center"]))
    out["similar_slope"] = E5_SCALES["similar_slope"] * ref["std"] / max(float(cos.std()), 1e-6)
    out["recurring_cosine"] = float(np.quantile(cos, 1 - ref["quantiles"]["recurring_cosine"]))
    out["recurring_words"] = E5_SCALES["recurring_words"]
    out["recurring_aspect"] = out["recurring_cosine"]
    out["cluster_distance"] = float(1 - np.quantile(cos, 1 - ref["quantiles"]["cluster_distance"]))
    out["std"] = float(cos.std())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=Path, nargs="+", default=haystack.HAYSTACK)
    ap.add_argument("--queries", type=Path, default=querysets.QUERIES)
    ap.add_argument("--model")
    ap.add_argument("--library", type=Path, help="also store the calibration in this library")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--check", action="store_true", help="fit and report, write nothing")
    ap.add_argument("--pairs", type=Path, help="keep the labelled pairs (JSON lines) in this file")
    ap.add_argument("--reuse-pairs", action="store_true", help="read --pairs back instead of searching again")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    items = querysets.load(args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        files = haystack.materialize(args.notices, Path(tmp) / "notices")
        with open_library(Path(tmp) / "lib", Settings(model=args.model)) as lib:
            results = ingest(lib, files)
            skipped = [r for r in results if r.status not in ("added", "unchanged", "replaced")]
            counts = lib.counts()
            print(f"library: {counts['notices']} notices, {counts['findings']} findings, {counts['measures']} measures "
                  f"(model {lib.model_name}); not stored: {', '.join(Path(r.path).name for r in skipped) or 'none'}")
            vocabulary, avg_chars = reference(lib)
            if args.reuse_pairs and args.pairs and args.pairs.exists():
                pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines()]
            else:
                zero = RelevanceModel(FEATURES, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES),
                                      (0.0,) * len(FEATURES), 0.0)
                lib.calibration = calibrations.Calibration(lib.model_name, zero, 0, vocabulary, avg_chars)
                pairs = collect(lib, items)
                if args.pairs:
                    args.pairs.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs),
                                          encoding="utf-8")
            model_scales = scales(lib, lib.model_name)
            model_name = lib.model_name
    # A paraphrase whose finding is not stored (its notice's layout is not read yet) has no answer in
    # this library: it is left out of fitting and of the on-topic numbers, and counted.
    answerable = {p["q"] for p in pairs if p["y"]}
    unanswerable = [i for i in items if i.kind == "ontopic" and i.q not in answerable]
    items = [i for i in items if i.kind != "ontopic" or i.q in answerable]
    pairs = [p for p in pairs if p["kind"] != "ontopic" or p["q"] in answerable]
    P = rf.Pairs.of(pairs, {i.q: i.group for i in items})
    dev, held = ~P.held, P.held
    (degree, C), table = rf.select(P, KEEP_ANSWERS)
    model = rf.fit(P.X[dev], P.y[dev], degree, C)
    cosine_only = rf.fit(P.X[dev], P.y[dev], 1, 1.0, columns=[FEATURES.index("cosine")])
    rel, rel_cos = rf.relevances(model, P.X), rf.relevances(cosine_only, P.X)
    floor = rf.choose_floor(rel, P.queries(dev), P.y, KEEP_ANSWERS)
    floor_cos = rf.choose_floor(rel_cos, P.queries(dev), P.y, KEEP_ANSWERS)
    report = {"selection": [{"degree": d, "C": c, **m} for (d, c), m in table], "degree": degree, "C": C,
              "dev": rf.pair_accuracy(model, P.X[dev], P.y[dev]),
              "held_out": rf.pair_accuracy(model, P.X[held], P.y[held]),
              "held_out_cosine_only": rf.pair_accuracy(cosine_only, P.X[held], P.y[held]),
              "held_out_boosting_accuracy": rf.boosting_accuracy(P),
              "dev_search": rf.user_view(rel, P.queries(dev), P.y, floor),
              "held_out_search": rf.user_view(rel, P.queries(held), P.y, floor),
              "held_out_search_cosine_only": rf.user_view(rel_cos, P.queries(held), P.y, floor_cos),
              "queries": dict(Counter(f"{i.kind}/{'held' if i.held_out else 'dev'}" for i in items)),
              "unanswerable": len(unanswerable)}
    print(f"paraphrases whose finding is not in the library (left out): {len(unanswerable)}")
    print_report(report, model, floor)
    if args.record:
        from results import record

        record("calibrate", record_rows(_rounded(report), floor, len(pairs)))
    calibration = calibrations.Calibration(
        model_name, model, floor, vocabulary, round(avg_chars, 1),
        similar_center=model_scales.get("similar_center"), similar_slope=model_scales.get("similar_slope"),
        recurring_cosine=model_scales.get("recurring_cosine"), recurring_words=model_scales.get("recurring_words"),
        recurring_aspect=model_scales.get("recurring_aspect"),
        cluster_distance=model_scales.get("cluster_distance"),
        measured={"report": _rounded(report), "scales": model_scales,
                  "notices": [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in args.notices],
                  "pairs": len(pairs)})
    if args.check:
        return 0
    out = args.out or calibrations.file_for(model_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(calibration.to_json() + "\n", encoding="utf-8")
    print(f"written: {out}")
    if args.library:
        with open_library(args.library, Settings()) as lib:
            lib.set_calibration(replace(calibration, origin="library"))
        print(f"stored in the library {args.library}")
    return 0


def print_report(report: dict, model: RelevanceModel, floor: int) -> None:
    print("\nmodel family by grouped 5-fold cross-validation on the development queries:")
    print(f"  {'degree':>6} {'C':>6}   hit@5   MRR   absent silent   everyday silent")
    for row in report["selection"]:
        print(f"  {row['degree']:>6} {row['C']:>6}   {row['hit@5']:.3f} {row['mrr']:.3f}   {row['absent']:.3f}"
              f"           {row['offtopic']:.3f}")
    print(f"  chosen: degree {report['degree']}, C {report['C']}")
    if model.degree == 1:
        print("\nrelevance model (logistic regression, standardised features):")
        for name, coef in zip(model.features, model.coef):
            print(f"  {name:<20} {coef:+.3f}")
        print(f"  {'intercept':<20} {model.intercept:+.3f}")
    print(f"\npairs (query, result finding) {'':>10} accuracy   AUC   precision of 强 (≥70)")
    for key, label in (("dev", "development (fitted on)"), ("held_out", "held-out"),
                       ("held_out_cosine_only", "held-out, cosine alone")):
        r = report[key]
        print(f"  {label:<32} {r['accuracy']:.3f}  {r['auc']:.3f}  {r['precision_strong']:.3f} of {r['strong']}"
              f"   ({r['pairs']} pairs, {r['positives']} answers)")
    print(f"  {'held-out, gradient boosting':<32} {report['held_out_boosting_accuracy']:.3f}")
    print(f"\nfloor {floor} (chosen on the development queries); hybrid search as shown to a user:")
    print(f"  {'':<28} hit@5   MRR   absent topics silent   everyday silent")
    for key, label in (("dev_search", "development"), ("held_out_search", "held-out"),
                       ("held_out_search_cosine_only", "held-out, cosine alone")):
        r = report[key]
        print(f"  {label:<28} {r['hit@5']:.3f} {r['mrr']:.3f}   {r['absent']:.3f}                 {r['offtopic']:.3f}")
    print(f"  queries: {report['queries']}")


def record_rows(report: dict, floor: int, pairs: int) -> list[tuple[str, str, str]]:
    """The README's rows for one calibration run (its report as stored in the calibration file)."""
    held, cos, search, cos_search = (report[k] for k in ("held_out", "held_out_cosine_only", "held_out_search",
                                                           "held_out_search_cosine_only"))
    how = "python benchmarks/calibrate.py"
    return [
        (f"relevance scorer on held-out pairs of query and result finding ({held['pairs']} of {pairs} pairs)",
         f"accuracy {held['accuracy']:.3f}, AUC {held['auc']:.3f}, 强 (≥ 70) right {held['precision_strong']:.3f} "
         f"of {held['strong']}; the cosine alone {cos['accuracy']:.3f} / {cos['auc']:.3f}; gradient boosting "
         f"{report['held_out_boosting_accuracy']:.3f} (not kept)", how),
        (f"hybrid search as shown to a user, held-out queries, floor {floor} chosen on the development queries",
         f"hit@5 {search['hit@5']:.3f}, MRR {search['mrr']:.3f}, absent topics silent {search['absent']:.3f}, "
         f"everyday silent {search['offtopic']:.3f}; the cosine alone with its own floor: absent silent "
         f"{cos_search['absent']:.3f}", how)]


def _rounded(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
