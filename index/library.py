"""The library facade: a small verb set over the record store and the search backend.

    lib = Library.open(folder)               # load (the model and backend the library was built with)
    with lib.writing(): lib.add(...)         # one writer at a time, across processes
    lib.add(extraction, key, ...)            # store one extracted notice with its vectors
    lib.remove(notice_id)
    lib.search(query, mode="hybrid")         # lexical, dense, or their fusion
    lib.similar(record_id)                   # findings like this one in other notices
    lib.save() / lib.reindex(model) / lib.info()

The library stores and finds records; reading files and extracting notices is the ingest layer's job.
"""
from __future__ import annotations

import fcntl
import json
import logging
import shlex
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

import numpy as np

from ..config import Settings, default_library_folder
from ..errors import LibraryError
from ..nlp.records import Extraction, extraction_from_dict
from . import calibration as calibrations
from . import searcher
from .backends import BACKENDS, make_backend
from .database import not_writable
from .calibration import Calibration
from .embed import DEFAULT_MODEL, Embedder, model_name
from .lookup import Lookup
from .problems import ProblemVectors
from .records import problem_passage
from .relevance import topic_lines
from .seams import SearchBackend
from .searcher import MODES
from .store import SqliteStore
from .types import Filters, Hit

log = logging.getLogger("zhenggai")
CLAUSE_CACHE = 5000  # clause vectors kept (384 floats each: about 8 MB)


