#!/usr/bin/env python3
"""Build the held-out notices that are not plain text (DOCX, HTML, PDF, OCR'd text) from their sources.

    python benchmarks/data/heldout/make.py [NAME ...] [--check]

Each source is `src/NAME.src` (markup) or `src/NAME.clean.txt` (the clean text of a scanned notice) and
builds `NAME.docx`, `NAME.html`, `NAME.pdf` or `NAME.txt` beside this script. With `--check` nothing is
written: each build is compared with the committed file (DOCX and HTML byte for byte, OCR text exactly,
PDF by its text) and the script exits 1 if any differs, so a fresh clone can confirm what it holds.

Why a script: the notices are the evaluation set, so anyone must be able to see what went into each file
and make it again. DOCX members get a fixed timestamp, so a rebuild is byte-identical; a PDF carries
Chromium's creation date, so it is compared by its text.

Markup (the syntax of `nlp/markup.py`, without role tags):

    # out: docx | html | pdf               ← lines opening the file with '#' are settings (repeatable)
    # title: 中共…关于…的通报                 ← the paragraph equal to this is set as the title (h1 / centred)
    # head: 当前位置：首页 > …                ← HTML: page furniture before the article (one block per line)
    # info: 发布时间：…                       ← HTML: a line under the title
    # foot: 【打印本页】…                     ← HTML: page furniture after the article
    # page-title: …                        ← HTML <title> (default: the title)
    # charset: gbk                         ← HTML encoding (default utf-8)
    any other line                         ← a paragraph
    | 序号 | 巡察反馈问题 | 整改措施 | …     ← a run of '|' lines is a table; its first line is the header
    || 一、党的建设方面                     ← a merged row across the whole table
    | 1 | 问题… | 1.措施 // 2.措施 | …      ← ' // ' parts a cell's paragraphs

OCR sources (`NAME.clean.txt`) open with settings too: `# width: 30`, `# jitter: 2`, `# page-lines: 24`,
`# header: …` (the running header from page 2 on), `# fullwidth: all | half`, `# dot: all | headings`,
`# seed: N`. Lines are cut every width±jitter characters wherever they fall (inside numbers and dates
too), pages end with `— n —`.
"""
from __future__ import annotations

import html
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


# ---------------------------------------------------------------- markup

