"""Precision and recall of recurring-problem links on a labelled set of pairs, beside two baselines.

benchmarks/data/recurring_pairs.tsv holds invented pairs: the same problem in other words (`same`) and
look-alikes of one field that are different problems (`alike`). Its `dev` half is what the thresholds
of analysis/problem_match.py were chosen on; its `test` half was not looked at while choosing, and
is the number to quote. Baselines, in the same run: the meaning signal alone at the same threshold,
and the decision this project used before (e5 passage cosine ≥ 0.905 of problems with their measures,
TF-IDF ≥ 0.12 fitted on the pairs' own texts, and its rule that headings sharing two words but each
naming something else differ).

    python benchmarks/recurring.py [--split dev|test|all] [--show] [--record]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from zhenggai.analysis.problem_match import Problem, Thresholds, same_problem, word_cosine
from zhenggai.index.calibration import shipped
from zhenggai.config import Settings
from zhenggai.index.embed import Embedder
from zhenggai.index.records import problem_passage

DATA = Path(__file__).with_name("data") / "recurring_pairs.tsv"


def load(path: Path = DATA) -> list[dict]:
    """[{split, same, earlier: Problem, later: Problem}] from the TSV (see its header)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        split, label, *cells = line.split("\t")
        if len(cells) != 6 or label not in ("same", "alike"):
            raise ValueError(f"{path.name}: malformed line: {line[:60]}")
        side = lambda t, x, m: Problem(t, f"{t}。{x}", tuple(s for s in m.split("；") if s))  # noqa: E731
        pairs.append({"split": split, "same": label == "same", "earlier": side(*cells[:3]), "later": side(*cells[3:])})
    return pairs


def decisions(pairs: Sequence[dict], embedder: Embedder) -> dict[str, list[bool]]:
    """Each method's link / no link for every pair."""
    encode: Callable = embedder.encode_queries
    a = encode([p["earlier"].meaning_text() for p in pairs])
    b = encode([p["later"].meaning_text() for p in pairs])
    meaning = np.sum(a * b, axis=1)

    def aspect(x: str, y: str) -> float:
        vx, vy = encode([x, y])
        return float(vx @ vy)

    c = shipped(embedder.name)
    at = Thresholds(c.recurring_cosine, c.recurring_words, c.recurring_aspect or c.recurring_cosine)
    ours = [same_problem(p["earlier"], p["later"], float(m), word_cosine(p["earlier"].words(), p["later"].words()),
                         aspect, at) for p, m in zip(pairs, meaning)]
    return {"zhenggai (meaning + words + object)": ours,
            "baseline: meaning alone": [float(m) >= at.meaning for m in meaning],
            "baseline: before (passage cosine + fitted TF-IDF)": _before(pairs, embedder)}


def _before(pairs: Sequence[dict], embedder: Embedder) -> list[bool]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    def text(p: Problem) -> str:
        return problem_passage(p.title, p.text, list(p.measures))

    docs = [text(p[s]) for p in pairs for s in ("earlier", "later")]
    vectorizer = TfidfVectorizer(tokenizer=lambda t: Problem("", t).words(), token_pattern=None, lowercase=False,
                                 sublinear_tf=True).fit(docs)
    a = embedder.encode_passages([text(p["earlier"]) for p in pairs])
    b = embedder.encode_passages([text(p["later"]) for p in pairs])
    wa = vectorizer.transform([text(p["earlier"]) for p in pairs])
    wb = vectorizer.transform([text(p["later"]) for p in pairs])
    lexical = np.asarray(wa.multiply(wb).sum(axis=1)).ravel()
    return [bool(float(x @ y) >= 0.905 and w >= 0.12 and not _old_heading_rule(p["earlier"].title, p["later"].title))
            for p, x, y, w in zip(pairs, a, b, lexical)]


def _old_heading_rule(title_a: str, title_b: str) -> bool:
    """The heading rule of the earlier decision, kept here only as its baseline."""
    from zhenggai.nlp.lexicon import HEADING_FRAME_WORDS

    a, b = set(Problem(title_a, "").words()), set(Problem(title_b, "").words())
    shared = a & b
    own_a, own_b = a - shared - HEADING_FRAME_WORDS, b - shared - HEADING_FRAME_WORDS
    overlap = any(x in y or y in x for x in own_a for y in own_b)
    return len(shared) >= 2 and bool(own_a) and bool(own_b) and not overlap


def scores(pairs: Sequence[dict], linked: Sequence[bool]) -> tuple[float, float, int, int]:
    """(precision, recall, links made, recurring pairs)."""
    tp = sum(1 for p, d in zip(pairs, linked) if d and p["same"])
    made, same = sum(linked), sum(p["same"] for p in pairs)
    return (tp / made if made else 0.0), (tp / same if same else 0.0), made, same


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("dev", "test", "all"))
    ap.add_argument("--show", action="store_true", help="list the pairs zhenggai decides wrongly")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    pairs = load()
    chosen = [i for i, p in enumerate(pairs) if args.split == "all" or p["split"] == args.split]
    found = decisions(pairs, Embedder(settings=Settings()))
    subset = [pairs[i] for i in chosen]
    print(f"{DATA.name}, split {args.split}: {sum(p['same'] for p in subset)} recurring pairs, "
          f"{sum(not p['same'] for p in subset)} look-alikes")
    print(f"{'method':<52}{'precision':>10}{'recall':>8}{'links':>7}")
    measured = []
    for name, linked in found.items():
        p, r, made, _ = scores(subset, [linked[i] for i in chosen])
        print(f"{name:<52}{p:>10.2f}{r:>8.2f}{made:>7}")
        measured.append(f"{name}: {p:.2f} / {r:.2f}")
    if args.record:
        from results import record

        record("recurring", [(f"recurring problems, labelled pairs, split {args.split} ({sum(p['same'] for p in subset)}"
                              f" repeats, {sum(not p['same'] for p in subset)} look-alikes): precision / recall",
                              "; ".join(measured), f"python benchmarks/recurring.py --split {args.split}")])
    if args.show:
        ours = next(iter(found.values()))
        for i in chosen:
            if ours[i] != pairs[i]["same"]:
                kind = "missed" if pairs[i]["same"] else "false link"
                print(f"  {kind}: {pairs[i]['earlier'].title} ← {pairs[i]['later'].title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
