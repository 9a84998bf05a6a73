"""What a search result tells its reader: where it comes from (title, else issuer and date, else the
file; the page of a PDF), one result per finding with its best-matching measure inside, literal lookups
of a document number or a quoted phrase ranked first, `similar` leaving out the notice itself and its
copies, and a model without a calibration ranking only."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from zhenggai.api import Settings, extract_path, ingest, open_library
from zhenggai.index import calibration as calibrations
from zhenggai.index.lookup import Lookup
from zhenggai.index.records import records_of

from helpers import ROOT, SAMPLES

HAYSTACK = ROOT / "benchmarks" / "data" / "haystack"
CMD = [sys.executable, "-m", "zhenggai.cli"]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    files = tmp_path_factory.mktemp("files")
    county = (SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8")
    copy = files / "county-reposted.txt"  # the same notice reposted elsewhere: same title and date, other text
    copy.write_text(county + "\n（本文转载自县政府门户网站）\n", encoding="utf-8")
    with open_library(folder, Settings()) as lib:
        results = ingest(lib, [HAYSTACK / "culture-bureau-untitled-2024.txt", HAYSTACK / "stats-findings-only.txt",
                               HAYSTACK / "hrss-docnumber-2025.txt", SAMPLES / "county-xuncha-2024.txt", copy,
                               SAMPLES / "city-audit-2024.txt"])
        assert all(r.status == "added" for r in results), results
        paged = extract_path(SAMPLES / "university-xunshi-2023.txt")  # as a PDF reader gives it: pages
        for n, finding in enumerate(paged.findings):
            finding.page = 2 + n
        vectors = lib.encode_passages([r.passage for r in records_of(paged)])
        lib.add(paged, "university.pdf", "university.pdf", "0" * 64, vectors)
    lib = open_library(folder, Settings())
    yield lib
    lib.close()


def test_a_hit_says_where_it_comes_from(library):
    titled = library.search("违规发放津贴补贴", top=1)[0]
    assert titled.source == titled.notice_title and titled.source.startswith("临川市审计局")
    untitled = library.search("古民居墙体倒塌没有修缮", top=1)[0]
    assert untitled.notice_title == "" and untitled.source == "中共明湖区文化和旅游局党组 2024-10-28"
    bare = library.search("企业统计数据造假虚报产值", top=1)[0]
    assert bare.notice_title == "" and bare.issuer is None and bare.source == "stats-findings-only.txt"
    pdf = library.search("校领导讲授思政课，新增专职辅导员", top=1)[0]
    assert pdf.page == 2 and "江滨理工大学" in pdf.source


def test_the_cli_and_json_show_the_source_and_page(library):
    out = subprocess.run(CMD + ["search", "古民居墙体倒塌没有修缮", "--db", str(library.folder), "--top", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "— 中共明湖区文化和旅游局党组 2024-10-28\n" in out.stdout
    hit = json.loads(subprocess.run(CMD + ["search", "校领导讲授思政课，新增专职辅导员", "--db", str(library.folder),
                                           "--json", "--top", "1"], capture_output=True, text=True,
                                          timeout=300).stdout)[0]
    assert hit["page"] == 2 and hit["source"]


def test_one_result_per_finding_with_its_best_measure_inside(library):
    hits = library.search("路面修补和边沟整治", top=10, floor=False)
    assert len({h.finding_id for h in hits}) == len(hits) and all(h.type == "finding" for h in hits)
    top = hits[0]
    assert "农村公路养护" in top.finding_title
    assert top.match is not None and top.match.id in {m.id for m in top.measures} and "边沟" in top.match.text
    flat = library.search("路面修补和边沟整治", top=10, floor=False, flat=True)
    assert any(h.type == "measure" for h in flat) and len({h.finding_id for h in flat}) < len(flat)


@pytest.mark.parametrize("number", ["松人社党〔2025〕17号", "松人社党[2025]17号", "松人社党（2025）17号"])
def test_a_document_number_is_looked_up_literally(library, number):
    hits = library.search(number)
    assert hits and all(h.exact and h.relevance == 100 and "人力资源和社会保障局" in h.source for h in hits)
    assert library.search("松人社党〔2025〕7号") == []  # 7号 is not 17号


def test_a_document_number_with_words_puts_the_matching_finding_of_that_notice_first(library):
    hits = library.search("松人社党〔2025〕17号 失业保险金")
    assert "失业保险金" in hits[0].finding_title and all(h.exact for h in hits)


def test_a_quoted_phrase_matches_literally_and_ranks_first(library):
    hits = library.search("“村级综合性文化服务中心”作用")  # absent as written: no literal hit, words decide
    assert not any(h.exact for h in hits)
    hits = library.search("“周转”")  # in no record
    assert not any(h.exact for h in hits)
    hits = library.search("“清退违规发放的补贴”")
    assert hits[0].exact and "清退违规发放的补贴" in " ".join([hits[0].text, *(m.text for m in hits[0].measures)])
    assert hits[0].source.startswith("中共青禾县交通运输局党组")


def test_similar_leaves_out_the_notice_and_its_copies(library):
    source = next(h for h in library.search("财务管理不规范 清退违规发放的补贴", flat=True, floor=False)
                  if h.type == "finding" and "财务管理不规范" in h.finding_title)
    same = set(Lookup(library.store).copies_of(source.notice_id))
    assert len(same) == 2  # the notice and its reposted copy
    similar = library.similar(source.id, top=10)
    assert similar and not [h for h in similar if h.notice_id in same]
    assert any(h.notice_id in same for h in library.similar(source.id, top=10, other_notices=False))


def test_the_calibration_is_kept_with_the_model(library):
    stored = calibrations.Calibration.from_json(library.store.get_meta("calibration"))
    assert stored.model == library.model_name and stored.calibrated and stored.floor is not None
    assert library.info()["calibrated"] is True
    assert not calibrations.read(library.store.get_meta("calibration"), "some-other-model").calibrated


def test_a_model_without_calibration_ranks_only(library):
    kept = library.calibration
    library.calibration = calibrations.uncalibrated(library.model_name)
    try:
        hits = library.search("明天去哪里吃火锅")  # an everyday question: no floor to stop it now
        assert hits and all(h.relevance is None for h in hits)
        assert all(h.relevance is None for h in library.similar(hits[0].id))
    finally:
        library.calibration = kept
    assert library.search("明天去哪里吃火锅") == []


def test_a_library_keeps_its_own_calibration_and_follows_the_shipped_one_otherwise(tmp_path):
    with open_library(tmp_path / "lib", Settings()) as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
        shipped = calibrations.shipped(lib.model_name)
        with lib.store.transaction() as conn:
            lib.store.set_meta(conn, "calibration", "")
    with open_library(tmp_path / "lib", Settings()) as lib:
        assert lib.calibration == shipped  # lost: the shipped one
        own = replace(shipped, floor=shipped.floor + 1, origin="library")
        lib.set_calibration(own)
    with open_library(tmp_path / "lib", Settings()) as lib:
        assert lib.calibration == own  # written into this library (calibrate.py --library): kept
        with pytest.raises(ValueError):
            lib.set_calibration(replace(own, model="another-model"))
