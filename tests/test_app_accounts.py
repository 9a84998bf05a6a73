"""The app with accounts, driven by streamlit.testing's AppTest: login, a wrong password, lockout,
pages by role (also reached directly), an editor's import, the admin pages, logout and idle expiry;
and the operations' own checks (Workspace), whatever page calls them."""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from helpers import ROOT, SAMPLES
from zhenggai import api

PASSWORDS = {"ada": ("admin", "ada-password-1"), "eve": ("editor", "eve-password-1"),
             "rui": ("reader", "rui-password-1")}


@pytest.fixture()
def folder(sample_library, tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    shutil.copytree(sample_library.folder, folder, ignore=shutil.ignore_patterns("*.lock"))
    accounts = api.accounts(folder)
    for name, (role, password) in PASSWORDS.items():
        accounts.add(name, role, password, by=api.cli_actor())
    monkeypatch.setenv("ZHENGGAI_DB", str(folder))
    return folder


def start() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def login(at: AppTest, name: str, password: str | None = None) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password if password is not None else PASSWORDS[name][1])
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def logged_in(name: str) -> AppTest:
    at = login(start(), name)
    assert any(c.value.startswith(f"用户：{name}") for c in at.sidebar.caption)
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def audit(folder, **filters) -> list[dict]:
    return api.accounts(folder).log.rows(**filters)


def page_reachable(at: AppTest, path: str) -> bool:
    try:
        at.switch_page(path)
    except ValueError:  # not among this session's navigation pages: no URL leads to it
        return False
    at.run()
    return True


def test_nothing_but_the_login_form_before_logging_in(folder):
    at = start()
    assert [t.label for t in at.text_input] == ["用户名", "密码"] and [b.label for b in at.button] == ["登录"]
    assert not at.header and not at.expander  # no page ran
    for page in ("ui/search.py", "ui/importer.py"):  # asking for a page by its path shows the login form again
        if page_reachable(at, page):
            assert not at.header and [b.label for b in at.button] == ["登录"]


def test_a_wrong_password_and_a_wrong_name_say_the_same(folder):
    at = login(start(), "rui", "not-the-password")
    assert errors(at) == ["用户名或密码错误。"]
    login(at, "nobody", "rui-password-1")
    assert errors(at) == ["用户名或密码错误。"]
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert [r["user"] for r in audit(folder, action="login.failed")] == ["rui", "(unknown)"]


def test_five_wrong_passwords_lock_the_account(folder):
    at = start()
    for _ in range(4):
        assert errors(login(at, "eve", "wrong-password")) == ["用户名或密码错误。"]
    assert "锁定" in errors(login(at, "eve", "wrong-password"))[0]
    assert "锁定" in errors(login(at, "eve"))[0]  # the right password is refused while locked
    assert len(audit(folder, action="login.locked")) == 1


def test_a_reader_can_search_but_cannot_reach_import_or_the_audit_log(folder):
    at = logged_in("rui")
    assert not page_reachable(at, "ui/importer.py") and not page_reachable(at, "ui/audit.py")
    assert not page_reachable(at, "ui/users.py")
    at.text_input(key="query").input("借调人员没有备案").run()
    assert any("借调" in m.value for m in at.markdown)
    assert audit(folder, action="search")[-1]["detail"]["query"] == "借调人员没有备案"
    assert page_reachable(at, "ui/stats.py") and not at.get("download_button")  # statistics without exports


