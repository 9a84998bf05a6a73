"""The command line's account verbs, apart from cli.py: `zhenggai users`, `zhenggai audit` and
`zhenggai app` (which decides who it may be served to).

    zhenggai users add NAME --role reader|editor|admin    password from stdin, or prompted without echo
    zhenggai users passwd NAME | remove NAME | list [--json]
    zhenggai audit [--json] [--user U] [--action A] [--since DATE] [--verify]
    zhenggai app [--host H] [--port P] [--tls-cert F --tls-key F]

Every account change is written with its audit row as `cli:` + the OS user; whoever can run these
can already write the library's files, so the operating system is the check here.
"""
from __future__ import annotations

import argparse
import getpass
import ipaddress
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Callable

from . import api

ROOT = Path(__file__).resolve().parent
# A quiet, light server: no file watcher (it walked the .venv and flooded the console with inotify
# overflows), no usage statistics, a toolbar without Deploy, uploads as large as the readers accept,
# and no CSV download or copy from the tables: exports are the pages' own buttons, for the roles that
# may export, each logged.
STREAMLIT_OPTIONS = ("--server.fileWatcherType", "none", "--server.runOnSave", "false",
                     "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
                     "--server.maxUploadSize", "64", "--global.developmentMode", "false",
                     "--logger.level", "error", "--client.showErrorDetails", "false",
                     "--client.disableDataExport", "true")


def _folder(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else api.default_library_folder()


def _dump(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def read_password(prompt: str = "password") -> str:
    """The password from standard input (one line) when it is not a terminal, else asked twice
    without echo. Never echoed, logged or kept beyond the hashing."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
        if not password:
            raise api.AccountError("A011")
        return password
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass(f"{prompt} (again): ") != first:
        raise api.AccountError("A012")
    return first


# --- users ------------------------------------------------------------------------------------------

def cmd_users(args: argparse.Namespace) -> int:
    store = api.accounts(_folder(args))
    actor = api.cli_actor()
    safe = api.terminal_safe
    known = {u.name.lower() for u in store.users()} if args.users_command in ("add", "passwd") else set()
    if args.users_command == "add" and args.name.strip().lower() in known:  # said before a password is typed
        raise api.AccountError("A002", name=args.name)
    if args.users_command == "passwd" and args.name.strip().lower() not in known:
        raise api.AccountError("A003", name=args.name)
    if args.users_command == "add":
        user = store.add(args.name, args.role, _checked_password(store), by=actor)
        print(f"added {safe(user.name)} ({user.role}) to {safe(store.folder)}")
    elif args.users_command == "passwd":
        store.set_password(args.name, _checked_password(store), by=actor)
        print(f"password of {safe(args.name)} changed; its sessions have ended")
    elif args.users_command == "remove":
        store.remove(args.name, by=actor)
        print(f"removed {safe(args.name)}")
    else:
        users = store.users()
        if args.json:
            _dump([u.to_dict() for u in users])
        elif not users:
            print(f"no accounts in {safe(store.folder)} (the app is open to this machine only)")
        else:
            print(f"{'name':<20} {'role':<7} {'created':<17} {'last login':<17}")
            for u in users:
                print(f"{safe(u.name):<20} {u.role:<7} {api.local_time(u.created, False):<17} "
                      f"{api.local_time(u.last_login, False) or 'never':<17}{'  locked' if u.locked else ''}")
    return 0


def _checked_password(store: api.Accounts) -> str:
    """Read the password, refusing a short one before anything is written."""
    from .accounts.passwords import check_password

    return check_password(read_password(), store.settings)


# --- audit ------------------------------------------------------------------------------------------

def cmd_audit(args: argparse.Namespace) -> int:
    log = api.accounts(_folder(args)).log
    if args.verify:
        verdict = log.verify()
        if not verdict.intact:
            print(f"zhenggai: {verdict.message()}", file=sys.stderr)
            return 1
        print(verdict.message())
        return 0
    rows = log.rows(user=args.user, action=args.action, since=args.since)
    if args.json:
        _dump(rows)
        return 0
    if not rows:
        print("no audit rows" + (" match" if args.user or args.action or args.since else ""))
    safe = api.terminal_safe
    for r in rows:
        detail = r["detail"] if isinstance(r["detail"], str) else api.canonical_json(r["detail"])
        print(f"#{r['seq']:<6} {api.local_time(r['time'])}  {safe(r['user']):<16} {r['action']:<13} {safe(detail)}")
    return 0


def _since(value: str) -> datetime:
    """A date or date-time in this machine's time zone (or with its own offset)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(api.AccountError("A016", value=value[:30]).message()) from None
    return moment if moment.tzinfo else moment.astimezone()


# --- app --------------------------------------------------------------------------------------------

def loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (a name other than localhost is not trusted)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_app(args: argparse.Namespace) -> int:
    folder = _folder(args).resolve()
    if bool(args.tls_cert) != bool(args.tls_key):
        raise api.AccountError("A014")
    for path, what in ((args.tls_cert, "certificate"), (args.tls_key, "key")):
        if path and not (Path(path).is_file() and os.access(path, os.R_OK)):
            raise api.AccountError("A015", path=path, what=what)
    store = api.accounts(folder)
    if not loopback(args.host):
        if not store.has_admin():
            raise api.AccountError("A013", host=args.host, folder=str(folder))
        if not store.writable:
            raise api.AccountError("A009", folder=str(folder))
        if not args.tls_cert:
            print("zhenggai: warning: served over plain HTTP beyond this machine, passwords cross the network "
                  "readable; give --tls-cert/--tls-key or put an HTTPS reverse proxy in front (README)", file=sys.stderr)
    elif store.has_users() and not store.writable:
        raise api.AccountError("A009", folder=str(folder))
    env = {**os.environ, "ZHENGGAI_DB": str(folder), "ZHENGGAI_SERVER": "1"}  # the app warms up in the background
    tls = ["--server.sslCertFile", str(Path(args.tls_cert).resolve()), "--server.sslKeyFile",
           str(Path(args.tls_key).resolve())] if args.tls_cert else []
    # Headless always, so Streamlit's first-run e-mail prompt never waits on the terminal.
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.address", args.host,
               "--server.port", str(args.port), "--server.headless", "true", *STREAMLIT_OPTIONS, *tls]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"zhenggai: the app is starting at {'https' if tls else 'http'}://{shown}:{args.port} (Ctrl+C stops it)",
          file=sys.stderr)
    if os.name == "posix":  # become the server, so stopping this process (Ctrl+C, a signal) stops it
        os.chdir(ROOT)
        os.execve(sys.executable, command, env)
    return subprocess.call(command, env=env, cwd=ROOT)


