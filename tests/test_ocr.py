"""Scans read by OCR: image-only PDFs, mixed PDFs and image files rendered here from an invented notice
(benchmarks/scans.py prints and 'scans' it), read through the real engine."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import sys

import pytest

from zhenggai.config import Limits, OcrSettings
from zhenggai.corpus import ocr as engine_module
from zhenggai.corpus.readers import read_bytes
from zhenggai.errors import ReadError
from zhenggai.nlp.pipeline import extract_document

from helpers import ROOT

pytest.importorskip("rapidocr_onnxruntime", reason="the OCR engine (rapidocr-onnxruntime supports Python ≤ 3.12)")
_spec = importlib.util.spec_from_file_location("scans", ROOT / "benchmarks" / "scans.py")
scans = sys.modules["scans"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scans)
if not scans.FONTS.exists():
    pytest.skip("needs Debian's fonts-noto-cjk to print the test scans", allow_module_level=True)

NOTICE = """【虚构示例】本文为测试编写，所涉单位、人员和数字均为虚构。
中共白石县水利局党组关于县委第四轮巡察整改情况的通报
根据县委统一部署，2024年3月4日至4月30日，县委第一巡察组对县水利局党组开展了常规巡察。2024年5月20日，县委巡察组向局党组反馈了巡察意见。现将整改情况予以公布。
一、整改工作总体情况
局党组召开专题会议3次研究整改工作，对照反馈的3个问题制定整改措施7条，逐项明确责任领导和完成时限。局党组书记切实履行第一责任人职责，对重点问题亲自部署、亲自协调、亲自督办，班子成员按照分工抓好分管领域的整改，形成一级抓一级、层层抓落实的工作格局。
二、巡察反馈问题整改落实情况
1.关于“水利工程维护资金使用不规范”问题的整改
（1）对2022年以来的维护资金开展专项清查，追回违规支出资金36.5万元。
（2）修订《工程维护资金管理办法》，明确资金审批流程。
（3）对3名负有责任的干部进行诫勉谈话。
2.关于“小型水库安全管理薄弱”问题的整改
（1）对全县42座小型水库逐一开展安全检查，整改隐患17处。
（2）落实水库巡查责任人126名，组织培训2期。
3.关于“基层党组织建设有短板”问题的整改
（1）规范“三会一课”制度，全年开展主题党日活动12次。
（2）选派4名年轻干部到基层站所任职。
三、下一步工作打算
持续巩固整改成果，建立健全长效机制，推动水利事业高质量发展。
中共白石县水利局党组
2024年8月15日
"""
LOOK = scans.Look(header="白石县水利局", seed=3)
_CACHE: dict[str, object] = {}


@pytest.fixture(autouse=True)
def recognised(monkeypatch):
    """The real engine, with each distinct page image recognised once per test run (the tests read the
    same scans several ways); `calls` counts the pages the reader asked the engine for."""
    real = _CACHE.setdefault("real", engine_module.recognise)
    calls = []

    def recognise(image, settings=OcrSettings()):
        calls.append(image.shape)
        key = hashlib.sha1(image.tobytes()).hexdigest() + repr(settings)
        if key not in _CACHE:
            _CACHE[key] = real(image, settings)
        return _CACHE[key]

    monkeypatch.setattr(engine_module, "recognise", recognise)
    return calls


def text_version():
    return extract_document(read_bytes(NOTICE.encode("utf-8"), "notice.txt"))


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    return scans.scan_pdf(NOTICE, LOOK)


@pytest.fixture(scope="module")
def head_pdf() -> bytes:
    """A one-page scan: the notice's first lines."""
    return scans.scan_pdf("\n".join(NOTICE.splitlines()[:6]), LOOK)


