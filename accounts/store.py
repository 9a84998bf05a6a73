"""The accounts of one library: who they are, their roles, logins, lockouts and sessions.

Every change is written together with its audit row in one transaction. A login hands out a random
token (256 bits); only its sha256 is stored, so a copy of accounts.db opens no session. A session
ends when it has been idle for `idle_minutes`, after `session_hours` in any case, at logout, when its
account is removed or its password is changed; the role is read afresh on every request, so a
changed role takes effect at once.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from ..config import AccountSettings
from ..errors import AccountError
from . import passwords
from .audit import AuditLog
from .db import AccountsDB
from .roles import Actor, allowed, check_role, denial

NAME = re.compile(r"^[\w.\-]{1,64}$")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created: str
    last_login: Optional[str]
    locked: bool

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "created": self.created, "last_login": self.last_login,
                "locked": self.locked}


@dataclass(frozen=True)
class Login:
    outcome: str                          # "ok" | "wrong" | "locked"
    actor: Optional[Actor] = None
    token: Optional[str] = None


def valid_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").strip()
    if not NAME.match(name):
        raise AccountError("A006", name=name[:70])
    return name


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, folder: Path, settings: Optional[AccountSettings] = None,
                 clock: Callable[[], float] = time.time):
        self.db = AccountsDB(folder)
        self.log = AuditLog(self.db)
        self.settings = settings or AccountSettings()
        self.clock = clock

    @property
    def folder(self) -> Path:
        return self.db.folder

    @property
    def writable(self) -> bool:
        return self.db.writable

    # --- reading --------------------------------------------------------------------------------
    def users(self) -> list[User]:
        now = self.clock()
        with self.db.reading() as conn:
            rows = conn.execute("SELECT * FROM users ORDER BY name").fetchall() if conn else []
        return [User(r["name"], r["role"], r["created"], r["last_login"],
                     bool(r["locked_until"] and r["locked_until"] > now)) for r in rows]

    def has_users(self) -> bool:
        return bool(self.users())

    def has_admin(self) -> bool:
        return any(u.role == "admin" for u in self.users())

    def library_id(self) -> str:
        with self.db.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'library_id'").fetchone() if conn else None
        return row[0] if row else "new"

    # --- changing accounts (administrators, or the command line) --------------------------------
    def guard(self, actor: Actor, action: str) -> None:
        """Refuse (and log the refusal) unless `actor` may do `action`."""
        if not allowed(actor.role, action):
            if self.writable:
                self.log.record(actor.name, "denied", {"action": action})
            raise denial(actor, action)

    def add(self, name: str, role: str, password: str, by: Actor) -> User:
        self.guard(by, "accounts")
        name, role = valid_name(name), check_role(role)
        digest = passwords.hash_password(passwords.check_password(password, self.settings))
        with self.db.writing() as conn:
            if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise AccountError("A002", name=name)
            created = _iso(self.clock())
            conn.execute("INSERT INTO users (name, role, hash, created) VALUES (?, ?, ?, ?)",
                         (name, role, digest, created))
            self.log.append(conn, by.name, "user.add", {"name": name, "role": role})
        return User(name, role, created, None, False)

    def set_password(self, name: str, password: str, by: Actor) -> None:
        """A new password (an administrator's act); every session of the account ends with it."""
        self.guard(by, "accounts")
        digest = passwords.hash_password(passwords.check_password(password, self.settings))
        with self.db.writing() as conn:
            user = self._user(conn, name)
            conn.execute("UPDATE users SET hash = ?, failures = 0, locked_until = NULL WHERE name = ?",
                         (digest, user))
            conn.execute("DELETE FROM sessions WHERE user = ?", (user,))
            self.log.append(conn, by.name, "user.passwd", {"name": user})

    def set_role(self, name: str, role: str, by: Actor) -> None:
        self.guard(by, "accounts")
        role = check_role(role)
        with self.db.writing() as conn:
            user = self._user(conn, name)
            self._keep_an_admin(conn, user, role)
            conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, user))
            self.log.append(conn, by.name, "user.role", {"name": user, "role": role})

    def remove(self, name: str, by: Actor) -> None:
        self.guard(by, "accounts")
        with self.db.writing() as conn:
            user = self._user(conn, name)
            self._keep_an_admin(conn, user, None)
            conn.execute("DELETE FROM users WHERE name = ?", (user,))  # its sessions go with it
            self.log.append(conn, by.name, "user.remove", {"name": user})

    def _user(self, conn, name: str) -> str:
        row = conn.execute("SELECT name FROM users WHERE name = ?", (unicodedata.normalize("NFKC", name).strip(),)
                           ).fetchone()
        if row is None:
            raise AccountError("A003", name=name[:70])
        return row[0]

    def _keep_an_admin(self, conn, name: str, new_role: Optional[str]) -> None:
        """The last administrator may not go (or stop being one) while other accounts remain: the
        library would have accounts nobody can manage from the app."""
        admins = [r[0] for r in conn.execute("SELECT name FROM users WHERE role = 'admin'")]
        others = conn.execute("SELECT COUNT(*) FROM users WHERE name != ?", (name,)).fetchone()[0]
        if admins == [name] and new_role != "admin" and others:
            raise AccountError("A008", name=name)

    # --- logging in -----------------------------------------------------------------------------
    def login(self, name: str, password: str) -> Login:
        """Check a name and password. The answer never says which of the two was wrong; the
        `max_failures`-th wrong password in a row locks the account for `lock_minutes` (logged)."""
        try:
            name = valid_name(name)
        except AccountError:
            name = ""
        with self.db.reading() as conn:
            row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone() if conn and name else None
        now = self.clock()
        locked = bool(row and row["locked_until"] and row["locked_until"] > now)
        good = passwords.verify(None if locked or row is None else row["hash"], password)
        with self.db.writing() as conn:
            if row is None:  # the typed name is not kept: it may be a password typed in the wrong field
                self.log.append(conn, "(unknown)", "login.failed", {"name_sha256": _digest(name)[:12]})
                return Login("wrong")
            user = row["name"]
            if locked:
                self.log.append(conn, user, "login.failed", {"reason": "locked"})
                return Login("locked")
            if not good:
                failures = conn.execute("SELECT failures FROM users WHERE name = ?", (user,)).fetchone()[0] + 1
                self.log.append(conn, user, "login.failed", {"failures": failures})
                if failures >= self.settings.max_failures:
                    until = now + self.settings.lock_minutes * 60
                    conn.execute("UPDATE users SET failures = 0, locked_until = ? WHERE name = ?", (until, user))
                    self.log.append(conn, user, "login.locked", {"until": _iso(until),
                                                                 "failures": failures})
                    return Login("locked")
                conn.execute("UPDATE users SET failures = ? WHERE name = ?", (failures, user))
                return Login("wrong")
            token = secrets.token_urlsafe(32)
            conn.execute("DELETE FROM sessions WHERE seen < ? OR created < ?",
                         (now - self.settings.idle_minutes * 60, now - self.settings.session_hours * 3600))
            conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (_digest(token), user, now, now))
            conn.execute("UPDATE users SET failures = 0, locked_until = NULL, last_login = ? WHERE name = ?",
                         (_iso(now), user))
            if passwords.needs_rehash(row["hash"]):
                conn.execute("UPDATE users SET hash = ? WHERE name = ?", (passwords.hash_password(password), user))
            self.log.append(conn, user, "login", {})
        return Login("ok", Actor(user, row["role"]), token)

    def session(self, token: Optional[str]) -> tuple[Optional[Actor], bool]:
        """The account a session token belongs to, and whether it just expired (idle or too old)."""
        if not isinstance(token, str) or not token or len(token) > 200:
            return None, False
        key, now = _digest(token), self.clock()
        with self.db.reading() as conn:
            row = conn.execute("SELECT s.user, s.created, s.seen, u.role FROM sessions s JOIN users u "
                               "ON u.name = s.user WHERE s.id = ?", (key,)).fetchone() if conn else None
        if row is None:
            return None, False
        expired = (now - row["seen"] > self.settings.idle_minutes * 60
                   or now - row["created"] > self.settings.session_hours * 3600)
        if expired or now - row["seen"] > 30:  # touched at most every 30 s: a click is not a write
            with self.db.writing() as conn:
                if expired:
                    conn.execute("DELETE FROM sessions WHERE id = ?", (key,))
                    self.log.append(conn, row["user"], "logout", {"reason": "expired"})
                else:
                    conn.execute("UPDATE sessions SET seen = ? WHERE id = ?", (now, key))
        return (None, True) if expired else (Actor(row["user"], row["role"]), False)

    def logout(self, token: Optional[str], actor: Optional[Actor]) -> None:
        with self.db.writing() as conn:
            if token:
                conn.execute("DELETE FROM sessions WHERE id = ?", (_digest(token),))
            if actor is not None:
                self.log.append(conn, actor.name, "logout", {})
