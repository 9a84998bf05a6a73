"""Hostile and careless input: nothing lost, nothing exhausted, nothing injected.

Each case ends in the right result or a clear one-line error, with the library intact.
"""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from zhenggai.api import (Filters, LibraryError, NoticeError, ReadError, Settings, csv_bytes, extract_bytes, ingest,
                          ingest_bytes, open_library, terminal_safe, xlsx_bytes)
from zhenggai.config import Limits
from zhenggai.corpus.readers import read_bytes, read_notice

from helpers import sample_files, SAMPLES

CMD = [sys.executable, "-m", "zhenggai.cli"]
AUDIT = (SAMPLES / "city-audit-2024.txt").read_text(encoding="utf-8")
COUNTY = (SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8")


def run(*args, env=None):
    return subprocess.run(CMD + [str(a) for a in args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


# --- data loss and corruption ---------------------------------------------------------------------

def test_uploads_are_identified_by_content_not_by_name(tmp_path):
    other = COUNTY.replace("农村公路养护责任落实不到位", "农村客运站点管理责任落实不到位")
    with open_library(tmp_path / "lib") as lib:
        first = ingest_bytes(lib, COUNTY.encode(), "通报.txt")
        second = ingest_bytes(lib, other.encode(), "通报.txt")  # same name, other content: a second notice
        again = ingest_bytes(lib, COUNTY.encode(), "另一个名字.txt")  # same content, any name: already there
        assert (first.status, second.status, again.status) == ("added", "added", "unchanged")
        assert len(lib.notices()) == 2 and again.notice_id == first.notice_id


def test_the_same_notice_in_two_encodings_or_formats_is_stored_once(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in AUDIT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    with open_library(tmp_path / "lib") as lib:
        statuses = [ingest_bytes(lib, AUDIT.encode("utf-8"), "a.txt").status,
                    ingest_bytes(lib, AUDIT.encode("gbk"), "b.txt").status,
                    ingest_bytes(lib, ("\r\n".join(AUDIT.splitlines()) + "\r\n").encode("utf-16"), "c.txt").status,
                    ingest_bytes(lib, buffer.getvalue(), "d.docx").status]
        assert statuses == ["added", "unchanged", "unchanged", "unchanged"]
        assert len(lib.notices()) == 1


def test_a_model_named_by_the_environment_goes_through_the_same_check(tmp_path):
    from zhenggai.index.embed import default_model_path

    other = tmp_path / "other-model"
    shutil.copytree(default_model_path(), other)
    folder = tmp_path / "lib"
    assert run("ingest", SAMPLES / "city-audit-2024.txt", "--db", folder, "--quiet").returncode == 0
    for args in (("search", "政府采购", "--db", folder), ("ingest", SAMPLES, "--db", folder, "--quiet")):
        r = run(*args, env={"ZHENGGAI_MODEL": str(other)})
        assert r.returncode == 1 and "reindex" in r.stderr and "Traceback" not in r.stderr
    with open_library(folder, Settings()) as lib:
        assert len(lib.notices()) == 1 and lib.model_name == "multilingual-e5-small"


def test_two_ingests_of_one_folder_at_once_both_succeed_and_store_nothing_twice(tmp_path):
    folder = tmp_path / "lib"
    procs = [subprocess.Popen(CMD + ["ingest", str(SAMPLES), "--db", str(folder), "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with open_library(folder, Settings()) as lib:
        counts = lib.counts()
        assert counts["notices"] == len(sample_files())
        hashes = lib.store.conn.execute("SELECT COUNT(DISTINCT fingerprint), COUNT(*) FROM notices").fetchone()
        assert hashes[0] == hashes[1] == len(sample_files())
        assert lib.backend.index.index.ntotal == counts["records"]


def test_a_library_whose_write_ahead_log_went_missing_says_it_is_damaged(tmp_path):
    folder = tmp_path / "lib"
    with open_library(folder, Settings()) as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
        holder = sqlite3.connect(folder / "library.db")  # keeps the log from being checkpointed on close
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        lost = tmp_path / "lost"
        lost.mkdir()
        for name in ("library.db", "vectors.json", "vectors.faiss"):
            shutil.copy(folder / name, lost / name)  # the database without its log, as after a crash
    holder.close()
    for readonly in (True, False):
        with pytest.raises(LibraryError) as caught:
            open_library(lost, Settings(), readonly=readonly)
        assert caught.value.code == "L002" and "ingest" in str(caught.value)
    (lost / "library.db-wal").write_bytes(b"\x00" * 100)  # a log cut short
    r = run("search", "政府采购", "--db", lost)
    assert r.returncode == 1 and "damaged or empty" in r.stderr and "Traceback" not in r.stderr


# --- exhaustion -----------------------------------------------------------------------------------

def _docx_bytes(paragraphs) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_decompression_bomb_is_refused_before_it_is_unpacked():
    pytest.importorskip("docx")
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes(["x"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                info = zipfile.ZipInfo(item.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with bomb.open(info, "w", force_zip64=True) as f:  # 300 MB of paragraphs, a few hundred KB packed
                    f.write(head + b"<w:body>")
                    chunk = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
                    for _ in range(300):
                        f.write(chunk * 1000)
                    f.write(tail)
            else:
                bomb.writestr(item, data)
    assert len(out.getvalue()) < 5_000_000
    with pytest.raises(ReadError) as caught:
        read_bytes(out.getvalue(), "bomb.docx")
    assert caught.value.code == "R018" and "decompression bomb" in str(caught.value)


def test_a_pdf_of_too_many_pages_is_refused_before_its_pages_are_read():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(60):
        writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ReadError) as caught:
        read_bytes(buffer.getvalue(), "pages.pdf", Limits(max_pages=50))
    assert caught.value.code == "R019" and "60 pages" in str(caught.value)


def test_text_past_the_character_limit_and_notices_past_the_finding_limit_are_refused():
    with pytest.raises(ReadError, match="characters"):
        read_bytes(("整改" * 3000).encode(), "long.txt", Limits(max_chars=5000))
    with pytest.raises(NoticeError) as caught:
        extract_bytes(AUDIT.encode(), "audit.txt", Limits(max_findings=3))
    assert caught.value.code == "N003"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_and_pipes_are_refused_at_once(tmp_path):
    with pytest.raises(ReadError, match="not a regular file"):
        read_notice("/dev/zero")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file"):
        read_notice(fifo)  # opened without blocking, so nothing waits for a writer
    r = run("ingest", "/dev/zero", fifo, "--db", tmp_path / "lib")
    assert r.returncode == 2 and r.stderr.count("not a regular file") == 2


def test_links_out_of_a_folder_are_not_followed(tmp_path):
    inside = tmp_path / "in"
    inside.mkdir()
    shutil.copy(SAMPLES / "city-audit-2024.txt", inside / "audit.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text(COUNTY, encoding="utf-8")
    (inside / "link.txt").symlink_to(secret)
    (inside / "local.txt").symlink_to(inside / "audit.txt")  # a link that stays inside is fine
    with open_library(tmp_path / "lib", Settings()) as lib:
        results = {os.path.basename(r.path): r for r in ingest(lib, [inside])}
    assert results["link.txt"].status == "skipped" and results["link.txt"].error.code == "R022"
    assert results["audit.txt"].status == "added" and results["local.txt"].status == "unchanged"


# --- wrong results without an error ---------------------------------------------------------------

def test_deeply_nested_html_keeps_its_text():
    paragraphs = "".join(f"<p>{line}</p>" for line in COUNTY.splitlines() if line.strip())
    page = "<html><head><title>通报</title></head><body>" + "<div>" * 50_000 + paragraphs + "</div>" * 50_000 + \
        "</body></html>"
    doc = read_bytes(page.encode(), "deep.html")
    assert "农村公路养护责任落实不到位" in doc.text
    assert len(extract_bytes(page.encode(), "deep.html").findings) >= 3


def test_utf8_with_a_character_cut_at_the_end_or_a_stray_byte_still_reads():
    data = AUDIT.encode("utf-8")
    assert "政府采购程序不规范" in read_bytes(data + "整".encode()[:2], "cut.txt").text
    assert "政府采购程序不规范" in read_bytes("改".encode()[1:] + data, "cut.txt").text
    middle = len(data) // 2
    middle = next(i for i in range(middle, middle + 4) if data[i] & 0xC0 != 0x80)
    assert "政府采购程序不规范" in read_bytes(data[:middle] + b"\xff" + data[middle:], "stray.txt").text


def test_a_novel_chapter_with_notice_headings_is_not_stored(tmp_path):
    chapter = ("第三章　山城旧事\n一、初到山城\n（一）雨夜\n1.那年秋天，他提着一只旧皮箱走下长途汽车，街灯昏黄，雨下个不停。\n"
               "2.客栈的老板娘端来一碗热汤，说镇上的人都睡得早。\n（二）清晨\n1.天亮时，江面上浮着一层薄雾，渡船慢慢靠岸。\n"
               "2.他沿着石阶往上走，听见远处传来卖豆花的吆喝声。\n二、故人\n（一）重逢\n1.在茶馆里，他认出了多年未见的同学。\n")
    with pytest.raises(NoticeError) as caught:
        extract_bytes(chapter.encode(), "chapter.txt")
    assert caught.value.code in ("N001", "N002")
    with open_library(tmp_path / "lib", Settings()) as lib:
        result = ingest_bytes(lib, chapter.encode(), "chapter.txt")
        assert result.status == "skipped" and result.error.code == caught.value.code
        assert ("不像整改通报" in result.reason_zh) or ("没有识别出" in result.reason_zh)
        assert not lib.notices()


# --- injection ------------------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://x","点我")<img src=x onerror=alert(1)>'


def test_formula_cells_are_neutralised_in_both_formats():
    import openpyxl

    rows = [{"notice": HOSTILE, "value": -12.5, "text": "@SUM(A1)", "unit": "+1"}]
    columns = ["notice", "value", "text", "unit"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(rows, columns))).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert sheet["A2"].value.startswith("'=") and sheet["B2"].value == -12.5 and sheet["C2"].value == "'@SUM(A1)"
    import csv

    header, row = list(csv.reader(io.StringIO(csv_bytes(rows, columns).decode("utf-8-sig"))))
    assert row[0].startswith("'=HYPERLINK") and row[1:] == ["-12.5", "'@SUM(A1)", "'+1"]


def test_figures_export_of_a_hostile_title_has_no_formula_cells(tmp_path):
    import openpyxl

    path = tmp_path / "hostile.txt"
    path.write_text("=cmd|' /C calc'!A0关于巡察整改情况的通报\n" + AUDIT.split("\n", 1)[1], encoding="utf-8")
    r = run("figures", path, "--xlsx", tmp_path / "f.xlsx")
    assert r.returncode == 0, r.stderr
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").worksheets[0]
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert sheet["A2"].value.startswith("'=cmd")


def test_hostile_titles_are_escaped_in_the_app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from helpers import ROOT

    text = AUDIT.replace("临川市审计局关于", "<img src=x onerror=alert(1)>临川市审计局关于", 1)
    text = text.replace("政府采购程序不规范", "政府采购<script>alert(2)</script>程序不规范")
    with open_library(tmp_path / "lib", Settings()) as lib:
        assert ingest_bytes(lib, text.encode(), "hostile.txt").status == "added"
    monkeypatch.setenv("ZHENGGAI_DB", str(tmp_path / "lib"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.text_input(key="query").input("政府采购程序").run()
    html = "\n".join(m.value for m in at.markdown)
    assert "政府采购" in html and "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "<script>" not in html and "<img src=x" not in html
    at.switch_page("ui/document.py").run()
    html = "\n".join(m.value for m in at.markdown)
    assert "&lt;img src=x" in html or "\\<img src=x" in html
    assert "<img src=x" not in html.replace("\\<img", "")


def test_terminal_escapes_in_names_are_shown_safely_and_like_wildcards_are_literal(tmp_path, sample_library):
    assert terminal_safe("a\x1b[2Jb\u202ec") == "a\\x1b[2Jb\\u202ec"
    bad = tmp_path / "evil\x1b[31mname.pdf"
    bad.write_bytes(b"not a pdf")
    r = run("ingest", bad, "--db", tmp_path / "lib", "--quiet")
    assert r.returncode == 2 and "\x1b" not in r.stderr and "\\x1b[31mname.pdf" in r.stderr
    assert not sample_library.search("预算 资金", mode="lexical", filters=Filters(issuer="%"))
    assert sample_library.search("预算 资金", mode="lexical", filters=Filters(issuer="审计局"))


# --- smaller --------------------------------------------------------------------------------------

def test_huge_numbers_and_blank_queries_are_usage_errors(tmp_path, sample_library):
    db = sample_library.folder
    for args in (("search", "整改", "--year-from", "99999999999999999999999"), ("search", "   "),
                 ("similar", "99999999999999999999999"), ("search", "整改", "--top", "0")):
        r = run(*args, "--db", db)
        assert r.returncode == 2 and "Traceback" not in r.stderr, (args, r.stderr)
    queries = tmp_path / "blank.txt"
    queries.write_text("  \n\n", encoding="utf-8")
    assert run("search", "--queries", queries, "--db", db).returncode == 2


def test_a_read_only_search_rebuilds_a_stale_vector_file_once_and_says_so(tmp_path, caplog, monkeypatch):
    from zhenggai.index.dense import VectorIndex

    folder = tmp_path / "lib"
    with open_library(folder, Settings()) as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
    (folder / "vectors.faiss").unlink()
    builds = []
    real_build = VectorIndex.build.__func__
    monkeypatch.setattr(VectorIndex, "build", classmethod(lambda cls, *a, **k: builds.append(1) or real_build(cls, *a, **k)))
    with open_library(folder, Settings(), readonly=True) as lib:
        with caplog.at_level("WARNING", logger="zhenggai"):
            assert lib.search("政府采购", mode="dense", top=1)
            first = lib.backend.index
            for _ in range(2):
                assert lib.search("政府采购", mode="dense", top=1)
        assert lib.backend.index is first and len(builds) == 1  # built once for the process, in memory
    warnings = [r for r in caplog.records if "reindex" in r.getMessage()]
    assert len(warnings) == 1 and not (folder / "vectors.faiss").exists()


def test_a_full_disk_says_so_and_leaves_the_library_intact(tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    with open_library(folder, Settings()) as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
        before = lib.counts()
        import faiss

        def no_space(index, path):
            with open(path, "wb") as f:
                f.write(b"partial")
            raise RuntimeError("Error: 'ret == (size)' failed: write error: No space left on device")

        monkeypatch.setattr(faiss, "write_index", no_space)
        with pytest.raises(LibraryError) as caught:
            lib.save()
        assert caught.value.code == "L005" and "intact" in str(caught.value)
        assert not list(folder.glob("*.tmp"))
        monkeypatch.undo()
        pages = lib.store.conn.execute("PRAGMA page_count").fetchone()[0]
        lib.store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite finds the disk full
        with pytest.raises(LibraryError, match="disk is full"):
            ingest(lib, [SAMPLES / "county-xuncha-2024.txt"])
        assert lib.counts() == before
    with open_library(folder, Settings()) as lib:
        assert lib.counts() == before and lib.search("政府采购", top=1)
