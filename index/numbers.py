"""A notice's figures and targets as rows of library.db (the tables are in `store._SCHEMA`): what the
figure and target tables hold is written in this one place, beside the record store that calls it."""
from __future__ import annotations

import sqlite3
from typing import Optional

from ..nlp.records import Extraction, Quantity


def write_numbers(conn: sqlite3.Connection, notice_id: int, ids_by_key: dict[str, int], extraction: Extraction) -> None:
    """Every figure (linked to its record row) and every target of one notice."""
    conn.executemany(
        "INSERT INTO figures (notice_id, record_id, text, value, low, high, kind, unit, qualifier, role, metric, year, "
        "start, end, normalized, about) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(notice_id, ids_by_key.get(f.record or ""), f.text, f.value, f.low, f.high, f.kind, f.unit, f.qualifier,
          f.role, f.metric, f.year, f.start, f.end, f.normalized, f.about) for f in extraction.figures])
    conn.executemany(
        "INSERT INTO targets (notice_id, metric, target_value, target_unit, comparator, deadline_year, actual_value, "
        "actual_unit, text, baseline_value, baseline_unit) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(notice_id, t.metric, t.target.value, t.target.unit, t.target.comparator, t.deadline_year, *_pair(t.actual),
          t.text, *_pair(t.baseline)) for t in extraction.targets])


def _pair(q: Optional[Quantity]) -> tuple:
    return (q.value, q.unit) if q is not None else (None, None)
