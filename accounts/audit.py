"""The audit log: one row per act (time, user, action, detail), each chained to the one before it.

    hash(row) = sha256(prev + canonical(row)),  canonical = JSON [seq, time, user, action, detail]

`verify` walks the chain from the first row. It names the first row that was
- changed: its content no longer gives its hash, or the next row links to another hash (the row was
  rewritten and re-hashed, but its successor still remembers the original);
- removed: its number is missing (numbers are issued consecutively by AUTOINCREMENT and never
  reused), including rows at the very start;
- removed at the tail: the highest number SQLite ever issued (sqlite_sequence) is above the last row.
What it cannot see: someone who rewrites every row from the tampered one to the end with fresh hashes
*and* renumbers them or fixes sqlite_sequence, or who deletes the whole file. Against that, keep the
head that `zhenggai audit --verify` prints (number and hash) somewhere else; a later head must carry
the same row with the same hash (`--verify` reports it as the row's hash, so compare by eye or script).
Tamper-evident, not tamper-proof: whoever can write the file can still destroy it, not silently edit it.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

from .db import AccountsDB

GENESIS = "0" * 64


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def canonical_detail(detail: Optional[dict]) -> str:
    return json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def row_hash(prev: str, seq: int, time: str, user: str, action: str, detail: str) -> str:
    body = json.dumps([seq, time, user, action, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verdict:
    intact: bool
    rows: int
    head_seq: Optional[int]
    head_hash: Optional[str]
    bad_seq: Optional[int] = None
    problem: Optional[str] = None     # "changed" | "removed" | "tail removed"

    def message(self) -> str:
        if self.intact:
            head = f"; head #{self.head_seq} {self.head_hash}" if self.head_seq else ""
            return f"audit log intact: {self.rows} rows{head}"
        what = {"changed": f"row #{self.bad_seq} was changed",
                "removed": f"row #{self.bad_seq} was removed",
                "tail removed": f"rows from #{self.bad_seq} on were removed (the log was cut short)"}[self.problem]
        return f"audit log broken: {what}"

    def message_zh(self) -> str:
        if self.intact:
            return f"审计日志完整：共 {self.rows} 条" + (f"，末条 #{self.head_seq}" if self.head_seq else "")
        what = {"changed": f"第 #{self.bad_seq} 条被改动", "removed": f"第 #{self.bad_seq} 条被删除",
                "tail removed": f"自第 #{self.bad_seq} 条起的记录被删除（日志被截短）"}[self.problem]
        return f"审计日志已被篡改：{what}"


class AuditLog:
    def __init__(self, db: AccountsDB):
        self.db = db

    @property
    def writable(self) -> bool:
        return self.db.writable

    def record(self, user: str, action: str, detail: Optional[dict] = None) -> int:
        with self.db.writing() as conn:
            return self.append(conn, user, action, detail)

    def append(self, conn: sqlite3.Connection, user: str, action: str, detail: Optional[dict] = None) -> int:
        """One row, inside the caller's write transaction (so an account change and its row commit together)."""
        last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        issued = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        seq = max(last["seq"] if last else 0, issued[0] if issued else 0) + 1
        prev = last["hash"] if last else GENESIS
        time, text = now_iso(), canonical_detail(detail)
        conn.execute("INSERT INTO audit (seq, time, user, action, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (seq, time, user, action, text, prev, row_hash(prev, seq, time, user, action, text)))
        return seq

    def rows(self, user: Optional[str] = None, action: Optional[str] = None, since: Optional[datetime] = None,
             limit: Optional[int] = None) -> list[dict[str, Any]]:
        """Rows, newest last; `action` matches itself and its sub-actions (`user` → `user.add` …)."""
        where, args = [], []
        if user:
            where.append("user = ?")
            args.append(user)
        if action:
            where.append("(action = ? OR action LIKE ? ESCAPE '\\')")
            args += [action, action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%"]
        if since is not None:
            where.append("time >= ?")
            args.append(since.astimezone(timezone.utc).isoformat(timespec="microseconds"))
        sql = "SELECT seq, time, user, action, detail, hash FROM audit"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        if limit:
            sql = f"SELECT * FROM ({sql} DESC LIMIT {int(limit)}) ORDER BY seq"
        with self.db.reading() as conn:
            if conn is None:
                return []
            found = conn.execute(sql, args).fetchall()
        return [{"seq": r["seq"], "time": r["time"], "user": r["user"], "action": r["action"],
                 "detail": _loads(r["detail"]), "hash": r["hash"]} for r in found]

    def users(self) -> list[str]:
        with self.db.reading() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT user FROM audit ORDER BY user")] if conn else []

    def verify(self) -> Verdict:
        with self.db.reading() as conn:
            if conn is None:
                return Verdict(True, 0, None, None)
            rows = conn.execute("SELECT seq, time, user, action, detail, prev, hash FROM audit ORDER BY seq").fetchall()
            issued = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        prev, expected = GENESIS, 1
        for i, r in enumerate(rows):
            head = (rows[i - 1]["seq"], rows[i - 1]["hash"]) if i else (None, None)
            if r["seq"] != expected:
                return Verdict(False, len(rows), *head, bad_seq=expected, problem="removed")
            if row_hash(r["prev"], r["seq"], r["time"], r["user"], r["action"], r["detail"]) != r["hash"]:
                return Verdict(False, len(rows), *head, bad_seq=r["seq"], problem="changed")
            if r["prev"] != prev:  # the row before was rewritten with a fresh hash of its own
                return Verdict(False, len(rows), *head, bad_seq=max(r["seq"] - 1, 1), problem="changed")
            prev, expected = r["hash"], expected + 1
        if issued and issued[0] >= expected:
            last = (rows[-1]["seq"], rows[-1]["hash"]) if rows else (None, None)
            return Verdict(False, len(rows), *last, bad_seq=expected, problem="tail removed")
        return Verdict(True, len(rows), rows[-1]["seq"] if rows else None, prev if rows else None)


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:  # an edited row may hold anything; show it as it is
        return text
