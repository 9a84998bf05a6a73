"""Ingest: files → readers → extraction → records → library.

This layer owns what lies between a file and the library: walking folders (regular files only, never
out of the folder), hashing, deciding whether a notice is new, unchanged or a replacement, holding it
to the limits, batching encodes across files and reporting progress by stage. The library below it
only stores and finds records; `corpus/` and `nlp/` below that know nothing of either.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from .config import Limits, Settings
from .corpus.files import file_bytes, iter_files
from .corpus.readers import Document, read_bytes
from .errors import NoticeError, ReadError, ZhenggaiError
from .analysis import recurring
from .analysis.themes import classifier_for
from .index.library import Library
from .index.records import records_of
from .nlp.genre import not_a_notice
from .nlp.pipeline import extract_document
from .nlp.records import Extraction

STAGES = {"read": "读取", "extract": "抽取", "encode": "编码", "write": "写入"}


@dataclass
class IngestResult:
    path: str
    status: str                            # added | replaced | unchanged | skipped
    error: Optional[ZhenggaiError] = None  # why it was skipped
    notice_id: Optional[int] = None
    findings: int = 0
    measures: int = 0
    same_as: str = ""                      # for unchanged: the stored notice it matches

    @property
    def reason(self) -> str:
        if self.error is not None:
            return self.error.message("en")
        return f"same content as {self.same_as}" if self.same_as else ""

    @property
    def reason_zh(self) -> str:
        if self.error is not None:
            return self.error.zh
        return f"内容与已入库的 {self.same_as} 相同" if self.same_as else ""


@dataclass
class Progress:
    """Where an ingest stands: the stage within the current file, and how far through the files."""
    stage: str          # read | extract | encode | write
    name: str           # the file (or, while encoding a group, the first of them)
    done: int = 0       # passages encoded so far (encode), else 0
    total: int = 0
    files_done: int = 0
    files_total: int = 0


@dataclass
class _Pending:
    key: str
    name: str
    sha: str
    fingerprint: str
    extraction: Extraction
    texts: list[str] = field(default_factory=list)
    label: str = ""


def extract_bytes(data: bytes, name: str, limits: Limits = Limits()) -> Extraction:
    """Read and extract one file's content, refusing what is not a plausible rectification notice."""
    doc: Document = read_bytes(data, name, limits)
    extraction = extract_document(doc)
    if not extraction.findings:
        raise NoticeError("N001")
    detail = not_a_notice(doc.text)
    if detail:
        raise NoticeError("N002", detail=detail)
    if len(extraction.findings) > limits.max_findings:
        raise NoticeError("N003", findings=len(extraction.findings), limit=limits.max_findings)
    return extraction


def extract_path(path: Union[str, Path], limits: Limits = Limits()) -> Extraction:
    """One notice file, read and extracted (nothing stored): what `zhenggai extract` prints."""
    return extract_document(read_bytes(file_bytes(path, limits), Path(path).name, limits))


def label_themes(paths: Iterable[Union[str, Path]], settings: Settings
                 ) -> Iterator[tuple[str, Union[Extraction, ZhenggaiError]]]:
    """Each notice file read, extracted and its findings given themes (nothing stored), or why not."""
    from .index.embed import Embedder

    embedder = None
    for path, error in iter_files(paths):
        try:
            if error:
                raise error
            extraction = extract_path(path, settings.limits)
        except (ReadError, NoticeError) as exc:
            yield str(path), exc
            continue
        embedder = embedder or Embedder(settings.model, settings)
        yield str(path), classifier_for(embedder).label(extraction)


_NOT_CONTENT = re.compile(r"[\s\W_]+")


def fingerprint(extraction: Extraction) -> str:
    """The notice's text, whatever file or web page carried it: page furniture, spacing and punctuation
    dropped, so the same notice as GBK text, UTF-8 text, HTML or DOCX hashes the same."""
    return hashlib.sha256(_NOT_CONTENT.sub("", extraction.body).encode("utf-8")).hexdigest()


