"""Themes: the classifier beside two baselines, on zhenggai's own labelled examples (cross-validated) and on
the gold labels of the real notices (../shared/gold/*.themes.json).

    python benchmarks/themes.py [--folds 5] [--shared ../shared] [--record]

Three methods, scored in the same run:
- `model`     the shipped classifier: TF-IDF and e5 views averaged, with the two decision rules;
- `tfidf`     the TF-IDF view alone (same fit, same rules), to show what the embedding adds;
- `majority`  every finding gets the most frequent theme of the training set.
`strict` counts a finding right only when the primary theme is the gold primary; `either` (the gold
check's measure) also accepts the gold secondary. The real notices' scores are development scores: the
taxonomy rules were written while reading them (the training sentences are checked against them by
tests/test_labelled_data.py).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from zhenggai.analysis.themes import ThemeClassifier, fit, predict, training_set
from zhenggai.api import Settings, extract_path
from zhenggai.index.embed import Embedder

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
METHODS = ("model", "tfidf", "majority")


def cross_validated(embedder: Embedder, folds: int) -> dict[str, float]:
    """Accuracy of each method over stratified folds of the training set (the same folds for all)."""
    from sklearn.model_selection import StratifiedKFold

    texts, labels = training_set()
    vectors = embedder.encode_passages(texts)
    texts, labels = np.array(texts), np.array(labels)
    codes = sorted(set(labels))
    right = Counter()
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        models = fit(list(texts[train]), list(labels[train]), embedder, vectors[train])
        for method, weight in (("model", None), ("tfidf", 1.0)):
            kwargs = {} if weight is None else {"text_weight": weight}
            probs = predict(models, list(texts[test]), embedder, codes, vectors[test], **kwargs)
            right[method] += sum(codes[i] == y for i, y in zip(probs.argmax(axis=1), labels[test]))
        majority = Counter(labels[train]).most_common(1)[0][0]
        right["majority"] += sum(y == majority for y in labels[test])
    return {m: right[m] / len(texts) for m in METHODS}


def gold_scores(embedder: Embedder, shared: Path) -> list[dict]:
    """Per real notice and method: strict and primary-or-secondary agreement with the gold themes."""
    _, labels = training_set()
    majority = Counter(labels).most_common(1)[0][0]
    classifiers = {"model": ThemeClassifier(embedder), "tfidf": ThemeClassifier(embedder, text_weight=1.0)}
    out = []
    for gold_path in sorted((shared / "gold").glob("*.themes.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        extraction = extract_path(shared / "corpus" / gold["file"])
        row = {"file": gold["file"], "n": len(gold["findings"]), "misses": []}
        for method in METHODS:
            if method == "majority":
                themes = {i: (majority, None) for i in range(len(extraction.findings))}
            else:
                labelled = classifiers[method].label(extraction).findings
                themes = {i: (f.theme, f.secondary) for i, f in enumerate(labelled)}
            strict = either = 0
            for g in gold["findings"]:
                i = _match(extraction.findings, g)
                theme = themes.get(i, (None, None))[0] if i is not None else None
                strict += theme == g["theme"]
                either += theme is not None and theme in (g["theme"], g.get("secondary"))
                if method == "model" and theme not in (g["theme"], g.get("secondary")):
                    row["misses"].append(f"{(g.get('starts_with') or '')[:10]}: {theme} "
                                         f"(gold {g['theme']}/{g.get('secondary')})")
            row[method] = (strict, either)
        out.append(row)
    return out


def _match(findings, g: dict):
    """The index of the extracted finding a gold finding stands for: by its opening words, else its number."""
    start = (g.get("starts_with") or "")[:10]
    for i, f in enumerate(findings):
        if start and start in f.title + f.text:
            return i
    if not start and g.get("number") and g["number"] <= len(findings):
        return g["number"] - 1
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder with corpus/ and gold/ (../shared)")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    embedder = Embedder(settings=Settings())
    texts, labels = training_set()
    cv = cross_validated(embedder, args.folds)
    print(f"{len(texts)} labelled examples, {len(set(labels))} themes; {args.folds}-fold cross-validated "
          f"accuracy: " + ", ".join(f"{m} {cv[m]:.3f}" for m in METHODS))
    how = "python benchmarks/themes.py"
    rows = [(f"themes classifier, {len(texts)} invented labelled examples, {args.folds}-fold cross-validated",
             f"accuracy {cv['model']:.3f} (TF-IDF alone {cv['tfidf']:.3f}, majority class {cv['majority']:.3f})", how)]
    if not (args.shared / "gold").exists():
        print(f"(no {args.shared / 'gold'}: the real notices are not scored)")
    else:
        scored = gold_scores(embedder, args.shared)
        for row in scored:
            n = row["n"]
            print(f"{row['file']}: " + "; ".join(
                f"{m} strict {row[m][0]}/{n} ({row[m][0] / n:.2f}), primary-or-secondary {row[m][1]}/{n}"
                for m in METHODS))
            for miss in row["misses"]:
                print(f"   {miss}")
        rows.append(("themes of the real notices' findings against their gold (development scores: the taxonomy "
                     "rules were written while reading them)", "; ".join(
                         f"{row['file'].split('.')[0]}: strict {row['model'][0]}/{row['n']}, primary or secondary "
                         f"{row['model'][1]}/{row['n']} (TF-IDF alone {row['tfidf'][0]}, majority class "
                         f"{row['majority'][0]})" for row in scored), how))
    if args.record:
        from results import record

        record("themes", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
