"""Web pages: the article, without navigation, scripts and footers.

trafilatura finds the main text. It parses with libxml2, which gives up past 256 levels of nesting and
then returns the title or nothing; a page that deep is read instead with the standard library's
streaming parser, which keeps every visible text block in order (its page furniture is dropped later,
line by line, with the rest of the furniture).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

from ..config import Limits
from ..errors import ReadError
from ..nlp.blocks import Block, BlockWriter
from ..nlp.ledger import column_roles, is_ledger
from .decode import decode_bytes
from .tables import is_totals_table, write_table

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_LIBXML_DEPTH = 250  # below libxml2's own limit of 256
_SITE_NAME = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*[^_|｜]{2,40}$")


def decode_html(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def read_html(data: bytes, limits: Limits = Limits()) -> tuple[str, Optional[str], Optional[str], list[Block]]:
    """(text, page title, page date, blocks) of a web page. A page whose article holds a ledger table
    (整改台账) is read block by block, so the table keeps its rows and cells; otherwise the extractor's text
    is the notice (blocks are then its lines)."""
    html = decode_html(data)
    plain = _PlainText()
    plain.feed(html)
    plain.close()
    text = None
    if plain.max_depth <= _LIBXML_DEPTH:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                                   deduplicate=False, with_metadata=False)
        meta = trafilatura.extract_metadata(html)
        title = (getattr(meta, "title", None) if meta else None) or plain.title
        date = getattr(meta, "date", None) if meta else None
    else:
        title, date = plain.title, None
    if title:
        title = _SITE_NAME.sub("", title) or title  # `…的通报_某某县人民政府`: the page's own title only
    visible = plain.body_text()
    if not text or (len(text) < 200 and len(visible) > 5 * len(text)):
        if plain.max_depth > limits.max_html_depth and not visible.strip():
            raise ReadError("R021", limit=limits.max_html_depth)
        text = visible  # the extractor gave up or kept a sliver: every visible block instead
    if plain.keeps_tables:
        text, blocks = _with_tables(plain, text or "", title)
        return text, title, date, blocks
    if text and title and title not in text[:1000]:
        text = f"{title}\n{text}"  # the page's heading lives outside the article body
    return text or "", title, date, []


def _with_tables(plain: "_PlainText", article: str, title: Optional[str]) -> tuple[str, list[Block]]:
    """The page's blocks from the article's first line to its last (the extractor found where the
    article is), tables kept as rows and cells."""
    lines = [line.strip() for line in article.split("\n") if line.strip()]
    items = plain.items
    paragraphs = [i for i, (kind, value) in enumerate(items) if kind == "p"]
    start = next((i for i in paragraphs if lines and _same(items[i][1], lines[0])), 0)
    end = next((i for i in reversed(paragraphs) if lines and _same(items[i][1], lines[-1])), len(items) - 1)
    if end < start:
        start, end = 0, len(items) - 1
    out = BlockWriter()
    if title and not any(kind == "p" and title in value for kind, value in items[start:end + 1][:5]):
        out.paragraph(title)  # the page's heading lives outside the article body
    for kind, value in items[start:end + 1]:
        if kind == "p":
            out.paragraph(value)
        else:
            write_table(value, out)
    return out.text, out.blocks


def _span(value: Optional[str]) -> int:
    """A colspan or rowspan as a number of cells (1 when missing or nonsense; at most 50)."""
    try:
        return max(1, min(50, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


def _same(block: str, line: str) -> bool:
    return block == line or (len(line) >= 8 and (line in block or block in line))


_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
          "ul", "ol", "dd", "dt", "blockquote", "pre", "hr", "header", "footer", "nav", "td", "th"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "track", "wbr"}


class _PlainText(HTMLParser):
    """Visible text in document order, a line per block, and the same as items (paragraphs, and tables
    as rows of cells of paragraphs); measures the nesting depth as it goes. Streaming, so no depth is too
    deep for it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.depth = self.max_depth = 0
        self.in_title = False
        self.title: Optional[str] = None
        self.items: list[tuple[str, object]] = []   # ("p", text) | ("table", rows of cells of paragraphs)
        self.tables: list[list] = []                # open tables: rows of cells of items, innermost last
        self.spans: list[dict[int, list[int]]] = []  # per open table: column → [rows still covered, width]
        self.keeps_tables = False

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag in _SKIP:
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._flush()
        if tag == "table":
            self.tables.append([])
            self.spans.append({})
        elif self.tables:
            if tag == "tr":
                self._end_row()
                self.tables[-1].append([])
            elif tag in ("td", "th"):
                if not self.tables[-1]:
                    self.tables[-1].append([])
                row, spans = self.tables[-1][-1], self.spans[-1]
                self._covered(row, spans)
                values = dict(attrs)
                width, height = _span(values.get("colspan")), _span(values.get("rowspan"))
                if height > 1:
                    spans[len(row)] = [height - 1, width]
                row.append([])
                row.extend([None] * (width - 1))

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag == "table" and self.tables:
            self._end_row()
            self.spans.pop()
            self._close_table(self.tables.pop())

    def handle_data(self, data):
        if self.in_title:
            self.title = ((self.title or "") + data).strip() or None
        elif not self.skip:
            self.current.append(data)

    def _flush(self):
        line = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if line:
            self.blocks.append(line)
            self._sink().append(("p", line))
        self.current = []

    def _sink(self) -> list:
        """Where an item goes: the current cell of the innermost open table, else the page."""
        if self.tables and self.tables[-1]:
            cell = next((c for c in reversed(self.tables[-1][-1]) if c is not None), None)
            if cell is not None:
                return cell
        return self.items

    @staticmethod
    def _covered(row: list, spans: dict[int, list[int]]) -> None:
        """Before a cell: the places rows above still cover (rowspan) are None in this row."""
        while len(row) in spans:
            left, width = spans[len(row)]
            start = len(row)
            row.extend([None] * width)
            if left <= 1:
                del spans[start]
            else:
                spans[start][0] = left - 1

    def _end_row(self) -> None:
        if self.tables and self.tables[-1]:
            self._covered(self.tables[-1][-1], self.spans[-1])

    def _close_table(self, rows: list) -> None:
        """A ledger keeps its rows and cells; any other table (layout, a small figure table) gives up its
        cells' items in order, so a ledger nested in a layout table still surfaces."""
        header = [" ".join(v for k, v in cell if k == "p") for cell in rows[0] if cell is not None] if rows else []
        texts = [[" ".join(v for k, v in cell if k == "p") if cell else "" for cell in row] for row in rows]
        if is_ledger(column_roles(header)) or (len(rows) > 1 and is_totals_table(texts[0], texts[1:])):
            self.keeps_tables = True
            flat = [[None if cell is None else [v for k, v in cell if k == "p"] for cell in row] for row in rows]
            self._sink().append(("table", flat))
        else:
            sink = self._sink()
            for row in rows:
                for cell in row:
                    sink.extend(cell or [])

    def body_text(self) -> str:
        self._flush()
        return "\n".join(self.blocks)
