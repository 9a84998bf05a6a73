"""Library at scale: ingest throughput beside raw model.encode, index size, and query latency.

1. Throughput: a few thousand real-length passages (sentences of the real notices and samples,
   recombined into findings and measures) are encoded once with plain `model.encode` and once through
   `Library.add_extraction` (segmentation, SQLite, FTS5, faiss and encoding), in the same run.
2. Latency: the library is grown with generated records to each size (10^4, 10^5 by default). Encoding
   10^5 passages takes about half an hour on two cores, so the vectors at this stage are RANDOM UNIT
   VECTORS (the faiss part costs the same for any vectors); the lexical index holds the real text.
   Queries are encoded by the real model, and that time is included in dense and hybrid latency.

    python benchmarks/scale.py [--passages 1500] [--sizes 10000 100000] [--queries 100] [--backend milvus]
"""
from __future__ import annotations

import argparse
import random
import shutil
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from zhenggai.analysis.themes import classifier_for
from zhenggai.api import Settings, open_library
from zhenggai.corpus.readers import read_notice
from zhenggai.index.records import records_of
from zhenggai.ingest import Ingest
from zhenggai.nlp.records import Extraction, Finding, Measure, Notice

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt")) + sorted((ROOT / "corpus" / "samples").glob("*.txt"))
QUERIES = ["借调人员没有备案", "企业担保管理制度", "国有资本经营预算", "党员干部教育培训", "资产负债率管控",
           "意识形态工作责任制", "违规发放津贴补贴", "政府采购程序不规范", "农村公路养护", "巡视移交问题线索"]
ISSUERS = ["济南市国资委", "青禾县交通运输局", "临川市审计局", "云岭市国资委", "江滨理工大学", "某省教育厅"]


def sentences() -> list[str]:
    out = []
    for path in SOURCES:
        out += [s for s in re.split(r"(?<=[。；])", read_notice(path).text.replace("\n", "")) if 12 <= len(s) <= 160]
    return out


def fake_notice(rng: random.Random, pool: list[str], index: int, findings: int) -> Extraction:
    """A notice of generated findings (1-2 sentences) each with 2-4 measures (1-2 sentences)."""
    items = []
    for f in range(1, findings + 1):
        fid = f"F{f}"
        measures = [Measure(m, "".join(rng.sample(pool, rng.randint(1, 2))), "done", f"{fid}.M{m}")
                    for m in range(1, rng.randint(2, 4) + 1)]
        title = rng.choice(pool)[:30]
        items.append(Finding(fid, f, 1, title, title + "".join(rng.sample(pool, 1)), measures, "done"))
    year = 2018 + index % 7
    notice = Notice(title=f"生成通报{index}", date=f"{year}-06-01", issuer=rng.choice(ISSUERS), kind="巡察")
    return Extraction(notice=notice, findings=items)


def throughput(pool: list[str], passages: int) -> None:
    rng = random.Random(7)
    notices = []
    while sum(len(list(records_of(n))) for n in notices) < passages:
        notices.append(fake_notice(rng, pool, len(notices), 10))
    texts = [r.passage for n in notices for r in records_of(n)]
    with tempfile.TemporaryDirectory() as tmp, open_library(Path(tmp), Settings()) as lib:
        model = lib.embedder
        model.encode_passages(texts[:32])  # warm up: the model, and the theme classifier ingest labels with
        classifier_for(model)._models
        started = time.perf_counter()
        model.encode_passages(texts)
        raw = len(texts) / (time.perf_counter() - started)
        started = time.perf_counter()
        run = Ingest(lib)
        for i, n in enumerate(notices):
            run.queue(n, f"gen-{i}", f"gen-{i}", f"sha-{i}", f"fp-{i}")
        run.flush()
        ingest = len(texts) / (time.perf_counter() - started)
    chars = sum(map(len, texts)) / len(texts)
    print(f"throughput on {len(texts)} passages (mean {chars:.0f} characters):")
    print(f"  raw model.encode      {raw:8.1f} passages/s")
    print(f"  library ingest        {ingest:8.1f} passages/s  ({ingest / raw:.2f} x raw encode)")


def latency(pool: list[str], sizes: list[int], n_queries: int, backends: list[str]) -> None:
    """Grow one library to each size; time every mode on each backend over the same records (the
    Milvus copy is loaded from SQLite's stored vectors, as `zhenggai reindex --backend milvus` does)."""
    rng = random.Random(11)
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp, open_library(Path(tmp) / "local", settings) as lib:
        dim = lib.embedder.dim
        count = index = 0
        for size in sizes:
            started = time.perf_counter()
            while count < size:
                notice = fake_notice(rng, pool, index, 25)
                n = len(list(records_of(notice)))
                vectors = rng_vectors(n, dim, index)
                lib.add(notice, f"gen-{index}", f"gen-{index}", f"sha-{index}", vectors)
                count += n
                index += 1
            lib.save()
            grow = time.perf_counter() - started
            folder = Path(tmp) / "local"
            disk = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
            kind = "flat" if count <= settings.vectors.flat_limit else "hnsw"
            print(f"\n{count:,} records ({kind} index; random unit vectors; grown in {grow:.0f} s); "
                  f"on disk {disk / 1e6:.0f} MB (library.db {stat(folder, 'library.db'):.0f} MB, "
                  f"vectors.faiss {stat(folder, 'vectors.faiss'):.0f} MB)")
            queries = [QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {rng.choice(pool)[:8]}")
                       for i in range(n_queries)]
            columns = {"local": time_modes(lib, queries)}
            for backend in backends:
                if backend == "local":
                    continue
                copy = Path(tmp) / f"{backend}-{count}"  # a store per size: milvus-lite keeps its server per file
                shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.lock", "vectors.*"))
                started = time.perf_counter()
                with open_library(copy, settings) as other:
                    other.reindex(backend=backend)
                    loaded = time.perf_counter() - started
                    print(f"  {backend}: search copy loaded from SQLite in {loaded:.0f} s")
                    columns[backend] = time_modes(other, queries)
            header = "".join(f"{name + ' p50':>14}{name + ' p95':>14}" for name in columns)
            print(f"  {'mode':<8}{header}   (ms, query encoding included)")
            for mode in ("lexical", "dense", "hybrid"):
                cells = "".join(f"{times[mode][0]:>14.1f}{times[mode][1]:>14.1f}" for times in columns.values())
                print(f"  {mode:<8}{cells}")


def time_modes(lib, queries: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    for mode in ("lexical", "dense", "hybrid"):
        lib.search(queries[0], mode=mode)
        times = []
        for q in queries:
            started = time.perf_counter()
            lib.search(q, mode=mode, top=10)
            times.append(1000 * (time.perf_counter() - started))
        times.sort()
        out[mode] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return out


def rng_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def stat(folder: Path, name: str) -> float:
    path = Path(folder) / name
    return path.stat().st_size / 1e6 if path.exists() else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=1500)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--backend", choices=("local", "milvus"), default="local",
                    help="milvus: time the Milvus backend beside the default one on the same records")
    args = ap.parse_args()
    pool = sentences()
    if args.passages:
        throughput(pool, args.passages)
    latency(pool, sorted(args.sizes), args.queries, ["local", args.backend])
    return 0


if __name__ == "__main__":
    sys.exit(main())