@pytest.mark.parametrize("page", ["ui/importer.py", "ui/audit.py", "ui/users.py"])
def test_a_restricted_page_run_by_itself_refuses_a_reader(folder, page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state["_zg_actor"] = api.Actor("rui", "reader")
    at.run()
    assert errors(at) == ["当前账户无权使用此页面。"] and not at.file_uploader and not at.dataframe


def test_an_editor_imports_a_notice(folder):
    at = logged_in("eve")
    assert page_reachable(at, "ui/importer.py")
    notice = (SAMPLES / "city-audit-2024.txt").read_text(encoding="utf-8") + "\n（编辑上传）\n"
    at.file_uploader[0].set_value(("uploaded.txt", notice.encode("utf-8"), "text/plain")).run()
    at.button(key="do_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已导入" in s.value for s in at.success)
    row = audit(folder, action="ingest")[-1]
    assert row["user"] == "eve" and row["detail"]["file"] == "uploaded.txt" and row["detail"]["status"] == "added"
    assert not page_reachable(at, "ui/audit.py")
    assert page_reachable(at, "ui/stats.py") and len(at.get("download_button")) == 2


def test_the_administrator_manages_accounts_and_reads_the_log(folder):
    at = logged_in("ada")
    assert page_reachable(at, "ui/users.py")
    at.text_input(key="add_name").input("mei")
    at.selectbox(key="add_role").set_value("editor")
    at.text_input(key="add_password").input("mei-password-1")
    at.text_input(key="add_again").input("mei-password-1")
    next(b for b in at.button if b.label == "添加账户").click().run()
    assert any("mei" in s.value for s in at.success)
    assert ("mei", "editor") in [(u.name, u.role) for u in api.accounts(folder).users()]
    assert page_reachable(at, "ui/audit.py")
    assert any(m.value.startswith("审计日志完整") for m in at.success)
    table = at.dataframe[0].value
    assert {"user.add", "login"} <= set(table["代码"]) and "mei" in table.to_string()
    at.selectbox(key="audit_action").set_value("user").run()
    assert set(at.dataframe[0].value["代码"]) == {"user.add"}
    assert len(at.get("download_button")) == 2


def test_logout_ends_the_session(folder):
    at = logged_in("rui")
    at.button(key="logout").click().run()
    assert [b.label for b in at.button] == ["登录"]
    assert [r["user"] for r in audit(folder, action="logout")] == ["rui"]
    with sqlite3.connect(folder / "accounts.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_an_idle_session_expires(folder):
    at = logged_in("rui")
    with sqlite3.connect(folder / "accounts.db") as conn:  # 31 idle minutes, without waiting for them
        conn.execute("UPDATE sessions SET seen = seen - 31 * 60, created = created - 31 * 60")
    at.run()
    assert [b.label for b in at.button] == ["登录"] and any("超时" in i.value for i in at.info)
    assert audit(folder, action="logout")[-1]["detail"] == {"reason": "expired"}


# --- the operations check the role themselves -------------------------------------------------------

def test_the_operations_refuse_a_reader_whatever_calls_them(folder):
    with api.open_library(folder, api.Settings()) as lib:
        reader = api.Workspace(lib, api.Actor("rui", "reader"))
        before = len(lib.notices())
        with pytest.raises(api.AccessDenied):
            reader.ingest_bytes(b"whatever", "x.txt")
        with pytest.raises(api.AccessDenied):
            reader.remove(lib.notices()[0]["id"])
        with pytest.raises(api.AccessDenied):
            reader.export("figures", "csv", [{"a": 1}], ["a"])
        with pytest.raises(api.AccessDenied):
            reader.audit_rows()
        assert len(lib.notices()) == before
        editor = api.Workspace(lib, api.Actor("eve", "editor"))
        assert editor.export("figures", "csv", [{"a": 1}], ["a"]).startswith(b"\xef\xbb\xbfa")
        victim = lib.notices()[0]
        assert editor.remove(victim["id"]) and len(lib.notices()) == before - 1
    rows = audit(folder)
    assert [r["detail"]["action"] for r in rows if r["action"] == "denied"] == ["ingest", "remove", "export", "audit"]
    assert rows[-2]["action"] == "export" and rows[-1]["action"] == "remove"
    assert rows[-1]["detail"]["title"] == victim["title"] and api.accounts(folder).log.verify().intact


def test_the_ledger_is_for_those_who_may_export_and_is_logged(folder):
    with api.open_library(folder, api.Settings()) as lib:
        notice = lib.notices()[0]["id"]
        with pytest.raises(api.AccessDenied):
            api.Workspace(lib, api.Actor("rui", "reader")).ledger([(notice, None)], "xlsx")
        data = api.Workspace(lib, api.Actor("eve", "editor")).ledger([(notice, None)], "docx")
        assert data[:2] == b"PK"
    rows = audit(folder)
    assert rows[-2]["action"] == "denied" and rows[-2]["detail"]["action"] == "export"
    assert rows[-1]["action"] == "export" and rows[-1]["detail"]["what"] == "ledger"
    assert rows[-1]["detail"]["format"] == "docx" and rows[-1]["detail"]["notices"] == [notice]
