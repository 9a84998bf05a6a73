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
from .decode import decode_bytes

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


def read_html(data: bytes, limits: Limits = Limits()) -> tuple[str, Optional[str], Optional[str]]:
    """(text, page title, page date) of a web page."""
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
    if text and title and title not in text[:1000]:
        text = f"{title}\n{text}"  # the page's heading lives outside the article body
    return text or "", title, date


_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
          "ul", "ol", "dd", "dt", "blockquote", "pre", "hr", "header", "footer", "nav", "td", "th"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "track", "wbr"}


class _PlainText(HTMLParser):
    """Visible text in document order, a line per block; measures the nesting depth as it goes.
    Streaming, so no depth is too deep for it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.depth = self.max_depth = 0
        self.in_title = False
        self.title: Optional[str] = None

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

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data):
        if self.in_title:
            self.title = ((self.title or "") + data).strip() or None
        elif not self.skip:
            self.current.append(data)

    def _flush(self):
        line = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if line:
            self.blocks.append(line)
        self.current = []

    def body_text(self) -> str:
        self._flush()
        return "\n".join(self.blocks)
