"""Accounts, roles, sessions and the audit chain, on a library folder of their own (no model needed)."""
from __future__ import annotations

import os
import sqlite3

import pytest

from zhenggai import api
from zhenggai.accounts.store import Accounts
from zhenggai.config import AccountSettings

CLI = api.cli_actor()


class Clock:
    """A clock the test moves by hand: lockouts and idle sessions without waiting."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2id with small costs here: the same code path, without 64 MiB and 3 passes per password."""
    from argon2 import PasswordHasher

    from zhenggai.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture()
def clock():
    return Clock()


@pytest.fixture()
def store(tmp_path, clock):
    accounts = Accounts(tmp_path / "lib", AccountSettings(), clock)
    accounts.add("ada", "admin", "ada-password-1", by=CLI)
    accounts.add("rui", "reader", "rui-password-1", by=CLI)
    accounts.add("eve", "editor", "eve-password-1", by=CLI)
    return accounts


def tamper(store: Accounts, sql: str, *args) -> None:
    """What someone with write access to the file can do behind zhenggai's back."""
    with sqlite3.connect(store.db.path) as conn:
        conn.execute(sql, args)


def test_accounts_are_listed_without_secrets_and_names_are_unique(store):
    assert [(u.name, u.role) for u in store.users()] == [("ada", "admin"), ("eve", "editor"), ("rui", "reader")]
    assert set(store.users()[0].to_dict()) == {"name", "role", "created", "last_login", "locked"}
    with pytest.raises(api.AccountError) as exc:
        store.add("ADA", "reader", "another-password", by=CLI)
    assert exc.value.code == "A002"


@pytest.mark.parametrize("name, role, password, code", [
    ("bo", "reader", "short", "A004"), ("bo", "owner", "long-enough", "A007"), ("a b", "reader", "long-enough", "A006"),
    ("cli:x", "reader", "long-enough", "A006"), ("", "reader", "long-enough", "A006")])
def test_bad_accounts_are_refused(store, name, role, password, code):
    with pytest.raises(api.AccountError) as exc:
        store.add(name, role, password, by=CLI)
    assert exc.value.code == code and exc.value.zh


def test_the_clear_password_is_nowhere_in_the_folder(store):
    store.set_password("rui", "Zebra-Crossing-42", by=CLI)
    assert store.login("rui", "Zebra-Crossing-42").outcome == "ok"
    assert store.login("rui", "Zebra-Crossing-43").outcome == "wrong"
    for path in store.folder.iterdir():
        data = path.read_bytes()
        assert b"Zebra-Crossing" not in data and "Zebra-Crossing".encode("utf-16-le") not in data, path


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(store):
    assert store.login("rui", "not-her-password").outcome == "wrong"
    assert store.login("nobody", "rui-password-1").outcome == "wrong"
    failed = store.log.rows(action="login.failed")
    assert [r["user"] for r in failed] == ["rui", "(unknown)"]
    assert "nobody" not in str(failed)  # a name typed in the wrong field may be a password: only a digest is kept


def test_five_failures_lock_the_account_for_fifteen_minutes(store, clock):
    for _ in range(4):
        assert store.login("eve", "wrong-password").outcome == "wrong"
    assert store.login("eve", "wrong-password").outcome == "locked"
    assert store.login("eve", "eve-password-1").outcome == "locked"  # the right password waits too
    assert [u.locked for u in store.users() if u.name == "eve"] == [True]
    locked = store.log.rows(action="login.locked")
    assert len(locked) == 1 and locked[0]["user"] == "eve"
    clock.advance(14)
    assert store.login("eve", "eve-password-1").outcome == "locked"
    clock.advance(2)
    assert store.login("eve", "eve-password-1").outcome == "ok"


def test_a_success_resets_the_count(store):
    for _ in range(4):
        store.login("eve", "wrong-password")
    assert store.login("eve", "eve-password-1").outcome == "ok"
    for _ in range(4):
        assert store.login("eve", "wrong-password").outcome == "wrong"


