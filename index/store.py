"""The SQLite library: notices, their findings and measures (records), figures, targets, the FTS5
lexical index over jieba tokens, and each record's embedding.

SQLite is the source of truth. Vectors live here too, so the faiss file beside it is a cache that can
always be rebuilt without encoding again. Each notice is written in one transaction; WAL lets readers
search while a writer ingests.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import numpy as np

from ..nlp.records import Extraction
from .text import fts_query, index_tokens, query_terms

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
    title TEXT, date TEXT, year INTEGER, issuer TEXT, source TEXT, kind TEXT,
    inspection_start TEXT, inspection_end TEXT, feedback_date TEXT,
    text TEXT NOT NULL, extraction TEXT NOT NULL, added_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE INDEX IF NOT EXISTS notices_path ON notices(path);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('finding', 'measure')), key TEXT NOT NULL,
    finding_id INTEGER REFERENCES records(id) ON DELETE CASCADE,
    section INTEGER, number INTEGER, title TEXT, text TEXT NOT NULL, status TEXT,
    start INTEGER, end INTEGER);
CREATE INDEX IF NOT EXISTS records_notice ON records(notice_id);
CREATE INDEX IF NOT EXISTS records_finding ON records(finding_id);
CREATE TABLE IF NOT EXISTS vectors (
    record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    record_id INTEGER REFERENCES records(id) ON DELETE SET NULL,
    text TEXT, value REAL, low REAL, high REAL, kind TEXT, unit TEXT, qualifier TEXT, role TEXT,
    metric TEXT, year INTEGER, start INTEGER, end INTEGER, normalized TEXT);
CREATE INDEX IF NOT EXISTS figures_notice ON figures(notice_id);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    metric TEXT, target_value REAL, target_unit TEXT, comparator TEXT, deadline_year INTEGER,
    actual_value REAL, actual_unit TEXT, text TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(tokens, tokenize = 'unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS records_vocab USING fts5vocab(records_fts, 'row');
"""
# In a large library, a query word found in more than COMMON_SHARE of the records adds almost nothing
# to BM25 (its IDF is near zero) but makes FTS5 score tens of thousands of rows; such words are dropped
# when rarer ones remain. Small libraries keep every word.
PRUNE_FROM, COMMON_SHARE = 20_000, 0.05


@dataclass
class Filters:
    """What a search may return: record type, issuer (substring), kind, year range, status."""
    type: str = "any"
    issuer: Optional[str] = None
    kind: Optional[str] = None
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    status: Optional[str] = None
    exclude_notice: Optional[int] = None

    def sql(self) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if self.type in ("finding", "measure"):
            clauses.append("r.type = ?"); args.append(self.type)
        if self.issuer:
            clauses.append("n.issuer LIKE ?"); args.append(f"%{self.issuer}%")
        if self.kind:
            clauses.append("n.kind = ?"); args.append(self.kind)
        if self.year_from is not None:
            clauses.append("n.year >= ?"); args.append(self.year_from)
        if self.year_to is not None:
            clauses.append("n.year <= ?"); args.append(self.year_to)
        if self.status:
            clauses.append("r.status = ?"); args.append(self.status)
        if self.exclude_notice is not None:
            clauses.append("r.notice_id != ?"); args.append(self.exclude_notice)
        return (" AND ".join(clauses) or "1"), args

    @property
    def active(self) -> bool:
        return self.sql()[0] != "1"


@dataclass
class StoredRecord:
    """What is written for one finding or measure."""
    type: str
    key: str
    text: str
    embed_text: str
    title: str = ""
    section: Optional[int] = None
    number: Optional[int] = None
    status: str = "unknown"
    start: int = 0
    end: int = 0
    finding_key: Optional[str] = None
    children: list["StoredRecord"] = field(default_factory=list)


def embed_text(record_type: str, title: str, text: str) -> str:
    """What is encoded for a record: a finding with its title, a measure after its finding's title."""
    if record_type == "finding":
        return title if text == title else f"{title}\n{text}"
    return f"{title}：{text}"


def records_of(extraction: Extraction) -> list[StoredRecord]:
    """Findings and their measures as stored records, in document order. A measure is embedded with
    its finding's title, so it is found by the problem it answers as well as by its own words."""
    out = []
    for f in extraction.findings:
        out.append(StoredRecord("finding", f.id, f.text, embed_text("finding", f.title, f.text),
                                f.title, f.section, f.number, f.status, f.start, f.end))
        for m in f.measures:
            out.append(StoredRecord("measure", m.id, m.text, embed_text("measure", f.title, m.text), f.title,
                                    f.section, f.number,
                                    m.status, m.start, m.end, finding_key=f.id))
    return out


