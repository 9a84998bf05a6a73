"""Search results as a reader takes them: one entry per finding (a hit on a finding and two of its
measures is one finding, not three cards), sorted by relevance or by date, and as rows to export."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..index.types import Hit
from ..present import STATUS_LABEL, TYPE_LABEL, date_text, issuer_text

RESULT_COLUMNS = ("序号", "问题", "匹配内容", "匹配类型", "整改措施", "整改状态", "发布单位", "日期", "来源", "页码", "相关度")
SORTS = {"relevance": "按相关度", "date": "按日期（新→旧）"}


@dataclass
class FindingResult:
    """A finding and the passages of it the search found, best first (`hit` is the best)."""
    hit: Hit
    passages: list[Hit] = field(default_factory=list)

    @property
    def matched(self) -> set[int]:
        """The record ids the search found in this finding: its measures to mark (▶) in the card."""
        ids = {p.id for p in self.passages if p.type == "measure"}
        ids |= {p.match.id for p in self.passages if p.match is not None}
        return ids


def by_finding(hits: Iterable[Hit]) -> list[FindingResult]:
    """Hits grouped by the finding they belong to, in the order of each finding's best hit."""
    groups: dict[int, FindingResult] = {}
    for hit in hits:
        group = groups.get(hit.finding_id)
        if group is None:
            groups[hit.finding_id] = FindingResult(hit, [hit])
        else:
            group.passages.append(hit)
    return list(groups.values())


def sort_results(results: Sequence[FindingResult], by: str = "relevance") -> list[FindingResult]:
    """Relevance keeps the search's order; date puts the newest notice first and the undated last."""
    if by != "date":
        return list(results)
    dated = sorted((r for r in results if r.hit.date), key=lambda r: r.hit.date, reverse=True)
    return dated + [r for r in results if not r.hit.date]


def result_rows(results: Sequence[FindingResult]) -> list[dict]:
    """One row per finding, for CSV/XLSX (columns `RESULT_COLUMNS`)."""
    rows = []
    for rank, r in enumerate(results, 1):
        h = r.hit
        best = h.match.text if h.match is not None else h.text
        kind = "整改措施" if h.match is not None or h.type == "measure" else TYPE_LABEL.get(h.type, h.type)
        measures = "\n".join(f"{i}. {m.text}" for i, m in enumerate(h.measures, 1))
        rows.append({"序号": rank, "问题": h.finding_title, "匹配内容": best, "匹配类型": kind, "整改措施": measures,
                     "整改状态": STATUS_LABEL.get(h.status or "", ""), "发布单位": issuer_text(h.issuer),
                     "日期": date_text(h.date), "来源": h.source or h.notice_title, "页码": h.page,
                     "相关度": h.relevance})
    return rows
