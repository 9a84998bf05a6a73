"""The default search backend, on one machine: BM25 from SQLite's FTS5 table (`fts.py`, written in the
same transaction as the records) and cosine from the faiss file beside library.db, fused by reciprocal
rank.

The faiss file is a cache of the vectors in SQLite: when it is missing, damaged or behind (a kill
during ingest, another process's write) it is rebuilt from them without encoding again.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from ..config import Settings
from .dense import IndexMismatch, VectorIndex, index_type_for
from .fts import Fts5Index
from .fusion import rrf
from .seams import QueryVector, RecordStore, SearchRow
from .types import Filters

log = logging.getLogger("zhenggai")
_warned: set[str] = set()  # folders already told that their vector file is behind (once per process)


class LocalBackend:
    name = "local"

    def __init__(self, store: RecordStore, folder: Path, model: str, dim: int, settings: Settings,
                 readonly: bool = False):
        self.store, self.folder, self.model, self.dim = store, folder, model, dim
        self.settings, self.readonly = settings, readonly
        self._index: Optional[VectorIndex] = None
        self._generation = -1
        self._dirty = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhenggai-lexical")
        self.fts = Fts5Index(store)
        self._size = (-1, 0)  # (generation, record count)

    # --- the faiss cache ------------------------------------------------------------------------
    @property
    def index(self) -> VectorIndex:
        self.sync()
        assert self._index is not None
        return self._index

    def sync(self) -> None:
        """Load the faiss file, or rebuild it from SQLite when it is missing, damaged or behind."""
        generation = self.store.generation()
        if self._index is not None and generation == self._generation:
            return
        count, max_id = self.store.vector_state()
        try:
            index = VectorIndex.open(self.folder, self.model, self.dim, self.settings.vectors)
            if (index.manifest.count, index.manifest.max_id) != (count, max_id):
                raise IndexMismatch("the vector file is behind the library")
        except IndexMismatch as exc:
            index = VectorIndex.build(self.folder, self.model, self.dim, self.store.iter_vectors(), count,
                                      self.settings.vectors)
            if self.readonly:
                if count and str(self.folder) not in _warned:
                    _warned.add(str(self.folder))
                    log.warning("%s: %s; rebuilt in memory for this run (`zhenggai reindex` or the next ingest "
                                "saves it)", self.folder, exc)
            else:
                if count:
                    log.warning("%s: %s; rebuilt it from library.db", self.folder, exc)
                index.save()
        self._index, self._generation = index, generation

    def add(self, rows: Sequence[SearchRow]) -> None:
        """Rows just committed to SQLite (the caller synced before its transaction)."""
        if self._index is None:
            return  # rebuilt from SQLite, which holds these rows, on next use
        if rows:
            self._index.add([r.id for r in rows], np.vstack([r.vector for r in rows]))
        self._generation = self.store.generation()
        self._dirty = True

    def remove(self, ids: Sequence[int]) -> None:
        if self._index is not None and not self._index.remove(ids):
            self._index = None  # HNSW cannot remove: rebuilt from SQLite on next use
        self._generation = self.store.generation() if self._index is not None else -1
        self._dirty = True

    def rebuild(self) -> None:
        count, _ = self.store.vector_state()
        self._index = VectorIndex.build(self.folder, self.model, self.dim, self.store.iter_vectors(), count,
                                        self.settings.vectors)
        self._generation = self.store.generation()
        self.save()

    def save(self) -> None:
        if self.readonly:
            return
        index = self.index
        if index.manifest.index_type != index_type_for(index.manifest.count, self.settings.vectors):
            self.rebuild()  # grown past the flat limit: the HNSW graph is built from SQLite's vectors
            return
        index.save()
        self._dirty = False

    def close(self) -> None:
        if self._dirty:
            self.save()
        self._pool.shutdown()

    # --- search ---------------------------------------------------------------------------------
    def search(self, mode: str, terms: Sequence[str], vector: QueryVector, k: int,
               filters: Filters) -> list[tuple[int, float]]:
        if mode == "lexical":
            return self.fts.search(terms, k, filters)
        if mode == "dense":
            return self._dense(vector, k, filters)
        depth = max(self.settings.search.candidates, k)
        # Both rankings at once: SQLite, onnxruntime and faiss all release the GIL.
        lexical = self._pool.submit(self.fts.search, terms, depth, filters)
        dense = self._dense(vector, depth, filters)
        return rrf([[i for i, _ in lexical.result()], [i for i, _ in dense]], self.settings.search.rrf_k)[:depth]

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        return self.fts.document_frequency(terms)

    def size(self) -> int:
        generation = self.store.generation()
        if self._size[0] != generation:
            self._size = (generation, self.fts.size())
        return self._size[1]

    def nearest(self, vector: np.ndarray, k: int, filters: Filters) -> list[tuple[int, float]]:
        allowed = self.store.allowed_ids(filters) if filters.active else None
        return self.index.search(vector, k, allowed)

    def _dense(self, vector: QueryVector, k: int, filters: Filters) -> list[tuple[int, float]]:
        if self.index.manifest.count == 0:
            return []
        return self.nearest(vector(), k, filters)

    def info(self) -> dict[str, Any]:
        count, max_id = self.store.vector_state()
        path = self.folder / "vectors.faiss"
        manifest = None
        try:
            manifest = VectorIndex.open(self.folder, self.model, self.dim, self.settings.vectors).manifest
        except IndexMismatch:
            pass
        return {"uri": str(path), "index_type": manifest.index_type if manifest else None,
                "rows": manifest.count if manifest else 0,
                "in_sync": bool(manifest) and (manifest.count, manifest.max_id) == (count, max_id),
                "bytes": path.stat().st_size if path.exists() else 0}
