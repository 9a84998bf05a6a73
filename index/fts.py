"""The lexical index of the local backend: SQLite FTS5 over each record's jieba tokens, BM25-ranked.

The FTS5 table lives in library.db and is filled in the same transaction as the records (the store
writes each record's tokens there, so it can never fall behind them, and they are what a Milvus copy is
loaded from). Querying it — BM25 ranking and the vocabulary's document frequencies — is search, and
belongs to the backends, not to the store.
"""
from __future__ import annotations

from typing import Sequence

from .text import fts_query
from .types import Filters


class Fts5Index:
    def __init__(self, store):
        self.store = store

    @property
    def conn(self):
        return self.store.conn

    def search(self, terms: Sequence[str], limit: int, filters: Filters) -> list[tuple[int, float]]:
        """BM25 over the jieba tokens; (record id, score) best first, higher is better."""
        match = fts_query(terms)
        if not match:
            return []
        where, args = filters.sql()
        rows = self.conn.execute(
            f"SELECT f.rowid, bm25(records_fts) AS rank FROM records_fts f "
            f"JOIN records r ON r.id = f.rowid JOIN notices n ON n.id = r.notice_id "
            f"WHERE records_fts MATCH ? AND {where} ORDER BY rank LIMIT ?", [match, *args, limit]).fetchall()
        return [(r[0], -float(r[1])) for r in rows]

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """How many records hold each word (FTS5's own vocabulary table)."""
        return {t: (self.conn.execute("SELECT doc FROM records_vocab WHERE term = ?", (t,)).fetchone() or (0,))[0]
                for t in terms}

    def size(self) -> int:
        """The number of records indexed."""
        return int(self.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0])
