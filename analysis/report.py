"""The library read as a whole, in the shapes the front ends show: notice totals, theme shares, the
recurring-problem links and the common-problem groups."""
from __future__ import annotations

import json
import os
from dataclasses import asdict
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


GROUPS_FILE = "common-groups.json"  # in the library folder: the groups of one generation, for the 分析 page


def common_groups(lib: Library, limit: int = 20) -> list[ProblemGroup]:
    """The common-problem groups, read from the library's precomputed file where it is of the library's
    current generation and model (written at ingest, `precompute`), else computed (and kept)."""
    key = {"generation": lib.generation(), "model": lib.model_name}
    path = lib.folder / GROUPS_FILE
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if {k: stored.get(k) for k in key} == key:
            return [ProblemGroup(**g) for g in stored["groups"]][:limit]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    groups = common_problems(lib)
    if not lib.readonly:
        try:
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps({**key, "groups": [asdict(g) for g in groups]}, ensure_ascii=False),
                                 encoding="utf-8")
            os.replace(temporary, path)
        except OSError:  # a cache: computed again next time
            pass
    return groups[:limit]


def precompute(lib: Library) -> None:
    """What the pages read that costs a model or a clustering, computed once per library generation (at
    the end of an ingest): every finding's problem vector (相似措施, groups) and the common-problem groups."""
    from .clusters import MAX_FINDINGS

    ids = [f["id"] for f in lib.findings()[:MAX_FINDINGS]]
    if ids:
        lib.problem_vectors(ids)
    common_groups(lib)
