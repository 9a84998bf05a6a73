"""The library as one actor may use it: every operation checks the actor's role where the work is
done and writes its audit row, so no front end can forget either.

    ws = Workspace(library, actor, Accounts(folder))
    ws.search("借调")                 # reader and up; logged with the query
    ws.ingest_bytes(data, "a.txt")   # editor and up; logged with the file and what became of it
    ws.export("figures", "xlsx", rows, columns)   # editor and up; logged

The app builds one per request for the account logged in (or the one local person of a library
without accounts); the command line builds one for `cli:` + the OS user. Reading the statistics and
analysis needs only a login; search, notice view, import, removal, export and account changes are
each one audit row. Where the library folder is read-only and has no accounts there is nobody to
attribute anything to beyond the OS user and nowhere to write: nothing is logged (the app says so).
"""
from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence, Union

from .accounts.audit import Verdict, canonical_detail
from .accounts.roles import Actor, allowed, denial
from .accounts.store import Accounts, User
from .analysis import report
from .errors import AccountError
from .analysis.ledger import LEDGER_COLUMNS, LEDGER_WIDTHS, ledger_rows
from .exports import csv_bytes, docx_bytes, xlsx_bytes
from .index.library import Library
from .index.types import Filters, Hit
from .ingest import IngestResult, Progress, ingest, ingest_bytes, remove as remove_notice
from .nlp.records import Extraction


