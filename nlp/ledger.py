"""Ledger tables (整改台账): which column holds what, and what one row says.

A ledger gives one finding per row under the merged rows that group them: the problem, its measures,
who is responsible, by when, and how far it got. Headers name their columns in a closed vocabulary
(序号, 巡视反馈问题, 整改措施, 责任部门, 完成时限, 整改进展 …), so they are read by rules (`lexicon.LEDGER_COLUMNS`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .lexicon import LEDGER_COLUMNS, LEDGER_STATUS_IF_MEASURED


def column_role(header: str) -> Optional[str]:
    """What a column holds, from its header's words (None: nothing a ledger needs)."""
    words = header.replace(" ", "").replace("\u3000", "")
    if not words:
        return None
    for role, cues in LEDGER_COLUMNS:
        if role == "number":
            if words in cues or (len(words) <= 3 and ("序" in words or words.endswith("号"))):
                return role
            continue
        if any(cue in words for cue in cues):
            return role
    return None


def column_roles(headers: Sequence[str]) -> list[Optional[str]]:
    """Roles of a header row's columns; a second rectification column beside the measures is the status,
    and only the first column of each role is kept."""
    roles = [column_role(h) for h in headers]
    if "measure" in roles:
        first = roles.index("measure")
        for i, (role, header) in enumerate(zip(roles, headers)):
            if role == "measure" and i != first and any(w in header for w in LEDGER_STATUS_IF_MEASURED):
                roles[i] = "status"
    seen: set[str] = set()
    for i, role in enumerate(roles):
        if role in seen:
            roles[i] = None
        elif role:
            seen.add(role)
    return roles


def is_ledger(roles: Sequence[Optional[str]]) -> bool:
    """A table of findings: a problem column and a measure or status column."""
    return "problem" in roles and ("measure" in roles or "status" in roles)


@dataclass
class RowCells:
    """The spans of one ledger row's cells, by what they hold."""
    spans: dict[str, tuple[int, int]]

    def get(self, role: str) -> Optional[tuple[int, int]]:
        return self.spans.get(role)
