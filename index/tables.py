"""The figures table researchers export: one row per figure, from notice files or the library."""
from __future__ import annotations

import csv
import io
import sys
from typing import IO, Iterable, Optional

from ..corpus.readers import ReadError, read_notice

COLUMNS = ("notice", "issuer", "notice_date", "finding", "record", "metric", "year", "value", "low", "high",
           "unit", "kind", "qualifier", "role", "text")


def figure_rows(paths: Iterable[str], kind: Optional[str] = None) -> tuple[list[dict], list[tuple[str, str]]]:
    """Rows for the notices in `paths` (files or folders) and the files that could not be read."""
    from .library import iter_files
    from ..nlp.pipeline import extract_document

    rows, bad = [], []
    for path in iter_files(paths):
        try:
            doc = read_notice(path)
        except ReadError as exc:
            bad.append((str(path), str(exc)))
            continue
        result = extract_document(doc)
        titles = {f.id: f.title for f in result.findings}
        titles.update({m.id: f.title for f in result.findings for m in f.measures})
        for f in result.figures:
            if kind and f.kind != kind:
                continue
            rows.append({"notice": result.notice.title, "issuer": result.notice.issuer,
                         "notice_date": result.notice.date, "finding": titles.get(f.record or ""),
                         "record": f.record, "metric": f.metric, "year": f.year, "value": f.value, "low": f.low,
                         "high": f.high, "unit": f.unit, "kind": f.kind, "qualifier": f.qualifier, "role": f.role,
                         "text": f.text})
    return rows, bad


def write_table(rows: list[dict], csv_path: Optional[str] = None, xlsx_path: Optional[str] = None,
                out: IO[str] = sys.stdout) -> None:
    """CSV (UTF-8 with BOM, so Excel opens it right), XLSX, or a tab-separated table on `out`."""
    if xlsx_path:
        import pandas as pd

        pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in rows], columns=COLUMNS).to_excel(xlsx_path, index=False)
        print(f"{len(rows)} figures written to {xlsx_path}", file=out)
        return
    handle = open(csv_path, "w", encoding="utf-8-sig", newline="") if csv_path else out
    try:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore",
                                delimiter="," if csv_path else "\t")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if csv_path:
            handle.close()
            print(f"{len(rows)} figures written to {csv_path}", file=out)


def figures_frame(rows: list[dict]):
    """The figures as a DataFrame with the export columns first and a display value column."""
    import pandas as pd

    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    return frame[[c for c in COLUMNS if c in frame.columns] + [c for c in frame.columns if c not in COLUMNS]]


def filter_figures(frame, kinds=(), units=(), metric: str = "", years=None, issuers=(), roles=()):
    """The rows a researcher asked for; every argument left empty means 'any'."""
    keep = frame.index == frame.index
    if kinds:
        keep &= frame["kind"].isin(kinds)
    if units:
        keep &= frame["unit"].isin(units)
    if metric:
        keep &= frame["metric"].fillna("").str.contains(metric, regex=False)
    if years:
        lo, hi = years
        keep &= frame["year"].isna() | frame["year"].between(lo, hi)
    if issuers:
        keep &= frame["issuer"].isin(issuers)
    if roles:
        keep &= frame["role"].fillna("（无）").isin(roles)
    return frame[keep]


def to_xlsx_bytes(frame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def to_csv_bytes(frame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")
