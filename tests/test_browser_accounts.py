"""Accounts end to end: `zhenggai app` on a library with accounts, driven in headless Chromium (Debian's):
login, a wrong password, lockout, a reader who cannot reach 导入 or 审计日志 (not even by URL), an
editor who imports, the administrator's log, logout; a reload keeps the login, logout ends it. And a
library without accounts refuses a browser that comes through a proxy from elsewhere.
Screenshots go to tests/screenshots/ (login*.png)."""
from __future__ import annotations

import shutil

import pytest

from helpers import ROOT, SAMPLES, app_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
SHOTS = ROOT / "tests" / "screenshots"
ACCOUNTS = {"ada": "admin", "eve": "editor", "rui": "reader", "kai": "reader"}
PASSWORD = "Saffron-Lantern-31"


@pytest.fixture(scope="module")
def server(sample_library, tmp_path_factory):
    from zhenggai import api

    folder = tmp_path_factory.mktemp("browser-accounts") / "lib"
    shutil.copytree(sample_library.folder, folder, ignore=shutil.ignore_patterns("*.lock"))
    store = api.accounts(folder)
    for name, role in ACCOUNTS.items():
        store.add(name, role, PASSWORD, by=api.cli_actor())
    SHOTS.mkdir(exist_ok=True)
    with app_server(folder, log=SHOTS / "app-accounts.log") as url:
        yield url, folder


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh browser profile per test: no cookie from another test's login."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    yield tab
    context.close()


def log_in(page, url: str, name: str, password: str = PASSWORD, path: str = "") -> None:
    page.goto(url + "/" + path)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def logged_in(page, url: str, name: str, path: str = "") -> None:
    """Log in and wait until the browser holds its cookie (asked for by the page right after the login)."""
    log_in(page, url, name, path=path)
    page.get_by_text(f"用户：{name}（").wait_for()
    for _ in range(100):
        if any(c["name"].startswith("zhenggai_") for c in page.context.cookies()):
            return
        page.wait_for_timeout(100)
    pytest.fail("no session cookie after the login")


def nav(page):
    return page.locator('[data-testid="stSidebarNav"]')


def test_login_a_wrong_password_and_a_reload(server, page):
    url, _ = server
    log_in(page, url, "rui", "not-the-password")
    page.get_by_text("用户名或密码错误").wait_for()
    page.screenshot(path=str(SHOTS / "login-wrong.png"), full_page=True)
    logged_in(page, url, "rui")
    nav(page).get_by_text("检索", exact=True).wait_for()
    assert nav(page).get_by_text("导入", exact=True).count() == 0 and nav(page).get_by_text("审计日志").count() == 0
    cookies = [c for c in page.context.cookies() if c["name"].startswith("zhenggai_")]
    assert len(cookies) == 1 and cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict"
    page.reload()
    page.get_by_text("用户：rui（查阅）").wait_for()  # still logged in
    page.screenshot(path=str(SHOTS / "login-reader.png"), full_page=True)


@pytest.mark.parametrize("path, header", [("import", "导入通报"), ("audit", "审计日志"), ("users", "用户管理")])
def test_a_reader_cannot_reach_a_page_by_its_url(server, page, path, header):
    url, _ = server
    logged_in(page, url, "rui")
    page.goto(f"{url}/{path}")
    page.get_by_text("Page not found").first.wait_for()  # Streamlit's answer: no such page for this account
    page.keyboard.press("Escape")
    page.get_by_text("用户：rui（查阅）").wait_for()
    assert page.get_by_role("heading", name=header).count() == 0 and page.locator("input[type=file]").count() == 0


def test_the_cookie_route_sets_nothing_without_a_fresh_code_from_this_site(server):
    import urllib.error
    import urllib.request

    url, _ = server
    for headers in ({}, {"Origin": "https://elsewhere.example"}):
        request = urllib.request.Request(url + "/_zhenggai/session", data=b"made-up-code", headers=headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403 and "set-cookie" not in {k.lower() for k in refused.value.headers}


def test_five_wrong_passwords_lock_the_account(server, page):
    url, folder = server
    for _ in range(4):
        log_in(page, url, "kai", "wrong-password")
        page.get_by_text("用户名或密码错误").wait_for()
    log_in(page, url, "kai", "wrong-password")
    page.get_by_text("已被锁定").wait_for()
    log_in(page, url, "kai")  # the right password now waits for the lock to pass
    page.get_by_text("已被锁定").wait_for()
    assert page.get_by_text("用户：kai").count() == 0
    page.screenshot(path=str(SHOTS / "login-locked.png"), full_page=True)


def test_an_editor_imports_a_notice(server, page, tmp_path):
    url, _ = server
    notice = tmp_path / "editor-upload.txt"
    notice.write_text((SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8") + "\n（录入测试）\n",
                      encoding="utf-8")
    logged_in(page, url, "eve")
    nav(page).get_by_text("导入", exact=True).click()
    page.get_by_text("选择文件").first.wait_for()
    page.locator("input[type=file]").set_input_files([str(notice)])
    page.get_by_text("editor-upload.txt").first.wait_for()
    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_text("已导入").first.wait_for()
    assert nav(page).get_by_text("审计日志").count() == 0


def test_the_administrator_reads_the_audit_log(server, page):
    url, _ = server
    logged_in(page, url, "ada")
    nav(page).get_by_text("审计日志").click()
    page.get_by_text("审计日志完整").wait_for()
    page.get_by_text("导出 CSV").wait_for()
    page.screenshot(path=str(SHOTS / "login-audit.png"), full_page=True)
    nav(page).get_by_text("用户管理").click()
    page.get_by_role("button", name="添加账户").wait_for()


def _library_id(folder) -> str:
    from zhenggai import api

    return api.accounts(folder).library_id()


def test_logout_ends_the_session_for_good(server, page):
    url, folder = server
    logged_in(page, url, "rui")
    token = next(c["value"] for c in page.context.cookies() if c["name"].startswith("zhenggai_"))
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for()
    for _ in range(100):  # the page asks for the cookie to be cleared
        if not any(c["name"].startswith("zhenggai_") for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the session cookie stayed after logout")
    page.reload()
    page.get_by_role("button", name="登录").wait_for()
    assert page.get_by_text("用户：rui").count() == 0
    # and the old token opens nothing, even sent again by hand: the session ended on the server
    page.context.add_cookies([{"name": cookie, "value": token, "url": url}
                              for cookie in ["zhenggai_" + _library_id(folder)[:12]]])
    page.reload()
    page.get_by_role("button", name="登录").wait_for()
    assert page.get_by_text("用户：rui").count() == 0


def test_a_library_without_accounts_refuses_a_browser_from_elsewhere(browser, tmp_path):
    with app_server(tmp_path / "lib") as url:
        context = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
        tab = context.new_page()
        tab.goto(url)
        tab.get_by_text("只对本机开放").wait_for(timeout=60_000)
        assert tab.get_by_role("button", name="一键载入示例通报").count() == 0
        context.close()
        local = browser.new_context().new_page()  # on this machine it works as before, without a login
        local.goto(url)
        local.get_by_text("本机单人使用").wait_for(timeout=60_000)
        local.context.close()
