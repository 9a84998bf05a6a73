#!/usr/bin/env python3
"""Build the second held-out set's DOCX / HTML / PDF / OCR'd files from their sources.

    python benchmarks/data/heldout2/make.py [NAME ...] [--check]

The same script as `../heldout/make.py` (imported from there: the markup, the OCR simulation, the fixed
DOCX timestamps and the `--check` comparison are its own), with three page forms that set has not:

    # autonumber: 3        ← DOCX: in table column 3 (1-based), cell paragraphs typed `N.text` become Word
                             automatic numbering (numPr, the number lives in numbering.xml, not in the text;
                             each cell's list restarts at 1, as Word does for a new list)
    # layout: nested       ← HTML: the article sits inside a page-layout table (left menu column, article
                             column with a title cell and an info row, right column of related links, as old
                             CMS pages do); `# left:` / `# right:` lines fill the side columns
    # page: portrait       ← PDF: A4 portrait instead of landscape, so a long ledger runs over two pages

PDFs are printed by Chromium with the flags of the project brief:
`chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-pdf-header-footer`.
"""
from __future__ import annotations

import datetime as dt
import html
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"


def _base():
    """The first set's make.py, whose functions this script reuses."""
    path = HERE.parent / "heldout" / "make.py"
    spec = importlib.util.spec_from_file_location("heldout_make_base", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("heldout_make_base", module)
    spec.loader.exec_module(module)
    return module


base = _base()
read_source, items, one, build_ocr, pdf_text = base.read_source, base.items, base.one, base.build_ocr, base.pdf_text


# ---------------------------------------------------------------- DOCX with Word automatic numbering

ABSTRACT_ID = "90"
_TYPED = re.compile(r"^(\d{1,2})[.．、]\s*")


def _numbering(document) -> tuple:
    """(numbering element, next numId): adds one decimal abstract list `%1.` to the template's numbering."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>'
        "</w:abstractNum>")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    return numbering, max(used, default=0) + 1


def _new_list(numbering, num_id: int) -> None:
    """A w:num on the abstract list that restarts at 1 (one per cell, as Word makes them)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{ABSTRACT_ID}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))


