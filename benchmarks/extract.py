"""Extraction throughput (characters/s) beside jieba.lcut on the same text, in the same run.

Extraction here is the whole pipeline without embeddings: metadata, outline, findings, measures,
figures and targets. The baseline is plain word segmentation of the same characters.

    python benchmarks/extract.py [--repeat N] [--no-figures] [--record]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import jieba

from zhenggai.corpus.readers import read_notice
from zhenggai.nlp.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def texts() -> list[str]:
    files = sorted(SHARED.glob("*.txt")) + sorted((ROOT / "corpus" / "samples").glob("*.txt"))
    return [read_notice(f).text for f in files]


def best_of(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return min(runs), statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-figures", action="store_true", help="structure only (metadata + outline)")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    docs = texts()
    chars = sum(map(len, docs))
    components = ("metadata", "outline") if args.no_figures else ("metadata", "outline", "figures", "targets")
    jieba.setLogLevel(60)
    jieba.lcut("预热")  # load the dictionary outside the timing
    extract(docs[0])
    ex_best, ex_med = best_of(lambda: [extract(t, components=components) for t in docs], args.repeat)
    jb_best, jb_med = best_of(lambda: [jieba.lcut(t) for t in docs], args.repeat)
    big = "".join(docs) * max(1, 5_000_000 // chars)
    started = time.perf_counter()
    extract(big, components=components)
    big_s = time.perf_counter() - started
    print(f"text: {len(docs)} notices, {chars:,} characters; best of {args.repeat} runs; "
          f"components: {', '.join(components)}")
    print(f"{'':<22}{'chars/s (best)':>16}{'chars/s (median)':>18}")
    print(f"{'zhenggai extract':<22}{chars / ex_best:>16,.0f}{chars / ex_med:>18,.0f}")
    print(f"{'jieba.lcut (baseline)':<22}{chars / jb_best:>16,.0f}{chars / jb_med:>18,.0f}")
    print(f"extract is {jb_best / ex_best:.1f}x the speed of jieba.lcut on the same text")
    print(f"one {len(big) / 1e6:.1f} M-character notice: {big_s:.2f} s ({len(big) / big_s:,.0f} chars/s)")
    if args.record:
        from results import record

        record("extract", [(f"extraction without embeddings ({', '.join(components)}), {len(docs)} notices, "
                            f"{chars:,} characters, best of {args.repeat}",
                            f"{chars / ex_best / 1e6:.2f} M chars/s, {jb_best / ex_best:.1f}x `jieba.lcut` on the same "
                            f"text; one {len(big) / 1e6:.1f} M-character notice in {big_s:.1f} s",
                            "python benchmarks/extract.py")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
