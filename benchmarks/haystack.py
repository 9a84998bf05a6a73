"""The notices a search evaluation runs over, as files a user would have.

Any folder of notices works. Two kinds of file are turned into what they stand for before ingest:
`*.ledger.txt` — a notice whose ledger is written as `|`-tables (`nlp/markup.py`) — becomes a DOCX with
real Word tables (python-docx), and everything else is copied as it is. The default haystack is the
bundled samples plus zhenggai's own invented notices in `benchmarks/data/haystack/` (each marked
【虚构示例】): numbered, `关于“…”问题`, 中央巡视 `在…上下功夫`, audit reports, one-line, a web page, inline
一是/二是 problem lists, a ledger table as DOCX and as copied PDF text, OCR'd text, four-level headings
with a document number, a page without a title, and a fragment with no title, date or issuer.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
HAYSTACK = [ROOT / "corpus" / "samples", ROOT / "benchmarks" / "data" / "haystack"]
LEDGER = ".ledger.txt"


def notice_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            out.append(path)
    return out


def materialize(paths: Iterable[Path], folder: Path) -> list[Path]:
    """The notices under `paths` as files in `folder`, ledger markup turned into DOCX."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in notice_files(paths):
        if path.name.endswith(LEDGER):
            target = folder / (path.name[:-len(LEDGER)] + ".docx")
            ledger_docx(path.read_text(encoding="utf-8"), target)
        else:
            target = folder / path.name
            shutil.copyfile(path, target)
        out.append(target)
    return out


def ledger_docx(source: str, target: Path) -> None:
    """A DOCX of a marked-up notice: paragraphs stay paragraphs, each `|`-table becomes a Word table
    (a `||` row is one merged cell across the row; ` // ` parts a cell's paragraphs)."""
    import docx

    from zhenggai.nlp.markup import CELL_PARAGRAPH, _TAG

    document = docx.Document()
    table = None
    width = 0
    for raw in source.split("\n"):
        line = _TAG.sub("", raw.rstrip())
        if line.startswith("#") or not line.strip():
            table = None if not line.strip() else table
            continue
        if not line.lstrip().startswith("|"):
            table = None
            document.add_paragraph(line.strip())
            continue
        if line.lstrip().startswith("||"):
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[width - 1])
            merged.text = line.lstrip()[2:].strip()
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if table is None:
            width = len(cells)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
        row = table.add_row()
        for cell, value in zip(row.cells, cells):
            parts = [p.strip() for p in value.split(CELL_PARAGRAPH.strip())]
            cell.text = parts[0]
            for part in parts[1:]:
                cell.add_paragraph(part)
    document.save(str(target))
