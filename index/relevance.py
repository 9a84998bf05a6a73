"""Relevance: how sure zhenggai is that a result is about what was asked, 0–100, learned.

A result that shares only the words every finding shares (违规, 监管, 不到位, 落实 …) is not an answer,
however alike it reads: e5 puts any two inspection sentences near each other. So relevance is a logistic
regression (fitted by `benchmarks/calibrate.py` on labelled query–finding pairs, kept as coefficients in
the model's calibration file) over signals that separate "about this" from "in the same register":

- `cosine` of query and result, and how far it stands above the query's cosine to everyday topics
  (`data/background.txt`), to generic inspection sentences (`data/generic.txt`) and to the library's
  typical record (the median over a fixed sample of records) — a real answer stands out;
- the same for the query's core, its words without the generic ones
  (古树名木保护责任落实不到位 → 古树名木): an answer must be near what names the topic, not only near the register it is asked in;
- `coverage`: the share of the query's words the result holds, each word weighted by its rarity (IDF),
  and `rare_coverage`: whether it holds the query's rarest words (内涝, 古树, 出租车 — the ones that name
  the topic); `title_coverage` and `measure_coverage` say which field matched; `bm25`: the same words with
  BM25's term-frequency saturation and length norm;
- `clause_cosine`: the best cosine of the query to one sentence of the result alone (a paraphrase is
  usually of one sentence; a result that merely reads alike is alike all over and nowhere in particular),
  and how far it stands above the library's typical record;
- `specific_coverage`: the same over the query's specific words only (those few records hold), and
  `unmatched`: the rarity of the specific words the result lacks, added up — each named thing a result
  does not mention is evidence it is about something else;

Rarity comes from the library's own document frequencies, blended with a reference vocabulary measured
on the calibration notices (so a ten-notice library does not take 监管 for a rare word); the blend
gives the reference the weight of `prior` records.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional, Sequence

import numpy as np

FEATURES = ("cosine", "over_everyday", "over_domain", "over_library", "core_cosine", "core_over_library",
            "clause_cosine", "clause_over_library", "coverage", "specific_coverage", "rare_coverage",
            "title_coverage", "measure_coverage", "bm25", "unmatched")
_K1, _B = 1.2, 0.75
_CLAUSE = re.compile(r"[。；;！？!?\n]")
GENERIC = 0.03          # a word this share of records hold (监管, 落实, 违规 …) names no topic
LIBRARY_QUANTILE = 0.5  # the library's typical record: the median of the query's cosines over a sample


@dataclass(frozen=True)
class QuerySignals:
    """What is known about a query before any result: its words with their rarity, how near it sits to
    everyday topics, to generic inspection wording and to the library's typical record, and the same
    for its core (the query without its generic words: 古树名木保护责任落实不到位 → 古树名木)."""
    words: tuple[str, ...]
    idf: dict[str, float]
    specific: tuple[str, ...] = ()   # the words few records hold (what can name a topic)
    everyday: float = 0.0
    domain: float = 0.0
    library: float = 0.0
    core_library: float = 0.0


@dataclass(frozen=True)
class Candidate:
    """One result as relevance sees it: a finding (its title, its text and its measures) or, listed
    flat, one record; `cosine` and `core_cosine` are the best of its records' cosines to the query and
    to the query's core."""
    cosine: float
    core_cosine: float
    title: str
    text: str
    measures: tuple[str, ...] = ()
    clause_cosine: float = 0.0   # the best of its clauses (sentences) alone: an answer is often one of them


@dataclass(frozen=True)
class Vocabulary:
    """Reference document frequencies (share of records holding a word) from the calibration notices."""
    share: Mapping[str, float]
    records: int
    prior: float = 300.0

    def idf(self, word: str, df: int, size: int) -> float:
        reference = self.share.get(word, 0.5 / max(self.records, 1))
        p = (df + self.prior * reference) / (size + self.prior)
        return -math.log(max(p, 1e-9))


def query_words(terms: Sequence[str], df: Mapping[str, int], size: int, vocabulary: Vocabulary
                ) -> tuple[tuple[str, ...], dict[str, float]]:
    words = tuple(t for t in terms if len(t) >= 2) or tuple(terms)
    return words, {w: vocabulary.idf(w, df.get(w, 0), size) for w in words}


def core(query_words_precise: Sequence[str], idf: Mapping[str, float], stop: frozenset) -> str:
    """The query without its generic words (those a large share of records hold) and stop words: what
    names its topic. Empty when nothing else is left."""
    kept = [w for w in query_words_precise
            if w not in stop and not (w in idf and math.exp(-idf[w]) >= GENERIC)]
    return "".join(kept)


