"""Calibrate a model's relevance (and carry its other scales): fit the relevance scorer on labelled
query–finding pairs, choose the floor, report held-out numbers, and write the model's calibration file.

    python benchmarks/calibrate.py [--notices PATH ...] [--queries DIR] [--model NAME]
                                   [--library DIR] [--out FILE] [--check]

1. A library is built from the notices (default: the samples and benchmarks/data/haystack, see
   haystack.py) with the model.
2. Each labelled query (querysets.py: paraphrases, absent topics, everyday questions) is searched in every
   mode; each result finding becomes a pair (its features, 1 if it answers the query else 0).
3. A logistic regression is fitted on the pairs of the development queries; the held-out queries (split by
   query group, never fitted or tuned on) are only reported. Baselines from the same run: the cosine alone,
   and gradient boosting over the same features.
4. The floor is the one that, on the development queries, keeps ≥ 97 % of the answers shown and silences
   the most absent-topic and everyday queries.
5. The calibration (model coefficients, floor, reference vocabulary, similarity/recurrence/cluster scales)
   is written to index/data/calibration/<model>.json (or --out), and into --library's meta when given.
   `--check` fits and reports without writing anything.
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

from zhenggai.api import MODES, Settings, ingest, open_library  # noqa: E402
from zhenggai.index import calibration as calibrations  # noqa: E402
from zhenggai.index.embed import DEFAULT_MODEL  # noqa: E402
from zhenggai.index.relevance import FEATURES, RelevanceModel, Vocabulary  # noqa: E402
from zhenggai.index.searcher import explain  # noqa: E402
from zhenggai.index.text import segment  # noqa: E402

TOP = 10
KEEP_ANSWERS = 0.96       # the floor keeps hybrid hit@5 at least this on the development paraphrases
VOCABULARY_SHARE = 0.01   # reference words: those in at least 1 % of the calibration records
PRIOR = 300.0             # the reference vocabulary weighs like this many records of a library
# The e5 scales measured before this script carried them (README, "How the parts work"): similarity 50
# at cosine 0.92 (slope 60), recurring links at cosine ≥ 0.905 and words ≥ 0.12, clusters at distance
# ≤ 0.085. Another model gets them moved to the same place in its own distribution of finding pairs.
E5_SCALES = {"similar_center": 0.92, "similar_slope": 60.0, "recurring_cosine": 0.905, "recurring_words": 0.12,
             "cluster_distance": 0.085}


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


def fit(pairs: list[dict], columns: list[int]) -> RelevanceModel:
    from sklearn.linear_model import LogisticRegression

    X = np.array([[p["x"][c] for c in columns] for p in pairs])
    y = np.array([p["y"] for p in pairs])
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000).fit((X - mean) / scale, y)
    coef = np.zeros(len(FEATURES))
    full_mean, full_scale = np.zeros(len(FEATURES)), np.ones(len(FEATURES))
    for k, c in enumerate(columns):
        coef[c], full_mean[c], full_scale[c] = model.coef_[0][k], mean[k], scale[k]
    return RelevanceModel(FEATURES, tuple(full_mean.round(6)), tuple(full_scale.round(6)), tuple(coef.round(6)),
                          round(float(model.intercept_[0]), 6))


def accuracy(model: RelevanceModel, pairs: list[dict]) -> dict:
    from sklearn.metrics import roc_auc_score

    p = np.array([model.probability(x["x"]) for x in pairs])
    y = np.array([x["y"] for x in pairs])
    strong = p >= 0.70
    return {"pairs": len(pairs), "positives": int(y.sum()), "accuracy": float(((p >= 0.5) == y).mean()),
            "auc": float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan"),
            "precision_strong": float(y[strong].mean()) if strong.any() else float("nan"), "strong": int(strong.sum())}


def boosting_accuracy(dev: list[dict], held: list[dict]) -> float:
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=0)
    model.fit(np.array([p["x"] for p in dev]), np.array([p["y"] for p in dev]))
    return float((model.predict(np.array([p["x"] for p in held])) == np.array([p["y"] for p in held])).mean())


def per_query(model: RelevanceModel, pairs: list[dict], floor: int, items) -> dict:
    """Hybrid search as a user sees it with this floor: answers in the top 5, reciprocal rank, silence."""
    by_query: dict[str, list[tuple[int, int, int]]] = {}
    for p in pairs:
        if p["mode"] == "hybrid":
            by_query.setdefault(p["q"], []).append((p["rank"], _relevance(model, p), p["y"]))
    out: dict[str, list[float]] = {"hit@5": [], "mrr": [], "absent": [], "offtopic": []}
    for item in items:
        shown = [y for _, relevance, y in sorted(by_query.get(item.q, [])) if relevance >= floor]
        if item.kind == "ontopic":
            rank = next((k for k, y in enumerate(shown, 1) if y), None)
            out["hit@5"].append(bool(rank and rank <= 5))
            out["mrr"].append(1 / rank if rank else 0.0)
        else:
            out[item.kind].append(not shown)
    return {k: float(np.mean(v)) if v else float("nan") for k, v in out.items()}


def _relevance(model: RelevanceModel, pair: dict) -> int:
    key = ("relevance", id(model))
    if key not in pair:
        pair[key] = model.relevance(pair["x"])
    return pair[key]


def choose_floor(model: RelevanceModel, pairs: list[dict], items) -> int:
    """The floor that silences the most absent-topic and everyday questions while keeping the answers
    shown (hybrid hit@5 at least KEEP_ANSWERS, the bar of 0.95 with a margin), on the development queries."""
    best = (-1.0, 0)
    for floor in range(1, 96):
        m = per_query(model, pairs, floor, items)
        if m["hit@5"] < KEEP_ANSWERS:
            break
        best = max(best, (m["absent"] + m["offtopic"], floor))
    return best[1]


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
    ap.add_argument("--pairs", type=Path, help="also save the labelled pairs (JSON lines) to this file")
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
            zero = RelevanceModel(FEATURES, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES), (0.0,) * len(FEATURES), 0.0)
            lib.calibration = calibrations.Calibration(lib.model_name, zero, 0, vocabulary, avg_chars)
            pairs = collect(lib, items)
            if args.pairs:
                args.pairs.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
            model_scales = scales(lib, lib.model_name)
            model_name = lib.model_name
    # A paraphrase whose finding is not stored (its notice's layout is not read yet) has no answer in
    # this library: it is left out of fitting and of the on-topic numbers, and counted.
    answerable = {p["q"] for p in pairs if p["y"]}
    unanswerable = [i for i in items if i.kind == "ontopic" and i.q not in answerable]
    items = [i for i in items if i.kind != "ontopic" or i.q in answerable]
    dev_items = [i for i in items if not i.held_out]
    held_items = [i for i in items if i.held_out]
    pairs = [p for p in pairs if p["kind"] != "ontopic" or p["q"] in answerable]
    print(f"paraphrases whose finding is not in the library (left out): {len(unanswerable)}")
    dev = [p for p in pairs if not p["held"]]
    held = [p for p in pairs if p["held"]]
    model = fit(dev, list(range(len(FEATURES))))
    cosine_only = fit(dev, [FEATURES.index("cosine")])
    floor = choose_floor(model, dev, dev_items)
    report = {"dev": accuracy(model, dev), "held_out": accuracy(model, held),
              "held_out_cosine_only": accuracy(cosine_only, held),
              "held_out_boosting_accuracy": boosting_accuracy(dev, held),
              "dev_search": per_query(model, dev, floor, dev_items),
              "held_out_search": per_query(model, held, floor, held_items),
              "held_out_search_cosine_only": per_query(cosine_only, held, choose_floor(cosine_only, dev, dev_items),
                                                       held_items),
              "queries": dict(Counter(f"{i.kind}/{'held' if i.held_out else 'dev'}" for i in items)),
              "unanswerable": len(unanswerable)}
    print_report(report, model, floor)
    calibration = calibrations.Calibration(
        model_name, model, floor, vocabulary, round(avg_chars, 1),
        similar_center=model_scales.get("similar_center"), similar_slope=model_scales.get("similar_slope"),
        recurring_cosine=model_scales.get("recurring_cosine"), recurring_words=model_scales.get("recurring_words"),
        cluster_distance=model_scales.get("cluster_distance"),
        measured={"report": _rounded(report), "scales": model_scales,
                  "notices": [str(p) for p in args.notices], "pairs": len(pairs)})
    if args.check:
        return 0
    out = args.out or calibrations.file_for(model_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(calibration.to_json() + "\n", encoding="utf-8")
    print(f"written: {out}")
    if args.library:
        with open_library(args.library, Settings()) as lib:
            lib.set_calibration(replace(calibration, model=lib.model_name) if lib.model_name == model_name
                                else calibration)
        print(f"stored in the library {args.library}")
    return 0


def print_report(report: dict, model: RelevanceModel, floor: int) -> None:
    print("\nrelevance model (logistic regression, standardised features):")
    for name, coef in zip(model.features, model.coef):
        print(f"  {name:<18} {coef:+.3f}")
    print(f"  {'intercept':<18} {model.intercept:+.3f}")
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


def _rounded(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


if __name__ == "__main__":
    sys.exit(main())
