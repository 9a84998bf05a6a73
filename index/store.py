"""The SQLite record store: notices, their findings and measures (records), figures, targets, each
record's jieba tokens (kept in an FTS5 table, which the local backend searches: `fts.py`) and embedding.

SQLite is the source of truth. Vectors live here too, so any search copy (the faiss file, a Milvus
collection) can be rebuilt without encoding again. Each notice is written in one transaction; WAL lets
readers search while a writer ingests. The extraction JSON is kept as the archive of record: the
records rows are derived from it in one place (`records.records_of`) and never edited apart from it.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

import numpy as np

from ..errors import LibraryError
from ..nlp.issuer import issuer_key
from ..nlp.records import Extraction
from .database import connect
from .numbers import write_numbers
from .records import passage, records_of
from .seams import SearchRow
from .text import index_tokens
from .types import Filters, like_escape

SCHEMA_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
    title TEXT, date TEXT, year INTEGER, issuer TEXT, source TEXT, kind TEXT,
    inspection_start TEXT, inspection_end TEXT, feedback_date TEXT,
    text TEXT NOT NULL, extraction TEXT NOT NULL, added_at TEXT DEFAULT CURRENT_TIMESTAMP,
    fingerprint TEXT, issuer_key TEXT, summary TEXT, doc_number TEXT, read_by TEXT, ocr_confidence REAL);
CREATE INDEX IF NOT EXISTS notices_path ON notices(path);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('finding', 'measure')), key TEXT NOT NULL,
    finding_id INTEGER REFERENCES records(id) ON DELETE CASCADE,
    section INTEGER, number INTEGER, title TEXT, text TEXT NOT NULL, status TEXT,
    start INTEGER, end INTEGER, theme TEXT, theme2 TEXT, theme_confidence REAL,
    responsible TEXT, deadline TEXT, page INTEGER);
CREATE INDEX IF NOT EXISTS records_notice ON records(notice_id);
CREATE INDEX IF NOT EXISTS records_finding ON records(finding_id);
CREATE TABLE IF NOT EXISTS vectors (
    record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    record_id INTEGER REFERENCES records(id) ON DELETE SET NULL,
    text TEXT, value REAL, low REAL, high REAL, kind TEXT, unit TEXT, qualifier TEXT, role TEXT,
    metric TEXT, year INTEGER, start INTEGER, end INTEGER, normalized TEXT, about TEXT);
CREATE INDEX IF NOT EXISTS figures_notice ON figures(notice_id);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    metric TEXT, target_value REAL, target_unit TEXT, comparator TEXT, deadline_year INTEGER,
    actual_value REAL, actual_unit TEXT, text TEXT, baseline_value REAL, baseline_unit TEXT);
CREATE TABLE IF NOT EXISTS recurring (
    finding_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    earlier_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE, similarity INTEGER);
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(tokens, tokenize = 'unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS records_vocab USING fts5vocab(records_fts, 'row');
"""
_MIGRATE_1_TO_2 = """
ALTER TABLE notices ADD COLUMN fingerprint TEXT;
ALTER TABLE notices ADD COLUMN issuer_key TEXT;
ALTER TABLE notices ADD COLUMN summary TEXT;
ALTER TABLE records ADD COLUMN theme TEXT;
ALTER TABLE records ADD COLUMN theme2 TEXT;
ALTER TABLE records ADD COLUMN theme_confidence REAL;
UPDATE schema_version SET version = 2;
"""
_MIGRATE_2_TO_3 = """
ALTER TABLE notices ADD COLUMN doc_number TEXT;
ALTER TABLE notices ADD COLUMN read_by TEXT;
ALTER TABLE notices ADD COLUMN ocr_confidence REAL;
ALTER TABLE records ADD COLUMN responsible TEXT;
ALTER TABLE records ADD COLUMN deadline TEXT;
ALTER TABLE records ADD COLUMN page INTEGER;
UPDATE schema_version SET version = 3;
"""
_MIGRATIONS = {1: _MIGRATE_1_TO_2, 2: _MIGRATE_2_TO_3}  # version → the script that lifts it by one
_LATE_COLUMNS = (("figures", "about TEXT"), ("targets", "baseline_value REAL"), ("targets", "baseline_unit TEXT"))


