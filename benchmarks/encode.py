"""Encode speed: the default engine (int8 ONNX) beside torch fp32 on the same passages, same run.

Passages are sentences of the real notices and the samples, joined into finding- and measure-length
texts. Each engine is warmed up, then timed over all passages (best of --repeat runs); the vectors of
the two are compared passage by passage.

    python benchmarks/encode.py [--passages 600] [--repeat 2]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

from zhenggai.api import Settings
from zhenggai.corpus.readers import read_notice
from zhenggai.index.embed import Embedder

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt")) + sorted((ROOT / "corpus" / "samples").glob("*.txt"))


def passages(n: int) -> list[str]:
    sentences = []
    for path in SOURCES:
        sentences += [s for s in re.split(r"(?<=[。；])", read_notice(path).text.replace("\n", "")) if 12 <= len(s) <= 160]
    rng = random.Random(3)
    return ["".join(rng.sample(sentences, rng.randint(1, 2))) for _ in range(n)]


def timed(embedder: Embedder, texts: list[str], repeat: int) -> tuple[float, np.ndarray]:
    embedder.encode_passages(texts[:32])
    best, vectors = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        vectors = embedder.encode_passages(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best, vectors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    texts = passages(args.passages)
    print(f"{len(texts)} passages, mean {sum(map(len, texts)) / len(texts):.0f} characters")
    torch_rate, torch_vectors = timed(Embedder(settings=Settings(engine="torch")), texts, args.repeat)
    default = Embedder(settings=Settings())
    rate, vectors = timed(default, texts, args.repeat)
    cosine = float(np.sum(torch_vectors * vectors, axis=1).min())
    print(f"encode: torch fp32 {torch_rate:.1f} passages/s; default engine {rate:.1f} passages/s; "
          f"speedup {rate / torch_rate:.2f} x; min cosine {cosine:.4f}")
    if args.record:
        from results import record

        record("encode", [(f"encode {len(texts)} passages, the default engine (int8 ONNX) beside torch fp32, same run",
                           f"{rate:.1f} vs {torch_rate:.1f} passages/s ({rate / torch_rate:.2f}x); min cosine "
                           f"{cosine:.4f}", "python benchmarks/encode.py")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