def test_sessions_end_when_idle_at_logout_and_with_the_password(store, clock):
    login = store.login("rui", "rui-password-1")
    assert store.session(login.token) == (api.Actor("rui", "reader"), False)
    clock.advance(29)
    assert store.session(login.token)[0] is not None  # in use: the idle time starts again
    clock.advance(29)
    assert store.session(login.token)[0] is not None
    clock.advance(31)
    assert store.session(login.token) == (None, True)
    assert store.session(login.token) == (None, False)  # gone for good
    second = store.login("rui", "rui-password-1")
    store.logout(second.token, second.actor)
    assert store.session(second.token)[0] is None
    third = store.login("rui", "rui-password-1")
    store.set_password("rui", "a-new-password", by=CLI)
    assert store.session(third.token)[0] is None
    with sqlite3.connect(store.db.path) as conn:  # only digests of tokens are stored
        stored = [r[0] for r in conn.execute("SELECT id FROM sessions")]
    assert login.token not in stored and second.token not in stored


def test_a_role_change_applies_at_once_and_removal_ends_the_session(store):
    login = store.login("eve", "eve-password-1")
    store.set_role("eve", "reader", by=CLI)
    assert store.session(login.token)[0] == api.Actor("eve", "reader")
    store.remove("eve", by=CLI)
    assert store.session(login.token)[0] is None


def test_the_last_administrator_stays(store):
    with pytest.raises(api.AccountError) as exc:
        store.remove("ada", by=CLI)
    assert exc.value.code == "A008"
    with pytest.raises(api.AccountError):
        store.set_role("ada", "editor", by=CLI)
    store.set_role("eve", "admin", by=CLI)
    store.remove("ada", by=CLI)


def test_only_administrators_change_accounts(store):
    reader = store.login("rui", "rui-password-1").actor
    with pytest.raises(api.AccessDenied):
        store.add("mallory", "admin", "mallory-password", by=reader)
    editor = api.Actor("eve", "editor")
    with pytest.raises(api.AccessDenied):
        store.set_role("eve", "admin", by=editor)
    assert "mallory" not in [u.name for u in store.users()]
    assert [r["detail"]["action"] for r in store.log.rows(action="denied")] == ["accounts", "accounts"]


@pytest.mark.parametrize("role, may, may_not", [
    ("reader", {"read", "search", "view"}, {"ingest", "remove", "export", "accounts", "audit"}),
    ("editor", {"search", "ingest", "remove", "export"}, {"accounts", "audit", "reindex"}),
    ("admin", {"search", "ingest", "export", "accounts", "audit"}, set())])
def test_roles(role, may, may_not):
    assert all(api.allowed(role, a) for a in may) and not any(api.allowed(role, a) for a in may_not)
    assert not api.allowed(role, "anything-else") and not api.allowed("owner", "search")


# --- the audit chain ---------------------------------------------------------------------------------

def test_every_account_change_is_one_row_and_the_chain_verifies(store):
    rows = store.log.rows()
    assert [(r["user"], r["action"], r["detail"]["name"]) for r in rows] == [
        (CLI.name, "user.add", "ada"), (CLI.name, "user.add", "rui"), (CLI.name, "user.add", "eve")]
    verdict = store.log.verify()
    assert verdict.intact and verdict.rows == 3 and verdict.head_seq == 3 and len(verdict.head_hash) == 64


def _grow(store: Accounts, n: int = 6) -> None:
    for i in range(n):
        store.log.record("rui", "search", {"query": f"问题 {i}"})


def test_an_edited_row_is_named(store):
    _grow(store)
    tamper(store, "UPDATE audit SET detail = ? WHERE seq = 5", '{"query":"别的"}')
    verdict = store.log.verify()
    assert not verdict.intact and (verdict.bad_seq, verdict.problem) == (5, "changed")
    assert "#5" in verdict.message() and "#5" in verdict.message_zh()


def test_an_edited_row_with_a_fresh_hash_is_named_by_its_successor(store):
    from zhenggai.accounts.audit import row_hash

    _grow(store)
    with sqlite3.connect(store.db.path) as conn:
        seq, time, user, action, prev = conn.execute(
            "SELECT seq, time, user, action, prev FROM audit WHERE seq = 4").fetchone()
        conn.execute("UPDATE audit SET user = 'ada', hash = ? WHERE seq = 4",
                     (row_hash(prev, seq, time, "ada", action, '{"query":"问题 0"}'),))
        conn.execute("UPDATE audit SET detail = ? WHERE seq = 4", ('{"query":"问题 0"}',))
    verdict = store.log.verify()
    assert (verdict.intact, verdict.bad_seq, verdict.problem) == (False, 4, "changed")


