"""Libraries on read-only shares, failed moves, taking a notice out, and rows that must not break a page
or a terminal for everyone: each ends in the right result or one coded line, the library intact."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zhenggai.api import LibraryError, Settings, ingest, notice_totals, open_library, terminal_json, terminal_text

from helpers import ROOT, SAMPLES

CMD = [sys.executable, "-m", "zhenggai.cli"]
COUNTY = (SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8")


def run(*args, env=None, cmd=CMD):
    return subprocess.run(cmd + [os.fsencode(a) if isinstance(a, (bytes, Path)) else a for a in args],
                          capture_output=True, encoding="utf-8", timeout=600, env={**os.environ, **(env or {})})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A library of three samples (two of one issuer), built once; tests that change it take a copy."""
    folder = tmp_path_factory.mktemp("built") / "lib"
    with open_library(folder, Settings()) as lib:
        results = ingest(lib, [SAMPLES / "county-xuncha-2024.txt", SAMPLES / "county-xuncha-2025-round2.txt",
                               SAMPLES / "city-audit-2024.txt"])
    assert [r.status for r in results] == ["added"] * 3
    return folder


@pytest.fixture()
def lib_copy(built, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(built, folder, ignore=shutil.ignore_patterns("*.lock"))
    return folder


# --- read-only folders ----------------------------------------------------------------------------

def _read_only_run(folder: Path, *args, cmd=CMD, env=None):
    """The command line where `folder` cannot be written: for an ordinary user, the folder made read-only;
    for root (whom permissions do not stop), a read-only bind mount in a private mount namespace."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            return run(*args, cmd=cmd, env=env)
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
    if not shutil.which("unshare") or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("root without mount namespaces: no way to make a folder read-only for root")
    script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
    return run(*args, cmd=["unshare", "-m", "sh", "-c", script, "sh", str(folder), *cmd], env=env)


def test_a_healthy_library_in_a_read_only_folder_is_searched_and_refuses_writes(lib_copy, tmp_path):
    before = sorted(p.name for p in lib_copy.iterdir())
    r = _read_only_run(lib_copy, "search", "农村公路养护", "--db", lib_copy, "--json")
    assert r.returncode == 0, r.stderr
    assert "农村公路养护" in json.loads(r.stdout)[0]["finding_title"] and "damaged" not in r.stderr
    info = _read_only_run(lib_copy, "info", "--db", lib_copy, "--json")
    assert info.returncode == 0 and json.loads(info.stdout)["notices"] == 3
    (tmp_path / "new.txt").write_text((SAMPLES / "university-xunshi-2023.txt").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    for args in (("ingest", tmp_path / "new.txt"), ("remove", "1"), ("reindex",)):
        w = _read_only_run(lib_copy, *args, "--db", lib_copy)
        assert w.returncode == 1 and "read-only here" in w.stderr and "Traceback" not in w.stderr, (args, w.stderr)
    assert sorted(p.name for p in lib_copy.iterdir()) == before
    with open_library(lib_copy, Settings()) as lib:
        assert lib.counts()["notices"] == 3


def test_a_read_only_reader_sees_what_the_owner_is_writing(lib_copy):
    with open_library(lib_copy, Settings()) as owner:  # the owner's process keeps the library open
        owner.store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # its new notice stays in the log
        assert ingest(owner, [SAMPLES / "university-xunshi-2023.txt"])[0].status == "added"
        assert (lib_copy / "library.db-wal").stat().st_size > 0
        r = _read_only_run(lib_copy, "info", "--db", lib_copy, "--json")
        assert r.returncode == 0 and json.loads(r.stdout)["notices"] == 4, r.stderr


APP_SCRIPT = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=180).run()
at.text_input(key="query").input("农村公路养护").run()
found = "农村公路养护" in "\\n".join(m.value for m in at.markdown)
at.switch_page("ui/document.py").run()
no_remove = not [b for b in at.button if b.key == "remove_notice"]
at.switch_page("ui/importer.py").run()
print(found, no_remove, any("只读" in w.value for w in at.warning), not at.exception)
"""


def test_the_app_serves_a_library_in_a_read_only_folder(lib_copy):
    r = _read_only_run(lib_copy, "-c", APP_SCRIPT, str(ROOT / "app.py"), cmd=[sys.executable],
                       env={"ZHENGGAI_DB": str(lib_copy)})
    assert r.returncode == 0 and r.stdout.split() == ["True"] * 4, r.stderr[-2000:]


def test_an_older_library_opened_read_only_says_how_to_upgrade(lib_copy):
    with sqlite3.connect(lib_copy / "library.db") as conn:
        conn.execute("UPDATE schema_version SET version = 2")
    with pytest.raises(LibraryError) as caught:
        open_library(lib_copy, Settings(), readonly=True)
    assert caught.value.code == "L011" and "zhenggai reindex --db" in str(caught.value)


# --- moving the search copy -----------------------------------------------------------------------

def test_a_move_to_a_dead_milvus_uri_leaves_the_library_as_it_was(lib_copy):
    pytest.importorskip("pymilvus")
    files = {p.name: p.read_bytes() for p in lib_copy.iterdir() if p.name != "library.db"}
    r = run("reindex", "--db", lib_copy, "--backend", "milvus", "--milvus-uri", f"http://127.0.0.1:{free_port()}")
    assert r.returncode == 1 and "cannot be reached" in r.stderr and "Traceback" not in r.stderr
    info = run("info", "--db", lib_copy, "--json")
    assert info.returncode == 0 and json.loads(info.stdout)["backend"] == "local", info.stderr
    search = run("search", "政府采购", "--db", lib_copy, "--json")
    assert search.returncode == 0 and json.loads(search.stdout)
    with open_library(lib_copy, Settings(), readonly=True) as lib:
        assert lib.store.get_meta("backend") == "local" and "milvus" not in (lib.store.get_meta("backend_options") or "")
    assert {p.name: p.read_bytes() for p in lib_copy.iterdir() if p.name in files} == files


# --- taking one notice out ------------------------------------------------------------------------

def _consistent(folder: Path) -> dict:
    with open_library(folder, Settings()) as lib:
        conn = lib.store.conn
        counts = lib.counts()
        for orphans in ("figures WHERE notice_id NOT IN (SELECT id FROM notices)",
                        "targets WHERE notice_id NOT IN (SELECT id FROM notices)",
                        "records WHERE notice_id NOT IN (SELECT id FROM notices)",
                        "vectors WHERE record_id NOT IN (SELECT id FROM records)",
                        "records_fts WHERE rowid NOT IN (SELECT id FROM records)",
                        "recurring WHERE earlier_id NOT IN (SELECT id FROM records)"):
            assert conn.execute(f"SELECT COUNT(*) FROM {orphans}").fetchone()[0] == 0, orphans
        assert conn.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0] == counts["records"]
        assert lib.backend.index.index.ntotal == counts["records"] == lib.store.vector_state()[0]
        return counts


