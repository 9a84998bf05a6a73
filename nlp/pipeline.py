"""The extraction pipeline: named components, each filling its part of one Extraction in turn.

As in spaCy, a component is a plain callable that takes the document being built and returns it, so
a caller can run a subset (`components=("metadata", "outline")`) or add its own.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from .blocks import page_of
from .figures import find_figures
from .furniture import find_furniture
from .metadata import notice_metadata
from .records import Extraction, Notice
from .structure import outline_notice
from .figure_roles import mark_totals
from .summary import notice_totals
from .targets import pair_targets

Component = Callable[[Extraction, dict], Extraction]


def _furniture(doc: Extraction, hints: dict) -> Extraction:
    found = find_furniture(doc.text)
    doc.furniture = found.spans
    hints["fields"] = found.fields
    hints["body"] = found.blank(doc.text)  # blanked once; every later component reads it
    return doc


def _metadata(doc: Extraction, hints: dict) -> Extraction:
    doc.notice = notice_metadata(_body(doc, hints), hints.get("title"), hints.get("date"), hints.get("fields", {}))
    return doc


def _outline(doc: Extraction, hints: dict) -> Extraction:
    outline = outline_notice(_body(doc, hints), hints.get("blocks"))
    doc.sections, doc.findings = outline.sections, outline.findings
    doc.overview, doc.next_steps = outline.overview, outline.next_steps
    return doc


def _summary(doc: Extraction, hints: dict) -> Extraction:
    """After figures: the totals take their numbers from the figures, which then say they are totals."""
    n = doc.notice
    own = n.inspection_start or n.feedback_date
    year = int(own[:4]) if own else (int(n.date[:4]) - 1 if n.date else None)
    doc.notice.summary, used = notice_totals(_body(doc, hints), doc.findings, doc.figures, n.issuer, year)
    mark_totals(doc.figures, used)
    return doc


def _figures(doc: Extraction, hints: dict) -> Extraction:
    doc.figures = find_figures(_body(doc, hints), doc.findings, doc.notice.date)
    return doc


def _targets(doc: Extraction, hints: dict) -> Extraction:
    doc.targets = pair_targets(_body(doc, hints), doc.figures)
    return doc


def _body(doc: Extraction, hints: dict) -> str:
    return hints["body"] if "body" in hints else doc.body  # a subset of components may skip furniture


COMPONENTS: dict[str, Component] = {
    "furniture": _furniture,
    "metadata": _metadata,
    "outline": _outline,
    "figures": _figures,
    "summary": _summary,
    "targets": _targets,
}
DEFAULT = tuple(COMPONENTS)


def extract_document(doc) -> Extraction:
    """Extract a document a reader produced (anything with text, title_hint and date_hint; blocks,
    page starts and OCR provenance where the reader gives them)."""
    out = extract(doc.text, doc.title_hint, doc.date_hint, blocks=getattr(doc, "blocks", None))
    out.notice.read_by = getattr(doc, "read_by", "text") or "text"
    out.notice.ocr_confidence = getattr(doc, "ocr_confidence", None)
    out.notice.low_confidence = [[start, end] for start, end in getattr(doc, "low_confidence", None) or []]
    pages = getattr(doc, "page_starts", None)
    if pages:
        for finding in out.findings:
            finding.page = page_of(finding.start, pages)
    return out


def extract(text: str, title_hint: Optional[str] = None, date_hint: Optional[str] = None,
            components: Iterable[str] = DEFAULT, blocks: Optional[list] = None) -> Extraction:
    """Run the named components over a normalised notice text (and its blocks, where a reader gave them)."""
    doc = Extraction(notice=Notice(), text=text)
    hints = {"title": title_hint, "date": date_hint, "blocks": blocks}
    for name in components:
        doc = COMPONENTS[name](doc, hints)
    return doc
