"""Who may do what. Three roles, each allowed everything the one before it is:

    reader 查阅  search, similar, notice view, statistics, analysis
    editor 录入  also import, remove notices, downloads and exports
    admin  管理  also accounts and the audit log (and reindex)

An `Actor` is whoever acts: an app account, the one person of a library without accounts
(`local:` + the OS user), or the command line (`cli:` + the OS user; whoever can run it can already
write the library files, so the OS decides). `require` is called by the function that does the work.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass

from ..errors import AccessDenied, AccountError

ROLES = ("reader", "editor", "admin")
ACCOUNT_ROLE_LABEL = {"reader": "查阅", "editor": "录入", "admin": "管理"}
# the least role that may do each action
PERMISSION = {"read": "reader", "search": "reader", "view": "reader",
              "ingest": "editor", "remove": "editor", "export": "editor",
              "reindex": "admin", "accounts": "admin", "audit": "admin"}
ACTION_LABEL = {"read": "查看", "search": "检索", "similar": "相似检索", "view": "查看通报", "ingest": "导入通报",
                "remove": "删除通报", "export": "导出数据", "reindex": "重建索引", "accounts": "管理账户",
                "audit": "查看审计日志", "login": "登录", "login.failed": "登录失败", "login.locked": "账户锁定",
                "logout": "退出登录", "user.add": "新增账户", "user.passwd": "修改密码", "user.role": "修改角色",
                "user.remove": "删除账户", "user": "账户变更", "denied": "拒绝访问"}


# what the audit log records (`user` and `login` also match their sub-actions)
LOGGED = ("login", "login.failed", "login.locked", "logout", "search", "similar", "view", "ingest", "remove",
          "export", "reindex", "user", "user.add", "user.passwd", "user.role", "user.remove", "denied")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return ACCOUNT_ROLE_LABEL.get(self.role, self.role)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError("A007", role=role)
    return role


def allowed(role: str, action: str) -> bool:
    """Whether `role` may do `action`; an unknown role or action may do nothing."""
    least = PERMISSION.get(action)
    return least is not None and role in ROLES and ROLES.index(role) >= ROLES.index(least)


def denial(actor: Actor, action: str) -> AccessDenied:
    return AccessDenied("A001", user=actor.name, role=actor.role, action=action, role_zh=actor.role_label,
                        action_zh=ACTION_LABEL.get(action, action))


def cli_actor() -> Actor:
    """The command line acts as `cli:` + the OS user, with every right the files give it."""
    return Actor(f"cli:{_os_user()}", "admin")


def local_actor() -> Actor:
    """The one person of a library without accounts, served on this machine only."""
    return Actor(f"local:{_os_user()}", "admin")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's arbitrary uid)
        import os

        return str(os.getuid())
