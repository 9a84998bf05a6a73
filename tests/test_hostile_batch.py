"""One bad file never stops a batch: whatever goes wrong inside one file is that file's coded skip, the
files before and after it are stored, and the library is never half-written.

Every hostile input is invented here: PDFs drawn with a ToUnicode font (`pdfmake`), AES-encrypted by
pypdf, a FlateDecode bomb, a GBK file name made of raw bytes, symlink loops, DOCX packages rewritten.
"""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from zhenggai.api import Settings, ingest, open_library
from zhenggai.corpus.readers import read_bytes
from zhenggai.errors import ReadError

import pdfmake
from helpers import SAMPLES

CMD = [sys.executable, "-m", "zhenggai.cli"]
COUNTY = (SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8")
AUDIT = (SAMPLES / "city-audit-2024.txt").read_text(encoding="utf-8")
SOE = (SAMPLES / "soe-xuncha-oneline-2024.txt").read_text(encoding="utf-8")
ROUND2 = (SAMPLES / "county-xuncha-2025-round2.txt").read_text(encoding="utf-8")
UNIVERSITY = (SAMPLES / "university-xunshi-2023.txt").read_text(encoding="utf-8")
GBK_NAME = "关于巡察整改进展情况的通报.txt".encode("gbk")


def run(*args, env=None):
    return subprocess.run(CMD + [os.fsencode(a) if isinstance(a, (bytes, Path)) else a for a in args],
                          capture_output=True, encoding="utf-8", timeout=600, env={**os.environ, **(env or {})})


def _docx(paragraphs) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def renamed_main_part(paragraphs, pad_mb: int = 0) -> bytes:
    """A DOCX whose main part is word/main.xml (the relationships say where it is, not its name),
    optionally padded with `pad_mb` MB of paragraphs that pack to almost nothing."""
    source = zipfile.ZipFile(io.BytesIO(_docx(paragraphs)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            name = item.filename.replace("word/document.xml", "word/main.xml").replace(
                "word/_rels/document.xml.rels", "word/_rels/main.xml.rels")
            data = data.replace(b"/word/document.xml", b"/word/main.xml").replace(b"word/document.xml", b"word/main.xml")
            if name == "word/main.xml" and pad_mb:
                head, tail = data.split(b"</w:body>")
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with package.open(info, "w", force_zip64=True) as f:
                    f.write(head)
                    chunk = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
                    for _ in range(pad_mb):
                        f.write(chunk * 1040)
                    f.write(b"</w:body>" + tail)
                continue
            package.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One folder holding every kind of bad file between good notices, ingested once from the command
    line as a user would: (the run, the folder, the library folder)."""
    base = tmp_path_factory.mktemp("batch")
    folder = base / "in"
    folder.mkdir()
    (folder / "0-first.txt").write_text(ROUND2, encoding="utf-8")
    (folder / "a-aes.pdf").write_bytes(pdfmake.encrypt(pdfmake.text_pdf(COUNTY.splitlines())))
    (folder / "b-bomb.pdf").write_bytes(pdfmake.text_pdf(COUNTY.splitlines()[:3], extra_stream=pdfmake.flate_bomb(120)))
    (folder / "c-loop.txt").symlink_to("c-loop.txt")
    (folder / "c-loop-a.txt").symlink_to("c-loop-b.txt")
    (folder / "c-loop-b.txt").symlink_to("c-loop-a.txt")
    with open(os.fsencode(folder) + b"/d-" + GBK_NAME, "wb") as f:
        f.write(AUDIT.encode("utf-8"))
    surrogate = pdfmake.text_pdf(SOE.splitlines(), extra_map={0xF000: "\ud800"}, extra_codes=[0xF000, 0xF000])
    (folder / "e-surrogate.pdf").write_bytes(surrogate)
    (folder / "f-locked.pdf").write_bytes(pdfmake.encrypt(pdfmake.text_pdf(COUNTY.splitlines()), user_password="u"))
    (folder / "g-main-part.docx").write_bytes(renamed_main_part(["x"], pad_mb=80))
    (folder / "h-main-part.docx").write_bytes(renamed_main_part(UNIVERSITY.splitlines()))
    (folder / "README.md").write_text("# 说明\n", encoding="utf-8")
    (folder / "NOTES").write_text("随手记\n", encoding="utf-8")
    (folder / "macro.docm").write_bytes(b"PK\x03\x04")
    lib = base / "lib"
    r = run("ingest", folder, "--db", lib)  # not --quiet: the summary line is wanted
    r.stderr = "\n".join(line for line in r.stderr.splitlines() if not line.startswith("ingest:"))  # the progress bar
    return r, folder, lib


def _line(stderr: str, name: str) -> str:
    return next((line for line in stderr.splitlines() if name in line), "")


def test_the_batch_goes_on_past_every_bad_file_and_stores_the_good_ones(batch):
    r, folder, lib = batch
    assert r.returncode == 2 and "Traceback" not in r.stderr and "unexpected error" not in r.stderr, r.stderr
    assert "added 5，replaced 0，unchanged 0，skipped 6" in r.stdout, r.stdout
    with open_library(lib, Settings(), readonly=True) as library:
        names = sorted(n["name"] for n in library.notices())
        assert names == sorted(["0-first.txt", "a-aes.pdf", "d-关于巡察整改进展情况的通报.txt", "e-surrogate.pdf",
                                "h-main-part.docx"])
        conn = library.store.conn  # nothing half-written: every notice has records, every record a vector
        assert conn.execute("SELECT COUNT(*) FROM notices n WHERE NOT EXISTS (SELECT 1 FROM records r "
                            "WHERE r.notice_id = n.id)").fetchone()[0] == 0
        assert library.store.vector_state()[0] == library.counts()["records"] == library.backend.index.index.ntotal


def test_an_aes_pdf_with_an_empty_user_password_is_read(batch):
    r, _, lib = batch
    assert "a-aes.pdf" not in r.stderr
    with open_library(lib, Settings(), readonly=True) as library:
        hits = library.search("农村公路养护", mode="lexical", top=3)
        assert any(h.notice_title.startswith("中共青禾县交通运输局党组") for h in hits)


def test_a_pdf_with_a_real_password_says_so():
    locked = pdfmake.encrypt(pdfmake.text_pdf(COUNTY.splitlines()), user_password="secret")
    with pytest.raises(ReadError) as caught:
        read_bytes(locked, "locked.pdf")
    assert caught.value.code == "R026"


def test_a_pdf_decompression_bomb_is_that_files_skip_with_bounded_memory(batch):
    r, _, _ = batch
    assert "skipped" in _line(r.stderr, "b-bomb.pdf") and "decompression bomb" in _line(r.stderr, "b-bomb.pdf")
    bomb = pdfmake.text_pdf(["整改"], extra_stream=pdfmake.flate_bomb(120))
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ReadError) as caught:
            read_bytes(bomb, "bomb.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "R023" and peak < 400 * 2 ** 20


def test_a_file_name_in_gbk_bytes_is_stored_shown_and_found_again(batch):
    r, folder, lib = batch
    assert "Traceback" not in r.stderr
    with open_library(lib, Settings(), readonly=True) as library:
        (stored,) = [n for n in library.notices() if n["name"].startswith("d-")]
        key = library.store.conn.execute("SELECT path FROM notices WHERE id = ?", (stored["id"],)).fetchone()[0]
    from zhenggai.corpus.files import key_path

    assert os.fsencode(key_path(key)) == os.path.realpath(os.fsencode(folder) + b"/d-" + GBK_NAME)
    again = run("ingest", os.fsencode(folder) + b"/d-" + GBK_NAME, "--db", lib)  # the key round-trips
    assert again.returncode == 0 and "unchanged 1" in again.stdout, again.stderr


def test_symlink_loops_are_each_that_files_skip(batch):
    r, _, _ = batch
    for name in ("c-loop.txt", "c-loop-a.txt", "c-loop-b.txt"):
        line = _line(r.stderr, f"{name}: ")
        assert "skipped" in line and "symbolic links" in line, r.stderr


def test_a_font_that_maps_a_glyph_to_a_lone_surrogate_reads(batch):
    r, _, lib = batch
    assert "e-surrogate.pdf" not in r.stderr
    with open_library(lib, Settings(), readonly=True) as library:
        (stored,) = [n for n in library.notices() if n["name"] == "e-surrogate.pdf"]
        text = library.document(stored["id"]).text
    assert "\ufffd\ufffd" in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def test_every_docx_part_is_limited_whatever_its_name(batch):
    r, _, _ = batch
    line = _line(r.stderr, "g-main-part.docx")
    assert "skipped" in line and "word/main.xml" in line and "decompression bomb" in line
    assert "h-main-part.docx" not in r.stderr  # the same layout, small, is read


def test_a_docx_member_that_inflates_past_its_declared_size_is_refused_bounded():
    """A package whose directory declares 2 KB for a member that inflates to 60 MB: zipfile, asked for the
    whole member, would inflate all 60 MB before cutting it; the reader stops at the declared size."""
    import struct

    packed = zipfile.ZipFile(io.BytesIO(_docx(["x"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in packed.infolist():
            body = packed.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = body.split(b"<w:body>")
                body = head + b"<w:body>" + b"<w:p><w:r><w:t>" + b"A" * (60 << 20) + b"</w:t></w:r></w:p>" + tail
            package.writestr(item.filename, body)
    data = bytearray(out.getvalue())
    name = b"word/document.xml"
    central = data.index(b"PK\x01\x02")
    while True:  # the directory entry of document.xml: declare 2,000 bytes unpacked
        central = data.index(b"PK\x01\x02", central)
        length = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + length] == name:
            data[central + 24:central + 28] = struct.pack("<I", 2000)
            break
        central += 4
    tracemalloc.start()
    try:
        with pytest.raises(ReadError) as caught:
            read_bytes(bytes(data), "liar.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "R028" and "2,000 bytes" in str(caught.value) and peak < 20 * 2 ** 20


def test_files_of_types_not_read_are_counted_in_the_summary(batch):
    r, _, _ = batch
    assert "other file types 3" in r.stdout and "unreadable folders 0" in r.stdout
    line = _line(r.stderr, "types zhenggai does not read")
    assert ".md" in line and ".docm" in line and "no suffix" in line


# --- a defect of zhenggai is not a bad file -------------------------------------------------------

def test_an_unexpected_failure_is_an_internal_error_with_a_log_and_the_batch_goes_on(tmp_path, monkeypatch):
    import zhenggai.ingest as ingest_module

    real = ingest_module.extract_document
    defects = {"甲": TypeError("'NoneType' object is not subscriptable"), "乙": KeyError("section")}

    def extract(doc):  # a defect that only some texts reach, as real bugs do
        for mark, exc in defects.items():
            if f"【缺陷{mark}】" in doc.text:
                raise exc
        return real(doc)

    monkeypatch.setattr(ingest_module, "extract_document", extract)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", COUNTY), ("b.txt", AUDIT + "\n【缺陷甲】\n"), ("c.txt", UNIVERSITY + "\n【缺陷乙】\n"),
                       ("d.txt", ROUND2)):
        (folder / name).write_text(text, encoding="utf-8")
    with open_library(tmp_path / "lib", Settings()) as lib:
        results = {Path(r.path).name: r for r in ingest(lib, [folder])}
        assert [n["name"] for n in sorted(lib.notices(), key=lambda n: n["name"])] == ["a.txt", "d.txt"]
    for name, kind in (("b.txt", "TypeError"), ("c.txt", "KeyError")):
        error = results[name].error
        assert results[name].status == "skipped" and error.code == "I001" and kind in str(error)
        assert "internal error" in str(error) and "not a notice" not in str(error) and "程序内部出错" in error.zh
    log = (tmp_path / "lib" / "errors.log").read_text(encoding="utf-8")
    assert log.count("Traceback") == 2 and "b.txt" in log and "KeyError: 'section'" in log


def test_a_notice_that_fails_while_it_is_written_is_skipped_and_rolled_back(tmp_path, monkeypatch):
    from zhenggai.index.store import SqliteStore

    real = SqliteStore.insert_notice

    def insert(self, conn, key, name, *rest):
        if name == "b.txt":
            real(self, conn, key, name, *rest)  # rows written inside the transaction, then a failure
            raise sqlite3.InterfaceError("Error binding parameter 3: type 'object' is not supported")
        return real(self, conn, key, name, *rest)

    monkeypatch.setattr(SqliteStore, "insert_notice", insert)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", COUNTY), ("b.txt", AUDIT), ("c.txt", ROUND2)):
        (folder / name).write_text(text, encoding="utf-8")
    with open_library(tmp_path / "lib", Settings()) as lib:
        results = {Path(r.path).name: r.status for r in ingest(lib, [folder])}
        assert results == {"a.txt": "added", "b.txt": "skipped", "c.txt": "added"}
        conn = lib.store.conn
        assert conn.execute("SELECT COUNT(*) FROM notices").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == lib.store.vector_state()[0]
        assert conn.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0] == lib.counts()["records"]


def test_a_text_the_encoder_fails_on_costs_its_notice_not_its_group(tmp_path, monkeypatch):
    from zhenggai.index.library import Library

    real = Library.encode_passages

    def encode(self, texts, on_batch=None):
        if any("【编码失败】" in t for t in texts):
            raise ValueError("the tokenizer met a text it cannot take")
        return real(self, texts, on_batch)

    monkeypatch.setattr(Library, "encode_passages", encode)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(COUNTY, encoding="utf-8")
    (folder / "b.txt").write_text(AUDIT.replace("政府采购程序不规范", "政府采购程序不规范【编码失败】"), encoding="utf-8")
    (folder / "c.txt").write_text(ROUND2, encoding="utf-8")
    with open_library(tmp_path / "lib", Settings()) as lib:  # the three are one encode group by default
        results = {Path(r.path).name: r for r in ingest(lib, [folder])}
        assert {n: r.status for n, r in results.items()} == {"a.txt": "added", "b.txt": "skipped", "c.txt": "added"}
        assert results["b.txt"].error.code == "I001" and "ValueError" in results["b.txt"].reason
        assert lib.counts()["notices"] == 2 and lib.backend.index.index.ntotal == lib.counts()["records"]


# --- folders an ordinary user cannot read -------------------------------------------------------

def _as_ordinary_user(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """`zhenggai argv` as an ordinary user: in a subprocess when this is one; as root (whom permissions
    do not stop) in a forked child that drops to uid/gid 65534 before it runs the command line."""
    if os.geteuid() != 0:
        r = run(*argv)
        return r.returncode, r.stdout, r.stderr
    import tqdm  # noqa: F401  (everything the child needs is imported while files can still be read)

    from zhenggai import cli
    from zhenggai.api import terminal_text

    terminal_text("x")
    out, err = cwd / "out", cwd / "err"
    with open(out, "wb") as o, open(err, "wb") as e:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 1
            try:
                os.dup2(o.fileno(), 1)
                os.dup2(e.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # not pytest's capture
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
                code = cli.main(argv)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
    deadline = time.time() + 120
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the command did not finish")
    return os.waitstatus_to_exitcode(status), out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")


def test_an_unreadable_subfolder_is_reported_in_the_summary():
    base = Path(tempfile.mkdtemp(prefix="zhenggai-unreadable-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        notices = base / "notices"
        (notices / "locked").mkdir(parents=True)
        (notices / "locked" / "notice.txt").write_text(COUNTY, encoding="utf-8")
        (notices / "README.md").write_text("说明\n", encoding="utf-8")
        os.chmod(notices / "locked", 0o000)
        lib = base / "lib"
        lib.mkdir(mode=0o777)
        os.chmod(lib, 0o777)
        code, out, err = _as_ordinary_user(["ingest", str(notices), "--db", str(lib)], base)
        assert code == 2 and "Traceback" not in err, err
        assert "unreadable folders 1" in out and "other file types 1" in out, out
        line = _line(err, "locked")
        assert "skipped" in line and "folder that cannot be read" in line and "Permission denied" in line
    finally:
        os.chmod(base / "notices" / "locked", 0o755)
        shutil.rmtree(base)
