"""Search, one pipeline for every mode and backend.

    query ─ parse ─┬─ literal parts (document number, "quoted phrase") → records that hold them, first
                   └─ words → backend (lexical | dense | hybrid) → candidate records, in its order
    candidates → one result per finding (its best-matching measure inside) or, `flat`, one per record
              → relevance, judged in rank order until `top` results pass the floor → hits

Ranking is the backend's (BM25, cosine, or their reciprocal-rank fusion reranked by the share of the
query's words a record holds and its cosine); relevance (`relevance.py`, with the model's calibration)
says how sure we are, on one scale for every mode, and decides what is shown at all. A model without a
calibration ranks only. Every hit says where it comes from (`source`, `page`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator, Optional, Sequence

import numpy as np

from ..errors import LibraryError
from ..nlp.lexicon import STOP_WORDS
from .lookup import Lookup
from .query import Query, lexical_terms, parse
from .relevance import (Candidate, QuerySignals, clauses, core, features, nearest, query_signals, query_words,
                        typical)
from .text import words as precise_words
from .types import Filters, Hit, MeasureHit

if TYPE_CHECKING:
    from .library import Library

MODES = ("hybrid", "lexical", "dense")
LITERAL_LIMIT = 500  # records a literal match may bring to the top


def search(lib: "Library", text: str, mode: str = "hybrid", top: int = 10, filters: Optional[Filters] = None,
           floor: bool = True, flat: bool = False) -> list[Hit]:
    run = _Run(lib, text, mode, top, filters or Filters(), flat)
    bar = lib.calibration.floor if floor and lib.calibration.calibrated else None
    return [unit.hit(lib, run.q.terms) for unit in run.judged(bar)]


def explain(lib: "Library", text: str, mode: str = "hybrid", top: int = 10, flat: bool = False
            ) -> list[tuple[Hit, Optional[list[float]]]]:
    """The first `top` results, each with the relevance features it was judged on (for calibration)."""
    run = _Run(lib, text, mode, top, Filters(), flat)
    return [(unit.hit(lib, run.q.terms), unit.x) for unit in run.judged(None)]


class _Record:
    """One candidate record: its row, cosines and backend score."""
    __slots__ = ("id", "row", "cosine", "core_cosine", "score")

    def __init__(self, rid, row, cosine, core_cosine, score):
        self.id, self.row, self.cosine, self.core_cosine, self.score = rid, row, cosine, core_cosine, score


class _Unit:
    """What one result line shows: a finding with its records found, or one record (flat)."""

    def __init__(self, finding_row, members: list[_Record], exact: bool, flat: bool):
        self.finding_row, self.members, self.exact, self.flat = finding_row, members, exact, flat
        self.best = max(members, key=lambda r: r.score)
        self.relevance: Optional[int] = None
        self.x: Optional[list[float]] = None

    def hit(self, lib: "Library", terms: Sequence[str]) -> Hit:
        row = self.best.row if self.flat else self.finding_row
        hit = make_hits(lib, [(row["id"], self.best.score)], terms, {row["id"]: row})[0]
        hit.relevance = 100 if self.exact else self.relevance
        hit.exact = self.exact
        if not self.flat and self.best.id != row["id"]:
            hit.match = next((m for m in hit.measures if m.id == self.best.id), None)
        return hit


class _Run:
    """One search: the candidates in rank order, and relevance judged as the results are taken."""

    def __init__(self, lib: "Library", text: str, mode: str, top: int, filters: Filters, flat: bool):
        if mode not in MODES:
            raise LibraryError("L015", mode=mode, choices=", ".join(MODES))
        self.lib, self.top = lib, top
        self.flat = flat or filters.type != "any"  # asked for findings or for measures: each record answers
        self.q = q = parse(text)
        self.vector = _lazy_vector(lib, q.rest or text)
        literal = _literal(lib, q, filters)
        self.signals: Optional[QuerySignals] = None
        self.core_vector: Optional[np.ndarray] = None
        ranked: list[tuple[int, float]] = []
        if q.terms:
            s = lib.settings.search
            df = lib.backend.document_frequency(q.terms)
            size = lib.backend.size()
            words = lexical_terms(q.terms, df, size, s.prune_from, s.common_share, selective_only=mode == "hybrid")
            ranked = lib.backend.search(mode, words, self.vector, max(s.candidates, top), filters)
            if (ranked or literal) and lib.calibration.calibrated:
                self._signals(df, size)
        ids = list(dict.fromkeys([*literal, *(i for i, _ in ranked)]))
        self.rows = lib.store.records(ids) if ids else {}
        self.query = self.vector() if ids and (self.signals is not None or mode != "lexical") else None
        records = self._records(ids, ranked, hybrid=mode == "hybrid")
        self.units = self._units(records, set(literal))

    def _signals(self, df: dict, size: int) -> None:
        """The query's side of the relevance features, and the vector of its core."""
        lib, q, calibration = self.lib, self.q, self.lib.calibration
        v = self.vector()
        words, idf = query_words(q.terms, df, size, calibration.vocabulary)
        topic = core(precise_words(q.rest), idf, STOP_WORDS)
        same = not topic or topic == "".join(q.rest.split())
        self.core_vector = v if same else lib.embedder.encode_queries([topic])[0]
        sample = lib.sample()
        self.signals = query_signals(words, idf, nearest(v, lib.topics("background.txt")),
                                     nearest(v, lib.topics("generic.txt")), typical(v, sample),
                                     typical(self.core_vector, sample))

    def _records(self, ids: Sequence[int], ranked: Sequence[tuple[int, float]], hybrid: bool) -> list[_Record]:
        """The candidates in the backend's order (literal ones it did not rank after them). Hybrid
        results are reranked by the share of the query's words they hold and their cosine, which the
        fused ranks alone do not see."""
        s = self.lib.settings.search
        vectors = self.lib.store.vectors(ids) if self.query is not None else {}
        score = dict(ranked)
        words = [t for t in self.q.terms if len(t) >= 2]
        out = []
        for n, rid in enumerate(ids):
            row = self.rows.get(rid)
            if row is None:
                continue  # the search copy ran ahead of or behind SQLite; SQLite wins
            cos = float(vectors[rid] @ self.query) if rid in vectors else 0.0
            core_cos = float(vectors[rid] @ self.core_vector) if rid in vectors and self.core_vector is not None \
                else cos
            record = _Record(rid, row, cos, core_cos, score.get(rid, -1.0 - n / 1e6))
            if hybrid and rid in score:
                text = (row["title"] or "") + "\n" + row["text"]
                share = sum(w in text for w in words) / len(words) if words else 0.0
                record.score += s.coverage_weight * share + s.cosine_weight * cos
            out.append(record)
        return out

    def _units(self, records: list[_Record], literal: set[int]) -> list[_Unit]:
        if self.flat:
            units = [_Unit(r.row, [r], r.id in literal, True) for r in records]
        else:
            groups: dict[int, list[_Record]] = {}
            for r in records:
                groups.setdefault(r.row["finding_id"] or r.id, []).append(r)
            missing = [i for i in groups if i not in self.rows]
            self.rows.update(self.lib.store.records(missing))
            units = [_Unit(self.rows[fid], members, any(r.id in literal for r in members), False)
                     for fid, members in groups.items() if fid in self.rows]
        units.sort(key=lambda u: (not u.exact, -u.best.score))
        return units

    def judged(self, bar: Optional[int]) -> Iterator[_Unit]:
        """The results in rank order, each judged; with a `bar`, those under it are passed over."""
        taken = 0
        for unit in self.units:
            if taken >= self.top:
                return
            if self.signals is not None:
                self._judge(unit)
            if bar is not None and not unit.exact and unit.relevance is not None and unit.relevance < bar:
                continue
            taken += 1
            yield unit

    def _judge(self, unit: _Unit) -> None:
        """Relevance of a result: a finding is judged with all its measures (its best cosines among
        them, and its clauses), whichever of its records the backend returned."""
        lib, calibration = self.lib, self.lib.calibration
        if unit.flat:
            row = unit.best.row
            ids, title, text, measures = [row["id"]], row["title"] or "", row["text"], ()
        else:
            row = unit.finding_row
            group = lib.store.measures_of([row["id"]])[row["id"]]
            ids = [row["id"]] + [m["id"] for m in group]
            title, text, measures = row["title"] or "", row["text"], tuple(m["text"] for m in group)
        known = {r.id: r for r in unit.members}
        vectors = lib.store.vectors([i for i in ids if i not in known])
        cos = max([known[i].cosine for i in known] + [float(v @ self.query) for v in vectors.values()])
        core_cos = max([known[i].core_cosine for i in known] + [float(v @ self.core_vector) for v in vectors.values()])
        pieces = clauses("\n".join([title, text, *measures]))
        clause_cos = float((lib.clause_vectors(pieces) @ self.query).max()) if pieces else cos
        unit.x = features(self.signals, Candidate(cos, core_cos, title, text, measures, clause_cos),
                          calibration.avg_chars)
        unit.relevance = calibration.relevance.relevance(unit.x)


