"""What a notice becomes in the library: one record per finding and per measure, in document order,
each with the text it is embedded with and the tokens it is indexed with.

This is the one place records are derived from an extraction; the store writes them, ingest encodes
their passages, and reindex re-derives the passages from the stored rows by the same rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from ..nlp.problem import problem_of
from ..nlp.records import Extraction, Finding, Measure


@dataclass(frozen=True)
class Record:
    """A finding or a measure as the library holds it (a view of the extraction, not a copy)."""
    type: str                    # finding | measure
    finding: Finding
    measure: Optional[Measure] = None

    @property
    def key(self) -> str:
        return self.measure.id if self.measure else self.finding.id

    @property
    def text(self) -> str:
        return self.measure.text if self.measure else self.finding.text

    @property
    def passage(self) -> str:
        return passage(self.type, self.finding.title, self.text)

    @property
    def index_text(self) -> str:
        return lexical_text(self.type, self.finding.title, self.text)


def records_of(extraction: Extraction) -> Iterator[Record]:
    for f in extraction.findings:
        yield Record("finding", f)
        for m in f.measures:
            yield Record("measure", f, m)


def passage(record_type: str, title: str, text: str) -> str:
    """What is encoded for a record: a finding with its title, a measure after its finding's title (so
    a measure is found by the problem it answers as well as by its own words)."""
    if record_type == "finding":
        return title if text == title else f"{title}\n{text}"
    return f"{title}：{text}"


def lexical_text(record_type: str, title: str, text: str) -> str:
    """What BM25 indexes: a finding's title and text, a measure's own words."""
    return f"{title}\n{text}" if record_type == "finding" else text


def problem_passage(title: str, text: str, measures: list[str], limit: int = 250) -> str:
    """What two findings are compared on: the problem (its heading without the template words, and its
    text) and what was done about it — never the template two unrelated findings share."""
    core = problem_of(title)
    body = text[len(title):].strip("。 \n") if text.startswith(title) else text
    parts = [core] + ([body] if body and body != core else []) + measures
    return "\n".join(parts)[:limit]