def test_remove_by_id_or_by_file_takes_the_notice_out_of_everything(lib_copy):
    with open_library(lib_copy, Settings(), readonly=True) as lib:
        notices = {n["name"]: n for n in lib.notices()}
        before = lib.counts()
    audit = notices["city-audit-2024.txt"]
    r = run("remove", str(audit["id"]), "--db", lib_copy)
    assert r.returncode == 0 and f"removed notice {audit['id']}" in r.stdout, r.stderr
    after = _consistent(lib_copy)
    assert after["notices"] == 2 and after["records"] == before["records"] - audit["findings"] - audit["measures"]
    hits = json.loads(run("search", "政府采购程序不规范", "--db", lib_copy, "--json", "--all").stdout)
    assert all(h["notice_id"] != audit["id"] for h in hits)
    by_file = run("remove", SAMPLES / "county-xuncha-2024.txt", "--db", lib_copy)
    assert by_file.returncode == 0 and "removed notice" in by_file.stdout
    assert _consistent(lib_copy)["notices"] == 1
    again = run("remove", str(audit["id"]), "--db", lib_copy)
    assert again.returncode == 2 and "no notice" in again.stderr and "Traceback" not in again.stderr


def test_a_notice_copied_elsewhere_is_found_by_its_content(lib_copy, tmp_path):
    copy = tmp_path / "elsewhere.txt"
    shutil.copy(SAMPLES / "city-audit-2024.txt", copy)
    r = run("remove", copy, "--db", lib_copy)
    assert r.returncode == 0 and "临川市审计局" in r.stdout, r.stderr


def test_a_remove_whose_search_copy_fails_is_repaired_on_the_next_open(lib_copy, monkeypatch):
    from zhenggai.api import remove_notice
    from zhenggai.index.local import LocalBackend

    def crash(self, ids):
        raise OSError("the process died here")

    monkeypatch.setattr(LocalBackend, "remove", crash)
    with open_library(lib_copy, Settings()) as lib:
        first = lib.notices()[0]
        lib.search("整改", top=1)  # the faiss copy is loaded, then cannot follow
        remove_notice(lib, first["id"])
        assert all(h.notice_id != first["id"] for h in lib.search("整改", top=50, floor=False))
    monkeypatch.undo()
    assert _consistent(lib_copy)["notices"] == 2


