"""What the audit log costs: appending a chained row per act (as the app and CLI do, one transaction
each) beside a plain unchained INSERT in the same kind of transaction, same run; then verifying the
whole chain, and how long a login (argon2id, the library's default costs) takes.

    python benchmarks/audit.py [--rows 2000] [--verify-rows 100000]
"""
from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from zhenggai.accounts.audit import AuditLog
from zhenggai.accounts.db import AccountsDB
from zhenggai.api import Accounts, cli_actor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000, help="rows appended one transaction each")
    parser.add_argument("--verify-rows", type=int, default=100_000, help="rows in the chain that is verified")
    parser.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = AuditLog(AccountsDB(Path(tmp) / "chained"))
        started = time.perf_counter()
        for i in range(args.rows):
            log.record("rui", "search", {"query": f"借调人员没有备案 {i}", "hits": 10})
        chained = args.rows / (time.perf_counter() - started)

        plain_db = Path(tmp) / "plain.db"
        with sqlite3.connect(plain_db) as conn:
            conn.execute("CREATE TABLE audit (seq INTEGER PRIMARY KEY, time TEXT, user TEXT, action TEXT, detail TEXT)")
        started = time.perf_counter()
        for i in range(args.rows):
            conn = sqlite3.connect(plain_db, timeout=30, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO audit (time, user, action, detail) VALUES (datetime('now'), ?, ?, ?)",
                         ("rui", "search", f'{{"query":"借调人员没有备案 {i}","hits":10}}'))
            conn.execute("COMMIT")
            conn.close()
        plain = args.rows / (time.perf_counter() - started)
        print(f"append, one transaction per row ({args.rows} rows):")
        print(f"  plain INSERT (baseline)     {plain:8.0f} rows/s")
        print(f"  chained audit row           {chained:8.0f} rows/s  ({chained / plain:.2f} x baseline)")

        big = AuditLog(AccountsDB(Path(tmp) / "big"))
        with big.db.writing() as conn:
            for i in range(args.verify_rows):
                big.append(conn, f"user{i % 50}", "view", {"notice": i % 900, "title": "关于巡察整改进展情况的通报"})
        started = time.perf_counter()
        verdict = big.verify()
        elapsed = time.perf_counter() - started
        print(f"verify {verdict.rows} rows: {elapsed:.2f} s ({verdict.rows / elapsed:,.0f} rows/s), intact={verdict.intact}")

        accounts = Accounts(Path(tmp) / "logins")
        accounts.add("rui", "reader", "rui-password-1", by=cli_actor())
        times = []
        for _ in range(5):
            started = time.perf_counter()
            accounts.login("rui", "rui-password-1")
            times.append(time.perf_counter() - started)
        print(f"login (argon2id verify + session + audit row): median {sorted(times)[2] * 1000:.0f} ms of 5")
    if args.record:
        from results import record

        record("audit", [("audit log: a hash-chained row per act beside a plain INSERT, one transaction per row each",
                          f"{chained:.0f} vs {plain:.0f} rows/s ({chained / plain:.2f}x); `--verify` of {verdict.rows:,} "
                          f"rows {elapsed:.2f} s; a login (argon2id) {sorted(times)[2] * 1000:.0f} ms",
                          "python benchmarks/audit.py")])


if __name__ == "__main__":
    main()
