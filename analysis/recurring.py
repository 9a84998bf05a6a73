"""Problems that come back (屡查屡犯): a finding of a later notice linked to the earlier finding of the same
issuer that it repeats, if any. Whether two findings state one problem is `problem_match`'s decision.

Incremental: a notice that comes in is compared with the stored findings of its issuer (by issuer key)
only — its findings against their earlier ones, and their later ones against it (a notice may arrive
after a newer one) — from signals stored per finding (`index.problems`), so ingest encodes only the new
findings and its cost does not grow with the library. `refresh(lib)` recomputes every link.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import numpy as np

from ..index.library import Library
from ..index.problems import ProblemSignals
from .problem_match import Problem, Thresholds, same_problem, word_cosine

MARGIN = 0.01  # a repeat stands this much closer than the other findings of its notice


@dataclass(frozen=True)
class Link:
    finding_id: int
    earlier_id: int
    similarity: int      # 0–100, the scale `similar` shows
    cosine: float
    words: float


class _Signals:
    """Each finding's problem, meaning vector and words: stored ones read, missing ones encoded (and
    stored when the library is open for writing)."""

    def __init__(self, lib: Library, rows: Sequence[dict], at: Thresholds):
        self.lib, self.store, self.at = lib, ProblemSignals(lib.store), at
        ids = [r["id"] for r in rows]
        measures = self.store.measures(ids)
        self.problems = {r["id"]: Problem(r["title"] or "", r["text"] or "", tuple(measures.get(r["id"], ())))
                         for r in rows}
        self.vectors: dict[int, np.ndarray] = {}
        self.words: dict[int, list[str]] = {}
        for i, (vector, words) in self.store.get(ids, lib.model_name).items():
            self.vectors[i], self.words[i] = vector, words
        missing = [i for i in ids if i not in self.vectors]
        if missing:
            encoded = lib.embedder.encode_queries([self.problems[i].meaning_text() for i in missing])
            for i, vector in zip(missing, encoded):
                self.vectors[i], self.words[i] = np.asarray(vector, dtype=np.float32), self.problems[i].words()
            if not lib.readonly:
                with lib.writing(), lib.store.transaction() as conn:
                    self.store.put(conn, lib.model_name, [(i, self.vectors[i], self.words[i]) for i in missing])

    def aspect_cosine(self, a: str, b: str) -> float:
        va, vb = self.lib.embedder.encode_queries([a, b])
        return float(va @ vb)

    def compare(self, later: int, earlier: int) -> Optional[tuple[float, float]]:
        """(meaning, words) where the two state one problem, else None."""
        meaning = float(self.vectors[later] @ self.vectors[earlier])
        words = word_cosine(self.words[later], self.words[earlier])
        if same_problem(self.problems[earlier], self.problems[later], meaning, words, self.aspect_cosine, self.at):
            return meaning, words
        return None


def _best(signals: _Signals, later: dict, candidates: Iterable[dict]) -> Optional[tuple[int, float, float]]:
    """The earlier finding `later` repeats, if one stands out: where another finding of the same earlier
    notice is about as close (within MARGIN), `later` does not clearly repeat either."""
    earlier = [e for e in candidates if e["date"] < later["date"]]
    closeness = {e["id"]: float(signals.vectors[later["id"]] @ signals.vectors[e["id"]]) for e in earlier}
    best, notice = None, None
    for e in sorted(earlier, key=lambda e: -closeness[e["id"]]):
        found = signals.compare(later["id"], e["id"])
        if found:
            best, notice = (e["id"], *found), e["notice_id"]
            break
    if best and any(e["notice_id"] == notice and e["id"] != best[0] and closeness[e["id"]] >= best[1] - MARGIN
                    for e in earlier):
        return None
    return best


def _link(lib: Library, later: int, best: tuple[int, float, float]) -> Link:
    return Link(later, best[0], lib.calibration.similarity(best[1]) or 0, round(best[1], 4), round(best[2], 4))


def thresholds(lib: Library) -> Optional[Thresholds]:
    """The library's model's recurrence thresholds; None for a model calibrated without them (then no
    links are drawn rather than guessed ones)."""
    c = lib.calibration
    if c.recurring_cosine is None or c.recurring_words is None:
        return None
    return Thresholds(c.recurring_cosine, c.recurring_words, c.recurring_aspect or c.recurring_cosine)


def find_links(lib: Library, issuer_keys: Optional[Iterable[str]] = None) -> list[Link]:
    """Every link among the findings of these issuers (all issuers when None), computed afresh."""
    store = ProblemSignals(lib.store)
    keys = list(issuer_keys) if issuer_keys is not None else sorted(
        {n["issuer_key"] for n in lib.notices() if n["issuer_key"]})
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in store.findings_of_issuers(keys):
        groups[row["issuer_key"]].append(row)
    groups = {k: v for k, v in groups.items() if len({f["date"] for f in v}) > 1}
    at = thresholds(lib)
    if not groups or at is None:
        return []
    signals = _Signals(lib, [f for group in groups.values() for f in group], at)
    links = []
    for group in groups.values():
        for later in group:
            best = _best(signals, later, group)
            if best:
                links.append(_link(lib, later["id"], best))
    return links


def links_for_new(lib: Library, notice_ids: Sequence[int]) -> list[Link]:
    """The links a newly stored notice brings: its findings' own, and those of its issuer's later
    findings that it now answers better than what they were linked to."""
    store = ProblemSignals(lib.store)
    new = store.findings_of_notices(notice_ids)
    at = thresholds(lib)
    if not new or at is None:
        return []
    new_ids = {f["id"] for f in new}
    group = store.findings_of_issuers(sorted({f["issuer_key"] for f in new}))
    signals = _Signals(lib, group, at)
    by_key: dict[str, list[dict]] = defaultdict(list)
    for f in group:
        by_key[f["issuer_key"]].append(f)
    current = store.links_of([f["id"] for f in group if f["id"] not in new_ids])
    links = []
    for f in group:
        same_issuer = by_key[f["issuer_key"]]
        if f["id"] in new_ids:
            best = _best(signals, f, same_issuer)
        else:
            best = _best(signals, f, [e for e in same_issuer if e["id"] in new_ids])
            now = current.get(f["id"])
            if best and now is not None and now in signals.vectors and \
                    float(signals.vectors[f["id"]] @ signals.vectors[now]) >= best[1]:
                best = None  # the link it has is as good
        if best:
            links.append(_link(lib, f["id"], best))
    return links


def refresh(lib: Library, issuer_keys: Optional[Iterable[str]] = None) -> list[Link]:
    """Recompute and store the links of these issuers (all when None)."""
    links = find_links(lib, issuer_keys)
    lib.set_links([(l.finding_id, l.earlier_id, l.similarity) for l in links], issuer_keys)
    return links


def refresh_new(lib: Library, notice_ids: Sequence[int]) -> list[Link]:
    """Store the links newly stored notices bring (ingest calls this: it touches only their issuers)."""
    links = links_for_new(lib, notice_ids)
    if links:
        with lib.writing(), lib.store.transaction() as conn:
            ProblemSignals(lib.store).upsert_links(conn, [(l.finding_id, l.earlier_id, l.similarity) for l in links])
    return links
