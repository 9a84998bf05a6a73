"""The two seams a second backend plugs into, as protocols.

`RecordStore` keeps the source of truth (notices, records, figures, targets, every record's tokens and
vector); `SearchBackend` keeps a search copy of the records and answers lexical, dense and hybrid queries
over it, with the document frequencies its lexical side ranks by. Today's pair is SQLite
(`store.SqliteStore`) with FTS5 + faiss (`local.LocalBackend`); Milvus
(`milvus.MilvusBackend`) is a second search backend over the same store. `backends.make_backend`
chooses by the name recorded in the library.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ContextManager, Iterator, Optional, Protocol, Sequence

import numpy as np

from .types import Filters


@dataclass
class SearchRow:
    """One record as a search copy holds it: id, filter fields, BM25 tokens and vector."""
    id: int
    type: str
    notice_id: int
    issuer: str
    kind: Optional[str]
    year: Optional[int]
    status: Optional[str]
    theme: Optional[str]
    tokens: str
    vector: np.ndarray


class RecordStore(Protocol):
    def transaction(self) -> ContextManager[Any]: ...
    def get_meta(self, key: str) -> Optional[str]: ...
    def set_meta(self, conn: Any, key: str, value: str) -> None: ...
    def generation(self) -> int: ...
    def bump_generation(self, conn: Any) -> None: ...
    def vector_state(self) -> tuple[int, int]: ...
    def iter_vectors(self, batch: int = ...) -> Iterator[tuple[np.ndarray, np.ndarray]]: ...
    def search_rows(self, after_id: int = ..., batch: int = ...) -> Iterator[list[SearchRow]]: ...
    def allowed_ids(self, filters: Filters) -> list[int]: ...
    def size(self) -> int: ...
    def notice_ids_by_issuer(self, part: str) -> list[int]: ...


# A search gets the query's vector through this, so a backend can start its lexical side first.
QueryVector = Callable[[], np.ndarray]


class SearchBackend(Protocol):
    name: str

    def sync(self) -> None:
        """Bring the search copy level with the store (after a crash, another writer, a new model)."""

    def add(self, rows: Sequence[SearchRow]) -> None: ...

    def remove(self, ids: Sequence[int]) -> None: ...

    def search(self, mode: str, terms: Sequence[str], vector: QueryVector, k: int,
               filters: Filters) -> list[tuple[int, float]]:
        """(record id, score) best first; `mode` is lexical, dense or hybrid. `terms` are the words for
        BM25 as the library chose them (`query.lexical_terms`, the same rules for every backend); none
        means no lexical ranking."""

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """How many records hold each word (the rarity behind the query rules and relevance)."""

    def size(self) -> int:
        """How many records the search copy answers over."""

    def nearest(self, vector: np.ndarray, k: int, filters: Filters) -> list[tuple[int, float]]:
        """Records by cosine to a stored vector (similar findings)."""

    def rebuild(self) -> None:
        """Throw the search copy away and make it again from the store (no encoding)."""

    def save(self) -> None: ...

    def close(self) -> None: ...

    def info(self) -> dict[str, Any]:
        """What `zhenggai info` shows: where the copy lives, how many rows, whether it is in sync."""
