"""The shapes the library answers in: what a search may return (`Filters`) and what it returns (`Hit`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from ..nlp.issuer import issuer_key


@dataclass(frozen=True)
class Filters:
    """What a search may return: record type, issuer (substring), kind, year range, status, theme.
    With a year range, notices without a date are left out unless `undated` lets them in."""
    type: str = "any"
    issuer: Optional[str] = None
    kind: Optional[str] = None
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    undated: bool = False
    status: Optional[str] = None
    theme: Optional[str] = None
    exclude_notices: tuple[int, ...] = ()   # `similar` leaves out the notice a finding came from (and its copies)

    def sql(self) -> tuple[str, list[Any]]:
        """A WHERE clause over `records r JOIN notices n`, with its arguments."""
        clauses, args = [], []
        if self.type in ("finding", "measure"):
            clauses.append("r.type = ?"); args.append(self.type)
        if self.issuer:
            # a part of the written name, or the office itself however written (市审计局 = 临川市审计局)
            clauses.append("(n.issuer LIKE ? ESCAPE '\\' OR n.issuer_key = ?)")
            args += [f"%{like_escape(self.issuer)}%", issuer_key(self.issuer)]
        if self.kind:
            clauses.append("n.kind = ?"); args.append(self.kind)
        years = []
        if self.year_from is not None:
            years.append("n.year >= ?"); args.append(self.year_from)
        if self.year_to is not None:
            years.append("n.year <= ?"); args.append(self.year_to)
        if years:
            clause = " AND ".join(years)
            clauses.append(f"(({clause}) OR n.year IS NULL)" if self.undated else clause)
        if self.status:
            clauses.append("r.status = ?"); args.append(self.status)
        if self.theme:
            clauses.append("r.theme = ?"); args.append(self.theme)  # a measure carries its finding's theme
        if self.exclude_notices:
            clauses.append(f"r.notice_id NOT IN ({','.join('?' * len(self.exclude_notices))})")
            args.extend(self.exclude_notices)
        return (" AND ".join(clauses) or "1"), args

    @property
    def active(self) -> bool:
        return self.sql()[0] != "1"


def like_escape(value: str) -> str:
    """A user's words taken literally inside LIKE: % and _ are not wildcards."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class MeasureHit:
    id: int
    key: str
    text: str
    status: str


@dataclass
class Hit:
    """One search result: the record (by default a finding, with the measure that matched best in
    `match`), its notice and where it comes from (`source`, `page`), and what a front end shows with it."""
    id: int
    type: str
    key: str
    text: str
    score: float
    finding_id: int
    finding_title: str
    notice_id: int
    notice_title: str
    date: Optional[str]
    issuer: Optional[str]
    kind: Optional[str]
    status: Optional[str]
    start: int
    end: int
    measures: list[MeasureHit] = field(default_factory=list)
    terms: tuple[str, ...] = ()           # the query's words, for highlighting
    relevance: Optional[int] = None       # 0–100, one scale whatever the mode
    theme: Optional[str] = None
    recurring: Optional[int] = None       # the earlier finding this one repeats, if any
    source: str = ""                      # where it comes from: the notice title, else issuer + date, else the file
    page: Optional[int] = None            # the PDF page the finding starts on
    match: Optional[MeasureHit] = None    # one result per finding: the measure that matched best, when not the finding
    exact: bool = False                   # matched a document number or a quoted phrase literally

    def to_dict(self) -> dict:
        return asdict(self)
