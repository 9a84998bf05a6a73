"""Whether a text is a rectification notice, from its wording as well as its shape.

The outline finds 一、（一）1. headings in many texts (a novel chapter, a work plan); what only a
rectification notice does is talk about rectifying: it names 整改 again and again, with the problems
and measures it reports on.
"""
from __future__ import annotations

from typing import Optional

from .lexicon import NOTICE_WORDS, RECTIFICATION_WORD

MIN_RECTIFICATION = 2     # 整改 at least twice (title and body, at the very least)
MIN_NOTICE_WORDS = 3      # and the notice vocabulary at least three times


def not_a_notice(text: str) -> Optional[str]:
    """None for a rectification notice; otherwise what its wording lacks, for the refusal message."""
    rectify = text.count(RECTIFICATION_WORD)
    words = {w: text.count(w) for w in NOTICE_WORDS}
    if rectify >= MIN_RECTIFICATION and sum(words.values()) >= MIN_NOTICE_WORDS:
        return None
    seen = ", ".join(f"{w} ×{n}" for w, n in words.items() if n) or "none of the others"
    return f"{RECTIFICATION_WORD} ×{rectify}; {seen}"


TOTAL_FIELDS = ("problems_total", "problems_done", "problems_ongoing", "completion_rate", "measures_total",
                "rules_made", "people_held_accountable", "money_recovered", "audit_amount", "audit_amount_rectified")


def notice_refusal(text: str, findings: int, summary) -> Optional[tuple[str, str]]:
    """Why an extraction is not a rectification notice, as (error code, detail), or None when it is one:
    it reports findings or at least one total of its own (a page that only reports 反馈问题N个、已整改M个 is
    a notice), and it talks as such notices talk. `extract` and `ingest` both go by this one rule."""
    if not findings and not any(getattr(summary, key, None) is not None for key in TOTAL_FIELDS):
        return "N001", ""
    detail = not_a_notice(text)
    return ("N002", detail) if detail else None