# --- the parsers ------------------------------------------------------------------------------------

def add_parsers(sub, port: Callable[[str], int]) -> None:
    """`users`, `audit` and `app`, on cli.py's subparsers."""
    p = sub.add_parser("users", help="accounts of the app (password from stdin, or prompted without echo)")
    users = p.add_subparsers(dest="users_command", required=True)
    q = users.add_parser("add", help="a new account with a role")
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=api.ROLES,
                   help="reader 查阅: search and read; editor 录入: also import, remove, export; admin 管理: also "
                        "accounts and the audit log")
    q = users.add_parser("passwd", help="a new password for an account (its sessions end)")
    q.add_argument("name")
    q = users.add_parser("remove", help="remove an account (its sessions end)")
    q.add_argument("name")
    q = users.add_parser("list", help="name, role, created, last login (never a password or hash)")
    q.add_argument("--json", action="store_true")
    for q in users.choices.values():
        q.add_argument("--db", help="library folder (default: $ZHENGGAI_DB or the user data folder)")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("audit", help="the audit log: who did what and when; --verify checks its hash chain")
    p.add_argument("--db", help="library folder (default: $ZHENGGAI_DB or the user data folder)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", help="only this user (e.g. alice, cli:alice, local:alice)")
    p.add_argument("--action", help="only this action and its sub-actions (login, search, ingest, user, …)")
    p.add_argument("--since", type=_since, help="from this date or time on (YYYY-MM-DD[THH:MM], local time)")
    p.add_argument("--verify", action="store_true",
                   help="check the hash chain: exit 0 when intact, 1 naming the first row changed or removed")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("app", help="serve the Streamlit app (on this machine only unless --host says otherwise)")
    p.add_argument("--db")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; another address needs an admin account)")
    p.add_argument("--port", type=port, default=8501)
    p.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate (PEM) …")
    p.add_argument("--tls-key", metavar="FILE", help="… and this private key (PEM)")
    p.set_defaults(func=cmd_app)
