"""End to end: `zhenggai app` started as a user starts it, driven in headless Chromium (Debian's).

Saves tests/screenshots/search.png (a search result) and import.png (an upload with a broken file).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from helpers import ROOT, SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
SHOTS = ROOT / "tests" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_library):
    port = free_port()
    SHOTS.mkdir(exist_ok=True)
    log = open(SHOTS / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "zhenggai.cli", "app", "--db", str(sample_library.folder),
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "BROWSER": "none"})
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
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def page(server):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(120_000)
        yield tab
        browser.close()


def test_search_in_the_browser(server, page):
    page.goto(server)
    page.get_by_text("整改通报检索").first.wait_for()
    box = page.get_by_label("输入要查找的问题或做法")
    box.fill("借调人员没有备案")
    box.press("Enter")
    page.get_by_text("在原文中查看").first.wait_for()
    assert page.locator("mark").count() > 0
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    page.get_by_text("在原文中查看").first.click()  # the link opens the notice at that finding
    page.get_by_text("【定位】").first.wait_for()
    assert "document" in page.url and "at=" in page.url


def test_upload_a_notice_and_a_broken_file(server, page, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a pdf")
    notice = tmp_path / "new-notice.txt"
    notice.write_text((SAMPLES / "city-audit-2024.txt").read_text(encoding="utf-8") + "\n（上传测试）\n",
                      encoding="utf-8")
    page.goto(server + "/import")
    page.get_by_text("导入通报").first.wait_for()
    page.locator("input[type=file]").set_input_files([str(notice), str(broken)])
    page.get_by_text("broken.pdf").first.wait_for()
    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_text("不是有效的 PDF 文件").first.wait_for()
    page.get_by_text("已导入").first.wait_for()
    page.screenshot(path=str(SHOTS / "import.png"), full_page=True)