class SqliteStore:
    """One library.db. Every write method takes the connection of an open `transaction()`."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path, self.readonly = path, readonly
        folder = path.parent
        if readonly and not path.exists():
            raise LibraryError("L001", folder=str(folder))
        self.conn = connect(path, readonly)
        self.conn.row_factory = sqlite3.Row
        try:
            self._open(folder)
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", "no such table" …
            self.conn.close()
            raise LibraryError("L002", folder=str(folder), detail=str(exc)) from None
        except BaseException:
            self.conn.close()
            raise

    def _open(self, folder: Path) -> None:
        self.conn.execute("PRAGMA foreign_keys = ON")
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            # A new library has no file, or an empty one; a file with pages but no tables, or a folder
            # whose vector file says records were stored, lost its content (a missing or cut WAL).
            had_content = (self.path.stat().st_size > 4096 if self.path.exists() else False) or \
                (folder / "vectors.json").exists()
            if self.readonly or had_content:
                raise LibraryError("L002", folder=str(folder), detail="library.db holds no tables")
        if self.readonly:
            version = self.conn.execute("SELECT version FROM schema_version").fetchone()
            if version is None or version[0] != SCHEMA_VERSION:
                self._check_version(folder, version[0] if version else None)
            return
        self.conn.execute("PRAGMA journal_mode = WAL")
        with self.transaction() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] < SCHEMA_VERSION and row[0] in _MIGRATIONS:
                for version in range(row[0], SCHEMA_VERSION):
                    for statement in _MIGRATIONS[version].split(";"):
                        if statement.strip():
                            conn.execute(statement)
            elif row[0] != SCHEMA_VERSION:
                self._check_version(folder, row[0])
            for table, column in _LATE_COLUMNS:  # added to schema 3 after it shipped: an early 3 lacks them
                if column.split()[0] not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")

    def _check_version(self, folder: Path, version: Optional[int]) -> None:
        if version is None:
            raise LibraryError("L002", folder=str(folder), detail="no schema version")
        if version > SCHEMA_VERSION:
            raise LibraryError("L007", folder=str(folder), version=version, supported=SCHEMA_VERSION)
        if version < SCHEMA_VERSION:  # an older library opened read-only: a write would migrate it
            raise LibraryError("L011", folder=str(folder), version=version, supported=SCHEMA_VERSION)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; a full disk rolls back and says so (the library stays as it was)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _disk_full(exc, self.path.parent) or exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise _disk_full(exc, self.path.parent) or exc
            raise

    # --- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> Optional[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (key, value))

    def generation(self) -> int:
        """Bumped by every write, so a search copy (and another process's reader) knows it went stale."""
        return int(self.get_meta("generation") or 0)

    def bump_generation(self, conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) "
                     "DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # --- notices ------------------------------------------------------------------------------
    def notice_by_hash(self, sha256: str) -> Optional[sqlite3.Row]:
        return self.conn.execute("SELECT id, path FROM notices WHERE sha256 = ?", (sha256,)).fetchone()

    def notice_by_fingerprint(self, fingerprint: str) -> Optional[sqlite3.Row]:
        return self.conn.execute("SELECT id, path FROM notices WHERE fingerprint = ?", (fingerprint,)).fetchone()

    def notice_ids_by_issuer(self, part: str) -> list[int]:
        """Notices whose issuer contains `part`, taken literally (LIKE's wildcards escaped), or that are
        that office however written (the issuer key)."""
        sql = "SELECT id FROM notices WHERE issuer LIKE ? ESCAPE '\\' OR issuer_key = ?"
        return [r[0] for r in self.conn.execute(sql, (f"%{like_escape(part)}%", issuer_key(part)))]

    def notice_ids_by_key(self, key: str) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM notices WHERE path = ?", (key,))]

    def insert_notice(self, conn: sqlite3.Connection, key: str, name: str, sha256: str, fingerprint: Optional[str],
                      extraction: Extraction, vectors: np.ndarray) -> tuple[int, list[SearchRow]]:
        """Write one notice with everything derived from it; returns its id and its records' search rows."""
        n = extraction.notice
        issuer = issuer_key(n.issuer, extraction.text)
        year = int(n.date[:4]) if n.date else None
        cur = conn.execute(
            "INSERT INTO notices (path, name, sha256, fingerprint, issuer_key, summary, title, date, year, issuer, source, "
            "kind, inspection_start, inspection_end, feedback_date, text, extraction, doc_number, read_by, "
            "ocr_confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, name, sha256, fingerprint, issuer, json.dumps(asdict(n.summary), ensure_ascii=False), n.title,
             n.date, year, n.issuer, n.source, n.kind,
             n.inspection_start, n.inspection_end, n.feedback_date, extraction.text,
             json.dumps(extraction.to_dict(), ensure_ascii=False), n.doc_number, n.read_by, n.ocr_confidence))
        notice_id = cur.lastrowid
        ids_by_key: dict[str, int] = {}
        rows: list[SearchRow] = []
        for rec, vec in zip(records_of(extraction), vectors):
            f = rec.finding
            status = rec.measure.status if rec.measure else f.status
            cur = conn.execute(
                "INSERT INTO records (notice_id, type, key, finding_id, section, number, title, text, status, "
                "start, end, theme, theme2, theme_confidence, responsible, deadline, page) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (notice_id, rec.type, rec.key, ids_by_key.get(f.id) if rec.measure else None, f.section, f.number,
                 f.title, rec.text, status, (rec.measure or f).start, (rec.measure or f).end,
                 f.theme, f.secondary, f.confidence, f.responsible, f.deadline, f.page))
            rid = cur.lastrowid
            ids_by_key[rec.key] = rid
            tokens = index_tokens(rec.index_text)
            vector = np.asarray(vec, dtype=np.float32)
            conn.execute("INSERT INTO records_fts(rowid, tokens) VALUES (?, ?)", (rid, tokens))
            conn.execute("INSERT INTO vectors(record_id, vector) VALUES (?, ?)", (rid, vector.tobytes()))
            rows.append(SearchRow(rid, rec.type, notice_id, n.issuer or "", n.kind, year, status, f.theme,
                                  tokens, vector))
        write_numbers(conn, notice_id, ids_by_key, extraction)
        return notice_id, rows

    def delete_notice(self, conn: sqlite3.Connection, notice_id: int) -> list[int]:
        """Remove a notice and all that hangs off it; returns the record ids that went."""
        ids = [r[0] for r in conn.execute("SELECT id FROM records WHERE notice_id = ?", (notice_id,))]
        conn.executemany("DELETE FROM records_fts WHERE rowid = ?", [(i,) for i in ids])
        conn.execute("DELETE FROM notices WHERE id = ?", (notice_id,))
        return ids

    def notices(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT n.id, n.name, n.path, n.title, n.date, n.year, n.issuer, n.issuer_key, n.kind, n.summary, "
            "(SELECT COUNT(*) FROM records r WHERE r.notice_id = n.id AND r.type = 'finding') AS findings, "
            "(SELECT COUNT(*) FROM records r WHERE r.notice_id = n.id AND r.type = 'measure') AS measures "
            "FROM notices n ORDER BY n.date DESC, n.id")]

    def findings(self) -> list[dict]:
        """Every finding with its notice, newest notice first (for pickers and analysis)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT r.id, r.key, r.title, r.text, r.status, r.theme, r.theme2, r.theme_confidence, r.notice_id, "
            "n.title AS notice_title, n.date, n.year, n.issuer, n.issuer_key, n.kind "
            "FROM records r JOIN notices n ON n.id = r.notice_id WHERE r.type = 'finding' ORDER BY n.date DESC, r.id")]

    def extraction(self, notice_id: int) -> Optional[dict]:
        row = self.conn.execute("SELECT extraction, text FROM notices WHERE id = ?", (notice_id,)).fetchone()
        if row is None:
            return None
        data = json.loads(row["extraction"])
        data["text"] = row["text"]
        return data

    def counts(self) -> dict[str, int]:
        row = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM notices), (SELECT COUNT(*) FROM records WHERE type = 'finding'), "
            "(SELECT COUNT(*) FROM records WHERE type = 'measure')").fetchone()
        return {"notices": row[0], "findings": row[1], "measures": row[2], "records": row[1] + row[2]}

    # --- records ------------------------------------------------------------------------------
    _RECORD_COLUMNS = ("r.id, r.type, r.key, r.text, r.title, r.status, r.section, r.number, r.start, r.end, "
                       "r.finding_id, r.notice_id, r.theme, r.page, n.title AS notice_title, n.date, n.issuer, n.kind, "
                       "n.name AS notice_name, n.doc_number")

    def records(self, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
        out: dict[int, sqlite3.Row] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT {self._RECORD_COLUMNS} FROM records r JOIN notices n ON n.id = r.notice_id "
                    f"WHERE r.id IN ({marks})", chunk):
                out[row["id"]] = row
        return out

    def measures_of(self, finding_ids: Iterable[int]) -> dict[int, list[sqlite3.Row]]:
        out: dict[int, list[sqlite3.Row]] = {i: [] for i in finding_ids}
        for chunk in _chunks(list(out), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT id, key, text, status, finding_id FROM records "
                                         f"WHERE finding_id IN ({marks}) ORDER BY id", chunk):
                out[row["finding_id"]].append(row)
        return out

    def allowed_ids(self, filters: Filters) -> list[int]:
        where, args = filters.sql()
        return [r[0] for r in self.conn.execute(
            f"SELECT r.id FROM records r JOIN notices n ON n.id = r.notice_id WHERE {where}", args)]

    def search_rows(self, after_id: int = 0, batch: int = 5000) -> Iterator[list[SearchRow]]:
        """Every record as a search copy needs it (tokens, vector, filter fields), in id order."""
        while True:
            rows = self.conn.execute(
                "SELECT r.id, r.type, r.notice_id, n.issuer, n.kind, n.year, r.status, r.theme, f.tokens, v.vector "
                "FROM records r JOIN notices n ON n.id = r.notice_id JOIN records_fts f ON f.rowid = r.id "
                "JOIN vectors v ON v.record_id = r.id WHERE r.id > ? ORDER BY r.id LIMIT ?", (after_id, batch)).fetchall()
            if not rows:
                return
            yield [SearchRow(r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7], r[8],
                             np.frombuffer(r[9], dtype=np.float32)) for r in rows]
            after_id = rows[-1][0]

    # --- recurring problems -------------------------------------------------------------------
    def replace_links(self, conn: sqlite3.Connection, links: Sequence[tuple[int, int, int]],
                      issuer_keys: Optional[Iterable[str]] = None) -> None:
        """The links of these issuers' findings (all when None) become `links` (finding, earlier, similarity)."""
        if issuer_keys is None:
            conn.execute("DELETE FROM recurring")
        else:
            for key in issuer_keys:
                conn.execute("DELETE FROM recurring WHERE finding_id IN (SELECT r.id FROM records r JOIN notices n "
                             "ON n.id = r.notice_id WHERE n.issuer_key = ?)", (key,))
        conn.executemany("INSERT OR REPLACE INTO recurring (finding_id, earlier_id, similarity) VALUES (?,?,?)", links)

    def links(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT k.similarity, r.id, r.key, r.title, r.notice_id, n.title AS notice_title, n.issuer, n.date, "
            "e.id AS e_id, e.key AS e_key, e.title AS e_title, e.notice_id AS e_notice_id, "
            "en.title AS e_notice_title, en.issuer AS e_issuer, en.date AS e_date "
            "FROM recurring k JOIN records r ON r.id = k.finding_id JOIN notices n ON n.id = r.notice_id "
            "JOIN records e ON e.id = k.earlier_id JOIN notices en ON en.id = e.notice_id ORDER BY n.date DESC, r.id")]

    def recurring_in(self, notice_id: int) -> dict[str, dict]:
        """For a notice's findings that repeat an earlier one: finding key → the earlier finding."""
        return {r["key"]: dict(r) for r in self.conn.execute(
            "SELECT r.key, k.similarity, e.title, e.notice_id, n.title AS notice_title, n.date FROM recurring k "
            "JOIN records r ON r.id = k.finding_id JOIN records e ON e.id = k.earlier_id "
            "JOIN notices n ON n.id = e.notice_id WHERE r.notice_id = ?", (notice_id,))}

    def earlier_of(self, finding_ids: Iterable[int]) -> dict[int, int]:
        out = {}
        for chunk in _chunks(list(finding_ids), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT finding_id, earlier_id FROM recurring WHERE finding_id IN ({marks})",
                                         chunk).fetchall())
        return out

    def size(self) -> int:
        """An upper bound on the record count that costs nothing (the largest id)."""
        return self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]

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

    def vectors(self, ids: Iterable[int]) -> dict[int, np.ndarray]:
        out = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT record_id, vector FROM vectors WHERE record_id IN ({marks})", chunk):
                out[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return out

    def sample_vectors(self, size: int) -> np.ndarray:
        """About `size` stored vectors spread over the library, the same ones on every call (chosen by
        a hash of the record id): a library's typical record, for relevance to measure against."""
        total = self.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        if not total:
            return np.zeros((0, 0), dtype=np.float32)
        ids = [r[0] for r in self.conn.execute("SELECT id FROM records WHERE (id * 2654435761) % 1000003 < ?",
                                               (max(1, round(1000003 * min(1.0, size / total))),))]
        found = self.vectors(ids)
        return np.vstack(list(found.values())) if found else np.zeros((0, 0), dtype=np.float32)

    def vector_state(self) -> tuple[int, int]:
        """(count, largest id) of stored vectors: what a search copy must agree with."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(record_id), 0) FROM vectors").fetchone()
        return int(row[0]), int(row[1])

    def replace_vectors(self, conn: sqlite3.Connection, ids: Sequence[int], vectors: np.ndarray) -> None:
        conn.executemany("UPDATE vectors SET vector = ? WHERE record_id = ?",
                         [(np.asarray(v, dtype=np.float32).tobytes(), int(i)) for i, v in zip(ids, vectors)])

    def passages(self) -> Iterator[tuple[int, str]]:
        """Every record's embedding text, by the rule ingest used (`records.passage`)."""
        for row in self.conn.execute("SELECT id, type, title, text FROM records ORDER BY id"):
            yield row["id"], passage(row["type"], row["title"], row["text"])

    # --- figures ------------------------------------------------------------------------------
    def figures(self, kind: Optional[str] = None) -> list[dict]:
        sql = ("SELECT n.title AS notice, n.issuer, n.date AS notice_date, r.key AS record, "
               "COALESCE(fr.title, r.title) AS finding, COALESCE(fr.theme, r.theme) AS theme, f.metric, f.year, "
               "f.value, f.low, f.high, f.unit, f.kind, f.qualifier, f.role, f.about, f.text, f.normalized, f.notice_id, "
               "f.record_id, COALESCE(r.finding_id, r.id) AS finding_id, f.start, f.end "
               "FROM figures f JOIN notices n ON n.id = f.notice_id LEFT JOIN records r ON r.id = f.record_id "
               "LEFT JOIN records fr ON fr.id = r.finding_id")
        args: list[Any] = []
        if kind:
            sql += " WHERE f.kind = ?"
            args.append(kind)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY n.date, f.notice_id, f.start", args)]

    def targets(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT n.title AS notice, n.issuer, t.notice_id, t.metric, t.deadline_year, t.comparator, t.target_value, "
            "t.target_unit, t.actual_value, t.actual_unit, t.baseline_value, t.baseline_unit, t.text "
            "FROM targets t JOIN notices n ON n.id = t.notice_id ORDER BY n.date, t.id")]


def _disk_full(exc: sqlite3.OperationalError, folder: Path) -> Optional[LibraryError]:
    if "full" in str(exc).lower() or getattr(exc, "sqlite_errorcode", None) == 13:  # SQLITE_FULL
        return LibraryError("L005", folder=str(folder))
    return None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
