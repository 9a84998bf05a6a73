"""Reciprocal rank fusion: each ranking gives a record 1/(k + rank); the sums decide."""
from __future__ import annotations

from typing import Sequence

from ..config import SearchSettings


def rrf(rankings: Sequence[Sequence[int]], k: int = SearchSettings.rrf_k) -> list[tuple[int, float]]:
    """Fuse ranked id lists (best first) into one (id, score) list, best first; ties keep first-seen order."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])
