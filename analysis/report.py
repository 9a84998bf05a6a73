"""The library read as a whole, in the shapes the front ends show: notice totals, theme shares, the
recurring-problem links and the common-problem groups."""
from __future__ import annotations

import json
from typing import Optional

from ..index.library import Library
from .clusters import ProblemGroup, common_problems

TOTAL_KEYS = ("problems_total", "problems_done", "problems_ongoing", "completion_rate", "measures_total",
              "rules_made", "people_held_accountable", "money_recovered", "audit_amount", "audit_amount_rectified")


def notice_totals(lib: Library) -> list[dict]:
    """One row per notice: what it is, and the totals it states (None where it states none). A row whose
    stored summary no longer reads keeps its place, with no totals and `damaged` saying why (the
    notice's L012 error, `lib.damaged`, names the repair); the other rows are unaffected."""
    rows = []
    for n in lib.notices():
        summary, damaged = _summary(n.get("summary"))
        rows.append({"notice_id": n["id"], "notice": n["title"] or n["name"], "issuer": n["issuer"], "date": n["date"],
                     "year": n["year"], "kind": n["kind"], "findings": n["findings"],
                     **{k: _number(summary.get(k)) for k in TOTAL_KEYS}, "evidence": summary.get("evidence") if isinstance(summary.get("evidence"), dict) else {},
                     "damaged": damaged})
    return rows


def _summary(stored: Optional[str]) -> tuple[dict, Optional[str]]:
    if not stored:
        return {}, None
    try:
        summary = json.loads(stored)
    except ValueError as exc:
        return {}, f"its summary: {type(exc).__name__}"
    if not isinstance(summary, dict):
        return {}, f"its summary: {type(summary).__name__}, not an object"
    return summary, None


def _number(value):
    """A total as stored, or None where a damaged row holds something that is not a number."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def recurring(lib: Library) -> list[dict]:
    """[{finding, earlier, similarity}], each side with id, title, notice title, issuer and date."""
    out = []
    for row in lib.links():
        side = lambda p: {"id": row[f"{p}id"], "key": row[f"{p}key"], "title": row[f"{p}title"],  # noqa: E731
                          "notice_id": row[f"{p}notice_id"], "notice_title": row[f"{p}notice_title"],
                          "issuer": row[f"{p}issuer"], "date": row[f"{p}date"]}
        out.append({"finding": side(""), "earlier": side("e_"), "similarity": row["similarity"]})
    return out


def common_groups(lib: Library, limit: int = 20) -> list[ProblemGroup]:
    return common_problems(lib, limit=limit)