def read_source(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    """(settings, body lines) of a source file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    meta: dict[str, list[str]] = {}
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0).lstrip("#").partition(":")
        meta.setdefault(key.strip(), []).append(value.strip())
    return meta, lines


def items(lines: list[str]) -> list[tuple]:
    """Paragraphs ("p", text) and tables ("table", header, rows); a row is ("group", text) or ("row", cells),
    a cell a list of paragraphs."""
    out: list[tuple] = []
    table = None
    for raw in lines:
        line = raw.strip()
        if not line:
            table = None
            continue
        if not line.startswith("|"):
            table = None
            out.append(("p", line))
            continue
        if table is None:
            table = ("table", [c.strip() for c in line.strip("|").split("|")], [])
            out.append(table)
        elif line.startswith("||"):
            table[2].append(("group", line[2:].strip()))
        else:
            cells = [[p.strip() for p in c.split("//") if p.strip()] for c in line.strip("|").split("|")]
            table[2].append(("row", cells))
    return out


def one(meta: dict[str, list[str]], key: str, default: str = "") -> str:
    return meta.get(key, [default])[0]


# ---------------------------------------------------------------- DOCX

def build_docx(meta, lines) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = one(meta, "title")
    d = docx.Document()
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
            for cell, paragraphs in zip(row.cells, content):
                if not paragraphs:
                    continue
                cell.paragraphs[0].text = paragraphs[0]
                for paragraph in paragraphs[1:]:
                    cell.add_paragraph(paragraph)
    props = d.core_properties
    props.author = props.last_modified_by = ""
    props.title = props.subject = props.keywords = props.comments = ""
    props.revision = 1
    import datetime as dt
    props.created = props.modified = dt.datetime(2024, 1, 1)
    raw = io.BytesIO()
    d.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every member dated 1980-01-01, so a rebuild is byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- HTML / PDF

STYLE_WEB = """body{font-family:"SimSun","Noto Serif CJK SC",serif;margin:0;background:#f4f4f4}
.top{background:#b60000;color:#fff;padding:14px 40px;font-size:22px}
.nav{background:#8c0000;color:#fff;padding:6px 40px;font-size:14px}
.furniture{padding:4px 40px;font-size:13px;color:#555}
.article{background:#fff;margin:10px 40px;padding:20px 40px}
h1{font-size:22px;text-align:center}
.info{text-align:center;font-size:13px;color:#777;border-bottom:1px solid #ddd;padding-bottom:8px}
.content p{text-indent:2em;line-height:1.9;font-size:16px}
table{border-collapse:collapse;width:100%;font-size:14px}
td,th{border:1px solid #999;padding:4px 6px;vertical-align:top}
td p{margin:0 0 2px 0;text-indent:0}
.footer{background:#ddd;padding:14px 40px;font-size:12px;color:#333}"""

STYLE_PRINT = """@page{size:A4 landscape;margin:16mm 14mm}
body{font-family:"Noto Sans CJK SC",sans-serif;font-size:10.5pt}
h1{font-size:17pt;text-align:center;font-weight:normal}
.content p{text-indent:2em;line-height:1.7;margin:4px 0}
table{border-collapse:collapse;width:100%;font-size:10pt}
td,th{border:1px solid #000;padding:3px 5px;vertical-align:top}
th{background:#eee;font-weight:normal}
td p{margin:0;text-indent:0}
tr{page-break-inside:avoid}"""


def _cell(paragraphs: list[str]) -> str:
    if len(paragraphs) == 1:
        return html.escape(paragraphs[0])
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _table(header, rows) -> str:
    out = ['<table class="ledger" cellspacing="0">', "<thead><tr>"]
    out += [f"<th>{html.escape(h)}</th>" for h in header]
    out.append("</tr></thead><tbody>")
    for kind, content in rows:
        if kind == "group":
            out.append(f'<tr class="group"><td colspan="{len(header)}"><b>{html.escape(content)}</b></td></tr>')
        else:
            out.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in content) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def build_html(meta, lines, printable: bool = False) -> str:
    title = one(meta, "title")
    charset = one(meta, "charset", "utf-8")
    page_title = one(meta, "page-title", title or "")
    body = []
    for item in items(lines):
        if item[0] == "table":
            body.append(_table(item[1], item[2]))
        elif item[1] == title:
            body.append(f"<h1>{html.escape(item[1])}</h1>")
            body += [f'<div class="info">{html.escape(i)}</div>' for i in meta.get("info", [])]
        else:
            body.append(f"<p>{html.escape(item[1])}</p>")
    head = "\n".join(f'<div class="furniture">{html.escape(h)}</div>' for h in meta.get("head", []))
    foot = "\n".join(f"<div>{html.escape(f)}</div>" for f in meta.get("foot", []))
    nav = one(meta, "nav")
    site = one(meta, "site")
    script = ("<script>var _hits=document.getElementById('hits');"
              "if(_hits){_hits.innerText=String(1000+Math.floor(Math.random()*100));}</script>")
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head>', f'<meta charset="{charset}">',
             f"<title>{html.escape(page_title)}</title>",
             f"<style>{STYLE_PRINT if printable else STYLE_WEB}</style>", "</head><body>"]
    if not printable:
        if site:
            parts.append(f'<div class="top">{html.escape(site)}</div>')
        if nav:
            parts.append(f'<div class="nav">{html.escape(nav)}</div>')
        parts.append(head)
    parts += ['<div class="article"><div class="content">', "\n".join(body), "</div></div>"]
    if not printable:
        parts += [f'<div class="footer">{foot}</div>', script]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def build_pdf(meta, lines, out: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SystemExit("needs chromium to print the PDF (apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(build_html(meta, lines, printable=True), encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={out}", page.as_uri()], check=True, capture_output=True, timeout=120)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


# ---------------------------------------------------------------- OCR'd text

def build_ocr(meta, lines) -> str:
    """A clean notice as the text OCR gives for a scan: hard breaks every ~width characters, page footers,
    a running header, full-width digits and `．`."""
    rnd = random.Random(int(one(meta, "seed", "1")))
    width, jitter = int(one(meta, "width", "30")), int(one(meta, "jitter", "2"))
    per_page = int(one(meta, "page-lines", "24"))
    header = one(meta, "header")
    full, dot = one(meta, "fullwidth", "all"), one(meta, "dot", "all")
    lines = [line for line in lines if line.strip()]
    note = lines.pop(0) if lines and lines[0].startswith("【虚构示例】") else None  # our marker, not the scan's
    text = "\n".join(lines)
    text = re.sub(r"(?m)^([\s\u3000]*\d{1,2})\.", lambda m: m.group(1) + "．", text)
    if dot == "all":
        text = re.sub(r"(?<=\d)\.(?=\d)", "．", text)
    # a 0 among Chinese numerals (二0二四年) is how the scan wrote it: it stays as it is
    digit = re.compile(r"(?<![〇一二三四五六七八九十])\d|\d(?![〇一二三四五六七八九十])")
    if full == "all":
        text = digit.sub(lambda m: m.group(0).translate(FULL), text)
    else:
        text = digit.sub(lambda m: m.group(0).translate(FULL) if rnd.random() < 0.5 else m.group(0), text)
    cut: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        while len(line) > width + jitter:
            at = width + rnd.randint(-jitter, jitter)
            cut.append(line[:at])
            line = line[at:]
        cut.append(line)
    out, page = [], 1
    for i, line in enumerate(cut, 1):
        out.append(line)
        if i % per_page == 0 and i < len(cut):
            out += ["", f"— {page} —", ""]
            page += 1
            if header:
                out.append(header)
    out += ["", f"— {page} —"]
    return "\n".join(([note] if note else []) + out) + "\n"


# ---------------------------------------------------------------- driver

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
        out.write_bytes(build_html(meta, lines).encode(one(meta, "charset", "utf-8")))
    elif kind == "pdf":
        build_pdf(meta, lines, out)
    elif kind == "ocr":
        out.write_text(build_ocr(meta, lines), encoding="utf-8")
    else:
        raise SystemExit(f"{src.name}: unknown output {kind!r}")


def same(kind: str, built: Path, committed: Path) -> bool:
    if not committed.exists():
        return False
    if kind == "pdf":
        return pdf_text(built) == pdf_text(committed)
    return built.read_bytes() == committed.read_bytes()


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
            ok = same(kind, fresh, out)
        bad += not ok
        print(f"{out.name}: {'same as committed' if ok else 'DIFFERS from the committed file'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
