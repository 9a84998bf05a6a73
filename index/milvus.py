"""The Milvus search backend: the library's search copy in Milvus, for archives beyond one machine.

SQLite stays the source of truth (notices, records, figures, targets and every vector, so a rebuild
needs no encoding); Milvus holds one row per record: id, the record's jieba tokens (BM25 by a Milvus
Function over a `standard`-analysed field, so the project's segmentation and domain dictionary carry
over), its vector, and the filter fields. Lexical, dense and hybrid search are Milvus's own — hybrid
is `hybrid_search` with `RRFRanker` — and every filter is a Milvus expression.

Writes go to SQLite first, then Milvus; `milvus_generation` in the library's meta says which SQLite
generation the copy matches, so a crash between the two is repaired on the next writable open.

The URI is a milvus-lite file (the default: `milvus.db` in the library folder, one process at a time),
`http://host:19530` for a Milvus server (or `milvus-lite`'s own gRPC server), or `https://…` with a
token for a cluster or a managed service.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from ..config import Settings
from ..errors import LibraryError
from .fts import Fts5Index
from .seams import QueryVector, RecordStore, SearchRow
from .types import Filters

log = logging.getLogger("zhenggai")
COLLECTION = "zhenggai_records"
_BATCH = 2000
_MAX_TOKENS = 60_000  # the VARCHAR field's limit is 65,535 bytes; longer token strings are cut at a space


def _quiet(debug: bool) -> None:
    """pymilvus logs every failed call at ERROR on the root logger; zhenggai says what went wrong itself."""
    if not debug:
        for name in ("pymilvus", "pymilvus.decorators", "pymilvus.client", "milvus_lite"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    import warnings

    warnings.filterwarnings("ignore", message=".*pkg_resources.*")


def public_uri(uri: str) -> str:
    """The URI as it may be shown: no user or password."""
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https", "tcp", "grpc") and (parts.username or parts.password):
        host = parts.hostname or ""
        return urlunsplit((parts.scheme, host + (f":{parts.port}" if parts.port else ""), parts.path, "", ""))
    return uri


class MilvusBackend:
    name = "milvus"

    def __init__(self, store: RecordStore, folder: Path, dim: int, settings: Settings, readonly: bool = False,
                 uri: Optional[str] = None, token: Optional[str] = None, collection: str = COLLECTION,
                 timeout: float = 10.0):
        self.store, self.folder, self.dim, self.settings, self.readonly = store, folder, dim, settings, readonly
        self.uri = uri or str(folder / "milvus.db")
        self.token = token or settings.milvus_token or ""
        self.collection, self.timeout = collection, float(timeout)
        self._client = None
        self._synced = False
        self._vocabulary = Fts5Index(store)
        self._size = (-1, 0)  # (generation, record count)

    # --- connection -------------------------------------------------------------------------------
    @property
    def client(self):
        if self._client is None:
            try:
                from pymilvus import MilvusClient

                _quiet(self.settings.debug)  # after the import: pymilvus sets up its loggers when imported
                # A local file is served by a milvus-lite process started here: on a busy machine its start
                # alone can take longer than a remote server's answer, so it is given a minute.
                local = "://" not in self.uri
                self._client = MilvusClient(uri=self.uri, token=self.token,
                                            timeout=max(self.timeout, 60.0) if local else self.timeout)
            except Exception as exc:  # pymilvus raises MilvusException, grpc errors, OSError …
                raise LibraryError("L008", backend="milvus", uri=public_uri(self.uri),
                                   reason=_reason(exc)) from None
            if not self._client.has_collection(self.collection):
                if self.readonly:
                    raise LibraryError("L008", backend="milvus", uri=public_uri(self.uri),
                                       reason=f"no collection {self.collection}; run any ingest or "
                                              "`zhenggai reindex --backend milvus`")
                self._create()
        return self._client

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        c = self._client
        schema = c.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("tokens", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                         analyzer_params={"type": "standard"})
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        schema.add_field("type", DataType.VARCHAR, max_length=16)
        schema.add_field("notice_id", DataType.INT64)
        schema.add_field("issuer", DataType.VARCHAR, max_length=512)
        schema.add_field("kind", DataType.VARCHAR, max_length=16)
        schema.add_field("year", DataType.INT64)        # 0: the notice has no date (milvus-lite has no NULLs)
        schema.add_field("status", DataType.VARCHAR, max_length=16)
        schema.add_field("theme", DataType.VARCHAR, max_length=32)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["tokens"],
                                     output_field_names=["sparse"]))
        index = c.prepare_index_params()
        flat = self.store.size() <= self.settings.vectors.flat_limit
        if flat:
            index.add_index("vector", index_type="FLAT", metric_type="IP")
        else:
            index.add_index("vector", index_type="HNSW", metric_type="IP",
                            params={"M": self.settings.vectors.hnsw_m, "efConstruction": 200})
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        c.create_collection(self.collection, schema=schema, index_params=index)

    # --- keeping the copy level with SQLite -------------------------------------------------------
    def sync(self) -> None:
        """Repair the copy when SQLite moved on without it (a crash between the two writes)."""
        if self._synced and not self.readonly:
            return
        generation = self.store.generation()
        if self.store.get_meta("milvus_generation") == str(generation):
            self._synced = True
            return
        if self.readonly:
            log.warning("%s: the Milvus copy is behind library.db; the next ingest or `zhenggai reindex` "
                        "repairs it", self.folder)
            self._synced = True
            return
        self._reconcile()
        self._mark(generation)

    def _reconcile(self) -> None:
        stored = {int(i) for ids, _ in self.store.iter_vectors() for i in ids}
        present = set(self._ids())
        extra = sorted(present - stored)
        missing = stored - present
        if extra:
            self.remove(extra)
        if missing:
            log.warning("%s: adding %d records the Milvus copy missed", self.folder, len(missing))
            for rows in self.store.search_rows():
                todo = [r for r in rows if r.id in missing]
                if todo:
                    self._upsert(todo)

    def _ids(self) -> list[int]:
        iterator = self.client.query_iterator(self.collection, batch_size=10_000, filter="id >= 0",
                                              output_fields=["id"])
        out: list[int] = []
        try:
            while True:
                batch = iterator.next()
                if not batch:
                    return out
                out.extend(int(r["id"]) for r in batch)
        finally:
            iterator.close()

    def _mark(self, generation: int) -> None:
        with self.store.transaction() as conn:
            self.store.set_meta(conn, "milvus_generation", str(generation))
        self._synced = True

    def add(self, rows: Sequence[SearchRow]) -> None:
        if rows:
            self._upsert(rows)
        self._mark(self.store.generation())

    def _upsert(self, rows: Iterable[SearchRow]) -> None:
        batch = []
        for r in rows:
            batch.append({"id": r.id, "tokens": _cut(r.tokens), "vector": np.asarray(r.vector, dtype=np.float32).tolist(),
                          "type": r.type, "notice_id": r.notice_id, "issuer": (r.issuer or "")[:500],
                          "kind": r.kind or "", "year": int(r.year or 0), "status": r.status or "",
                          "theme": r.theme or ""})
            if len(batch) >= _BATCH:
                self.client.upsert(self.collection, batch)
                batch = []
        if batch:
            self.client.upsert(self.collection, batch)

    def remove(self, ids: Sequence[int]) -> None:
        ids = [int(i) for i in ids]
        for start in range(0, len(ids), _BATCH):
            self.client.delete(self.collection, filter=f"id in {ids[start:start + _BATCH]}")
        if not self.readonly:
            self._mark(self.store.generation())

    def rebuild(self) -> None:
        """Drop the collection and load every record from SQLite (no encoding)."""
        if self.client.has_collection(self.collection):
            self.client.drop_collection(self.collection)
        self._create()
        for rows in self.store.search_rows():
            self._upsert(rows)
        self._mark(self.store.generation())

    def save(self) -> None:
        """Milvus persists each write; a flush seals what is buffered. A server that does not implement
        flush is fine; any other failure (connection, permissions, a missing collection) is reported."""
        try:
            self.client.flush(self.collection)
        except LibraryError:
            raise
        except Exception as exc:  # pymilvus raises MilvusException, grpc errors, OSError …
            if "not implemented" in str(exc).lower() or "unimplemented" in str(exc).lower():
                log.debug("%s: flush not implemented by this Milvus; writes are persisted as they are made", self.uri)
                return
            raise LibraryError("L008", backend="milvus", uri=public_uri(self.uri), reason=_reason(exc)) from None

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            finally:
                self._client = None

    # --- search -----------------------------------------------------------------------------------
    def search(self, mode: str, terms: Sequence[str], vector: QueryVector, k: int,
               filters: Filters) -> list[tuple[int, float]]:
        self.sync()
        expr = self.expression(filters)
        if expr is None:
            return []
        text = " ".join(terms)
        if mode == "lexical":
            return self._search(text, "sparse", "BM25", k, expr) if text else []
        if mode == "dense":
            return self._search(vector(), "vector", "IP", k, expr)
        from pymilvus import AnnSearchRequest, RRFRanker

        depth = max(self.settings.search.candidates, k)
        requests = [AnnSearchRequest(data=[np.asarray(vector(), dtype=np.float32).tolist()], anns_field="vector",
                                     param={"metric_type": "IP"}, limit=depth, expr=expr or None)]
        if text:
            requests.insert(0, AnnSearchRequest(data=[text], anns_field="sparse", param={"metric_type": "BM25"},
                                                limit=depth, expr=expr or None))
        result = self.client.hybrid_search(self.collection, requests, ranker=RRFRanker(self.settings.search.rrf_k),
                                           limit=k, output_fields=["id"])
        return [(int(hit["id"]), float(hit["distance"])) for hit in result[0]]

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """Word statistics come from the records' token table in library.db — the tokens this copy was
        loaded from, so the numbers are Milvus's own: Milvus keeps BM25's IDF inside its index and does
        not expose it (milvus-lite has no TEXT_MATCH to count with)."""
        return self._vocabulary.document_frequency(terms)

    def size(self) -> int:
        generation = self.store.generation()
        if self._size[0] != generation:
            self._size = (generation, self._vocabulary.size())
        return self._size[1]

    def nearest(self, vector: np.ndarray, k: int, filters: Filters) -> list[tuple[int, float]]:
        self.sync()
        expr = self.expression(filters)
        return [] if expr is None else self._search(vector, "vector", "IP", k, expr)

    def _search(self, data, field: str, metric: str, k: int, expr: str) -> list[tuple[int, float]]:
        if field == "vector":
            data = np.asarray(data, dtype=np.float32).tolist()
        result = self.client.search(self.collection, data=[data], anns_field=field, limit=k, filter=expr,
                                    output_fields=["id"], search_params={"metric_type": metric})
        # BM25 scores have opposite signs in different milvus-lite lines: the order is what counts.
        return [(int(hit["id"]), float(hit["distance"])) for hit in result[0]]

    def expression(self, filters: Filters) -> Optional[str]:
        """The filters as a Milvus boolean expression ('' for none; None when nothing can match).
        Values are quoted as JSON strings; an issuer substring is matched in SQLite (with LIKE's
        wildcards escaped) and becomes the list of its notices."""
        clauses = []
        if filters.type in ("finding", "measure"):
            clauses.append(f"type == {json.dumps(filters.type)}")
        if filters.issuer:
            notices = self.store.notice_ids_by_issuer(filters.issuer)
            if not notices:
                return None
            clauses.append(f"notice_id in {sorted(notices)}")
        if filters.kind:
            clauses.append(f"kind == {json.dumps(filters.kind, ensure_ascii=False)}")
        years = []
        if filters.year_from is not None:
            years.append(f"year >= {int(filters.year_from)}")
        if filters.year_to is not None:
            years.append(f"year <= {int(filters.year_to)}")
        if years:
            dated = " and ".join(["year > 0", *years])
            clauses.append(f"(({dated}) or year == 0)" if filters.undated else f"({dated})")
        if filters.status:
            clauses.append(f"status == {json.dumps(filters.status)}")
        if filters.theme:
            clauses.append(f"theme == {json.dumps(filters.theme)}")
        if filters.exclude_notices:
            clauses.append(f"notice_id not in {sorted(int(i) for i in filters.exclude_notices)}")
        return " and ".join(clauses)

    def info(self) -> dict[str, Any]:
        rows = None
        try:
            result = self.client.query(self.collection, filter="", output_fields=["count(*)"])
            rows = int(result[0]["count(*)"])
        except LibraryError:
            raise
        except Exception as exc:
            log.warning("cannot count the Milvus rows: %s", _reason(exc))
        count, _ = self.store.vector_state()
        in_sync = self.store.get_meta("milvus_generation") == str(self.store.generation()) and rows == count
        path = Path(self.uri)
        size = path.stat().st_size if path.exists() and path.is_file() else None
        return {"uri": public_uri(self.uri), "collection": self.collection, "rows": rows, "in_sync": in_sync,
                "bytes": size, "lite": self.uri.endswith(".db")}


def _cut(tokens: str) -> str:
    data = tokens.encode("utf-8")
    if len(data) <= _MAX_TOKENS:
        return tokens
    return data[:_MAX_TOKENS].decode("utf-8", "ignore").rsplit(" ", 1)[0]


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
