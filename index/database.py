"""Opening library.db for reading or writing, wherever the folder lives.

A library is often read where it cannot be written: another user's folder, a read-only share, a backup
on a read-only mount. SQLite in WAL mode wants to create `library.db-shm` beside the file even to read,
so a plain read-only open fails there. When the folder cannot be written and no process has the
library open (a library closed cleanly has no -wal or -shm), the file is opened `immutable`: nothing
is created. Where its owner has it open, the -shm it keeps lets SQLite read it read-only, current. A write asked of such a folder is refused up front with L010, instead
of failing half-way with SQLite's "attempt to write a readonly database".
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from ..errors import LibraryError


def not_writable(folder: Path) -> Optional[str]:
    """Why nothing can be written in `folder` (and to its library.db), or None if it can."""
    for path in (folder, folder / "library.db", folder / "library.db-wal"):
        if path.exists() and not os.access(path, os.W_OK):
            try:
                if os.statvfs(path).f_flag & os.ST_RDONLY:
                    return "a read-only file system"
            except OSError:
                pass
            return f"no permission to write {path.name if path != folder else 'the folder'}"
    return None


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """A connection to `path`: read-only (immutable where the folder cannot be written), or for
    writing, refused with L010 where the folder or file is read-only."""
    folder = path.parent
    blocked = not_writable(folder)
    uri = "file:" + quote(os.fsencode(path.absolute()))
    if not readonly and blocked:
        raise LibraryError("L010", folder=str(folder), reason=blocked)
    if readonly:
        wal, shm = folder / "library.db-wal", folder / "library.db-shm"
        pending = wal.exists() and wal.stat().st_size > 0
        if blocked and pending and not shm.exists():
            raise LibraryError("L010", folder=str(folder), reason=f"{blocked}, and its write-ahead log was never "
                                                                  "folded in; open it once where it can be written")
        # A writer that has the library open keeps -shm beside it: read through it (SQLite reads a read-only
        # -shm and sees the writer's commits). With neither file, nothing is writing it: immutable.
        uri += "?mode=ro" + ("&immutable=1" if blocked and not pending and not shm.exists() else "")
    return sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False, isolation_level=None)
