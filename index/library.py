"""The library facade: a small verb set over the SQLite store and the faiss index.

    lib = Library.open(folder)          # load
    lib.add(paths)                      # ingest files or folders (idempotent by content hash)
    lib.remove(notice_id)
    lib.search(query, mode="hybrid")    # lexical, dense, or their reciprocal-rank fusion
    lib.similar(record_id)              # findings (or measures) like this one in other notices
    lib.save()                          # write the vector index aside and rename
    lib.reindex(model)                  # re-encode every record with another model

Everything a caller needs goes through these; `nlp/` and the app never touch SQL or faiss.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import numpy as np

from ..corpus.readers import SUFFIXES, ReadError, file_bytes, read_bytes
from ..nlp.pipeline import extract_document
from ..nlp.records import Extraction
from .dense import IndexMismatch, VectorIndex, index_type_for
from .embed import DEFAULT_MODEL, Embedder, ModelError, resolve_model
from .fusion import rrf
from .store import Filters, Store, StoredRecord, records_of

log = logging.getLogger("zhenggai")
MODES = ("hybrid", "lexical", "dense")
CANDIDATES = 100  # how deep each ranking goes before fusion
SAVE_EVERY_S = 30.0
ENCODE_GROUP = int(os.environ.get("ZHENGGAI_ENCODE_GROUP", 1024))  # records encoded together across files


class ModelMismatch(ModelError):
    """The library was built with another embedding model."""


@dataclass
class Hit:
    id: int
    type: str
    key: str
    text: str
    score: float
    finding_id: Optional[int]
    finding_title: str
    notice_id: int
    notice_title: str
    date: Optional[str]
    issuer: Optional[str]
    kind: Optional[str]
    status: Optional[str]
    start: int
    end: int
    measures: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Pending:
    """A notice read and extracted, waiting to be encoded and written."""
    key: str
    sha: str
    extraction: Extraction
    records: list[StoredRecord]
    vectors: Optional[np.ndarray] = None


@dataclass
class IngestResult:
    path: str
    status: str           # added | replaced | unchanged | skipped
    reason: str = ""
    notice_id: Optional[int] = None
    findings: int = 0
    measures: int = 0


def default_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get("ZHENGGAI_DB") or user_data_dir("zhenggai"))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and the notice files inside folders (sorted, recursive)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            yield p


class Library:
    def __init__(self, folder: Path, model: Optional[str] = None, readonly: bool = False):
        self.folder = Path(folder)
        if not readonly:
            self.folder.mkdir(parents=True, exist_ok=True)
        elif not (self.folder / "library.db").exists():
            raise FileNotFoundError(f"no library at {self.folder}")
        self.store = Store(self.folder / "library.db", readonly=readonly)
        self.readonly = readonly
        recorded = self.store.get_meta("model")
        wanted = resolve_model(model)[0] if model else None
        if wanted and recorded and wanted != recorded:
            raise ModelMismatch(f"this library was built with the model {recorded}, not {wanted}; run "
                                f"`zhenggai reindex --model {model}` to re-encode it with the new model")
        self.model_name = recorded or wanted or DEFAULT_MODEL
        self._model_arg = model or (recorded if recorded and recorded != DEFAULT_MODEL else None)
        self._embedder: Optional[Embedder] = None
        self._vectors: Optional[VectorIndex] = None
        self._dirty = False
        self._last_save = time.monotonic()
        self._generation = -1
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhenggai-lexical")

    @classmethod
    def open(cls, folder: Optional[Path] = None, model: Optional[str] = None, readonly: bool = False) -> "Library":
        return cls(folder or default_folder(), model, readonly)

    def close(self) -> None:
        if self._dirty:
            self.save()
        self._pool.shutdown()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- parts loaded on first use ----------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self._model_arg)
            dim = self.store.get_meta("dim")
            if dim and int(dim) != self._embedder.dim:
                raise ModelMismatch(f"the library's vectors have {dim} dims, the model {self.model_name} gives "
                                    f"{self._embedder.dim}; run `zhenggai reindex`")
        return self._embedder

    @property
    def vectors(self) -> VectorIndex:
        """The faiss index; rebuilt from SQLite when the file is missing, damaged or behind."""
        if self._vectors is not None and self.store.generation() != self._generation:
            self._vectors = None  # another process wrote since this index was loaded
        if self._vectors is None:
            self._generation = self.store.generation()
            dim = int(self.store.get_meta("dim") or self.embedder.dim)
            count, max_id = self.store.vector_state()
            try:
                index = VectorIndex.open(self.folder, self.model_name, dim)
                if (index.manifest.count, index.manifest.max_id) != (count, max_id):
                    raise IndexMismatch("the vector file is behind the library")
            except IndexMismatch as exc:
                if count:
                    log.warning("%s: %s; rebuilding it from library.db", self.folder, exc)
                index = VectorIndex.build(self.folder, self.model_name, dim, self.store.iter_vectors(), count)
                if not self.readonly:
                    index.save()
            self._vectors = index
        return self._vectors

    # --- add / remove -----------------------------------------------------------------------------
    def add(self, paths: Iterable[str | Path], progress: Optional[Callable[[IngestResult], None]] = None
            ) -> list[IngestResult]:
        """Ingest files and folders; bad files are skipped with a reason and the rest go on.

        Files are read and extracted one by one but encoded in groups (the model is several times
        faster on a long, length-sorted batch than on one notice at a time); each file is then
        written in its own transaction, so a crash keeps every file before it and nothing of it."""
        results: list[IngestResult] = []

        def done(result: IngestResult) -> None:
            results.append(result)
            if progress:
                progress(result)

        pending: list[_Pending] = []
        try:
            for path in iter_files(paths):
                item = self._prepare(path, pending)
                if isinstance(item, IngestResult):
                    done(item)
                else:
                    for result in self._queue(pending, item):
                        done(result)
            for result in self._write(pending):
                done(result)
        finally:
            if self._dirty:
                self.save()
        return results

    def add_bytes(self, data: bytes, name: str, key: Optional[str] = None) -> IngestResult:
        """Ingest one file's content (an upload); `key` (its path) decides what a changed file replaces."""
        item = self._prepare_bytes(data, name, key or name, [])
        if isinstance(item, IngestResult):
            return item
        (result,) = self._write([item])
        if self._dirty:
            self.save()
        return result

    def add_extraction(self, extraction: Extraction, key: str, sha: str,
                       vectors: Optional[np.ndarray] = None) -> IngestResult:
        """Store an already extracted notice (encoding its records unless `vectors` are given)."""
        (result,) = self._write([_Pending(key, sha, extraction, records_of(extraction), vectors)])
        return result

    def add_extractions(self, items: Iterable[tuple[Extraction, str, str]]) -> list[IngestResult]:
        """Store extracted notices (extraction, key, sha), encoding them in groups as `add` does."""
        results: list[IngestResult] = []
        pending: list[_Pending] = []
        for extraction, key, sha in items:
            results += self._queue(pending, _Pending(key, sha, extraction, records_of(extraction)))
        return results + self._write(pending)

    def _queue(self, pending: list["_Pending"], item: "_Pending") -> list[IngestResult]:
        """Add to the group being gathered; write the group once it holds ENCODE_GROUP records."""
        pending.append(item)
        if sum(len(p.records) for p in pending) < ENCODE_GROUP:
            return []
        results = self._write(pending)
        pending.clear()
        return results

    def _prepare(self, path: Path, pending: list["_Pending"]) -> "IngestResult | _Pending":
        try:
            data = file_bytes(path)
        except ReadError as exc:
            return IngestResult(str(path), "skipped", str(exc))
        return self._prepare_bytes(data, path.name, str(path.resolve()), pending)

    def _prepare_bytes(self, data: bytes, name: str, key: str, pending: list["_Pending"]) -> "IngestResult | _Pending":
        sha = hashlib.sha256(data).hexdigest()
        same = self.store.notice_by_hash(sha)
        if same is not None:
            return IngestResult(key, "unchanged", f"same content as {same['path']}", same["id"])
        twin = next((p for p in pending if p.sha == sha), None)
        if twin is not None:
            return IngestResult(key, "unchanged", f"same content as {twin.key}")
        try:
            doc = read_bytes(data, name)
        except ReadError as exc:
            return IngestResult(key, "skipped", str(exc))
        extraction = extract_document(doc)
        if not extraction.findings:
            return IngestResult(key, "skipped", "no findings found: not a rectification notice?")
        return _Pending(key, sha, extraction, records_of(extraction))

    def _write(self, pending: list["_Pending"]) -> list[IngestResult]:
        """Encode what still needs vectors in one batch, then store each notice in its own transaction."""
        todo = [p for p in pending if p.vectors is None]
        if todo:
            vectors = self.embedder.encode_passages([r.embed_text for p in todo for r in p.records])
            offset = 0
            for p in todo:
                p.vectors, offset = vectors[offset:offset + len(p.records)], offset + len(p.records)
        return [self._store_one(p) for p in pending]

    def _store_one(self, item: "_Pending") -> IngestResult:
        index = self.vectors
        old = self.store.notice_ids_by_path(item.key)
        with self.store.transaction() as conn:
            removed = [rid for nid in old for rid in self.store.delete_notice(conn, nid)]
            notice_id, ids = self.store.insert_notice(conn, item.key, Path(item.key).name, item.sha, item.extraction,
                                                      item.records, item.vectors)
            self.store.set_meta(conn, "model", self.model_name)
            self.store.set_meta(conn, "dim", str(item.vectors.shape[1]))
            self.store.bump_generation(conn)
        self._generation = self.store.generation()
        if removed and not index.remove(removed):
            self._vectors = None  # HNSW cannot remove: rebuild from SQLite on next use
        else:
            index.add(ids, item.vectors)
        self._dirty = True
        if time.monotonic() - self._last_save > SAVE_EVERY_S:
            self.save()
        n_findings = sum(r.type == "finding" for r in item.records)
        return IngestResult(item.key, "replaced" if old else "added", "", notice_id, n_findings,
                            len(item.records) - n_findings)

    def remove(self, notice_id: int) -> bool:
        with self.store.transaction() as conn:
            removed = self.store.delete_notice(conn, notice_id)
            self.store.bump_generation(conn)
        self._generation = self.store.generation()
        if removed and not self.vectors.remove(removed):
            self._vectors = None
        self._dirty = bool(removed) or self._dirty
        return bool(removed)

    def save(self) -> None:
        if self.readonly:
            return
        index = self.vectors
        if index.manifest.index_type != index_type_for(index.manifest.count):  # grown past the switch
            count, _ = self.store.vector_state()
            index = self._vectors = VectorIndex.build(self.folder, self.model_name, index.manifest.dim,
                                                      self.store.iter_vectors(), count)
        index.save()
        self._dirty = False
        self._last_save = time.monotonic()

    # --- search -----------------------------------------------------------------------------------
    def search(self, query: str, mode: str = "hybrid", top: int = 10, filters: Optional[Filters] = None) -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        filters = filters or Filters()
        if mode == "lexical":
            ranked = self.store.lexical(query, top, filters)
        elif mode == "dense":
            ranked = self._dense(query, top, filters)
        else:  # both rankings at once: SQLite, torch and faiss all release the GIL
            depth = max(CANDIDATES, top)
            lexical = self._pool.submit(self.store.lexical, query, depth, filters, True)
            dense = [i for i, _ in self._dense(query, depth, filters)]
            ranked = rrf([[i for i, _ in lexical.result()], dense])
        return self._hits(ranked[:top])

    def _dense(self, query: str, k: int, filters: Filters) -> list[tuple[int, float]]:
        if self.vectors.manifest.count == 0:
            return []
        vector = self.embedder.encode_queries([query])[0]
        allowed = self.store.allowed_ids(filters) if filters.active else None
        return self.vectors.search(vector, k, allowed)

    def similar(self, record_id: int, top: int = 10, other_notices: bool = True) -> list[Hit]:
        """Records of the same type like this one, by meaning; for findings, with their measures."""
        record = self.store.records([record_id]).get(record_id)
        vector = self.store.vector(record_id)
        if record is None or vector is None:
            raise KeyError(f"no record {record_id}")
        filters = Filters(type=record["type"], exclude_notice=record["notice_id"] if other_notices else None)
        found = self.vectors.search(vector, top + 1, self.store.allowed_ids(filters))
        return self._hits([(i, s) for i, s in found if i != record_id][:top])

    def record(self, record_id: int) -> Optional[Hit]:
        hits = self._hits([(record_id, 1.0)])
        return hits[0] if hits else None

    def _hits(self, ranked: Sequence[tuple[int, float]]) -> list[Hit]:
        rows = self.store.records([i for i, _ in ranked])
        hits = []
        for rid, score in ranked:
            row = rows.get(rid)
            if row is None:
                continue  # the vector file ran ahead of or behind SQLite; SQLite wins
            measures = ([dict(m) for m in self.store.measures_of(rid)] if row["type"] == "finding" else [])
            hits.append(Hit(
                id=rid, type=row["type"], key=row["key"], text=row["text"], score=round(float(score), 6),
                finding_id=row["finding_id"] or rid, finding_title=row["title"] or "",
                notice_id=row["notice_id"], notice_title=row["notice_title"] or "", date=row["date"],
                issuer=row["issuer"], kind=row["kind"], status=row["status"], start=row["start"] or 0,
                end=row["end"] or 0, measures=measures))
        return hits

    # --- maintenance ------------------------------------------------------------------------------
    def reindex(self, model: Optional[str] = None, progress: bool = False) -> int:
        """Re-encode every record (with `model`, or the library's own) and rebuild the vector file."""
        self._embedder = Embedder(model or self._model_arg)
        self.model_name = self._embedder.name
        self._model_arg = model or self._model_arg
        rows = list(self.store.embed_texts())
        ids = [rid for rid, _ in rows]
        vectors = self.embedder.encode_passages([text for _, text in rows], progress=progress)
        with self.store.transaction() as conn:
            self.store.replace_vectors(conn, ids, vectors)
            self.store.set_meta(conn, "model", self.model_name)
            self.store.set_meta(conn, "dim", str(self._embedder.dim))
            self.store.bump_generation(conn)
        self._generation = self.store.generation()
        self._vectors = VectorIndex.build(self.folder, self.model_name, self._embedder.dim,
                                          [(np.asarray(ids, dtype=np.int64), vectors)] if ids else [], len(ids))
        self.save()
        return len(ids)

    def findings(self) -> list[dict]:
        return self.store.findings()

    def notices(self) -> list[dict]:
        return [dict(r) for r in self.store.notices()]

    def extraction(self, notice_id: int) -> Optional[dict]:
        return self.store.extraction(notice_id)

    def figures(self, kind: Optional[str] = None) -> list[dict]:
        return self.store.figures(kind)

    def targets(self) -> list[dict]:
        return self.store.targets()
