"""accounts.db: the accounts, sessions and audit log of one library, in their own SQLite file.

Kept apart from library.db so each has its own schema version and neither migration touches the
other. Each operation opens its own short connection (the app serves sessions from several threads,
and the command line may write at the same time); writers take SQLite's write lock up front
(`BEGIN IMMEDIATE`) so two audit rows can never be chained to the same predecessor. The rollback
journal, not WAL, so a library on a network share still works.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import AccountError

FILE = "accounts.db"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL, hash TEXT NOT NULL, created TEXT NOT NULL,
    last_login TEXT, failures INTEGER NOT NULL DEFAULT 0, locked_until REAL);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,            -- sha256 of the token: the token itself is never stored
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created REAL NOT NULL, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: a number once issued is never issued again
    time TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,
    prev TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_user ON audit(user);
CREATE INDEX IF NOT EXISTS audit_action ON audit(action);
"""


class AccountsDB:
    """The file and its connections; `writable` says whether this process may write it."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / FILE
        self.writable = _writable(self.folder, self.path)
        self._ready = False

    def exists(self) -> bool:
        return self.path.exists()

    @property
    def blocked(self) -> bool:
        """accounts.db is there but cannot be written, though its folder could be: someone made the log
        read-only. Acting unlogged then would make that a way round the log, so writers refuse."""
        return not self.writable and self.exists() and os.access(self.folder, os.W_OK | os.X_OK)

    def _connect(self, write: bool) -> sqlite3.Connection:
        if write:
            if not self.writable:
                raise AccountError("A009", folder=str(self.folder))
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        else:
            conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _prepare(self) -> None:
        """Create the schema once per process; refuse a file from a newer zhenggai."""
        if self._ready:
            return
        conn = self._connect(write=True)
        try:
            self._check_version(conn)
            conn.executescript(SCHEMA)  # CREATE … IF NOT EXISTS: two processes may both run it
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('library_id', ?)", (secrets.token_hex(16),))
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise AccountError("A017", folder=str(self.folder), detail=str(exc)) from None
        finally:
            conn.close()
        self._ready = True

    def _check_version(self, conn: sqlite3.Connection) -> None:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
            return
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            raise AccountError("A010", folder=str(self.folder), version=row[0], supported=SCHEMA_VERSION)

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the file's write lock from its start."""
        self._prepare()
        conn = self._connect(write=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """A connection to read from, or None where there is no accounts.db yet (nothing to read)."""
        if not self.exists():
            yield None
            return
        if self.writable:
            self._prepare()
        conn = self._connect(write=False)
        try:
            self._check_version(conn)
            yield conn
        except sqlite3.DatabaseError as exc:
            raise AccountError("A017", folder=str(self.folder), detail=str(exc)) from None
        finally:
            conn.close()


def _writable(folder: Path, path: Path) -> bool:
    """Whether accounts.db can be written here: the file (if any) and the folder (for its journal)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:  # a folder still to be created: its first parent
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)
