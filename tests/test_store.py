"""The library round trip: what goes in comes back; re-ingest is idempotent; a changed file replaces."""
from __future__ import annotations

import shutil

import pytest

from zhenggai.api import ingest, open_library

from helpers import SAMPLES


def test_round_trip_of_a_notice(backend_library):
    notices = {n["name"]: n for n in backend_library.notices()}
    audit = notices["city-audit-2024.txt"]
    assert (audit["findings"], audit["measures"], audit["kind"]) == (5, 9, "审计")
    back = backend_library.document(audit["id"])
    assert back.findings[0].title == "部分预算未细化到具体项目"
    assert back.text.startswith("【虚构示例】")
    money = [f for f in backend_library.figures("money") if f["notice"] == back.notice.title]
    assert any(f["value"] == 23_456_000 for f in money)
    assert backend_library.targets()


def test_reingest_same_content_changes_nothing_and_changed_file_replaces(tmp_path):
    work = tmp_path / "notices"
    work.mkdir()
    path = work / "n.txt"
    shutil.copy(SAMPLES / "soe-xuncha-oneline-2024.txt", path)
    with open_library(tmp_path / "lib") as lib:
        assert [r.status for r in ingest(lib, [path])] == ["added"]
        before = lib.counts()["records"]
        assert [r.status for r in ingest(lib, [path])] == ["unchanged"]
        assert lib.counts()["records"] == before
        path.write_text(path.read_text(encoding="utf-8").replace("5.违规借调企业人员。", "5.违规借调企业人员问题。"),
                        encoding="utf-8")
        assert [r.status for r in ingest(lib, [path])] == ["replaced"]
        assert len(lib.notices()) == 1 and lib.counts()["records"] == before
        assert lib.backend.index.index.ntotal == before
        hits = lib.search("违规借调企业人员问题", mode="lexical", top=1)
        assert "违规借调企业人员问题" in hits[0].finding_title


def test_bad_files_are_skipped_and_the_rest_kept(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "blob.txt").write_bytes(bytes(range(256)) * 10)
    shutil.copy(SAMPLES / "city-audit-2024.txt", tmp_path / "in" / "audit.txt")
    with open_library(tmp_path / "lib") as lib:
        results = {r.path.split("/")[-1]: r for r in ingest(lib, [tmp_path / "in"])}
        assert results["audit.txt"].status == "added"
        assert results["empty.txt"].status == "skipped" and "empty" in results["empty.txt"].reason
        assert results["blob.txt"].status == "skipped" and "binary" in results["blob.txt"].reason


V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notices (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
    title TEXT, date TEXT, year INTEGER, issuer TEXT, source TEXT, kind TEXT,
    inspection_start TEXT, inspection_end TEXT, feedback_date TEXT,
    text TEXT NOT NULL, extraction TEXT NOT NULL, added_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE records (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('finding', 'measure')), key TEXT NOT NULL,
    finding_id INTEGER REFERENCES records(id) ON DELETE CASCADE,
    section INTEGER, number INTEGER, title TEXT, text TEXT NOT NULL, status TEXT,
    start INTEGER, end INTEGER);
INSERT INTO schema_version VALUES (1);
INSERT INTO notices (path, name, sha256, title, text, extraction) VALUES ('a', 'a.txt', 'x', '旧通报', '正文', '{}');
"""


def test_a_library_of_the_first_schema_is_upgraded_on_its_first_write(tmp_path):
    import sqlite3

    from zhenggai.api import LibraryError, Settings

    folder = tmp_path / "old"
    folder.mkdir()
    with sqlite3.connect(folder / "library.db") as conn:
        conn.executescript(V1_SCHEMA)
    with pytest.raises(LibraryError, match="upgrade"):
        open_library(folder, Settings(), readonly=True)
    with open_library(folder, Settings()) as lib:
        assert [n["title"] for n in lib.notices()] == ["旧通报"]
        assert lib.store.conn.execute("SELECT version FROM schema_version").fetchone()[0] == 3
        assert tuple(lib.store.conn.execute("SELECT fingerprint, issuer_key, summary FROM notices").fetchone()) == (None,) * 3
