"""Themes: cross-validated accuracy of the classifier on zhenggai's own labelled examples, and agreement
with the gold labels of the real notices (../shared/gold/*.themes.json: primary or secondary).

    python benchmarks/themes.py [--folds 5]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from zhenggai.analysis.themes import ThemeClassifier, fit, predict, training_set
from zhenggai.api import Settings, extract_path
from zhenggai.index.embed import Embedder

SHARED = Path(__file__).resolve().parents[2] / "shared"


def cross_validated(embedder: Embedder, folds: int) -> float:
    from sklearn.model_selection import StratifiedKFold

    texts, labels = training_set()
    texts, labels = np.array(texts), np.array(labels)
    codes = sorted(set(labels))
    right = 0
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        models = fit(list(texts[train]), list(labels[train]), embedder)
        probs = predict(models, list(texts[test]), embedder, codes)
        right += sum(codes[i] == y for i, y in zip(probs.argmax(axis=1), labels[test]))
    return right / len(texts)


def gold_agreement(classifier: ThemeClassifier) -> list[tuple[str, int, int, list[str]]]:
    out = []
    for gold_path in sorted((SHARED / "gold").glob("*.themes.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        result = classifier.label(extract_path(SHARED / "corpus" / gold["file"]))
        ok, misses = 0, []
        for g in gold["findings"]:
            start = (g.get("starts_with") or "")[:10]
            mine = next((f for f in result.findings if start and start in f.title + f.text), None)
            if mine is None and not start and g.get("number") and g["number"] <= len(result.findings):
                mine = result.findings[g["number"] - 1]  # no opening words in the gold: by position
            good = mine is not None and mine.theme in (g["theme"], g.get("secondary"))
            ok += good
            if not good:
                misses.append(f"{start}: {mine.theme if mine else None}/{mine.secondary if mine else None}"
                              f" (gold {g['theme']}/{g.get('secondary')})")
        out.append((gold["file"], ok, len(gold["findings"]), misses))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    embedder = Embedder(settings=Settings())
    texts, _ = training_set()
    print(f"{len(texts)} labelled examples; {args.folds}-fold cross-validated accuracy "
          f"{cross_validated(embedder, args.folds):.3f}")
    if (SHARED / "gold").exists():
        for name, ok, n, misses in gold_agreement(ThemeClassifier(embedder)):
            print(f"{name}: {ok}/{n} findings get their gold theme (primary or secondary)")
            for miss in misses:
                print(f"   {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
