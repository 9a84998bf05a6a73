"""End to end: `zhenggai app` started as a user starts it, driven in headless Chromium (Debian's).

The library holds the samples plus a notice without a date or an issuer. Screenshots of every page, the
upload and the notice view go to tests/screenshots/ (kept by CI as artifacts), with timings.json: how
long each interaction took until its answer was on screen (measured and recorded, not asserted).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from helpers import ROOT, SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
SHOTS = ROOT / "tests" / "screenshots"
UNDATED = ("【虚构示例】没有日期也没有发布单位的通报。\n关于巡察整改情况的通报\n一、巡察反馈问题整改落实情况\n"
           "1.关于“食堂采购台账缺失”的问题。一是建立食堂采购台账；二是追回多付货款3.2万元。\n")
# Each page, where it lives (the default page at the root) and the text its last part shows.
PAGES = {"检索": ("", "支持同义表述"), "相似措施": ("similar", "所选问题"), "统计": ("stats", "目标与实际"),
         "分析": ("analysis", "多个单位共有的问题"), "文档": ("document", "原文（数字已标出）"), "导入": ("import", "选择文件")}
PLACEHOLDERS = re.compile(r"\bNone\b|\bnan\b|Choose an? option|Choose options|No results|Press Enter")
timings: dict[str, float] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def library(sample_library, tmp_path_factory):
    from zhenggai.api import Settings, ingest_bytes, open_library

    folder = tmp_path_factory.mktemp("browser") / "lib"
    shutil.copytree(sample_library.folder, folder, ignore=shutil.ignore_patterns("*.lock"))
    with open_library(folder, Settings()) as lib:
        assert ingest_bytes(lib, UNDATED.encode(), "undated.txt").status == "added"
    return folder


@pytest.fixture(scope="module")
def server(library):
    port = free_port()
    SHOTS.mkdir(exist_ok=True)
    log_path = SHOTS / "app.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "zhenggai.cli", "app", "--db", str(library), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "BROWSER": "none"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the app did not start")
    yield url, log_path
    proc.terminate()
    proc.wait(timeout=30)
    log.close()
    (SHOTS / "timings.json").write_text(json.dumps(timings, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def page(server):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        tab = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        tab.set_default_timeout(120_000)
        yield tab
        browser.close()


def timed(name: str, action, until) -> None:
    started = time.perf_counter()
    action()
    until()
    timings[name] = round(time.perf_counter() - started, 3)


FULL_HEIGHT = """() => {
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    const main = document.querySelector('[data-testid="stMain"]');
    let h = document.documentElement.scrollHeight;
    if (block) h = Math.max(h, block.scrollHeight + 120);
    if (main) h = Math.max(h, main.scrollHeight);
    return Math.ceil(h);
}"""


def shoot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its own container, so the window is made
    as tall as that container's content (up to 16,000 px), shot, and given its size back."""
    size = page.viewport_size
    height = min(max(page.evaluate(FULL_HEIGHT), size["height"]), 16_000)
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    page.set_viewport_size(size)


def settle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def test_search_in_the_browser(server, page):
    url, _ = server
    page.goto(url)
    page.get_by_text("整改通报检索").first.wait_for()
    box = page.get_by_label("输入要查找的问题或做法")
    box.fill("借调人员没有备案")  # the first search loads the model: not timed
    box.press("Enter")
    page.get_by_text("在原文中查看").first.wait_for()
    box.fill("政府采购程序不规范")
    timed("search", lambda: box.press("Enter"), lambda: page.get_by_text("化整为零").first.wait_for())
    assert page.locator("mark").count() > 0
    shoot(page, "search.png")
    timed("open the notice at a result", lambda: page.get_by_text("在原文中查看").first.click(),
          lambda: page.get_by_text("【定位】").first.wait_for())
    assert "document" in page.url and "at=" in page.url
    assert page.locator("mark.located").count() == 1
    page.wait_for_timeout(500)
    box = page.locator(".doc-title").bounding_box()  # the title stays in view beside the located passage
    assert box is not None and 0 <= box["y"] < 1000, box
    assert page.locator("mark.located mark.fig").count() >= 0
    shoot(page, "document.png")


def test_back_restores_the_search(server, page):
    url, _ = server
    page.goto(url)
    box = page.get_by_label("输入要查找的问题或做法")
    box.fill("政府采购程序不规范")
    box.press("Enter")
    page.get_by_text("在原文中查看").first.wait_for()
    page.wait_for_function("() => location.search.includes('query=')")
    page.get_by_text("在原文中查看").first.click()
    page.get_by_text("【定位】").first.wait_for()
    timed("back to the search", page.go_back, lambda: page.get_by_text("在原文中查看").first.wait_for())
    query_in_box(page, "政府采购程序不规范")
    page.reload()  # and a reload, as a shared link would
    page.get_by_text("在原文中查看").first.wait_for()
    query_in_box(page, "政府采购程序不规范")


def query_in_box(page, query: str) -> None:
    """The search box shows `query` (the box is mounted again just after the results: a moment's wait)."""
    page.wait_for_function("q => [...document.querySelectorAll('input')].some(i => i.value === q)", arg=query,
                           timeout=10_000)
    assert page.get_by_label("输入要查找的问题或做法").input_value() == query