class Store:
    """One library.db. Every write method runs inside `transaction()`."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.executescript(_SCHEMA)
            if self.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 0:
                self.conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        version = self.conn.execute("SELECT version FROM schema_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"{path}: schema version {version}, this zhenggai reads {SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # --- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> Optional[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (key, value))

    def generation(self) -> int:
        """Bumped by every write, so another process's reader knows its vector index went stale."""
        return int(self.get_meta("generation") or 0)

    def bump_generation(self, conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) "
                     "DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # --- notices ------------------------------------------------------------------------------
    def notice_by_hash(self, sha256: str) -> Optional[sqlite3.Row]:
        return self.conn.execute("SELECT id, path FROM notices WHERE sha256 = ?", (sha256,)).fetchone()

    def notice_ids_by_path(self, path: str) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM notices WHERE path = ?", (path,))]

    def insert_notice(self, conn: sqlite3.Connection, path: str, name: str, sha256: str, extraction: Extraction,
                      records: Sequence[StoredRecord], vectors: np.ndarray) -> tuple[int, list[int]]:
        """Write one notice with everything derived from it; returns (notice id, record ids)."""
        n = extraction.notice
        year = int(n.date[:4]) if n.date else None
        cur = conn.execute(
            "INSERT INTO notices (path, name, sha256, title, date, year, issuer, source, kind, inspection_start, "
            "inspection_end, feedback_date, text, extraction) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (path, name, sha256, n.title, n.date, year, n.issuer, n.source, n.kind, n.inspection_start,
             n.inspection_end, n.feedback_date, extraction.text, json.dumps(extraction.to_dict(), ensure_ascii=False)))
        notice_id = cur.lastrowid
        ids_by_key: dict[str, int] = {}
        record_ids = []
        for rec, vec in zip(records, vectors):
            cur = conn.execute(
                "INSERT INTO records (notice_id, type, key, finding_id, section, number, title, text, status, "
                "start, end) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (notice_id, rec.type, rec.key, ids_by_key.get(rec.finding_key or ""), rec.section, rec.number,
                 rec.title, rec.text, rec.status, rec.start, rec.end))
            rid = cur.lastrowid
            ids_by_key[rec.key] = rid
            record_ids.append(rid)
            conn.execute("INSERT INTO records_fts(rowid, tokens) VALUES (?, ?)",
                         (rid, index_tokens(rec.title + "\n" + rec.text if rec.type == "finding" else rec.text)))
            conn.execute("INSERT INTO vectors(record_id, vector) VALUES (?, ?)",
                         (rid, np.asarray(vec, dtype=np.float32).tobytes()))
        for f in extraction.figures:
            conn.execute(
                "INSERT INTO figures (notice_id, record_id, text, value, low, high, kind, unit, qualifier, role, "
                "metric, year, start, end, normalized) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (notice_id, ids_by_key.get(f.record or ""), f.text, f.value, f.low, f.high, f.kind, f.unit,
                 f.qualifier, f.role, f.metric, f.year, f.start, f.end, f.normalized))
        for t in extraction.targets:
            conn.execute(
                "INSERT INTO targets (notice_id, metric, target_value, target_unit, comparator, deadline_year, "
                "actual_value, actual_unit, text) VALUES (?,?,?,?,?,?,?,?,?)",
                (notice_id, t.metric, t.target.value, t.target.unit, t.target.comparator, t.deadline_year,
                 t.actual.value if t.actual else None, t.actual.unit if t.actual else None, t.text))
        return notice_id, record_ids

    def delete_notice(self, conn: sqlite3.Connection, notice_id: int) -> list[int]:
        """Remove a notice and all that hangs off it; returns the record ids that went."""
        ids = [r[0] for r in conn.execute("SELECT id FROM records WHERE notice_id = ?", (notice_id,))]
        conn.executemany("DELETE FROM records_fts WHERE rowid = ?", [(i,) for i in ids])
        conn.execute("DELETE FROM notices WHERE id = ?", (notice_id,))
        return ids

    def notices(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT n.id, n.name, n.path, n.title, n.date, n.issuer, n.kind, "
            "(SELECT COUNT(*) FROM records r WHERE r.notice_id = n.id AND r.type = 'finding') AS findings, "
            "(SELECT COUNT(*) FROM records r WHERE r.notice_id = n.id AND r.type = 'measure') AS measures "
            "FROM notices n ORDER BY n.date DESC, n.id").fetchall()

    def findings(self) -> list[dict]:
        """Every finding with its notice title, newest notice first (for pickers)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT r.id, r.title, n.title AS notice_title FROM records r JOIN notices n ON n.id = r.notice_id "
            "WHERE r.type = 'finding' ORDER BY n.date DESC, r.id")]

    def extraction(self, notice_id: int) -> Optional[dict]:
        row = self.conn.execute("SELECT extraction, text FROM notices WHERE id = ?", (notice_id,)).fetchone()
        if row is None:
            return None
        data = json.loads(row["extraction"])
        data["text"] = row["text"]
        return data

    # --- records ------------------------------------------------------------------------------
    _RECORD_COLUMNS = ("r.id, r.type, r.key, r.text, r.title, r.status, r.section, r.number, r.start, r.end, "
                       "r.finding_id, r.notice_id, n.title AS notice_title, n.date, n.issuer, n.kind")

    def records(self, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
        out: dict[int, sqlite3.Row] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT {self._RECORD_COLUMNS} FROM records r JOIN notices n ON n.id = r.notice_id "
                    f"WHERE r.id IN ({marks})", chunk):
                out[row["id"]] = row
        return out

    def measures_of(self, finding_id: int) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT id, key, text, status FROM records WHERE finding_id = ? ORDER BY id",
                                 (finding_id,)).fetchall()

    def record_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def allowed_ids(self, filters: Filters) -> list[int]:
        where, args = filters.sql()
        return [r[0] for r in self.conn.execute(
            f"SELECT r.id FROM records r JOIN notices n ON n.id = r.notice_id WHERE {where}", args)]

    # --- lexical ------------------------------------------------------------------------------
    def lexical(self, query: str, limit: int, filters: Filters, selective_only: bool = False) -> list[tuple[int, float]]:
        """BM25 over the jieba tokens; (record id, score) best first, score higher is better.
        `selective_only`: in a large library, give no ranking when every word is common (hybrid search
        then leaves the order to the dense side rather than scoring a third of the library)."""
        terms = self._selective_terms(query_terms(query), selective_only)
        match = fts_query(terms)
        if not match:
            return []
        where, args = filters.sql()
        rows = self.conn.execute(
            f"SELECT f.rowid, bm25(records_fts) AS rank FROM records_fts f "
            f"JOIN records r ON r.id = f.rowid JOIN notices n ON n.id = r.notice_id "
            f"WHERE records_fts MATCH ? AND {where} ORDER BY rank LIMIT ?", [match, *args, limit]).fetchall()
        return [(r[0], -float(r[1])) for r in rows]

    def _selective_terms(self, terms: Sequence[str], selective_only: bool = False) -> Sequence[str]:
        size = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
        if size < PRUNE_FROM:
            return terms
        df = {t: (self.conn.execute("SELECT doc FROM records_vocab WHERE term = ?", (t,)).fetchone() or (0,))[0]
              for t in terms}
        rare = [t for t in terms if df[t] <= COMMON_SHARE * size]
        return rare or ([] if selective_only else sorted(terms, key=df.get)[:1])

    # --- vectors ------------------------------------------------------------------------------
    def iter_vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        last = 0
        while True:
            rows = self.conn.execute("SELECT record_id, vector FROM vectors WHERE record_id > ? ORDER BY record_id "
                                     "LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            vecs = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
            last = int(ids[-1])
            yield ids, vecs

    def vector(self, record_id: int) -> Optional[np.ndarray]:
        row = self.conn.execute("SELECT vector FROM vectors WHERE record_id = ?", (record_id,)).fetchone()
        return np.frombuffer(row[0], dtype=np.float32) if row else None

    def vector_state(self) -> tuple[int, int]:
        """(count, largest id) of stored vectors: what the faiss manifest must agree with."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(record_id), 0) FROM vectors").fetchone()
        return int(row[0]), int(row[1])

    def replace_vectors(self, conn: sqlite3.Connection, ids: Sequence[int], vectors: np.ndarray) -> None:
        conn.executemany("UPDATE vectors SET vector = ? WHERE record_id = ?",
                         [(np.asarray(v, dtype=np.float32).tobytes(), int(i)) for i, v in zip(ids, vectors)])

    def embed_texts(self) -> Iterator[tuple[int, str]]:
        """Every record's embedding text, as `records_of` made it."""
        for row in self.conn.execute("SELECT id, type, title, text FROM records ORDER BY id"):
            yield row["id"], embed_text(row["type"], row["title"], row["text"])

    # --- figures ------------------------------------------------------------------------------
    def figures(self, kind: Optional[str] = None) -> list[dict]:
        sql = ("SELECT n.title AS notice, n.issuer, n.date AS notice_date, r.key AS record, "
               "COALESCE(fr.title, r.title) AS finding, f.metric, f.year, f.value, f.low, f.high, f.unit, f.kind, "
               "f.qualifier, f.role, f.text, f.normalized, f.notice_id, f.start, f.end "
               "FROM figures f JOIN notices n ON n.id = f.notice_id LEFT JOIN records r ON r.id = f.record_id "
               "LEFT JOIN records fr ON fr.id = r.finding_id")
        args: list[Any] = []
        if kind:
            sql += " WHERE f.kind = ?"
            args.append(kind)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY n.date, f.notice_id, f.start", args)]

    def targets(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT n.title AS notice, n.issuer, t.metric, t.deadline_year, t.comparator, t.target_value, "
            "t.target_unit, t.actual_value, t.actual_unit, t.text FROM targets t JOIN notices n ON n.id = t.notice_id "
            "ORDER BY n.date, t.id")]


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
