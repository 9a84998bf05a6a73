"""The extraction pipeline: named components, each filling its part of one Extraction in turn.

As in spaCy, a component is a plain callable that takes the document being built and returns it, so
a caller can run a subset (`components=("metadata", "outline")`) or add its own.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from .figures import find_figures
from .metadata import notice_metadata
from .records import Extraction, Notice
from .structure import outline_notice
from .targets import pair_targets

Component = Callable[[Extraction, dict], Extraction]


def _metadata(doc: Extraction, hints: dict) -> Extraction:
    doc.notice = notice_metadata(doc.text, hints.get("title"), hints.get("date"))
    return doc


def _outline(doc: Extraction, hints: dict) -> Extraction:
    outline = outline_notice(doc.text)
    doc.sections, doc.findings = outline.sections, outline.findings
    doc.overview, doc.next_steps = outline.overview, outline.next_steps
    return doc


def _figures(doc: Extraction, hints: dict) -> Extraction:
    doc.figures = find_figures(doc.text, doc.findings, doc.notice.date)
    return doc


def _targets(doc: Extraction, hints: dict) -> Extraction:
    doc.targets = pair_targets(doc.text, doc.figures)
    return doc


COMPONENTS: dict[str, Component] = {
    "metadata": _metadata,
    "outline": _outline,
    "figures": _figures,
    "targets": _targets,
}
DEFAULT = tuple(COMPONENTS)


def extract_document(doc) -> Extraction:
    """Extract a document a reader produced (anything with text, title_hint and date_hint)."""
    return extract(doc.text, doc.title_hint, doc.date_hint)


def extract(text: str, title_hint: Optional[str] = None, date_hint: Optional[str] = None,
            components: Iterable[str] = DEFAULT) -> Extraction:
    """Run the named components over a normalised notice text."""
    doc = Extraction(notice=Notice(), text=text)
    hints = {"title": title_hint, "date": date_hint}
    for name in components:
        doc = COMPONENTS[name](doc, hints)
    return doc