def _number_paragraph(paragraph, num_id: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(meta, lines) -> bytes:
    """The first set's DOCX, plus Word automatic numbering in the `autonumber` column."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = one(meta, "title")
    auto = int(one(meta, "autonumber", "0")) - 1
    d = docx.Document()
    numbering, next_id = _numbering(d) if auto >= 0 else (None, 0)
    for item in items(lines):
        if item[0] == "p":
            para = d.add_paragraph()
            run = para.add_run(item[1])
            if item[1] == title:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run.bold = True
                run.font.size = Pt(16)
            continue
        _, header, rows = item
        table = d.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = text
        for kind, content in rows:
            row = table.add_row()
            if kind == "group":
                merged = row.cells[0].merge(row.cells[-1])
                merged.text = content
                continue
            for col, (cell, paragraphs) in enumerate(zip(row.cells, content)):
                if not paragraphs:
                    continue
                typed = col == auto and len(paragraphs) > 1 and all(_TYPED.match(p) for p in paragraphs)
                texts = [_TYPED.sub("", p) for p in paragraphs] if typed else paragraphs
                made = [cell.paragraphs[0]] + [cell.add_paragraph() for _ in texts[1:]]
                for para, text in zip(made, texts):
                    para.text = text
                if typed:
                    _new_list(numbering, next_id)
                    for para in made:
                        _number_paragraph(para, next_id)
                    next_id += 1
    props = d.core_properties
    props.author = props.last_modified_by = ""
    props.title = props.subject = props.keywords = props.comments = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    raw = io.BytesIO()
    d.save(raw)
    return base._fixed_zip(raw.getvalue())


# ---------------------------------------------------------------- HTML in a layout table

STYLE_NESTED = """body{font-family:"SimSun","Noto Serif CJK SC",serif;margin:0;font-size:14px}
.banner{background:#1d4f91;color:#fff;font-size:24px;padding:16px}
.menu td{background:#e8eef7;padding:4px 8px}
.bt{font-size:20px;font-weight:bold;text-align:center;padding:12px}
.xx{font-size:12px;color:#666;text-align:center;border-bottom:1px dashed #aaa}
.zw p{text-indent:2em;line-height:1.8}
table.ledger{border-collapse:collapse;width:100%}
table.ledger td,table.ledger th{border:1px solid #888;padding:3px 5px;vertical-align:top}
table.ledger td p{margin:0;text-indent:0}
.bottom{background:#eee;font-size:12px;text-align:center;padding:10px}"""


def build_nested_html(meta, lines) -> str:
    """An old CMS page: banner and menu rows, then a three-column layout table whose middle cell holds the
    title cell, the info row and the article (with its ledger table inside that cell)."""
    title = one(meta, "title")
    charset = one(meta, "charset", "utf-8")
    body = []
    for item in items(lines):
        if item[0] == "table":
            body.append(base._table(item[1], item[2]))
        elif item[1] == title:
            continue  # the title has its own cell above the article
        else:
            body.append(f"<p>{html.escape(item[1])}</p>")
    menu = "".join(f"<td>{html.escape(m)}</td>" for m in one(meta, "nav").split("|") if m.strip())
    left = "".join(f"<tr><td>{html.escape(x)}</td></tr>" for x in meta.get("left", []))
    right = "".join(f"<li>{html.escape(x)}</li>" for x in meta.get("right", []))
    head = "".join(f"<tr><td colspan=\"3\">{html.escape(h)}</td></tr>" for h in meta.get("head", []))
    info = "".join(html.escape(i) for i in meta.get("info", []))
    foot = "<br>".join(html.escape(f) for f in meta.get("foot", []))
    parts = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">', "<html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{html.escape(one(meta, 'page-title', title))}</title>", f"<style>{STYLE_NESTED}</style>",
        "</head><body>",
        '<table width="1000" align="center" cellpadding="0" cellspacing="0" border="0">',
        f'<tr><td class="banner" colspan="3">{html.escape(one(meta, "site"))}</td></tr>',
        f'<tr><td colspan="3"><table class="menu" width="100%"><tr>{menu}</tr></table></td></tr>', head,
        '<tr><td width="180" valign="top"><table width="100%">' + left + "</table></td>",
        '<td width="640" valign="top"><table width="100%" cellpadding="0" cellspacing="0">',
        f'<tr><td class="bt">{html.escape(title)}</td></tr>' if title else "",
        f'<tr><td class="xx">{info}</td></tr>' if info else "",
        '<tr><td class="zw">', "\n".join(body), "</td></tr></table></td>",
        f'<td width="180" valign="top"><div>相关信息</div><ul>{right}</ul></td></tr>',
        f'<tr><td class="bottom" colspan="3">{foot}</td></tr>', "</table>", "</body></html>"]
    return "\n".join(p for p in parts if p) + "\n"


# ---------------------------------------------------------------- PDF

def build_pdf(meta, lines, out: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SystemExit("needs chromium to print the PDF (apt-get install chromium fonts-noto-cjk)")
    page = base.build_html(meta, lines, printable=True)
    if one(meta, "page") == "portrait":
        page = page.replace("size:A4 landscape", "size:A4 portrait")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-pdf-header-footer", f"--print-to-pdf={out}", path.as_uri()],
                       check=True, capture_output=True, timeout=120)


# ---------------------------------------------------------------- driver (as in ../heldout/make.py)

def targets(names: list[str]) -> list[tuple[Path, str, Path]]:
    """(source, kind, output) for every source, or those named."""
    found = []
    for src in sorted(SRC.iterdir()):
        if src.name.endswith(".clean.txt"):
            name, kind, suffix = src.name[:-len(".clean.txt")], "ocr", ".txt"
        elif src.suffix == ".src":
            name = src.stem
            kind = one(read_source(src)[0], "out")
            suffix = "." + kind
        else:
            continue
        if names and name not in names:
            continue
        found.append((src, kind, HERE / (name + suffix)))
    return found


def build(src: Path, kind: str, out: Path) -> None:
    meta, lines = read_source(src)
    if kind == "docx":
        out.write_bytes(build_docx(meta, lines))
    elif kind == "html":
        page = build_nested_html(meta, lines) if one(meta, "layout") == "nested" else base.build_html(meta, lines)
        out.write_bytes(page.encode(one(meta, "charset", "utf-8")))
    elif kind == "pdf":
        build_pdf(meta, lines, out)
    elif kind == "ocr":
        out.write_text(build_ocr(meta, lines), encoding="utf-8")
    else:
        raise SystemExit(f"{src.name}: unknown output {kind!r}")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    bad = 0
    for src, kind, out in targets(names):
        if not check:
            build(src, kind, out)
            size = out.stat().st_size
            print(f"{out.name}: {size:,} bytes" + ("  (over 200 KB: do not commit)" if size > 200_000 else ""))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / out.name
            build(src, kind, fresh)
            ok = base.same(kind, fresh, out)
        bad += not ok
        print(f"{out.name}: {'same as committed' if ok else 'DIFFERS from the committed file'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
