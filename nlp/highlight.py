"""Spans to highlight in a text: where query words occur, or where figures sit; and safe HTML with
those spans wrapped in <mark>."""
from __future__ import annotations

import html
from typing import Iterable, Sequence


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every term (longest first wins where they overlap)."""
    spans = []
    for term in sorted({t for t in terms if t.strip()}, key=len, reverse=True):
        start = text.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = text.find(term, start + len(term))
    return merge(spans)


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def marked_html(text: str, spans: Sequence[tuple[int, int]], css_class: str = "") -> str:
    """`text` escaped for HTML with each span in <mark>; line breaks kept."""
    parts, pos = [], 0
    attr = f' class="{css_class}"' if css_class else ""
    for start, end in merge(spans):
        if start < pos or end > len(text):
            continue
        parts.append(html.escape(text[pos:start]))
        parts.append(f"<mark{attr}>{html.escape(text[start:end])}</mark>")
        pos = end
    parts.append(html.escape(text[pos:]))
    return "".join(parts).replace("\n", "<br>")


def regions_html(text: str, spans: Sequence[tuple[int, int]], css_class: str,
                 regions: Sequence[tuple[int, int]], region_class: str, title: str = "") -> str:
    """`marked_html`, with `regions` (such as OCR lines read with low confidence) each wrapped in a
    <span class=region_class>; a span that crosses a region's edge is not marked."""
    parts, pos = [], 0
    attr = f' title="{html.escape(title, quote=True)}"' if title else ""

    def piece(start: int, end: int) -> str:
        inside = [(s - start, e - start) for s, e in spans if start <= s and e <= end]
        return marked_html(text[start:end], inside, css_class)

    for start, end in merge(regions):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        parts.append(piece(pos, start))
        parts.append(f'<span class="{region_class}"{attr}>{piece(start, end)}</span>')
        pos = end
    parts.append(piece(pos, len(text)))
    return "".join(parts)
