"""The record contract of design §2, as dataclasses.

Every stage of the pipeline reads and fills these; `to_dict` gives the JSON the CLI prints and the
library stores, so there is one place where the contract lives.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional


@dataclass
class Summary:
    """The totals a notice states for itself (None where it states none), with each one's sentence."""
    problems_total: Optional[int] = None
    problems_done: Optional[int] = None
    problems_ongoing: Optional[int] = None
    completion_rate: Optional[float] = None         # percent, as stated
    measures_total: Optional[int] = None
    rules_made: Optional[int] = None
    people_held_accountable: Optional[int] = None
    money_recovered: Optional[float] = None         # 元
    audit_amount: Optional[float] = None            # 元
    audit_amount_rectified: Optional[float] = None  # 元
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class Notice:
    title: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    source: Optional[str] = None
    kind: str = "其他"
    inspection_start: Optional[str] = None
    inspection_end: Optional[str] = None
    feedback_date: Optional[str] = None
    doc_number: Optional[str] = None    # 某党〔2024〕17号: the document number under a red-head line
    read_by: str = "text"               # text | ocr: whether the words came from OCR of a scan
    ocr_confidence: Optional[float] = None  # mean line confidence of the OCR, 0–1
    low_confidence: list[list[int]] = field(default_factory=list)  # [start, end) of OCR lines under the threshold
    summary: Summary = field(default_factory=Summary)


@dataclass
class Section:
    ordinal: int
    title: str
    start: int = 0
    end: int = 0


@dataclass
class Measure:
    ordinal: int
    text: str
    status: str = "unknown"
    id: str = ""
    start: int = 0
    end: int = 0


@dataclass
class Finding:
    id: str
    number: Optional[int]
    section: Optional[int]
    title: str
    text: str
    measures: list[Measure] = field(default_factory=list)
    status: str = "unknown"
    start: int = 0
    end: int = 0
    theme: Optional[str] = None        # a code of the theme taxonomy, set where a classifier ran
    secondary: Optional[str] = None
    confidence: Optional[float] = None
    responsible: Optional[str] = None  # 责任部门/单位 as a ledger table gives it
    deadline: Optional[str] = None     # 完成时限 as written
    page: Optional[int] = None         # the PDF page (1-based) the finding starts on


@dataclass
class Figure:
    text: str
    kind: str
    unit: str
    start: int
    end: int
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[str] = None
    role: Optional[str] = None
    metric: Optional[str] = None
    year: Optional[int] = None
    record: Optional[str] = None
    normalized: Optional[str] = None  # ISO form of dates and periods, for display and filtering
    about: Optional[str] = None       # money only: problem | rectification | None (assets, budgets, output)


@dataclass
class Quantity:
    value: float
    unit: str
    comparator: Optional[str] = None


@dataclass
class Target:
    metric: str
    target: Quantity
    deadline_year: Optional[int]
    actual: Optional[Quantity]
    text: str
    start: int = 0
    end: int = 0
    baseline: Optional[Quantity] = None  # the X of 由X提高到Y, where the actual is its Y


@dataclass
class Extraction:
    notice: Notice
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    text: str = ""
    furniture: list[tuple[int, int]] = field(default_factory=list)  # spans of page furniture lines in `text`

    @property
    def body(self) -> str:
        """`text` with its page furniture blanked (same length, so offsets hold)."""
        return blank(self.text, self.furniture)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of design §2 (offsets kept: the UI highlights with them)."""
        return {
            "notice": asdict(self.notice),
            "sections": [{"ordinal": s.ordinal, "title": s.title} for s in self.sections],
            "findings": [_finding_dict(f) for f in self.findings],
            "overview": list(self.overview),
            "next_steps": list(self.next_steps),
            "figures": [asdict(f) for f in self.figures],
            "targets": [_target_dict(t) for t in self.targets],
        }


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces: same length, so every offset still points home."""
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def _finding_dict(f: Finding) -> dict[str, Any]:
    d = asdict(f)
    d["measures"] = [asdict(m) for m in f.measures]
    return d


def _target_dict(t: Target) -> dict[str, Any]:
    d = asdict(t)
    d["target"] = {"value": t.target.value, "unit": t.target.unit, "comparator": t.target.comparator or "="}
    d["actual"] = None if t.actual is None else {"value": t.actual.value, "unit": t.actual.unit}
    d["baseline"] = None if t.baseline is None else {"value": t.baseline.value, "unit": t.baseline.unit}
    return d


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    """Rebuild an Extraction from its JSON (the library stores that JSON)."""
    findings = []
    for f in data.get("findings", []):
        measures = [Measure(**m) for m in f.get("measures", [])]
        findings.append(Finding(**{**f, "measures": measures}))
    targets = []
    for t in data.get("targets", []):
        actual, baseline = t.get("actual"), t.get("baseline")
        targets.append(Target(metric=t["metric"], target=Quantity(**t["target"]),
                              deadline_year=t.get("deadline_year"),
                              actual=Quantity(**actual) if actual else None, text=t.get("text", ""),
                              start=t.get("start", 0), end=t.get("end", 0),
                              baseline=Quantity(**baseline) if baseline else None))
    notice = dict(data.get("notice", {}))
    notice["summary"] = Summary(**(notice.get("summary") or {}))
    return Extraction(
        notice=Notice(**notice),
        sections=[Section(**s) for s in data.get("sections", [])],
        findings=findings,
        overview=list(data.get("overview", [])),
        next_steps=list(data.get("next_steps", [])),
        figures=[Figure(**f) for f in data.get("figures", [])],
        targets=targets,
        text=data.get("text", ""),
    )