def query_signals(words: tuple[str, ...], idf: dict[str, float], everyday: float, domain: float, library: float,
                  core_library: float) -> QuerySignals:
    specific = tuple(w for w in words if math.exp(-idf[w]) < GENERIC)
    return QuerySignals(words, idf, specific, everyday, domain, library, core_library)


def features(q: QuerySignals, c: Candidate, avg_chars: float) -> list[float]:
    text = "\n".join([c.title, c.text, *c.measures])
    measures = "\n".join(c.measures)
    total = sum(q.idf.values()) or 1.0
    specific = sum(q.idf[w] for w in q.specific)
    rarest = sorted(q.words, key=lambda w: -q.idf[w])[:2]
    saturation = 1 - _B + _B * len(text) / max(avg_chars, 1.0)
    bm25 = sum(q.idf[w] * _tf(text.count(w), saturation) for w in q.words) / total
    return [
        c.cosine,
        c.cosine - q.everyday,
        c.cosine - q.domain,
        c.cosine - q.library,
        c.core_cosine,
        c.core_cosine - q.core_library,
        c.clause_cosine,
        c.clause_cosine - q.library,
        _covered(q, q.words, text) / total,
        _covered(q, q.specific, text) / specific if specific else 0.0,
        sum(w in text for w in rarest) / len(rarest) if rarest else 0.0,
        _covered(q, q.words, c.title) / total,
        _covered(q, q.words, measures) / total,
        bm25,
        specific - _covered(q, q.specific, text),
    ]


def clauses(text: str, shortest: int = 4) -> list[str]:
    """A result's sentences and clauses (split at 。；！？ and line ends), each once."""
    parts = (p.strip() for p in _CLAUSE.split(text))
    return list(dict.fromkeys(p for p in parts if len(p) >= shortest))


def _covered(q: QuerySignals, words: Sequence[str], text: str) -> float:
    return sum(q.idf[w] for w in words if w in text)


def _tf(count: int, saturation: float) -> float:
    return count * (_K1 + 1) / (count + _K1 * saturation) if count else 0.0


@dataclass(frozen=True)
class RelevanceModel:
    """A fitted logistic regression over the standardised `FEATURES` and, with `degree` 2, their pairwise
    products (so strong meaning can outweigh missing words, and the other way round): coefficients, not a
    pickle, so any scikit-learn (or none) reads it."""
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    degree: int = 1
    mean2: tuple[float, ...] = ()    # degree 2: standardisation of the expanded terms
    scale2: tuple[float, ...] = ()

    def probability(self, x: Sequence[float]) -> float:
        return float(self.probabilities(np.asarray([x], dtype=np.float64))[0])

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        terms = expand((X - np.asarray(self.mean)) / np.asarray(self.scale), self.degree)
        if self.degree > 1:
            terms = (terms - np.asarray(self.mean2)) / np.asarray(self.scale2)
        z = np.clip(self.intercept + terms @ np.asarray(self.coef), -50.0, 50.0)
        return 1 / (1 + np.exp(-z))

    def relevance(self, x: Sequence[float]) -> int:
        return round(100 * self.probability(x))

    def to_dict(self) -> dict:
        d = {"features": list(self.features), "degree": self.degree, "mean": list(self.mean),
             "scale": list(self.scale), "coef": list(self.coef), "intercept": self.intercept}
        if self.degree > 1:
            d.update(mean2=list(self.mean2), scale2=list(self.scale2))
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "RelevanceModel":
        if tuple(d["features"]) != FEATURES:
            raise ValueError(f"calibration was fitted on features {d['features']}, this version computes {FEATURES}")
        return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["coef"]), float(d["intercept"]),
                   int(d.get("degree", 1)), tuple(d.get("mean2", ())), tuple(d.get("scale2", ())))


def expand(Z: np.ndarray, degree: int) -> np.ndarray:
    """The terms a model of this degree weighs: the standardised features, then (degree 2) every
    product z_i·z_j with i ≤ j."""
    if degree == 1:
        return Z
    i, j = np.triu_indices(Z.shape[1])
    return np.hstack([Z, Z[:, i] * Z[:, j]])


@lru_cache(maxsize=4)
def topic_lines(name: str) -> tuple[str, ...]:
    """The lines of a topic file in `data/` (everyday topics, generic inspection sentences)."""
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def nearest(query: np.ndarray, topics: Optional[np.ndarray]) -> float:
    return float((topics @ query).max()) if topics is not None and len(topics) else 0.0


def typical(query: np.ndarray, sample: Optional[np.ndarray]) -> float:
    """The library's typical record for this query: the median of its cosines over a sample (the median,
    not a high quantile, so a small library whose sample holds the answer itself still has a typical record)."""
    if sample is None or not len(sample):
        return 0.0
    return float(np.quantile(sample @ query, LIBRARY_QUANTILE))