class Workspace:
    def __init__(self, library: Library, actor: Actor, accounts: Optional[Accounts] = None,
                 recent: Optional[deque] = None):
        self.lib, self.actor = library, actor
        self.accounts = accounts if accounts is not None else Accounts(library.folder, library.settings.accounts)
        self.recent = recent  # a session's recent reads, so a page re-run by a click is not logged twice

    # --- checks and the log ---------------------------------------------------------------------
    @property
    def audited(self) -> bool:
        return self.accounts.writable

    def can(self, action: str) -> bool:
        return allowed(self.actor.role, action)

    def require(self, action: str) -> None:
        if self.accounts.db.blocked:  # refused before acting, not after
            raise AccountError("A009", folder=str(self.folder))
        if not self.can(action):
            self.record("denied", {"action": action})
            raise denial(self.actor, action)

    def record(self, action: str, detail: Optional[dict] = None, repeatable: bool = True) -> None:
        """One audit row; a read the same session just logged (`repeatable=False`) is not logged again."""
        if not self.audited:
            if self.accounts.db.blocked:
                raise AccountError("A009", folder=str(self.folder))
            return
        if not repeatable and self.recent is not None:
            key = (action, canonical_detail(detail))
            if key in self.recent:
                return
            self.recent.append(key)
        self.accounts.log.record(self.actor.name, action, detail)

    # --- reading: any account -------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self.lib.folder

    @property
    def readonly(self) -> bool:
        """The library's folder cannot be written (a share, a backup): read and searched, never changed."""
        return self.lib.readonly

    def damaged(self, notice_id: int, detail: str):
        """The coded message for a notice whose stored row no longer reads, with the command that repairs it."""
        return self.lib.damaged(notice_id, detail)

    @property
    def settings(self):
        return self.lib.settings

    @property
    def calibrated(self) -> bool:
        """Whether the library's model has a relevance calibration (else results are ranked only)."""
        return self.lib.calibration.calibrated

    def generation(self) -> int:
        return self.lib.generation()

    def notices(self) -> list[dict]:
        self.require("read")
        return self.lib.notices()

    def findings(self) -> list[dict]:
        self.require("read")
        return self.lib.findings()

    def figures(self, kind: Optional[str] = None) -> list[dict]:
        self.require("read")
        return self.lib.figures(kind)

    def targets(self) -> list[dict]:
        self.require("read")
        return self.lib.targets()

    def record_hit(self, record_id: int) -> Optional[Hit]:
        self.require("read")
        return self.lib.record(record_id)

    def recurring_in(self, notice_id: int) -> dict[str, dict]:
        self.require("read")
        return self.lib.recurring_in(notice_id)

    def recurring(self) -> list[dict]:
        self.require("read")
        return report.recurring(self.lib)

    def notice_totals(self) -> list[dict]:
        self.require("read")
        return report.notice_totals(self.lib)

    def common_groups(self, limit: int = 20) -> list:
        self.require("read")
        return report.common_groups(self.lib, limit)

    def search(self, query: str, mode: str = "hybrid", top: int = 10, filters: Optional[Filters] = None,
               floor: bool = True) -> list[Hit]:
        self.require("search")
        hits = self.lib.search(query, mode=mode, top=top, filters=filters, floor=floor)
        self.record("search", {"query": query, "mode": mode, "filters": _filters(filters), "all": not floor,
                               "hits": len(hits)}, repeatable=False)
        return hits

    def similar(self, record_id: int, top: int = 10, other_notices: bool = True) -> list[Hit]:
        self.require("search")
        hits = self.lib.similar(record_id, top=top, other_notices=other_notices)
        self.record("similar", {"record": record_id, "hits": len(hits)}, repeatable=False)
        return hits

    def document(self, notice_id: int) -> Optional[Extraction]:
        self.require("view")
        doc = self.lib.document(notice_id)
        if doc is not None:
            self.record("view", {"notice": notice_id, "title": doc.notice.title}, repeatable=False)
        return doc

    # --- writing: editors and administrators -----------------------------------------------------
    def ingest(self, paths: Iterable[Union[str, Path]], on_result: Optional[Callable[[IngestResult], None]] = None,
               on_progress: Optional[Callable[[Progress], None]] = None,
               on_wait: Optional[Callable[[], None]] = None) -> list[IngestResult]:
        self.require("ingest")

        def logged(result: IngestResult) -> None:
            self._ingested(result)
            if on_result:
                on_result(result)

        return ingest(self.lib, list(paths), logged, on_progress, on_wait)

    def ingest_bytes(self, data: bytes, name: str, on_progress: Optional[Callable[[Progress], None]] = None,
                     on_wait: Optional[Callable[[], None]] = None) -> IngestResult:
        self.require("ingest")
        result = ingest_bytes(self.lib, data, name, on_progress, on_wait)
        self._ingested(result)
        return result

    def _ingested(self, result: IngestResult) -> None:
        detail = {"file": result.path, "status": result.status, "notice": result.notice_id}
        if result.status == "skipped":
            detail["reason"] = result.reason
        self.record("ingest", detail)

    def remove(self, notice_id: int) -> dict:
        """One notice out of the library and every index (`ingest.remove`), checked and logged."""
        self.require("remove")
        notice = remove_notice(self.lib, notice_id)
        self.record("remove", {"notice": notice_id, "title": notice.get("title") or notice.get("name")})
        return notice

    def reindex(self, model: Optional[str] = None, backend: Optional[str] = None,
                backend_options: Optional[dict] = None) -> int:
        self.require("reindex")
        count = self.lib.reindex(model, backend, backend_options)
        self.record("reindex", {"records": count, "model": self.lib.model_name, "backend": self.lib.backend_name})
        return count

    def export(self, what: str, fmt: str, rows: Sequence[dict], columns: Sequence[str], **xlsx) -> bytes:
        """A download: called when the button is pressed (Streamlit's deferred data), so each is logged once."""
        self.require("audit" if what == "audit" else "export")
        data = xlsx_bytes(rows, columns, **xlsx) if fmt == "xlsx" else csv_bytes(rows, columns)
        self.record("export", {"what": what, "format": fmt, "rows": len(rows)})
        return data

    def ledger_rows(self, selection: Sequence[tuple[int, Optional[str]]]) -> list[dict]:
        """整改台账 rows for (notice id, finding key) pairs — a key of None takes the whole notice — in the
        order given, each notice read once (`analysis.ledger`)."""
        self.require("export")
        wanted: dict[int, Optional[set[str]]] = {}
        for notice_id, key in selection:
            if key is None:
                wanted[notice_id] = None
            elif wanted.get(notice_id, set()) is not None:
                wanted.setdefault(notice_id, set()).add(key.split(".")[0])  # a measure's key names its finding
        docs = [(self.lib.document(nid), keys) for nid, keys in wanted.items()]
        return ledger_rows((doc, keys) for doc, keys in docs if doc is not None)

    def ledger(self, selection: Sequence[tuple[int, Optional[str]]], fmt: str, title: str = "整改台账") -> bytes:
        """The 整改台账 of a notice or of the findings a search selected, as XLSX or DOCX (a real table);
        for those who may export, logged like every export."""
        rows = self.ledger_rows(selection)
        if fmt == "docx":
            data = docx_bytes(rows, LEDGER_COLUMNS, title=title, widths=LEDGER_WIDTHS)
        elif fmt == "xlsx":
            data = xlsx_bytes(rows, LEDGER_COLUMNS, sheet="整改台账", widths=LEDGER_WIDTHS, wrap=True)
        else:
            data = csv_bytes(rows, LEDGER_COLUMNS)
        self.record("export", {"what": "ledger", "format": fmt, "rows": len(rows),
                               "notices": sorted({n for n, _ in selection})})
        return data

    # --- accounts and the audit log: administrators ---------------------------------------------
    def users(self) -> list[User]:
        self.require("accounts")
        return self.accounts.users()

    def add_user(self, name: str, role: str, password: str) -> User:
        return self.accounts.add(name, role, password, by=self.actor)

    def set_password(self, name: str, password: str) -> None:
        self.accounts.set_password(name, password, by=self.actor)

    def set_role(self, name: str, role: str) -> None:
        self.accounts.set_role(name, role, by=self.actor)

    def remove_user(self, name: str) -> None:
        self.accounts.remove(name, by=self.actor)

    def audit_rows(self, **filters) -> list[dict]:
        self.require("audit")
        return self.accounts.log.rows(**filters)

    def audit_users(self) -> list[str]:
        self.require("audit")
        return self.accounts.log.users()

    def verify_audit(self) -> Verdict:
        self.require("audit")
        return self.accounts.log.verify()


def _filters(filters: Optional[Filters]) -> dict:
    """The filters that narrow anything (those left at their defaults say nothing)."""
    default = vars(Filters())
    return {k: v for k, v in vars(filters or Filters()).items() if v != default[k]}
