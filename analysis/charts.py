"""What a chart may add up, by the role each figure plays (nlp/figure_roles.py): never a baseline to an actual,
a target to an actual, or a total to its parts; money only where it is about problems or their
rectification (查出、涉及、整改、追回 …), never assets, budgets or output values.

Pure functions over the rows `Library.figures()` and `Library.targets()` give, so the app's charts and
any other front end add up the same things.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional, Sequence

MONEY_SUBJECTS = {"problem": "问题金额（查出、涉及等）", "rectification": "整改金额（已整改、追回、退缴等）"}
_ADDABLE = (None, "actual", "total")  # parts are inside their totals; goals and bases are not amounts reached


def addable_money(rows: Iterable[dict], about: str) -> list[dict]:
    """The money figures about `about` (problem | rectification) that can be summed without counting a sum
    twice: for each notice, the totals it states for itself where it states any (its findings' amounts
    are inside them), else the amounts in its findings — never a target, a baseline or a part of a total."""
    by_notice: dict[object, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get("kind") == "money" and row.get("value") is not None and row.get("about") == about \
                and row.get("role") in _ADDABLE:
            by_notice[row.get("notice_id")].append(row)
    out: list[dict] = []
    for figures in by_notice.values():
        notice_totals = [f for f in figures if f.get("role") == "total" and not f.get("record")]
        in_findings = [f for f in figures if f.get("record")]
        out.extend(notice_totals or in_findings or figures)
    return out


def rate_rows(rows: Iterable[dict]) -> list[dict]:
    """Rates (percent figures whose metric is a 率) reached or stated, one bar each: no goal, no base
    (由45%提高至92.3%: 92.3 only), so no bar ever shows a before and an after added together."""
    out = []
    for row in rows:
        if row.get("kind") == "percent" and row.get("value") is not None and "率" in (row.get("metric") or "") \
                and row.get("role") not in ("target", "baseline"):
            out.append(dict(row, label=_label(row.get("metric"), row.get("notice"), row.get("text"))))
    return out


def target_bars(targets: Iterable[dict]) -> list[dict]:
    """Each paired goal as bars side by side — 目标, 实际 and, where stated, 基数 — each its own bar (the
    bars of one goal are never stacked on one another)."""
    out, seen = [], defaultdict(int)
    for t in targets:
        if t.get("actual_value") is None:
            continue
        name = _label(t.get("metric"), t.get("notice"))
        seen[name] += 1
        name = name if seen[name] == 1 else f"{name}（{seen[name]}）"  # two goals of one name: two groups
        for kind, key in (("目标", "target_value"), ("实际", "actual_value"), ("基数", "baseline_value")):
            if t.get(key) is not None:
                out.append({"指标": f"{name} · {kind}", "目标项": name, "数值": t[key], "类别": kind,
                            "单位": t.get("target_unit")})
    return out


def _label(metric: Optional[str], notice: Optional[str], text: Optional[str] = None) -> str:
    parts: Sequence[str] = [metric or "（未写明指标）", (notice or "")[:24]] + ([text] if text else [])
    return " · ".join(p for p in parts if p)
