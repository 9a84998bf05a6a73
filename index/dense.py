"""The faiss vector index beside library.db, and its manifest.

Exact inner product (IndexFlatIP) up to `VectorSettings.flat_limit` vectors: at 10^5 × 384 dims a query scans 150 MB in a
few milliseconds on two cores. Past that an HNSW graph answers in under a millisecond at ~0.95+ recall,
so the index switches there. Both sit in an IndexIDMap2 whose ids are record row ids.

The file is written aside and renamed, so a crash never leaves half an index; the manifest names the
model and dimension (two models never mix in one index) and how many vectors the index holds, so a stale
or damaged file is noticed and rebuilt from the vectors in SQLite.
"""
from __future__ import annotations

import errno
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

from ..config import VectorSettings
from ..errors import LibraryError


@dataclass
class Manifest:
    model: str
    dim: int
    count: int = 0
    max_id: int = 0
    index_type: str = "flat"


class IndexMismatch(Exception):
    """The vector file does not belong to this library's model, or is damaged."""


class VectorIndex:
    """Record vectors by id. `search` returns (id, score) best first."""

    def __init__(self, folder: Path, manifest: Manifest, settings: VectorSettings = VectorSettings()):
        self.folder, self.manifest, self.settings = folder, manifest, settings
        self.index = _new_index(manifest.dim, manifest.index_type, settings)

    @property
    def path(self) -> Path:
        return self.folder / "vectors.faiss"

    @property
    def manifest_path(self) -> Path:
        return self.folder / "vectors.json"

    @classmethod
    def open(cls, folder: Path, model: str, dim: int, settings: VectorSettings = VectorSettings()) -> "VectorIndex":
        """Load the saved index; raise IndexMismatch when it is missing, damaged or of another model."""
        import faiss

        manifest_path = folder / "vectors.json"
        if not manifest_path.exists() or not (folder / "vectors.faiss").exists():
            raise IndexMismatch("the vector file is missing")
        try:
            manifest = Manifest(**json.loads(manifest_path.read_text()))
        except (ValueError, TypeError) as exc:
            raise IndexMismatch(f"the vector manifest is damaged ({exc})") from None
        if manifest.model != model or manifest.dim != dim:
            raise IndexMismatch(f"the vectors were made with {manifest.model} ({manifest.dim} dims), "
                                f"not {model} ({dim} dims)")
        self = cls(folder, manifest, settings)
        try:
            self.index = faiss.read_index(str(self.path))
        except RuntimeError as exc:
            raise IndexMismatch(f"the vector file is damaged ({str(exc).splitlines()[0][:80]})") from None
        if self.index.ntotal != manifest.count or self.index.d != dim:
            raise IndexMismatch("the vector file does not match its manifest")
        return self

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
            self.manifest.count = int(self.index.ntotal)
            self.manifest.max_id = max(self.manifest.max_id, int(max(ids)))

    def remove(self, ids: Sequence[int]) -> bool:
        """Drop ids; False when the index type cannot (HNSW), and the caller must rebuild."""
        if not len(ids):
            return True
        if self.manifest.index_type != "flat":
            return False
        import faiss

        self.index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64)))
        self.manifest.count = int(self.index.ntotal)
        return True

    def search(self, query: np.ndarray, k: int, allowed: Optional[Sequence[int]] = None) -> list[tuple[int, float]]:
        import faiss

        if self.index.ntotal == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if not len(allowed):
                return []
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = (faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.settings.hnsw_ef_search, k))
                      if self.manifest.index_type == "hnsw" else faiss.SearchParameters(sel=selector))
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # one query: OpenMP's start-up costs more than it splits (7 vs 16 ms at 10^5)
        try:
            scores, ids = self.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1),
                                            min(k, self.index.ntotal), params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def save(self) -> None:
        """Write aside and rename, index first, manifest last. A full disk leaves no temporary file
        and the previous index in place (SQLite still holds every vector)."""
        import faiss

        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".faiss.tmp")
        tmp_manifest = self.manifest_path.with_suffix(".json.tmp")
        try:
            faiss.write_index(self.index, str(tmp))
            _fsync(tmp)
            tmp_manifest.write_text(json.dumps(asdict(self.manifest)))
            _fsync(tmp_manifest)
        except (OSError, RuntimeError) as exc:
            for leftover in (tmp, tmp_manifest):
                leftover.unlink(missing_ok=True)
            if _no_space(exc):
                raise LibraryError("L005", folder=str(self.folder)) from None
            raise
        os.replace(tmp, self.path)
        os.replace(tmp_manifest, self.manifest_path)

    @classmethod
    def build(cls, folder: Path, model: str, dim: int, batches: Iterable[tuple[np.ndarray, np.ndarray]],
              total: int, settings: VectorSettings = VectorSettings()) -> "VectorIndex":
        """A fresh index from (ids, vectors) batches; the type follows the size."""
        self = cls(folder, Manifest(model, dim, index_type=index_type_for(total, settings)), settings)
        for ids, vectors in batches:
            self.add(ids, vectors)
        return self


def index_type_for(count: int, settings: VectorSettings = VectorSettings()) -> str:
    return "hnsw" if count > settings.flat_limit else "flat"


def _new_index(dim: int, index_type: str, settings: VectorSettings):
    import faiss

    if index_type == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efSearch = settings.hnsw_ef_search
    else:
        inner = faiss.IndexFlatIP(dim)
    return faiss.IndexIDMap2(inner)


def _no_space(exc: BaseException) -> bool:
    return getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
