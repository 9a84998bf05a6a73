"""Segmentation for the lexical index: jieba with the domain's words, the same way for records and
queries, so 借调人员 in a query meets 借调人员 in a notice."""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..nlp.lexicon import STOP_WORDS

_TOKEN = re.compile(r"[\w\u4e00-\u9fff]")
_lock = threading.Lock()
_ready = False


def _jieba():
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(60)
                jieba.load_userdict(str(Path(__file__).with_name("userdict.txt")))
                _ready = True
    return jieba


def segment(text: str) -> list[str]:
    """Search-mode segmentation (words and their parts), punctuation dropped."""
    return [t for t in _jieba().lcut_for_search(text) if _TOKEN.match(t) and t.strip()]


def words(text: str) -> list[str]:
    """Precise-mode segmentation (each word once, no parts), punctuation dropped: for labels."""
    return [t for t in _jieba().lcut(text) if _TOKEN.match(t) and t.strip()]


def index_tokens(text: str) -> str:
    """What the FTS5 column stores: tokens joined by spaces."""
    return " ".join(segment(text))


@lru_cache(maxsize=1024)
def query_terms(query: str) -> tuple[str, ...]:
    """The distinct content words of a query, stop words dropped (all kept if nothing else is left)."""
    tokens = segment(query)
    content = [t for t in tokens if t not in STOP_WORDS]
    return tuple(dict.fromkeys(content or tokens))


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 MATCH expression: any of the words, each quoted so nothing is read as syntax."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