@pytest.mark.parametrize("seq", [1, 5])
def test_a_removed_row_is_named(store, seq):
    _grow(store)
    tamper(store, "DELETE FROM audit WHERE seq = ?", seq)
    verdict = store.log.verify()
    assert (verdict.intact, verdict.bad_seq, verdict.problem) == (False, seq, "removed")


def test_a_removed_row_renumbered_is_still_caught(store):
    _grow(store)
    tamper(store, "DELETE FROM audit WHERE seq = 5")
    tamper(store, "UPDATE audit SET seq = seq - 1 WHERE seq > 5")
    verdict = store.log.verify()
    assert not verdict.intact and verdict.bad_seq == 5


def test_a_cut_tail_is_caught_unless_the_sequence_is_rewound_too(store):
    _grow(store)
    tamper(store, "DELETE FROM audit WHERE seq > 6")
    verdict = store.log.verify()
    assert (verdict.intact, verdict.bad_seq, verdict.problem) == (False, 7, "tail removed")
    store.log.record("ada", "login", {})  # later rows do not hide the gap
    assert store.log.verify().bad_seq == 7
    # The documented limit: whoever also rewinds SQLite's sequence leaves a shorter, consistent chain,
    # which only a head kept elsewhere (number and hash printed by --verify) can expose.
    tamper(store, "DELETE FROM audit WHERE seq > 6")
    tamper(store, "UPDATE sqlite_sequence SET seq = 6 WHERE name = 'audit'")
    verdict = store.log.verify()
    assert verdict.intact and verdict.head_seq == 6


def test_filters(store):
    _grow(store, 2)
    store.log.record("ada", "user.role", {"name": "rui", "role": "editor"})
    assert [r["action"] for r in store.log.rows(action="user")] == ["user.add"] * 3 + ["user.role"]
    assert len(store.log.rows(user="rui")) == 2
    from datetime import datetime, timedelta, timezone

    assert store.log.rows(since=datetime.now(timezone.utc) + timedelta(days=1)) == []
    assert len(store.log.rows(since=datetime.now(timezone.utc) - timedelta(days=1))) == 6
    assert store.log.rows(action="user_") == []  # LIKE wildcards are literal


def test_concurrent_writers_never_fork_the_chain(tmp_path):
    import threading

    log = Accounts(tmp_path / "lib").log
    threads = [threading.Thread(target=lambda i=i: [log.record(f"u{i}", "search", {"n": n}) for n in range(15)])
               for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    verdict = log.verify()
    assert verdict.intact and verdict.rows == 60


# --- a read-only library ------------------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_is_read_but_never_written(store):
    folder = store.folder
    os.chmod(folder / "accounts.db", 0o444)
    os.chmod(folder, 0o555)
    try:
        again = Accounts(folder)
        assert not again.writable and len(again.users()) == 3 and again.log.verify().intact
        with pytest.raises(api.AccountError) as exc:
            again.login("rui", "rui-password-1")
        assert exc.value.code == "A009"
    finally:
        os.chmod(folder, 0o755)
        os.chmod(folder / "accounts.db", 0o644)


def test_where_accounts_db_cannot_be_written_reading_works_and_logins_are_refused(store):
    again = Accounts(store.folder)
    again.db.writable = False  # as on a read-only share (the test above checks the real thing, run as non-root)
    assert len(again.users()) == 3 and again.log.verify().intact
    with pytest.raises(api.AccountError) as exc:
        again.login("rui", "rui-password-1")
    assert exc.value.code == "A009"


def test_a_log_made_read_only_in_a_writable_folder_stops_the_writers(tmp_path):
    from zhenggai.index.library import Library

    with Library(tmp_path / "lib", api.Settings()) as lib:
        ws = api.Workspace(lib, CLI)
        ws.record("login", {})
        os.chmod(lib.folder / "accounts.db", 0o444)
        try:
            ws = api.Workspace(lib, CLI)
            ws.accounts.db.writable = False  # what the chmod means for anyone but root
            with pytest.raises(api.AccountError) as exc:
                ws.ingest_bytes(b"anything", "x.txt")
            assert exc.value.code == "A009"
        finally:
            os.chmod(lib.folder / "accounts.db", 0o644)


def test_a_newer_accounts_file_is_refused(store):
    tamper(store, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(api.AccountError) as exc:
        Accounts(store.folder).users()
    assert exc.value.code == "A010"