class Library:
    def __init__(self, folder: Path, settings: Optional[Settings] = None, readonly: bool = False,
                 backend: Optional[str] = None, backend_options: Optional[dict] = None):
        self.folder = Path(folder)
        self.settings = settings if settings is not None else Settings.from_env()
        self.readonly = readonly
        if self.folder.exists() and not self.folder.is_dir():
            raise LibraryError("L013", folder=str(self.folder))
        if not readonly:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError("L016", folder=str(self.folder), reason=exc.strerror or type(exc).__name__) from None
        self.store = SqliteStore(self.folder / "library.db", readonly=readonly)
        try:
            recorded = self.store.get_meta("model")
            wanted = model_name(self.settings.model) if self.settings.model else None
            if wanted and recorded and wanted != recorded:  # --model, ZHENGGAI_MODEL and the app alike
                raise LibraryError("L003", recorded=recorded, wanted=wanted)
            self.model_name = recorded or wanted or DEFAULT_MODEL
            self.backend_name, self.backend_options = self._choose_backend(backend, backend_options or {})
        except BaseException:
            self.store.close()
            raise
        self._embedder: Optional[Embedder] = None
        self._loading = threading.Lock()  # the app's warm-up and a first search load the model once, not twice
        self._backend: Optional[SearchBackend] = None
        self._lock_depth = 0
        self._lock_file = None
        self._problem_cache: tuple[int, dict[int, np.ndarray]] = (-1, {})
        self._topics: dict[str, np.ndarray] = {}
        self._sample: tuple[int, np.ndarray] = (-1, np.zeros((0, 0), dtype=np.float32))
        self._clauses: dict[str, np.ndarray] = {}
        self.calibration: Calibration = calibrations.read(self.store.get_meta("calibration"), self.model_name)

    @classmethod
    def open(cls, folder: Optional[Path] = None, settings: Optional[Settings] = None, readonly: bool = False,
             **kwargs) -> "Library":
        return cls(Path(folder) if folder else default_library_folder(), settings, readonly, **kwargs)

    def _choose_backend(self, wanted: Optional[str], options: dict) -> tuple[str, dict]:
        """The backend recorded in the library; a new library records the one asked for."""
        recorded = self.store.get_meta("backend")
        if (wanted and wanted not in BACKENDS) or (recorded and wanted and wanted != recorded):
            raise LibraryError("L006", recorded=recorded or "local", wanted=wanted)
        name = recorded or wanted or "local"
        stored = json.loads(self.store.get_meta("backend_options") or "{}")
        merged = {**stored, **{k: v for k, v in options.items() if v is not None}}
        if not recorded and not self.readonly:
            self._record_backend(name, merged)
        return name, merged

    def _record_backend(self, name: str, options: dict) -> None:
        with self.store.transaction() as conn:
            self.store.set_meta(conn, "backend", name)
            safe = {k: v for k, v in options.items() if k != "token"}  # secrets are not written down
            self.store.set_meta(conn, "backend_options", json.dumps(safe))

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- parts loaded on first use ------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._loading:
                if self._embedder is None:
                    model = None if self.model_name == DEFAULT_MODEL else self.model_name
                    self._embedder = Embedder(model, self.settings)
                    dim = self.store.get_meta("dim")
                    if dim and int(dim) != self._embedder.dim:
                        raise LibraryError("L004", dim=dim, model=self.model_name, model_dim=self._embedder.dim)
        return self._embedder

    @property
    def dim(self) -> int:
        return int(self.store.get_meta("dim") or self.embedder.dim)

    @property
    def backend(self) -> SearchBackend:
        if self._backend is None:
            self._backend = make_backend(self.backend_name, self.store, self.folder, self.model_name, self.dim,
                                         self.settings, self.readonly, self.backend_options)
        return self._backend

    # --- writing --------------------------------------------------------------------------------
    @contextmanager
    def writing(self, on_wait: Optional[Callable[[], None]] = None) -> Iterator["Library"]:
        """Hold the library's writer lock (re-entrant in this process). A second writer waits here,
        after `on_wait` says so, instead of storing the same files twice."""
        if self.readonly:
            raise LibraryError("L010", folder=str(self.folder), reason=not_writable(self.folder) or "opened for reading")
        if self._lock_depth == 0:
            handle = open(self.folder / "write.lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    on_wait()
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._lock_file = handle
        self._lock_depth += 1
        try:
            yield self
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0 and self._lock_file is not None:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)
                self._lock_file.close()
                self._lock_file = None

    def encode_passages(self, texts: Sequence[str], on_batch: Optional[Callable[[int, int], None]] = None
                        ) -> np.ndarray:
        """Passage vectors for `texts`, reporting (done, total) after each batch."""
        return self.embedder.encode_passages(texts, on_batch=on_batch)

    def stored_under(self, key: str) -> list[int]:
        """The notices stored under a file's key (its path; see `ingest`)."""
        return self.store.notice_ids_by_key(key)

    def known(self, sha256: str, fingerprint: Optional[str] = None) -> Optional[dict]:
        """The stored notice with these bytes or this text, if any ({id, path})."""
        row = self.store.notice_by_hash(sha256) or (self.store.notice_by_fingerprint(fingerprint)
                                                    if fingerprint else None)
        return dict(row) if row else None

    def add(self, extraction: Extraction, key: str, name: str, sha256: str, vectors: np.ndarray,
            fingerprint: Optional[str] = None) -> tuple[str, int]:
        """Store one notice and its record vectors in one transaction, replacing what is stored under
        the same key. Returns (added | replaced | unchanged, notice id): a notice another writer stored
        meanwhile (same bytes or text) is checked again inside the transaction and left as it is."""
        self.backend.sync()
        with self.writing(), self.store.transaction() as conn:
            same = self.known(sha256, fingerprint)
            if same is not None:
                return "unchanged", same["id"]
            old = self.store.notice_ids_by_key(key)
            removed = [rid for nid in old for rid in self.store.delete_notice(conn, nid)]
            notice_id, rows = self.store.insert_notice(conn, key, name, sha256, fingerprint, extraction, vectors)
            self.store.set_meta(conn, "model", self.model_name)
            self.store.set_meta(conn, "dim", str(vectors.shape[1]))
            if self.store.get_meta("calibration") is None and self.calibration.calibrated:
                self.store.set_meta(conn, "calibration", self.calibration.to_json())
            self.store.bump_generation(conn)
        if removed:
            self.backend.remove(removed)
        self.backend.add(rows)
        return ("replaced" if old else "added"), notice_id

    def remove(self, notice_id: int) -> bool:
        """Take a notice and all that hangs off it out: SQLite first, in one transaction (the source of
        truth is never half changed), then the search copy. The copy is a cache: where it cannot follow
        now (a Milvus server gone, a kill), its next sync repairs it, and searches meanwhile never show
        a record SQLite no longer has."""
        with self.writing(), self.store.transaction() as conn:
            removed = self.store.delete_notice(conn, notice_id)
            self.store.bump_generation(conn)
        if removed:
            try:
                self.backend.remove(removed)
                self.backend.save()
            except Exception as exc:
                log.warning("%s: the search copy did not follow the removal (%s); it is repaired from library.db "
                            "when the library is next opened for writing", self.folder, exc)
        return bool(removed)

    def save(self) -> None:
        if not self.readonly:
            self.backend.save()

    # --- search ---------------------------------------------------------------------------------
    def search(self, query: str, mode: str = "hybrid", top: int = 10, filters: Optional[Filters] = None,
               floor: bool = True, flat: bool = False) -> list[Hit]:
        """The findings that answer `query`, best first: one result per finding with its best-matching
        measure in `match` (`flat`: one per record), a document number or a quoted phrase matched
        literally first, each with a relevance of 0–100; with `floor` (the default) only those a user
        should be shown, so a question the library has no answer to finds nothing. A model without a
        calibration ranks only: no relevance, no floor (`searcher.py`)."""
        return searcher.search(self, query, mode, top, filters, floor, flat)

    def topics(self, name: str) -> np.ndarray:
        """The vectors of a topic file in index/data (everyday topics, generic inspection wording)."""
        if name not in self._topics:
            self._topics[name] = self.embedder.encode_passages(list(topic_lines(name)))
        return self._topics[name]

    def clause_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors of result clauses (relevance compares a query with each sentence), kept for
        the clauses seen most recently."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._clauses]
        if todo:
            for text, vector in zip(todo, self.embedder.encode_passages(todo)):
                self._clauses[text] = vector
            while len(self._clauses) > CLAUSE_CACHE:
                self._clauses.pop(next(iter(self._clauses)))
        return np.vstack([self._clauses[t] for t in texts])

    def sample(self) -> np.ndarray:
        """A fixed sample of the library's record vectors (`store.sample_vectors`), for this generation."""
        generation = self.store.generation()
        if self._sample[0] != generation:
            self._sample = (generation, self.store.sample_vectors(self.settings.search.sample))
        return self._sample[1]

    def set_calibration(self, calibration: Calibration) -> None:
        """Keep `calibration` (for this library's model) in the library (benchmarks/calibrate.py)."""
        if calibration.model != self.model_name:
            raise ValueError(f"a calibration of {calibration.model} does not fit a library of {self.model_name}")
        with self.writing(), self.store.transaction() as conn:
            self.store.set_meta(conn, "calibration", calibration.to_json())
        self.calibration = calibration

    def similar(self, record_id: int, top: int = 10, other_notices: bool = True) -> list[Hit]:
        """Findings (or measures) of other notices that are about the same problem, most alike first,
        each with a similarity of 0–100 (none without a calibration). Findings are compared on their
        problems and measures, encoded without heading templates; the stored vectors only gather the
        candidates. By default the record's own notice — and any copy of it stored from another file
        (same document number, or same title and date) — is left out."""
        record = self.store.records([record_id]).get(record_id)
        vector = self.store.vector(record_id)
        if record is None or vector is None:
            raise LibraryError("L009", record_id=record_id, folder=str(self.folder))
        s = self.settings.search
        same = tuple(Lookup(self.store).copies_of(record["notice_id"])) if other_notices else ()
        filters = Filters(type=record["type"], exclude_notices=same)
        if record["type"] != "finding":
            found = [(i, c) for i, c in self.backend.nearest(vector, top + 1, filters) if i != record_id][:top]
            hits = self._hits(found)
        else:
            source = self.problem_vectors([record_id])[record_id]
            pool = {i for i, _ in self.backend.nearest(vector, s.similar_pool, filters)}
            pool |= {i for i, _ in self.backend.nearest(source, s.similar_pool, filters)}
            pool.discard(record_id)
            problems = self.problem_vectors(sorted(pool))
            found = sorted(((i, float(v @ source)) for i, v in problems.items()), key=lambda p: -p[1])[:top]
            hits = self._hits(found)
        for hit in hits:
            hit.relevance = self.calibration.similarity(hit.score)
        return hits

    def problem_vectors(self, finding_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Each finding's problem and measures, encoded (`records.problem_passage`); kept for the
        library's current generation."""
        generation = self.store.generation()
        if self._problem_cache[0] != generation:
            self._problem_cache = (generation, {})
        cache = self._problem_cache[1]
        stored = ProblemVectors(self.store)
        missing = [i for i in finding_ids if i not in cache]
        if missing:
            cache.update(stored.get(missing, self.model_name))  # encoded at ingest (or by an earlier visit)
        todo = self.problem_texts([i for i in finding_ids if i not in cache])
        if todo:
            encoded = dict(zip(todo, self.embedder.encode_passages(list(todo.values()))))
            cache.update(encoded)
            if not self.readonly:
                try:
                    with self.writing(), self.store.transaction() as conn:
                        stored.put(conn, self.model_name, encoded.items())
                except (LibraryError, sqlite3.Error):  # a cache: not kept this time, encoded again next time
                    pass
        return {i: cache[i] for i in finding_ids if i in cache}

    def problem_texts(self, finding_ids: Sequence[int]) -> dict[int, str]:
        """Each finding's problem passage (`records.problem_passage`): heading without template, text, measures."""
        rows = self.store.records(finding_ids)
        measures = self.store.measures_of([i for i in finding_ids if i in rows])
        return {i: problem_passage(rows[i]["title"] or "", rows[i]["text"], [m["text"] for m in measures[i]])
                for i in finding_ids if i in rows}

    def set_links(self, links: Sequence[tuple[int, int, int]], issuer_keys=None) -> None:
        """Store recurring-problem links (finding, earlier finding, similarity) for these issuers."""
        with self.writing(), self.store.transaction() as conn:
            self.store.replace_links(conn, links, issuer_keys)

    def links(self) -> list[dict]:
        return self.store.links()

    def recurring_in(self, notice_id: int) -> dict[str, dict]:
        """The findings of a notice (by key) that repeat an earlier finding of the same issuer."""
        return self.store.recurring_in(notice_id)

    def record(self, record_id: int) -> Optional[Hit]:
        hits = self._hits([(record_id, 1.0)])
        return hits[0] if hits else None

    def _hits(self, ranked: Sequence[tuple[int, float]], terms: tuple[str, ...] = (),
              rows: Optional[dict] = None) -> list[Hit]:
        return searcher.make_hits(self, ranked, terms, rows)

    # --- reading back ---------------------------------------------------------------------------
    def document(self, notice_id: int) -> Optional[Extraction]:
        """The notice as it was extracted (the archive of record the records were derived from); a row
        whose extraction no longer reads (edited by hand, a bad disk block) is L012, naming the repair."""
        try:
            data = self.store.extraction(notice_id)
            return extraction_from_dict(data) if data else None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # json.JSONDecodeError is a ValueError
            raise self.damaged(notice_id, f"its extraction: {type(exc).__name__}") from None

    def damaged(self, notice_id: int, detail: str) -> LibraryError:
        """L012 for a notice whose stored row no longer reads, with the repair: take it out, read its file again."""
        row = self.store.conn.execute("SELECT name FROM notices WHERE id = ?", (notice_id,)).fetchone()
        return LibraryError("L012", notice_id=notice_id, detail=detail, name=row[0] if row else "?",
                            command=f"zhenggai remove {notice_id} --db {shlex.quote(str(self.folder))}")

    def notices(self) -> list[dict]:
        return self.store.notices()

    def findings(self) -> list[dict]:
        return self.store.findings()

    def figures(self, kind: Optional[str] = None) -> list[dict]:
        return self.store.figures(kind)

    def targets(self) -> list[dict]:
        return self.store.targets()

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def generation(self) -> int:
        """Changes with every write to the library (by any process): a key for caches of its contents."""
        return self.store.generation()

    # --- maintenance ----------------------------------------------------------------------------
    def reindex(self, model: Optional[str] = None, backend: Optional[str] = None,
                backend_options: Optional[dict] = None, on_batch: Optional[Callable[[int, int], None]] = None) -> int:
        """Re-encode every record with `model` (when it differs from the library's), and/or move the
        search copy to another backend (no encoding needed for that), then rebuild the search copy.
        Nothing is recorded before it worked: a model that does not load changes nothing, and a move to a
        backend that cannot be reached or built leaves the library on the backend it had."""
        with self.writing():
            count = self.store.counts()["records"]
            reencoded = bool(model) and model_name(model) != self.model_name
            if reencoded:
                embedder = Embedder(model, self.settings)
                rows = list(self.store.passages())
                vectors = embedder.encode_passages([t for _, t in rows], on_batch=on_batch)
                calibration = calibrations.shipped(embedder.name) or calibrations.uncalibrated(embedder.name)
                with self.store.transaction() as conn:
                    self.store.replace_vectors(conn, [i for i, _ in rows], vectors)
                    self.store.set_meta(conn, "model", embedder.name)
                    self.store.set_meta(conn, "dim", str(embedder.dim))
                    self.store.set_meta(conn, "calibration", calibration.to_json() if calibration.calibrated else "")
                    self.store.bump_generation(conn)
                self._embedder, self.model_name = embedder, embedder.name
                self.calibration, self._topics = calibration, {}
            if self._backend is not None:
                self._backend.close()
            self._backend = None
            if not backend or backend == self.backend_name:
                self.backend.rebuild()
                return count
            if backend not in BACKENDS:
                raise LibraryError("L006", recorded=self.backend_name, wanted=backend)
            options = {k: v for k, v in (backend_options or {}).items() if v is not None}
            fresh = make_backend(backend, self.store, self.folder, self.model_name, self.dim, self.settings,
                                 False, options)
            try:
                fresh.rebuild()
            except BaseException:
                try:
                    fresh.close()
                finally:
                    if reencoded:  # the copy it keeps gets the vectors just made
                        self.backend.rebuild()
                raise
            self._record_backend(backend, options)
            self._backend, self.backend_name, self.backend_options = fresh, backend, options
        return count

    def info(self) -> dict[str, Any]:
        """Backend, where it lives, model, counts, sizes and whether the search copy is in sync."""
        sizes = {p.name: p.stat().st_size for p in self.folder.iterdir() if p.is_file()}
        backend = self.backend.info()
        return {"folder": str(self.folder), "backend": self.backend_name, **self.counts(),
                "model": self.model_name, "dim": int(self.store.get_meta("dim") or 0) or None,
                "calibrated": self.calibration.calibrated,
                "search_copy": backend, "in_sync": backend.get("in_sync"),
                "bytes": sum(sizes.values()), "files": sizes}


def open_library(folder: Optional[Path] = None, settings: Optional[Settings] = None, readonly: bool = False,
                 **kwargs) -> Library:
    """The library a front end works on; read-only opening of a folder without one says so."""
    folder = Path(folder) if folder else default_library_folder()
    if folder.exists() and not folder.is_dir():
        raise LibraryError("L013", folder=str(folder))
    if readonly and not (folder / "library.db").exists():
        raise LibraryError("L001", folder=str(folder))
    return Library(folder, settings, readonly, **kwargs)
