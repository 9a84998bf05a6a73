"""What a query asks for, read once for every backend: its content words, the literal parts a user
marks (a document number such as 某党〔2024〕17号, a phrase in quotes), and the rule that keeps the
lexical side of a search from scoring most of a large library for a word nearly every record holds.

Both backends receive the words this module chose, so a lexical search reads the same on SQLite's FTS5
and on Milvus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from .text import query_terms

# 松卫党〔2025〕9号, 某党[2024]17号, 青政办发（2023）5号: an issuer's short name, the year in brackets, a number
DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,16}\s*[〔\[［（(【]\s*((?:19|20)\d{2})\s*[〕\]］）)】]"
                        r"\s*第?\s*(\d{1,5})\s*号")
_QUOTED = re.compile(r"“([^“”]{2,100})”|\"([^\"]{2,100})\"|「([^「」]{2,100})」"
                     r"|『([^『』]{2,100})』|‘([^‘’]{2,100})’")


@dataclass(frozen=True)
class DocNumber:
    """A document number as typed, and its parts (the brackets vary from one writer to the next)."""
    text: str
    prefix: str
    year: str
    number: str


@dataclass(frozen=True)
class Query:
    text: str                         # as typed
    rest: str                         # without the document numbers (quoted phrases keep their words)
    terms: tuple[str, ...]            # content words of the query (`text.query_terms`)
    phrases: tuple[str, ...] = ()     # quoted phrases, matched literally
    doc_numbers: tuple[DocNumber, ...] = ()

    @property
    def literal(self) -> bool:
        return bool(self.phrases or self.doc_numbers)


def parse(text: str) -> Query:
    doc_numbers = []
    for m in DOC_NUMBER.finditer(text):
        prefix = m.group(0)[:m.start(1) - m.start(0)].rstrip(" 〔[［（(【")
        doc_numbers.append(DocNumber(m.group(0), prefix, m.group(1), m.group(2)))
    rest = DOC_NUMBER.sub(" ", text).strip()
    phrases = tuple(dict.fromkeys(next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(rest)))
    words = _QUOTED.sub(lambda m: " " + next(g for g in m.groups() if g) + " ", rest).strip()
    return Query(text, words, query_terms(words) if words else (), tuple(p for p in phrases if p), tuple(doc_numbers))


def lexical_terms(terms: Sequence[str], df: Mapping[str, int], size: int, prune_from: int, common_share: float,
                  selective_only: bool) -> tuple[str, ...]:
    """The words sent to a backend's BM25. In a large library a word found in a large share of records
    adds almost nothing to BM25 (its IDF is near zero) but makes the index score tens of thousands of
    rows: such words are dropped when rarer ones remain. With `selective_only` (hybrid), no rarer word
    means no lexical ranking at all, and the dense side decides."""
    if size < prune_from:
        return tuple(terms)
    rare = [t for t in terms if df.get(t, 0) <= common_share * size]
    if rare:
        return tuple(rare)
    return () if selective_only else tuple(sorted(terms, key=lambda t: df.get(t, 0))[:1])
