"""Reliability: a kill -9 during ingest, a damaged or missing vector file, readers during a write."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from zhenggai.api import ingest, open_library

from helpers import SAMPLES, sample_copies


def _consistent(folder):
    with open_library(folder) as lib:
        conn = lib.store.conn
        orphans = conn.execute("SELECT COUNT(*) FROM notices n WHERE NOT EXISTS "
                               "(SELECT 1 FROM records r WHERE r.notice_id = n.id)").fetchone()[0]
        count, _ = lib.store.vector_state()
        assert orphans == 0
        assert count == lib.counts()["records"]
        assert lib.backend.index.index.ntotal == count
        assert lib.search("农村公路养护", top=3)
        return len(lib.notices())


def test_kill_during_ingest_leaves_whole_notices_only(tmp_path):
    files = sample_copies(tmp_path / "in", 12)
    folder = tmp_path / "lib"
    proc = subprocess.Popen([sys.executable, "-m", "zhenggai.cli", "ingest", str(tmp_path / "in"), "--db", str(folder),
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ZHENGGAI_ENCODE_GROUP": "1"})  # one file per encode: a wide window
    deadline = time.time() + 240
    done = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{folder / 'library.db'}?mode=ro", uri=True) as conn:
                done = conn.execute("SELECT COUNT(*) FROM notices").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = _consistent(folder)
    assert 2 <= kept < len(files)
    with open_library(folder) as lib:  # the rest goes in on the next run; what was kept is unchanged
        statuses = [r.status for r in ingest(lib, [tmp_path / "in"])]
    assert statuses.count("unchanged") == kept and statuses.count("added") == len(files) - kept
    assert _consistent(folder) == len(files)


def test_damaged_or_missing_vector_file_is_rebuilt_from_sqlite(tmp_path):
    folder = tmp_path / "lib"
    with open_library(folder) as lib:
        ingest(lib, sample_copies(tmp_path / "in", 2))
    (folder / "vectors.faiss").write_bytes(b"garbage")
    assert _consistent(folder) == 2
    (folder / "vectors.faiss").unlink()
    assert _consistent(folder) == 2
    (folder / "vectors.json").write_text("{not json")
    assert _consistent(folder) == 2


def test_a_reader_searches_while_a_writer_ingests(tmp_path):
    folder = tmp_path / "lib"
    with open_library(folder) as lib:
        ingest(lib, sample_copies(tmp_path / "first", 1))
    writer = open_library(folder)
    reader = open_library(folder, readonly=True)
    try:
        with writer.store.transaction() as conn:  # a write in progress, not yet committed
            conn.execute("DELETE FROM records_fts")
            assert reader.search("农村公路养护", mode="lexical", top=3)
            conn.execute("ROLLBACK")
            conn.execute("BEGIN")
        assert reader.search("农村公路养护", mode="dense", top=3)  # the reader's vector index is loaded
        ingest(writer, [SAMPLES / "city-audit-2024.txt"])
        hits = reader.search("化整为零规避公开招标", mode="dense", top=1)  # and notices the new vectors
        assert hits and hits[0].finding_title == "政府采购程序不规范"
    finally:
        writer.close()
        reader.close()