def test_a_scanned_pdf_extracts_like_its_text_version(scan_pdf, recognised):
    pages = []
    doc = read_bytes(scan_pdf, "scan.pdf", on_page=lambda done, total: pages.append((done, total)))
    assert pages == [(0, 2), (1, 2), (2, 2)] and len(recognised) == 2
    scan, text = extract_document(doc), text_version()
    assert [(f.title, len(f.measures)) for f in scan.findings] == [(f.title, len(f.measures)) for f in text.findings]
    assert len(text.findings) == 3
    assert (scan.notice.title, scan.notice.date) == (text.notice.title, text.notice.date)
    assert scan.notice.read_by == "ocr" and scan.notice.ocr_confidence > 0.9
    assert "白石县水利局\n" not in doc.text and "— 1 —" not in doc.text  # running header, page numbers


def test_findings_carry_the_page_they_start_on(scan_pdf):
    doc = read_bytes(scan_pdf, "scan.pdf")
    assert len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    pages = [f.page for f in extract_document(doc).findings]
    starts = [doc.text.index(f.title[:6]) for f in extract_document(doc).findings]
    assert pages == [1 if s < doc.page_starts[1] else 2 for s in starts]
    assert pages[0] == 1 and pages[-1] == 2


def test_a_mixed_pdf_ocrs_only_its_page_without_text(recognised):
    lines = NOTICE.splitlines()
    head, rest = lines[:7], "\n".join(lines[7:])
    mixed = scans.join_pdfs(scans.text_layer_pdf(head), scans.scan_pdf(rest, scans.Look(seed=4, footer="")))
    doc = read_bytes(mixed, "mixed.pdf")
    assert len(recognised) == 1  # the text-layer page is read as it is
    assert doc.text.startswith(head[0]) and doc.read_by == "ocr"
    assert doc.text[doc.page_starts[1]:].startswith("（1）对2022年以来")
    assert [len(f.measures) for f in extract_document(doc).findings] == [3, 2, 2]


def test_a_few_characters_over_a_page_sized_image_are_a_scanning_apps_watermark(head_pdf, recognised):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(head_pdf))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(scans.text_layer_pdf(["扫描全能王"]))).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    doc = read_bytes(buffer.getvalue(), "watermarked.pdf")
    assert len(recognised) == 1 and "中共白石县水利局党组关于县委第四轮巡察整改情况的通报" in doc.text


def _image_bytes(fmt: str, text: str = "\n".join(NOTICE.splitlines()[1:5]), frames: int = 1) -> bytes:
    pages = [scans.scanned(p, LOOK, n) for n, p in enumerate(scans.render_pages(text, scans.Look(footer="")))]
    pages = (pages * frames)[:frames]
    buffer = io.BytesIO()
    if fmt == "TIFF":
        pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    else:
        pages[0].save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt,name", [("PNG", "scan.png"), ("JPEG", "photo.jpg"), ("TIFF", "scan.tif")])
def test_image_files_are_read_by_ocr(fmt, name):
    doc = read_bytes(_image_bytes(fmt), name)
    assert doc.format in ("png", "jpeg", "tiff") and doc.read_by == "ocr"
    assert "中共白石县水利局党组关于县委第四轮巡察整改情况的通报" in doc.text
    assert "县委第一巡察组对县水利局党组开展了常规巡察" in doc.text


def test_a_phone_photo_is_turned_upright_by_its_exif_orientation():
    from PIL import Image

    page = scans.scanned(scans.render_pages("\n".join(NOTICE.splitlines()[1:3]), scans.Look(footer=""))[0], LOOK)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show": the camera was held on its side
    buffer = io.BytesIO()
    page.rotate(90, expand=True).save(buffer, "JPEG", exif=exif.tobytes())
    assert "中共白石县水利局党组关于县委第四轮巡察整改情况的通报" in read_bytes(buffer.getvalue(), "photo.jpg").text


def test_a_multi_page_tiff_keeps_its_pages(recognised):
    pages = []
    doc = read_bytes(_image_bytes("TIFF", frames=2), "two.tiff", on_page=lambda d, t: pages.append((d, t)))
    assert pages[-1] == (2, 2) and len(recognised) == 2 and len(doc.page_starts) == 2
    assert doc.text[doc.page_starts[1]:].startswith("中共白石县水利局党组")


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_decoded(recognised):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (3000, 2000), 255).save(buffer, "PNG")
    with pytest.raises(ReadError) as err:
        read_bytes(buffer.getvalue(), "big.png", Limits(max_pixels=5_000_000))
    assert err.value.code == "R031" and "3000×2000" in str(err.value) and "3000×2000" in err.value.zh
    assert recognised == []