class Ingest:
    """One ingest run over a library: gather notices, encode them in groups, write each."""

    def __init__(self, library: Library, on_result: Optional[Callable[[IngestResult], None]] = None,
                 on_progress: Optional[Callable[[Progress], None]] = None):
        self.lib, self.settings = library, library.settings
        self.on_result, self.on_progress = on_result, on_progress
        self.results: list[IngestResult] = []
        self.pending: list[_Pending] = []
        self.files_total = 0
        self._last_save = time.monotonic()

    def _done(self, result: IngestResult) -> None:
        self.results.append(result)
        if self.on_result:
            self.on_result(result)

    def _progress(self, stage: str, name: str, done: int = 0, total: int = 0) -> None:
        if self.on_progress:
            self.on_progress(Progress(stage, name, done, total, len(self.results), self.files_total))

    def files(self, paths: Iterable[Union[str, Path]]) -> list[IngestResult]:
        found = list(iter_files(paths))
        self.files_total = len(found)
        for path, error in found:
            if error is not None:
                self._done(IngestResult(str(path), "skipped", error))
                continue
            self._progress("read", path.name)
            try:
                data = file_bytes(path, self.settings.limits)
            except ReadError as exc:
                self._done(IngestResult(str(path), "skipped", exc))
                continue
            self.content(data, path.name, str(path.resolve()), label=str(path))
        self.flush()
        return self.results

    def content(self, data: bytes, name: str, key: Optional[str] = None, label: Optional[str] = None) -> None:
        """One file's bytes; `key` (its path) decides what a changed file replaces. Without a key (an
        upload) the content is the key: two different files of one name are two notices. `label` is
        how results name the file (the path as given)."""
        sha = hashlib.sha256(data).hexdigest()
        key = key or f"upload:{sha[:16]}:{name}"
        label = label or name
        same = self.lib.known(sha) or next(({"path": p.label} for p in self.pending if p.sha == sha), None)
        if same is not None:
            self._done(IngestResult(label, "unchanged", notice_id=same.get("id"), same_as=same["path"]))
            return
        self._progress("extract", name)
        try:
            extraction = extract_bytes(data, name, self.settings.limits)
        except (ReadError, NoticeError) as exc:
            self._done(IngestResult(label, "skipped", exc))
            return
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, ArithmeticError) as exc:
            # A defect on an unforeseen input must cost this file, not the batch.
            self._done(IngestResult(label, "skipped", NoticeError("N004", kind=type(exc).__name__,
                                                                  detail=str(exc)[:120])))
            return
        fp = fingerprint(extraction)
        same = self.lib.known(sha, fp) or next(({"path": p.label} for p in self.pending if p.fingerprint == fp), None)
        if same is not None:
            self._done(IngestResult(label, "unchanged", notice_id=same.get("id"), same_as=same["path"]))
            return
        self.queue(extraction, key, name, sha, fp, label)

    def queue(self, extraction: Extraction, key: str, name: str, sha: str, fp: str, label: str = "") -> None:
        """An extracted notice waiting to be encoded; the group is encoded once it is large enough."""
        texts = [r.passage for r in records_of(extraction)]
        self.pending.append(_Pending(key, name, sha, fp, extraction, texts, label or name))
        if sum(len(p.texts) for p in self.pending) >= self.settings.encode_group:
            self.flush()

    def flush(self) -> None:
        """Encode the gathered notices in one batch (the model is several times faster on a long,
        length-sorted batch than on one notice at a time), then write each in its own transaction, so
        a crash keeps every notice before it and nothing of it."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        texts = [t for p in batch for t in p.texts]
        first = batch[0].name if len(batch) == 1 else f"{batch[0].name} 等 {len(batch)} 份"
        self._progress("encode", first, 0, len(texts))
        vectors = self.lib.encode_passages(texts, on_batch=lambda done, total: self._progress("encode", first, done,
                                                                                              total))
        offset = 0
        themes = classifier_for(self.lib.embedder)
        for item in batch:
            item_vectors = vectors[offset:offset + len(item.texts)]
            offset += len(item.texts)
            self._progress("write", item.name)
            findings = [i for i, r in enumerate(records_of(item.extraction)) if r.type == "finding"]
            themes.label(item.extraction, item_vectors[findings])
            status, notice_id = self.lib.add(item.extraction, item.key, item.name, item.sha, item_vectors,
                                             item.fingerprint)
            findings = len(item.extraction.findings)
            self._done(IngestResult(item.label, status, notice_id=notice_id, findings=findings,
                                    measures=len(item.texts) - findings))
            if time.monotonic() - self._last_save > self.settings.save_every_s:
                self.lib.save()
                self._last_save = time.monotonic()
        self.lib.save()


def ingest(library: Library, paths: Iterable[Union[str, Path]],
           on_result: Optional[Callable[[IngestResult], None]] = None,
           on_progress: Optional[Callable[[Progress], None]] = None,
           on_wait: Optional[Callable[[], None]] = None) -> list[IngestResult]:
    """Files and folders into the library; bad files are skipped with a reason and the rest go on.
    One writer at a time: a second ingest waits (after `on_wait` says so), then finds the files the
    first stored unchanged instead of encoding them again."""
    with library.writing(on_wait):
        results = Ingest(library, on_result, on_progress).files(paths)
        _refresh_links(library, results)
        return results


def ingest_bytes(library: Library, data: bytes, name: str,
                 on_progress: Optional[Callable[[Progress], None]] = None,
                 on_wait: Optional[Callable[[], None]] = None) -> IngestResult:
    """One uploaded file: identified by its content, never by its name."""
    with library.writing(on_wait):
        run = Ingest(library, on_progress=on_progress)
        run.files_total = 1
        run.content(data, name)
        run.flush()
        _refresh_links(library, run.results)
        return run.results[0]


def _refresh_links(library: Library, results: list[IngestResult]) -> None:
    """Recurring-problem links of the issuers whose notices came in (or were replaced)."""
    changed = [r.notice_id for r in results if r.status in ("added", "replaced") and r.notice_id]
    if changed:
        recurring.refresh_new(library, changed)  # only these notices against their issuers' stored findings