def test_remove_refreshes_recurring_links(lib_copy):
    with open_library(lib_copy, Settings()) as lib:
        from zhenggai.api import remove_notice

        earlier = {n["name"]: n["id"] for n in lib.notices()}["county-xuncha-2024.txt"]
        assert [link for link in lib.links() if link["e_notice_id"] == earlier], "the county's two rounds share problems"
        remove_notice(lib, earlier)
        assert not [link for link in lib.links() if link["e_notice_id"] == earlier]
    _consistent(lib_copy)


def test_the_app_removes_a_notice_from_its_view(lib_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ZHENGGAI_DB", str(lib_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.switch_page("ui/document.py").run()
    chosen = at.selectbox(key="doc_notice").value
    assert at.button(key="remove_notice").disabled
    at.checkbox(key="remove_sure").check().run()
    at.button(key="remove_notice").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已删除" in s.value for s in at.success)
    assert chosen not in at.selectbox(key="doc_notice").options and len(at.selectbox(key="doc_notice").options) == 2
    assert _consistent(lib_copy)["notices"] == 2


# --- one row must not break a page, an export or a terminal ----------------------------------------

CONTROL_TITLE = "关于\x01巡察\x0b整改\x1bc进展\x9b情况的通报"


def test_control_characters_are_stripped_at_ingest_and_in_every_export(tmp_path):
    import openpyxl

    path = tmp_path / "control.txt"
    path.write_text(COUNTY.replace("关于县委第三轮巡察整改进展情况的通报", CONTROL_TITLE), encoding="utf-8")
    folder = tmp_path / "lib"
    assert run("ingest", path, "--db", folder, "--quiet").returncode == 0
    with open_library(folder, Settings()) as lib:
        (title,) = [n["title"] for n in lib.notices()]
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in title) and "巡察" in title
        with lib.store.transaction() as conn:  # a row stored before ingest stripped them
            conn.execute("UPDATE notices SET title = ?", (CONTROL_TITLE,))
    r = run("figures", "--db", folder, "--xlsx", tmp_path / "f.xlsx")
    assert r.returncode == 0, r.stderr
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").worksheets[0]
    assert sheet["A2"].value.replace(" ", "") == "关于巡察整改c进展情况的通报"
    assert run("figures", path, "--csv", tmp_path / "f.csv").returncode == 0


