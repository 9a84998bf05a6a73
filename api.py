"""The one public API of zhenggai, for the command line, the app and anyone scripting it.

    from zhenggai.api import open_library, ingest, Filters

    with open_library(folder) as lib:
        ingest(lib, ["notices/"])
        for hit in lib.search("借调人员没有备案", filters=Filters(type="finding")):
            print(hit.finding_title, hit.relevance)

Front ends import from here (and nothing below it), so the layers underneath can change shape.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .access import Workspace
from .accounts.audit import Verdict, canonical_detail as canonical_json
from .accounts.roles import ACCOUNT_ROLE_LABEL, ACTION_LABEL, LOGGED as AUDIT_ACTIONS, ROLES, Actor, allowed, cli_actor, local_actor
from .accounts.store import Accounts, Login, User
from .analysis.clusters import ProblemGroup
from .analysis.issuers import issuer_names
from .analysis.ledger import LEDGER_COLUMNS, ledger_rows
from .analysis.results import RESULT_COLUMNS, SORTS, FindingResult, by_finding, result_rows, sort_results
from .analysis.charts import MONEY_SUBJECTS, addable_money, rate_rows, target_bars
from .analysis.report import TOTAL_KEYS, common_groups, notice_totals, recurring
from .analysis.themes import theme_labels
from .config import Limits, OcrSettings, Settings, default_library_folder
from .errors import (AccessDenied, AccountError, ArgumentError, InternalError, LibraryError, ModelError, NoticeError,
                     ReadError, ZhenggaiError)
from .exports import (COLUMN_NOTES, FIGURE_COLUMNS, csv_bytes, docx_bytes, labelled_figures, figure_rows_from_files, safe_cell, write_table,
                      xlsx_bytes)
from .index.library import MODES, Library, open_library
from .index.types import Filters, Hit, MeasureHit
from .ingest import (IngestResult, Progress, STAGES, extract_bytes, extract_path, file_failure, ingest, ingest_bytes,
                     label_themes, notice_for, read_each)
from .ingest import remove as remove_notice
from .nlp.highlight import marked_html, regions_html, term_spans
from .nlp.records import Extraction
from .present import (FIGURE_COLUMN_LABEL, FIGURE_KIND_LABEL, MONEY_SUBJECT_LABEL, NOTICE_KINDS, QUALIFIER_LABEL,
                      ROLE_LABEL, STATUS_LABEL, TYPE_LABEL, UNKNOWN_DATE, UNKNOWN_ISSUER, date_text, issuer_text, known,
                      ledger_lines, local_time, render_outline, section_marker, short, strength, terminal_json,
                      terminal_safe, terminal_text)

THEME_LABEL = theme_labels()  # code → 中文名称, from the taxonomy's data file


def accounts(folder: Path, settings: Optional[Settings] = None) -> Accounts:
    """The accounts and audit log of the library in `folder` (accounts.db; nothing is created by reading)."""
    return Accounts(Path(folder), (settings or Settings.from_env()).accounts)


def cli_workspace(lib: Library) -> Workspace:
    """The library as the command line uses it: `cli:` + the OS user, every act that changes it logged."""
    return Workspace(lib, cli_actor(), accounts(lib.folder, lib.settings))

__all__ = [
    "Limits", "OcrSettings", "Settings", "default_library_folder",
    "ZhenggaiError", "ReadError", "NoticeError", "LibraryError", "ModelError", "InternalError", "ArgumentError",
    "Library", "open_library", "MODES", "Filters", "Hit", "MeasureHit", "Extraction",
    "IngestResult", "Progress", "STAGES", "ingest", "ingest_bytes", "extract_path", "extract_bytes", "label_themes",
    "read_each", "file_failure", "notice_for", "remove_notice",
    "FIGURE_COLUMNS", "COLUMN_NOTES", "figure_rows_from_files", "write_table", "csv_bytes", "xlsx_bytes", "safe_cell",
    "marked_html", "regions_html", "term_spans", "TOTAL_KEYS", "notice_totals", "recurring", "common_groups", "ProblemGroup",
    "MONEY_SUBJECTS", "addable_money", "rate_rows", "target_bars", "MONEY_SUBJECT_LABEL",
    "STATUS_LABEL", "THEME_LABEL", "TYPE_LABEL", "NOTICE_KINDS", "FIGURE_KIND_LABEL", "ROLE_LABEL", "QUALIFIER_LABEL",
    "FIGURE_COLUMN_LABEL", "UNKNOWN_DATE", "UNKNOWN_ISSUER", "date_text", "issuer_text", "known", "ledger_lines", "render_outline", "section_marker", "short", "strength",
    "terminal_safe", "terminal_text", "terminal_json",
    "local_time", "canonical_json",
    "issuer_names", "LEDGER_COLUMNS", "ledger_rows", "docx_bytes", "labelled_figures", "RESULT_COLUMNS", "SORTS", "FindingResult", "by_finding",
    "result_rows", "sort_results",
    "Workspace", "Accounts", "Actor", "User", "Login", "Verdict", "ROLES", "ACCOUNT_ROLE_LABEL", "ACTION_LABEL", "AUDIT_ACTIONS", "allowed",
    "cli_actor", "local_actor", "accounts", "cli_workspace", "AccessDenied", "AccountError",
]