def test_a_pdf_page_is_rendered_to_fit_the_pixel_limit_but_a_huge_image_in_it_is_refused(head_pdf, recognised):
    doc = read_bytes(head_pdf, "scan.pdf", Limits(max_pixels=3_000_000), OcrSettings(dpi=300))
    (height, width, _), = recognised
    assert 2_900_000 < height * width <= 3_000_000 and "巡察整改情况的通报" in doc.text  # 300 dpi would be 8.7 MP
    with pytest.raises(ReadError) as err:  # the page's scanned image is 1240×1754 pixels
        read_bytes(head_pdf, "scan.pdf", Limits(max_pixels=2_000_000))
    assert err.value.code == "R031" and "page 1" in str(err.value)


@pytest.mark.parametrize("data,name", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png"),
    (_image_bytes("JPEG")[:2000], "cut.jpg"),
    (b"II*\x00" + b"\xff" * 100, "broken.tif"),
    ("这不是图片".encode("utf-8"), "notes.png"),
])
def test_a_damaged_image_gives_a_coded_error(data, name):
    with pytest.raises(ReadError) as err:
        read_bytes(data, name)
    assert err.value.code == "R030" and err.value.zh.startswith("图片无法读取")


def test_a_decompression_bomb_is_refused(recognised):
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 1, 0, 0, 0, 0)  # 3.6 G pixels, 1 bit each
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 10_000)) + chunk(b"IEND", b"")
    with pytest.raises(ReadError) as err:
        read_bytes(png, "bomb.png")
    assert err.value.code in ("R030", "R031") and recognised == []


def test_a_blank_scan_says_no_text_was_found():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ReadError) as err:
        read_bytes(buffer.getvalue(), "blank.pdf")
    assert err.value.code == "R016"


def test_the_folder_walker_finds_scans(tmp_path):
    from zhenggai.corpus.files import iter_files

    for name in ("a.png", "b.JPG", "c.tiff", "d.pdf", "e.gif"):
        (tmp_path / name).write_bytes(b"x")
    assert sorted(p.name for p, _ in iter_files([tmp_path])) == ["a.png", "b.JPG", "c.tiff", "d.pdf"]


def test_a_scan_through_ingest_search_and_the_notice_view(scan_pdf, tmp_path, monkeypatch):
    """Progress per page while it is OCR'd; a hit on it says its page; the app marks it a scan, with its
    confidence and its less certain lines (here every line under 0.999 counts as less certain)."""
    from streamlit.testing.v1 import AppTest

    from zhenggai.api import Settings, ingest_bytes, open_library

    steps = []
    with open_library(tmp_path, Settings(ocr=OcrSettings(low_confidence=0.999))) as lib:
        result = ingest_bytes(lib, scan_pdf, "scan.pdf", on_progress=lambda p: steps.append(p.step))
        assert result.status == "added" and result.findings == 3
        assert ["OCR 0/2 页", "OCR 1/2 页", "OCR 2/2 页"] == [s for s in steps if s.startswith("OCR")]
        assert steps.index("OCR 2/2 页") < steps.index("写入")
        hits = lib.search("基层党组织建设有短板", mode="lexical", top=3)
        assert hits and hits[0].page == 2 and hits[0].to_dict()["page"] == 2
        notice = lib.document(result.notice_id).notice
        assert notice.read_by == "ocr" and notice.ocr_confidence > 0.9 and notice.low_confidence
    monkeypatch.setenv("ZHENGGAI_DB", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("ui/document.py").run()
    assert not at.exception, [e.value for e in at.exception]
    body = "\n".join(m.value for m in at.markdown)
    assert "扫描件（OCR识别）" in body and "平均置信度" in body and '<span class="lowconf"' in body
