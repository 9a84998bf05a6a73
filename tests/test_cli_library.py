"""The library verbs as a user runs them: ingest, search, similar, figures, reindex."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from helpers import SAMPLES, sample_files

CMD = [sys.executable, "-m", "zhenggai.cli"]


def run(*args, **kw):
    return subprocess.run(CMD + [str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    notices = root / "in"
    shutil.copytree(SAMPLES, notices)
    (notices / "broken.pdf").write_bytes(b"not a pdf at all")
    r = run("ingest", notices, "--db", root / "lib")
    assert r.returncode == 2, r.stderr  # one file skipped
    assert "broken.pdf" in r.stderr and "not a valid PDF" in r.stderr and "Traceback" not in r.stderr
    assert f"added {len(sample_files())}" in r.stdout
    return root / "lib"


def test_reingest_is_quiet_and_succeeds(db):
    r = run("ingest", SAMPLES, "--db", db, "--quiet")
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""  # quiet: nothing but errors
    assert f"unchanged {len(sample_files())}" in run("ingest", SAMPLES, "--db", db).stdout


def test_search_json_hits_carry_what_the_contract_lists(db):
    r = run("search", "借调人员没有备案", "--db", db, "--json", "--top", "3")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits and set(hits[0]) >= {"id", "type", "text", "score", "finding_title", "notice_title", "date", "issuer"}


def test_search_queries_file(db, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("政府采购\n\n农村公路养护\n", encoding="utf-8")
    r = run("search", "--queries", queries, "--db", db, "--mode", "lexical", "--type", "finding")
    out = json.loads(r.stdout)
    assert [b["query"] for b in out] == ["政府采购", "农村公路养护"]
    assert all(h["type"] == "finding" for b in out for h in b["hits"])


def test_similar_and_unknown_record(db):
    hit = json.loads(run("search", "违规借调企业人员", "--db", db, "--json", "--type", "finding").stdout)[0]
    r = run("similar", hit["id"], "--db", db, "--json", "--top", "2")
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 2
    r = run("similar", 999999, "--db", db)
    assert r.returncode != 0 and "no record 999999" in r.stderr


def test_figures_from_library_to_csv_and_xlsx(db, tmp_path):
    r = run("figures", "--db", db, "--kind", "money", "--csv", tmp_path / "f.csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(open(tmp_path / "f.csv", encoding="utf-8-sig")))
    assert rows and all(row["kind"] == "金额" and row["unit"] == "元" for row in rows)  # as the app writes it
    assert any(float(row["value"]) == 23_456_000 for row in rows)
    r = run("figures", SAMPLES / "city-audit-2024.txt", "--xlsx", tmp_path / "f.xlsx")
    assert r.returncode == 0
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    assert sheet.cell(1, 1).value == "notice" and sheet.max_row > 10


def test_search_without_a_library_says_so(tmp_path):
    r = run("search", "x", "--db", tmp_path / "none")
    assert r.returncode == 2 and "no library" in r.stderr


UNDATED = ("【虚构示例】没有日期也没有发布单位的通报。\n关于巡察整改情况的通报\n一、巡察反馈问题整改落实情况\n"
           "1.关于“食堂采购台账缺失”的问题。一是建立食堂采购台账；二是追回多付货款3.2万元。\n")


@pytest.fixture(scope="module")
def undated_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("undated")
    (root / "undated.txt").write_text(UNDATED, encoding="utf-8")
    assert run("ingest", root / "undated.txt", "--db", root / "lib", "--quiet").returncode == 0
    return root / "lib"


def test_search_says_when_date_and_issuer_are_unknown(undated_db):
    r = run("search", "食堂采购台账缺失", "--db", undated_db, "--all")
    assert r.returncode == 0, r.stderr
    assert "日期不详" in r.stdout and "未注明" in r.stdout
    assert "None" not in r.stdout and "nan" not in r.stdout


def test_ledger_of_a_notice_and_of_a_search(db, tmp_path):
    import docx
    import openpyxl

    from zhenggai.api import LEDGER_COLUMNS, Settings, open_library

    with open_library(db, Settings(), readonly=True) as lib:
        notice = max(lib.notices(), key=lambda n: n["findings"])
        findings = lib.document(notice["id"]).findings
    r = run("ledger", notice["id"], "--db", db, "--xlsx", tmp_path / "l.xlsx")
    assert r.returncode == 0, r.stderr
    sheet = openpyxl.load_workbook(tmp_path / "l.xlsx")["整改台账"]
    assert [c.value for c in sheet[1]] == list(LEDGER_COLUMNS) and sheet.max_row == len(findings) + 1
    r = run("ledger", notice["id"], "--db", db, "--docx", tmp_path / "l.docx")
    table = docx.Document(tmp_path / "l.docx").tables[0]
    assert len(table.rows) == len(findings) + 1
    assert all(f.title in row.cells[1].text for f, row in zip(findings, table.rows[1:]))
    r = run("ledger", "--query", "政府采购", "--db", db, "--docx", tmp_path / "q.docx")
    assert r.returncode == 0, r.stderr
    rows = docx.Document(tmp_path / "q.docx").tables[0].rows
    assert len(rows) > 1 and any("政府采购" in row.cells[1].text for row in rows[1:])
    r = run("ledger", notice["id"], "--db", db)
    assert r.returncode == 0 and findings[0].title[:10] in r.stdout
    assert run("ledger", "--db", db).returncode == 2