# --- pieces ------------------------------------------------------------------------------------------
def _lazy_vector(lib: "Library", text: str) -> Callable[[], np.ndarray]:
    encoded: list[np.ndarray] = []

    def vector() -> np.ndarray:
        if not encoded:
            encoded.append(lib.embedder.encode_queries([text])[0])
        return encoded[0]
    return vector


def _literal(lib: "Library", q: Query, filters: Filters) -> list[int]:
    """Records holding every quoted phrase, in the notices with every document number given."""
    if not q.literal:
        return []
    lookup, notices = Lookup(lib.store), None
    for number in q.doc_numbers:
        found = set(lookup.notices_by_doc_number(number.prefix, number.year, number.number))
        notices = found if notices is None else notices & found
    if notices is not None and not notices:
        return []
    return lookup.records_containing(q.phrases, sorted(notices) if notices is not None else None, filters,
                                     LITERAL_LIMIT)


# --- hits --------------------------------------------------------------------------------------------
def source_of(row) -> str:
    """Where a record comes from, for a reader: the notice title, else its issuer and date, else the file."""
    title = (row["notice_title"] or "").strip()
    if title:
        return title
    by = " ".join(p for p in ((row["issuer"] or "").strip(), row["date"] or "") if p)
    return by or row["notice_name"] or ""


def make_hits(lib: "Library", ranked: Sequence[tuple[int, float]], terms: Sequence[str] = (),
              rows: Optional[dict] = None) -> list[Hit]:
    rows = rows if rows is not None else lib.store.records([i for i, _ in ranked])
    finding_ids = {rows[i]["finding_id"] or i for i, _ in ranked if i in rows}
    measures = lib.store.measures_of(finding_ids)
    earlier = lib.store.earlier_of(finding_ids)
    hits = []
    for rid, score in ranked:
        row = rows.get(rid)
        if row is None:
            continue
        fid = row["finding_id"] or rid
        hits.append(Hit(
            id=rid, type=row["type"], key=row["key"], text=row["text"], score=round(float(score), 6),
            finding_id=fid, finding_title=row["title"] or "", notice_id=row["notice_id"],
            notice_title=row["notice_title"] or "", date=row["date"], issuer=row["issuer"], kind=row["kind"],
            status=row["status"], start=row["start"] or 0, end=row["end"] or 0, terms=tuple(terms),
            theme=row["theme"], recurring=earlier.get(fid), source=source_of(row), page=row["page"],
            measures=[MeasureHit(m["id"], m["key"], m["text"], m["status"]) for m in measures.get(fid, [])]))
    return hits
