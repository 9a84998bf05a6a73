"""Literal lookups over the library: a document number, a phrase in quotes, the copies of a notice.

What a user writes exactly is matched exactly, in SQLite whatever the search backend (these are scans
of the notices or records table: cheap for the notices, and bounded for the records by a limit).
"""
from __future__ import annotations

from typing import Optional, Sequence

from .types import Filters, like_escape


class Lookup:
    def __init__(self, store):
        self.store = store

    @property
    def conn(self):
        return self.store.conn

    def notices_by_doc_number(self, prefix: str, year: str, number: str) -> list[int]:
        """Notices with this document number, in the field or anywhere in their text, whatever brackets
        the writer used (`松卫党〔2025〕9号`, `松卫党[2025]9号`): LIKE's `_` stands for the bracket."""
        pattern = f"%{like_escape(prefix)}_{year}_{number}号%"
        loose = f"%{like_escape(prefix)}_{year}_第{number}号%"
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM notices WHERE doc_number LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\' "
            "OR text LIKE ? ESCAPE '\\' ORDER BY id", (pattern, pattern, loose))]

    def records_containing(self, phrases: Sequence[str], notice_ids: Optional[Sequence[int]], filters: Filters,
                           limit: int) -> list[int]:
        """Records whose finding title or own text holds every phrase literally (in document order),
        within `notice_ids` when given."""
        where, args = filters.sql()
        clauses = [where]
        for phrase in phrases:
            clauses.append("instr(COALESCE(r.title, '') || char(10) || r.text, ?) > 0")
            args.append(phrase)
        if notice_ids is not None:
            clauses.append(f"r.notice_id IN ({','.join('?' * len(notice_ids))})")
            args.extend(notice_ids)
        return [r[0] for r in self.conn.execute(
            f"SELECT r.id FROM records r JOIN notices n ON n.id = r.notice_id WHERE {' AND '.join(clauses)} "
            f"ORDER BY r.notice_id, r.id LIMIT ?", [*args, limit])]

    def copies_of(self, notice_id: int) -> list[int]:
        """The notice and any other stored copy of it (another file with the same document number, or
        the same title and date: a web page and its PDF)."""
        row = self.conn.execute("SELECT doc_number, title, date FROM notices WHERE id = ?", (notice_id,)).fetchone()
        if row is None:
            return [notice_id]
        return sorted({notice_id, *(r[0] for r in self.conn.execute(
            "SELECT id FROM notices WHERE (doc_number IS NOT NULL AND doc_number = ?) "
            "OR (title IS NOT NULL AND title != '' AND title = ? AND date IS ? )",
            (row["doc_number"], row["title"], row["date"])))})