def test_a_damaged_row_marks_its_notice_and_leaves_the_pages_working(lib_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    with open_library(lib_copy, Settings()) as lib:
        ids = sorted(n["id"] for n in lib.notices())
        with lib.store.transaction() as conn:
            conn.execute("UPDATE notices SET extraction = '{\"notice\": {\"title\": ' WHERE id = ?", (ids[0],))
            conn.execute("UPDATE notices SET summary = 'not json' WHERE id = ?", (ids[1],))
        with pytest.raises(LibraryError) as caught:
            lib.document(ids[0])
        assert caught.value.code == "L012" and f"zhenggai remove {ids[0]}" in str(caught.value)
        assert lib.document(ids[1]) is not None
        rows = {r["notice_id"]: r for r in notice_totals(lib)}
        assert rows[ids[1]]["damaged"] and rows[ids[1]]["problems_total"] is None
        assert not rows[ids[0]]["damaged"] and not rows[ids[2]]["damaged"]
    monkeypatch.setenv("ZHENGGAI_DB", str(lib_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.switch_page("ui/analysis.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"通报 {ids[1]}" in w.value and "zhenggai remove" in w.value for w in at.warning)
    at.switch_page("ui/document.py").run()
    at.selectbox(key="doc_notice").set_value(ids[0]).run()
    assert not at.exception and any("已损坏" in e.value and "zhenggai remove" in e.value for e in at.error)
    at.selectbox(key="doc_notice").set_value(ids[2]).run()
    assert not at.exception and not at.error and at.markdown


def test_every_verb_writes_through_the_terminal_safe_writer(lib_copy, tmp_path):
    hostile = "整改\x1bc\x1b#8\x9b31m\u202e\ud800"
    assert terminal_text(hostile + "\n") == "整改\\x1bc\\x1b#8\\x9b31m\\u202e\\ud800\n"
    assert json.loads(terminal_json({"t": hostile})) == {"t": hostile}
    stored = hostile[:-1]  # SQLite holds no lone surrogate
    with open_library(lib_copy, Settings()) as lib, lib.store.transaction() as conn:  # rows as an old ingest kept them
        conn.execute("UPDATE notices SET title = ?, issuer = ?", ("标题" + stored, "单位\x9b2J"))
        conn.execute("UPDATE records SET title = ? WHERE type = 'finding'", ("农村公路养护" + stored,))
    path = tmp_path / "bidi.txt"
    path.write_text(COUNTY.replace("农村公路养护责任", "农村公路\u202e养护责任"), encoding="utf-8")
    runs = [run("search", "农村公路养护", "--db", lib_copy), run("search", "农村公路养护", "--db", lib_copy, "--json"),
            run("recurring", "--db", lib_copy), run("recurring", "--db", lib_copy, "--json"),
            run("figures", "--db", lib_copy), run("extract", path), run("extract", path, "--json"),
            run("info", "--db", lib_copy), run("similar", "1", "--db", lib_copy)]
    for r in runs:
        assert r.returncode == 0, (r.args, r.stderr)
        assert not any(c in r.stdout + r.stderr for c in "\x1b\x9b\u202e"), r.args
    assert "\\x1bc" in runs[0].stdout and "\\u202e" in runs[5].stdout
    assert stored in json.loads(runs[1].stdout)[0]["notice_title"]


def test_a_query_in_gbk_bytes_from_a_legacy_terminal_is_a_coded_line(lib_copy):
    r = run("search", "政府采购".encode("gbk"), "--db", lib_copy)
    assert r.returncode == 2 and "not UTF-8" in r.stderr and "政府采购" in r.stderr and "Traceback" not in r.stderr


def test_db_naming_a_file_and_a_folder_that_is_not_a_model_are_coded_lines(lib_copy, tmp_path):
    not_a_folder = tmp_path / "library.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    for args in (("ingest", SAMPLES / "city-audit-2024.txt", "--db", not_a_folder, "--quiet"),
                 ("search", "政府采购", "--db", not_a_folder)):
        r = run(*args)
        assert r.returncode == 2 and "is a file, not a library folder" in r.stderr and "Traceback" not in r.stderr
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    (empty / "notes.txt").write_text("x", encoding="utf-8")
    r = run("reindex", "--db", lib_copy, "--model", empty)
    assert r.returncode == 2 and "not a sentence-transformers model" in r.stderr and "Traceback" not in r.stderr
    with open_library(lib_copy, Settings(), readonly=True) as lib:
        assert lib.model_name == "multilingual-e5-small" and lib.search("政府采购", top=1)
        with pytest.raises(LibraryError) as caught:
            lib.search("政府采购", mode="fuzzy")
        assert caught.value.code == "L015"


# --- servers stop with the command that started them ----------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the server process")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_app_stops_its_streamlit_server(lib_copy, how):
    port = free_port()
    parent = subprocess.Popen(CMD + ["app", "--db", str(lib_copy), "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start")
        # `zhenggai app` becomes the server (exec) where it can, else runs it as its child: either way
        # nothing may outlive the command.
        (server,) = _children(parent.pid) or [parent.pid]
        os.kill(parent.pid, how)
        parent.wait(timeout=30)
        deadline = time.time() + 30
        while _alive(server) and time.time() < deadline:
            time.sleep(0.2)
        assert not _alive(server), "the Streamlit server outlived the command that started it"
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0
    finally:
        try:
            os.killpg(parent.pid, signal.SIGKILL)  # whatever is left of the group, should the test fail
        except ProcessLookupError:
            pass
        parent.wait(timeout=30)


# --- the environment is read once -----------------------------------------------------------------

def test_the_environment_is_read_only_by_settings(monkeypatch):
    import re

    reads = re.compile(r"(environ\.get|environ\[|getenv)\(?\s*[\"']ZHENGGAI_")
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                 if "tests" not in p.parts and ".venv" not in p.parts and p.name != "config.py"
                 and reads.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    monkeypatch.setenv("ZHENGGAI_MILVUS_TOKEN", "user:secret")
    monkeypatch.setenv("ZHENGGAI_DEBUG", "1")
    monkeypatch.setenv("ZHENGGAI_CACHE", "/nonexistent/cache")
    from zhenggai.index.embed import cache_dir
    from zhenggai.index.milvus import MilvusBackend

    settings = Settings.from_env()
    assert settings.milvus_token == "user:secret" and settings.debug and cache_dir(settings) == Path("/nonexistent/cache")
    assert MilvusBackend(None, Path("/x"), 4, settings).token == "user:secret"
    assert MilvusBackend(None, Path("/x"), 4, Settings()).token == "" and cache_dir(Settings()) != settings.cache
