"""What a result is worth to the person who asked: a rerank of the fused list that uses both signals,
and one relevance scale (0–100) whatever the mode.

Reciprocal-rank fusion knows only positions. The rerank adds what the positions hide: how much of
the query's wording the record holds (a record with every query word should not sit under one that
merely reads alike) and how close its meaning is (the cosine of query and record). Relevance is a
logistic of the same two signals, calibrated on zhenggai's own on-topic and off-topic queries
(`benchmarks/calibrate.py`); results under the floor are not shown by default, so an off-topic query
gets an honest "no match".
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..config import SearchSettings


@dataclass(frozen=True)
class Evidence:
    """The signals for one record and one query."""
    cosine: float
    coverage: float    # share of the query's content words found in the record (its text, its finding's title)
    background: float  # the query's cosine to the nearest everyday topic: an off-topic query sits close to one


def coverage(terms: Sequence[str], text: str) -> float:
    """Share of the query's words (of two characters or more: a lone 放 or 假 is found anywhere) in `text`."""
    words = [t for t in terms if len(t) >= 2]
    return sum(t in text for t in words) / len(words) if words else 0.0


def relevance(e: Evidence, s: SearchSettings) -> int:
    z = (s.relevance_slope * (e.cosine - s.relevance_center) + s.relevance_coverage * e.coverage
         + s.relevance_background * (e.cosine - e.background))
    return round(100 / (1 + math.exp(-z)))


def rerank(fused: Sequence[tuple[int, float]], evidence: dict[int, Evidence], s: SearchSettings
           ) -> list[tuple[int, float]]:
    """The fused list reordered by fused score + coverage and cosine terms (scores returned are the
    combined ones)."""
    scored = [(rid, score + s.coverage_weight * evidence[rid].coverage
               + s.cosine_weight * (evidence[rid].cosine - s.cosine_center)) for rid, score in fused]
    return sorted(scored, key=lambda pair: -pair[1])


def similarity(cosine: float, s: SearchSettings) -> int:
    """Two findings' problems alike, 0–100 (e5 cosines of unrelated problems sit near 0.8, so the raw
    cosine means little to a reader)."""
    return round(100 / (1 + math.exp(-s.similar_slope * (cosine - s.similar_center))))


def cosines(query: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    return vectors @ np.asarray(query, dtype=np.float32)


@lru_cache(maxsize=1)
def background_topics() -> tuple[str, ...]:
    """Everyday topics a rectification notice never speaks of (weather, cooking, holidays …)."""
    text = (Path(__file__).parent / "data" / "background.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
