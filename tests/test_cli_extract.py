"""`zhenggai extract` as a user runs it: JSON contract, readable outline, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import SAMPLES

CMD = [sys.executable, "-m", "zhenggai.cli"]


def run(*args):
    return subprocess.run(CMD + list(args), capture_output=True, text=True, timeout=120)


def test_json_has_every_key_of_the_contract():
    r = run("extract", str(SAMPLES / "city-audit-2024.txt"), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) >= {"notice", "sections", "findings", "overview", "next_steps", "figures", "targets"}
    assert set(data["notice"]) >= {"title", "date", "issuer", "source", "kind", "inspection_start",
                                   "inspection_end", "feedback_date"}
    finding = data["findings"][0]
    assert set(finding) >= {"id", "number", "section", "title", "text", "measures", "status"}
    assert set(data["figures"][0]) >= {"text", "value", "low", "high", "kind", "unit", "qualifier", "role",
                                       "metric", "year", "start", "end", "record"}
    assert "审计" in r.stdout  # not ASCII-escaped


def test_outline_without_json():
    r = run("extract", str(SAMPLES / "county-xuncha-2024.txt"))
    assert r.returncode == 0 and "关于“农村公路养护责任落实不到位”问题的整改" in r.stdout


@pytest.mark.parametrize("content,reason", [(b"", "empty"), (b"\x00\x01\x02" * 100, "binary")])
def test_bad_files_give_one_line_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    r = run("extract", str(path))
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.txt" in lines[0] and reason in lines[0]
    assert "Traceback" not in r.stderr


def test_missing_file(tmp_path):
    r = run("extract", str(tmp_path / "missing.txt"))
    assert r.returncode != 0 and "missing.txt: no such file" in r.stderr


def test_five_megabyte_single_line_notice(tmp_path):
    """A one-line notice of 5 MB (its last measure a very long paragraph without numbering) reads whole:
    the same findings as the notice at its usual length."""
    import re

    lines = (SAMPLES / "soe-xuncha-oneline-2024.txt").read_text(encoding="utf-8").split("\n")
    body = lines[3]
    filler = re.sub(r"[（(]?[一二三四五六七八九十\d]+[)）、.．]", "", body)  # its wording, no numbering
    normal, big = tmp_path / "normal.txt", tmp_path / "big.txt"
    normal.write_text("\n".join(lines[1:3]) + "\n" + body, encoding="utf-8")
    big.write_text("\n".join(lines[1:3]) + "\n" + body.rstrip("。") + "，"
                   + filler.replace("。", "，") * (5_000_000 // len(filler.encode())) + "。", encoding="utf-8")
    assert big.stat().st_size > 4_500_000
    r = run("extract", str(big), "--json")
    assert r.returncode == 0, r.stderr
    expected = json.loads(run("extract", str(normal), "--json").stdout)["findings"]
    assert [f["title"] for f in json.loads(r.stdout)["findings"]] == [f["title"] for f in expected]
