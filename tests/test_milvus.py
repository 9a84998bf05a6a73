"""The Milvus backend: chosen at creation and recorded, reached by URI, repaired after a crash, moved
onto without re-encoding, filters as escaped expressions. (Search behaviour on both backends is in
test_search.py, through the parametrised `backend_library` fixture.)"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

from zhenggai.api import Filters, LibraryError, Settings, ingest, open_library

from helpers import SAMPLES

pytest.importorskip("pymilvus")
CMD = [sys.executable, "-m", "zhenggai.cli"]


def run(*args, **kw):
    return subprocess.run(CMD + [str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_backend_is_recorded_and_a_mismatch_is_refused(tmp_path):
    folder = tmp_path / "lib"
    r = run("ingest", SAMPLES / "city-audit-2024.txt", "--db", folder, "--backend", "milvus", "--quiet")
    assert r.returncode == 0, r.stderr
    info = json.loads(run("info", "--db", folder, "--json").stdout)
    assert info["backend"] == "milvus" and info["records"] == 14 and info["in_sync"]
    assert info["search_copy"]["rows"] == 14
    r = run("search", "政府采购", "--db", folder, "--json")  # no flag needed later
    assert r.returncode == 0 and json.loads(r.stdout)
    r = run("ingest", SAMPLES, "--db", folder, "--backend", "local")
    assert r.returncode == 1 and "milvus backend" in r.stderr


def test_a_local_library_moves_onto_milvus_without_encoding_again(tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    with open_library(folder, Settings()) as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt", SAMPLES / "county-xuncha-2024.txt"])
        local = [h.id for h in lib.search("政府采购程序不规范", mode="dense", top=5)]
        records = lib.counts()["records"]
    from zhenggai.index import embed

    monkeypatch.setattr(embed.Embedder, "encode_passages", lambda *a, **k: pytest.fail("encoded again"))
    with open_library(folder, Settings()) as lib:
        assert lib.reindex(backend="milvus") == records
    monkeypatch.undo()
    with open_library(folder, Settings()) as lib:
        assert lib.backend_name == "milvus" and lib.info()["search_copy"]["rows"] == records
        assert [h.id for h in lib.search("政府采购程序不规范", mode="dense", top=5)] == local


def test_a_crash_between_sqlite_and_milvus_is_repaired_on_the_next_open(tmp_path):
    folder = tmp_path / "lib"
    with open_library(folder, Settings(), backend="milvus") as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
        backend = lib.backend
        gone = [h.id for h in lib.search("预算", mode="lexical", top=3, flat=True, floor=False)]
        backend.client.delete(backend.collection, filter=f"id in {gone}")  # as if the process died mid-write
        backend.client.upsert(backend.collection, [{  # and a row of a notice that is no longer stored
            "id": 999_999, "tokens": "孤儿 记录", "vector": np.ones(lib.dim, dtype=np.float32).tolist(),
            "type": "finding", "notice_id": 99, "issuer": "", "kind": "", "year": 0, "status": "", "theme": ""}])
        with lib.store.transaction() as conn:
            lib.store.set_meta(conn, "milvus_generation", "0")
    with open_library(folder, Settings()) as lib:
        assert lib.info()["in_sync"] is False
        lib.backend.sync()
        info = lib.info()
        assert info["in_sync"] and info["search_copy"]["rows"] == lib.counts()["records"]
        found = {h.id for h in lib.search("预算", mode="lexical", top=10, flat=True, floor=False)}
        assert set(gone) <= found and 999_999 not in found


def test_filters_become_escaped_milvus_expressions(backend_library):
    if backend_library.backend_name != "milvus":
        pytest.skip("the expression is the Milvus backend's")
    backend = backend_library.backend
    expr = backend.expression(Filters(type="finding", kind='巡"察', year_from=2023, year_to=2024, undated=True,
                                      status="done", exclude_notices=(3, 5)))
    assert 'kind == "巡\\"察"' in expr and "(year > 0 and year >= 2023 and year <= 2024) or year == 0" in expr
    assert "notice_id not in [3, 5]" in expr
    assert backend.expression(Filters(issuer="%")) is None  # a literal %, which no issuer holds
    assert backend_library.search("预算 资金", mode="hybrid", filters=Filters(kind='巡"察')) == []
    assert backend_library.search("预算 资金", mode="lexical", filters=Filters(issuer="%")) == []


def test_the_uri_path_against_a_milvus_lite_server(tmp_path):
    port = free_port()
    data = tmp_path / "server"
    data.mkdir()
    script = ("import sys, time; from milvus_lite.server import Server; "
              "s = Server(sys.argv[1], sys.argv[2]); assert s.init() and s.start(); "
              "import signal; signal.sigwait([signal.SIGTERM])")
    server = subprocess.Popen([sys.executable, "-c", script, str(data / "shared.db"), f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        uri = f"http://127.0.0.1:{port}"
        folder = tmp_path / "lib"
        r = run("ingest", SAMPLES / "county-xuncha-2024.txt", "--db", folder, "--backend", "milvus",
                "--milvus-uri", uri, "--quiet")
        assert r.returncode == 0, r.stderr
        info = json.loads(run("info", "--db", folder, "--json").stdout)
        assert info["search_copy"]["uri"] == uri and not info["search_copy"]["lite"] and info["in_sync"]
        reader = run("search", "农村公路养护", "--db", folder, "--json", "--type", "finding")
        assert reader.returncode == 0 and "农村公路养护" in json.loads(reader.stdout)[0]["finding_title"]
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_an_unreachable_server_is_one_clear_line(tmp_path):
    r = run("ingest", SAMPLES / "county-xuncha-2024.txt", "--db", tmp_path / "lib", "--backend", "milvus",
            "--milvus-uri", f"http://127.0.0.1:{free_port()}", "--quiet")
    assert r.returncode == 1 and "cannot be reached" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(LibraryError):
        with open_library(tmp_path / "lib", Settings()) as lib:
            lib.search("x", mode="lexical")


# --- the store/backend seam --------------------------------------------------------------------------

def test_lexical_search_lives_behind_the_backend_not_in_the_store():
    """The store keeps records, tokens and vectors; ranking by words is the backends' (both give it and
    the word statistics relevance needs)."""
    from zhenggai.index.local import LocalBackend
    from zhenggai.index.milvus import MilvusBackend
    from zhenggai.index.seams import RecordStore, SearchBackend
    from zhenggai.index.store import SqliteStore

    for name in ("lexical", "document_frequency", "search"):
        assert not hasattr(SqliteStore, name) and not hasattr(RecordStore, name)
    for cls in (SearchBackend, LocalBackend, MilvusBackend):
        assert callable(getattr(cls, "document_frequency")) and callable(getattr(cls, "size"))


def test_an_unknown_backend_name_is_refused(tmp_path):
    from zhenggai.index.backends import make_backend
    from zhenggai.index.store import SqliteStore

    store = SqliteStore(tmp_path / "library.db")
    try:
        with pytest.raises(LibraryError) as err:
            make_backend("elastic", store, tmp_path, "m", 4, Settings())
        assert err.value.code == "L017" and "local, milvus" in str(err.value)
    finally:
        store.close()


def test_both_backends_drop_the_same_common_words(tmp_path):
    """In a library large enough to prune, a word most records hold is dropped from the lexical query on
    either backend, so both rank by the same words (here: only 借调 is left of 问题 工作 借调)."""
    from dataclasses import replace

    from zhenggai.config import SearchSettings

    settings = replace(Settings(), search=replace(SearchSettings(), prune_from=1, common_share=0.2))
    found = {}
    for backend in ("local", "milvus"):
        with open_library(tmp_path / backend, settings, backend=backend) as lib:
            ingest(lib, [SAMPLES / "soe-xuncha-oneline-2024.txt", SAMPLES / "county-xuncha-2024.txt"])
            df = lib.backend.document_frequency(["问题", "借调"])
            assert df["问题"] > df["借调"] > 0 and lib.backend.size() == lib.counts()["records"]
            found[backend] = {h.id for h in lib.search("问题 工作 借调", mode="lexical", top=50, flat=True,
                                                      floor=False)}
    assert found["local"] == found["milvus"] and found["local"]


def test_milvus_save_reports_a_real_failure(tmp_path, monkeypatch):
    from pymilvus.exceptions import MilvusException

    with open_library(tmp_path / "lib", Settings(), backend="milvus") as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
        client = lib.backend.client
        monkeypatch.setattr(client, "flush", lambda *a, **k: (_ for _ in ()).throw(
            MilvusException(message="Unimplemented: flush is not implemented")))
        lib.backend.save()  # a server without flush: nothing to report
        monkeypatch.setattr(client, "flush", lambda *a, **k: (_ for _ in ()).throw(
            MilvusException(message="collection not loaded: permission denied")))
        with pytest.raises(LibraryError) as err:
            lib.backend.save()
        assert err.value.code == "L008" and "permission denied" in str(err.value)
        monkeypatch.undo()