def test_one_card_per_finding(server, page):
    url, _ = server
    page.goto(url + "/?query=" + urllib.parse.quote("政府采购") + "&rtype=" + urllib.parse.quote("整改措施"))
    page.get_by_text("在原文中查看").first.wait_for()
    settle(page)
    titles = [re.sub(r"^\d+\. ", "", t) for t in page.locator("strong").all_inner_texts() if "【整改措施】" in t]
    assert titles and len(titles) == len(set(titles)), titles
    shoot(page, "search-measures.png")


def search_for(server, page, query: str, expect: str) -> None:
    page.goto(server[0])
    box = page.get_by_label("输入要查找的问题或做法")
    box.fill(query)
    box.press("Enter")
    page.get_by_text(expect).first.wait_for()


def test_a_notice_without_date_or_issuer_is_found_by_default(server, page):
    search_for(server, page, "食堂采购台账缺失", "食堂采购台账缺失")
    assert page.get_by_text("日期不详").count() > 0


def test_an_off_topic_query_is_told_there_is_no_match(server, page):
    search_for(server, page, "明年春节放几天假", "没有找到相关结果")
    shoot(page, "no-match.png")


def test_every_page_without_placeholders(server, page):
    url, _ = server
    page.goto(url)
    page.get_by_text("支持同义表述").first.wait_for()
    nav = page.locator('[data-testid="stSidebarNav"]')
    for title, (path, last) in PAGES.items():  # switching pages inside the app, as a user does
        timed(f"switch to {title}", lambda: nav.get_by_text(title, exact=True).click(),
              lambda: (page.get_by_text(last).first.wait_for(), settle(page)))
        page.wait_for_timeout(500)
        text = page.inner_text("body")
        assert not PLACEHOLDERS.search(text), (title, PLACEHOLDERS.search(text).group())
        shoot(page, f"page-{path}.png")


def test_the_statistics_export_opens_with_a_frozen_header(server, page, tmp_path):
    import openpyxl

    url, _ = server
    page.goto(url + "/stats")
    page.get_by_text("下载 Excel").first.wait_for()
    with page.expect_download() as download:
        page.get_by_text("下载 Excel").first.click()
    path = tmp_path / "figures.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.title == "数字" and "说明" in book.sheetnames
    header = [c.value for c in sheet[1]]
    values = [row[header.index("数值")].value for row in sheet.iter_rows(min_row=2)]
    assert values and all(isinstance(v, (int, float)) for v in values if v is not None)  # numbers stay numbers
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_the_ledger_downloads_from_the_notice_view_and_the_search(server, page, library, tmp_path):
    import docx
    import openpyxl

    from zhenggai.api import LEDGER_COLUMNS, Settings, open_library

    with open_library(library, Settings(), readonly=True) as lib:
        notice = max(lib.notices(), key=lambda n: n["findings"])
        titles = [f.title for f in lib.document(notice["id"]).findings]
    url, _ = server
    page.goto(f"{url}/document?notice={notice['id']}")
    page.get_by_text("整改台账 Word").first.wait_for()
    with page.expect_download() as download:
        page.get_by_text("整改台账 Word").first.click()
    download.value.save_as(tmp_path / "l.docx")
    table = docx.Document(tmp_path / "l.docx").tables[0]
    assert [c.text for c in table.rows[0].cells] == list(LEDGER_COLUMNS)
    assert len(table.rows) == len(titles) + 1 and all(t in r.cells[1].text for t, r in zip(titles, table.rows[1:]))
    page.goto(url + "/?query=" + urllib.parse.quote("政府采购程序不规范"))
    page.get_by_text("整改台账 Excel").first.wait_for()
    with page.expect_download() as download:
        page.get_by_text("整改台账 Excel").first.click()
    download.value.save_as(tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "l.xlsx")["整改台账"]
    cards = page.locator("strong").all_inner_texts()
    assert sheet.max_row - 1 == len([c for c in cards if re.match(r"^\d+\. 【", c)])


def test_upload_a_notice_and_a_broken_file(server, page, tmp_path):
    url, _ = server
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a pdf")
    notice = tmp_path / "new-notice.txt"
    notice.write_text((SAMPLES / "city-audit-2024.txt").read_text(encoding="utf-8") + "\n（上传测试）\n",
                      encoding="utf-8")
    page.goto(url + "/import")
    page.get_by_text("导入通报").first.wait_for()
    page.locator("input[type=file]").set_input_files([str(notice), str(broken)])
    page.get_by_text("broken.pdf").first.wait_for()
    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_text("不是有效的 PDF 文件").first.wait_for()
    page.get_by_text("已导入").first.wait_for()
    assert page.get_by_text("查看 new-notice.txt").count() == 1
    assert page.locator("input[type=file]").count() == 1 and page.get_by_text("broken.pdf", exact=True).count() <= 1
    shoot(page, "import.png")


def test_the_console_stays_quiet(server, page):
    _, log_path = server
    noise = [line for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines()
             if line.strip() and not re.search(r"You can now view|URL:|^\s*$|starting at", line)]
    assert not noise, noise[:10]
