"""What recurring-problem links are computed from, kept in library.db beside the records: for each
finding, the vector of its problem (as `analysis.problem_match` encodes it) and its words, so a new
notice is compared with the stored findings of its issuer without encoding any of them again.

The table lives in the same file as the records (rows go with their finding: ON DELETE CASCADE) and is
made on first write, so a library opened read-only before any write simply has none yet. A vector
remembers the model that made it; vectors of another model are not read back.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable, Optional, Sequence

import numpy as np

from .store import SqliteStore, _chunks

_TABLE = ("CREATE TABLE IF NOT EXISTS problem_signals (finding_id INTEGER PRIMARY KEY REFERENCES records(id) "
          "ON DELETE CASCADE, model TEXT NOT NULL, vector BLOB NOT NULL, words TEXT NOT NULL)")
_FINDING = ("SELECT r.id, r.title, r.text, r.notice_id, n.date, n.issuer_key FROM records r "
            "JOIN notices n ON n.id = r.notice_id WHERE r.type = 'finding' AND n.date IS NOT NULL "
            "AND n.issuer_key IS NOT NULL")


class ProblemSignals:
    """Stored problem vectors and words, and the finding rows recurring links are drawn between."""

    def __init__(self, store: SqliteStore):
        self.store = store

    def _has_table(self) -> bool:
        return self.store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                       "'problem_signals'").fetchone() is not None

    def get(self, finding_ids: Sequence[int], model: str) -> dict[int, tuple[np.ndarray, list[str]]]:
        """(vector, words) of those findings stored for `model`."""
        if not finding_ids or not self._has_table():
            return {}
        out = {}
        for chunk in _chunks(list(finding_ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.store.conn.execute(f"SELECT finding_id, vector, words FROM problem_signals WHERE "
                                               f"model = ? AND finding_id IN ({marks})", [model, *chunk]):
                out[row[0]] = (np.frombuffer(row[1], dtype=np.float32), row[2].split())
        return out

    def put(self, conn: sqlite3.Connection, model: str, rows: Iterable[tuple[int, np.ndarray, list[str]]]) -> None:
        conn.execute(_TABLE)
        conn.executemany("INSERT OR REPLACE INTO problem_signals (finding_id, model, vector, words) VALUES (?,?,?,?)",
                         [(int(i), model, np.asarray(v, dtype=np.float32).tobytes(), " ".join(w)) for i, v, w in rows])

    def findings_of_notices(self, notice_ids: Sequence[int]) -> list[dict]:
        """The dated findings of these notices (with an issuer), each with its notice's date and issuer key."""
        return self._rows("r.notice_id", notice_ids)

    def findings_of_issuers(self, keys: Sequence[str]) -> list[dict]:
        """The dated findings of every notice of these issuers: what a new finding is compared with."""
        return self._rows("n.issuer_key", keys)

    def _rows(self, column: str, values: Sequence) -> list[dict]:
        out = []
        for chunk in _chunks(list(values), 500):
            marks = ",".join("?" * len(chunk))
            out += [dict(r) for r in self.store.conn.execute(f"{_FINDING} AND {column} IN ({marks}) ORDER BY r.id",
                                                             chunk)]
        return out

    def measures(self, finding_ids: Sequence[int]) -> dict[int, list[str]]:
        return {i: [m["text"] for m in rows] for i, rows in self.store.measures_of(finding_ids).items()}

    def links_of(self, finding_ids: Sequence[int]) -> dict[int, int]:
        """finding → the earlier finding it is linked to now."""
        return self.store.earlier_of(finding_ids)

    def upsert_links(self, conn: sqlite3.Connection, links: Sequence[tuple[int, int, int]],
                     unlinked: Optional[Sequence[int]] = None) -> None:
        """Set these links (finding, earlier, similarity); drop the links of `unlinked` findings."""
        conn.executemany("DELETE FROM recurring WHERE finding_id = ?", [(int(i),) for i in unlinked or ()])
        conn.executemany("INSERT OR REPLACE INTO recurring (finding_id, earlier_id, similarity) VALUES (?,?,?)",
                         [(int(a), int(b), int(s)) for a, b, s in links])


_VECTORS = ("CREATE TABLE IF NOT EXISTS problem_vectors (finding_id INTEGER PRIMARY KEY REFERENCES records(id) "
            "ON DELETE CASCADE, model TEXT NOT NULL, vector BLOB NOT NULL)")


class ProblemVectors:
    """Each finding's problem passage encoded (`Library.problem_vectors`: what 相似措施 and the common-problem
    groups compare), kept so a page's first visit reads vectors instead of loading the model and encoding
    every finding. Written at ingest; vectors of another model are not read back."""

    def __init__(self, store: SqliteStore):
        self.store = store

    def get(self, finding_ids: Sequence[int], model: str) -> dict[int, np.ndarray]:
        exists = self.store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                         "'problem_vectors'").fetchone()
        if not finding_ids or exists is None:
            return {}
        out = {}
        for chunk in _chunks(list(finding_ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.store.conn.execute(f"SELECT finding_id, vector FROM problem_vectors WHERE model = ? "
                                               f"AND finding_id IN ({marks})", [model, *chunk]):
                out[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return out

    def put(self, conn: sqlite3.Connection, model: str, rows: Iterable[tuple[int, np.ndarray]]) -> None:
        conn.execute(_VECTORS)
        conn.executemany("INSERT OR REPLACE INTO problem_vectors (finding_id, model, vector) VALUES (?,?,?)",
                         [(int(i), model, np.asarray(v, dtype=np.float32).tobytes()) for i, v in rows])
