"""Where the relevance floor should stand: the relevance of the answer to each on-topic query and of the
best result to each off-topic query (benchmarks/data/queries.paraphrase.json), and what each floor
would do to both.

    python benchmarks/calibrate.py
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import retrieval  # noqa: E402

from zhenggai.api import Settings, ingest, open_library  # noqa: E402


def main() -> int:
    spec = json.loads(retrieval.PARAPHRASES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp, open_library(Path(tmp), Settings()) as lib:
        ingest(lib, retrieval.corpus_of(spec, retrieval.PARAPHRASES))
        answers, off = [], []
        for q in spec["queries"]:
            hits = lib.search(q["q"], top=10, floor=False)
            found = [h.relevance for h in hits if any(e in retrieval.hit_texts(h) for e in q["expect_any"])]
            answers.append(max(found) if found else 0)
        for q in spec["off_topic"]:
            hits = lib.search(q, top=10, floor=False)
            off.append(hits[0].relevance if hits else 0)
            print(f"  off-topic {q}: best relevance {off[-1]} ({hits[0].finding_title[:20] if hits else ''})")
    print(f"answers to on-topic queries, relevance: min {min(answers)}, "
          f"percentiles 5/25/50 {np.percentile(answers, [5, 25, 50]).round().tolist()}")
    print(f"best result of off-topic queries: max {max(off)}, percentiles 50/75/95 "
          f"{np.percentile(off, [50, 75, 95]).round().tolist()}")
    print(f"{'floor':>6} {'answers kept':>13} {'off-topic silent':>17}")
    for floor in range(30, 75, 5):
        kept = np.mean([a >= floor for a in answers])
        silent = np.mean([o < floor for o in off])
        print(f"{floor:>6} {kept:>13.2f} {silent:>17.2f}")
    print(f"floor in use: {Settings().search.floor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
