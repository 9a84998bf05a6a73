"""Ingest: files → readers → extraction → records → library.

This layer owns what lies between a file and the library: walking folders (regular files only, never
out of the folder), hashing, deciding whether a notice is new, unchanged or a replacement, holding it
to the limits, batching encodes across files and reporting progress by stage. The library below it
only stores and finds records; `corpus/` and `nlp/` below that know nothing of either.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from .config import Limits, OcrSettings, Settings
from .corpus.files import display_name, file_bytes, iter_files, key_path, path_key
from .corpus.ocr import OnPage
from .corpus.readers import read_bytes
from .errors import InternalError, LibraryError, NoticeError, ReadError, ZhenggaiError
from .analysis import recurring, report
from .analysis.themes import classifier_for
from .index.library import Library
from .index.records import records_of
from .nlp.genre import notice_refusal
from .nlp.pipeline import extract_document
from .nlp.records import Extraction

STAGES = {"read": "读取", "ocr": "OCR", "extract": "抽取", "encode": "编码", "write": "写入"}


@dataclass
class IngestResult:
    path: str
    status: str                            # added | replaced | unchanged | skipped | ignored (a type not read)
    error: Optional[ZhenggaiError] = None  # why it was skipped or ignored
    notice_id: Optional[int] = None
    findings: int = 0
    measures: int = 0
    same_as: str = ""                      # for unchanged: the stored notice it matches

    @property
    def reason(self) -> str:
        if self.error is not None:
            return self.error.message("en")
        return f"same content as {_shown(self.same_as)}" if self.same_as else ""

    @property
    def reason_zh(self) -> str:
        if self.error is not None:
            return self.error.zh
        return f"内容与已入库的 {_shown(self.same_as)} 相同" if self.same_as else ""


def _shown(key: str) -> str:
    """A stored key as people read it (a path whose bytes are not UTF-8 is stored encoded)."""
    return display_name(key_path(key) or key)


@dataclass
class Progress:
    """Where an ingest stands: the stage within the current file, and how far through the files."""
    stage: str          # read | ocr | extract | encode | write
    name: str           # the file (or, while encoding a group, the first of them)
    done: int = 0       # pages OCR'd (ocr) or passages encoded (encode) so far, else 0
    total: int = 0
    files_done: int = 0
    files_total: int = 0

    @property
    def step(self) -> str:
        """The stage as the CLI and the app show it: 读取, OCR 3/12 页, 抽取, 编码 40/120, 写入."""
        if self.stage == "ocr":
            return f"OCR {self.done}/{self.total} 页"
        if self.stage == "encode":
            return f"{STAGES['encode']} {self.done}/{self.total}"
        return STAGES[self.stage]


@dataclass
class _Pending:
    key: str
    name: str
    sha: str
    fingerprint: str
    extraction: Extraction
    texts: list[str] = field(default_factory=list)
    label: str = ""


def extract_bytes(data: bytes, name: str, limits: Limits = Limits(), ocr: OcrSettings = OcrSettings(),
                  on_page: Optional[OnPage] = None) -> Extraction:
    """Read and extract one file's content, refusing what is not a plausible rectification notice.
    `on_page(done, total)` follows the OCR of a scan's pages."""
    return _checked(extract_document(read_bytes(data, name, limits, ocr, on_page)), limits)


def extract_path(path: Union[str, Path], limits: Limits = Limits(), ocr: OcrSettings = OcrSettings(),
                 on_page: Optional[OnPage] = None) -> Extraction:
    """One notice file, read and extracted (nothing stored): what `zhenggai extract` prints. The same
    rule as ingest's decides whether it is a notice at all."""
    return extract_bytes(file_bytes(path, limits), display_name(Path(path).name), limits, ocr, on_page)


def _checked(extraction: Extraction, limits: Limits) -> Extraction:
    refusal = notice_refusal(extraction.text, len(extraction.findings), extraction.notice.summary)
    if refusal:
        code, detail = refusal
        raise NoticeError(code, detail=detail) if detail else NoticeError(code)
    if len(extraction.findings) > limits.max_findings:
        raise NoticeError("N003", findings=len(extraction.findings), limit=limits.max_findings)
    return extraction


def file_failure(exc: Exception, name: str, log_folder: Optional[Path] = None) -> ZhenggaiError:
    """What went wrong inside one file, as that file's coded reason. A reader's or extractor's own error
    is the file's; running out of memory is R027; anything else is a defect of zhenggai (I001), never
    blamed on the file: its traceback goes to `errors.log` in `log_folder` (else the user log folder)."""
    if isinstance(exc, ZhenggaiError):
        return exc
    if isinstance(exc, MemoryError):
        return ReadError("R027", kind=type(exc).__name__)
    log = _incident_log(log_folder)
    try:
        if log.exists() and log.stat().st_size > 1_000_000:
            log.replace(log.with_suffix(".log.1"))  # the newest million bytes and the one before
        with open(log, "a", encoding="utf-8", errors="backslashreplace") as out:
            out.write(f"--- {datetime.now().isoformat(timespec='seconds')} {display_name(name)}\n")
            out.write("".join(traceback.format_exception(exc)))
    except OSError as write_error:
        log = Path(f"(not written: {write_error.strerror})")
    return InternalError("I001", kind=type(exc).__name__, detail=display_name(str(exc))[:120], log=str(log))


def _incident_log(folder: Optional[Path]) -> Path:
    if folder is not None and os.access(folder, os.W_OK):
        return folder / "errors.log"
    from platformdirs import user_log_dir

    logs = Path(user_log_dir("zhenggai"))
    logs.mkdir(parents=True, exist_ok=True)
    return logs / "errors.log"


def read_each(paths: Iterable[Union[str, Path]], limits: Limits = Limits(), ocr: OcrSettings = OcrSettings()
              ) -> Iterator[tuple[str, Union[Extraction, ZhenggaiError]]]:
    """Each notice file under `paths` (nothing stored): its extraction, or why not. Whatever goes wrong
    inside one file is that file's reason; the others go on."""
    for path, error in iter_files(paths):
        label = display_name(str(path))
        try:
            if error:
                raise error
            yield label, extract_path(path, limits, ocr)
        except Exception as exc:
            yield label, file_failure(exc, label)


def label_themes(paths: Iterable[Union[str, Path]], settings: Settings
                 ) -> Iterator[tuple[str, Union[Extraction, ZhenggaiError]]]:
    """Each notice file read, extracted and its findings given themes (nothing stored), or why not."""
    from .index.embed import Embedder

    embedder = None
    for label, result in read_each(paths, settings.limits, settings.ocr):
        if isinstance(result, ZhenggaiError):
            yield label, result
            continue
        embedder = embedder or Embedder(settings.model, settings)
        yield label, classifier_for(embedder).label(result)


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
        self._files_done = 0  # results that count towards files_total (not the types left out)
        self._last_save = time.monotonic()

    def _done(self, result: IngestResult) -> None:
        self.results.append(result)
        self._files_done += result.status != "ignored"
        if self.on_result:
            self.on_result(result)

    def _progress(self, stage: str, name: str, done: int = 0, total: int = 0) -> None:
        if self.on_progress:
            self.on_progress(Progress(stage, name, done, total, self._files_done, self.files_total))

    def files(self, paths: Iterable[Union[str, Path]]) -> list[IngestResult]:
        found = list(iter_files(paths, unsupported=True))
        self.files_total = sum(error is None or error.code != "R025" for _, error in found)
        for path, error in found:
            label = display_name(str(path))
            if error is not None:
                self._done(IngestResult(label, "ignored" if error.code == "R025" else "skipped", error))
                continue
            self._progress("read", display_name(path.name))
            try:
                data, key = file_bytes(path, self.settings.limits), path_key(path)
            except Exception as exc:
                self._done(IngestResult(label, "skipped", file_failure(exc, label, self.lib.folder)))
                continue
            self.content(data, display_name(path.name), key, label=label)
        self.flush()
        return self.results

    def content(self, data: bytes, name: str, key: Optional[str] = None, label: Optional[str] = None) -> None:
        """One file's bytes; `key` (its path) decides what a changed file replaces. Without a key (an
        upload) the content is the key: two different files of one name are two notices. `label` is
        how results name the file (the path as given). Whatever goes wrong inside the file is its
        reason to be skipped; the batch goes on."""
        sha = hashlib.sha256(data).hexdigest()
        name = display_name(name)
        key = key or f"upload:{sha[:16]}:{name}"
        label = label or name
        same = self.lib.known(sha) or next(({"path": p.label} for p in self.pending if p.sha == sha), None)
        if same is not None:
            self._done(IngestResult(label, "unchanged", notice_id=same.get("id"), same_as=same["path"]))
            return
        self._progress("extract", name)

        def on_page(done: int, total: int) -> None:  # a scan: its pages are OCR'd, then it is extracted
            self._progress("ocr", name, done, total)
            if done == total:
                self._progress("extract", name)

        try:
            extraction = extract_bytes(data, name, self.settings.limits, self.settings.ocr, on_page)
            fp = fingerprint(extraction)
        except Exception as exc:
            self._done(IngestResult(label, "skipped", file_failure(exc, label, self.lib.folder)))
            return
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
        try:
            vectors = self.lib.encode_passages(texts, on_batch=lambda done, total: self._progress("encode", first,
                                                                                                  done, total))
        except ZhenggaiError:
            raise  # the model or the library, not a file
        except Exception as exc:  # one notice's text may be what fails: each is tried alone, the others go on
            if len(batch) == 1:
                self._done(IngestResult(batch[0].label, "skipped", file_failure(exc, batch[0].label, self.lib.folder)))
            else:
                for item in batch:
                    self.pending = [item]
                    self.flush()
            return
        offset = 0
        themes = classifier_for(self.lib.embedder)
        for item in batch:
            item_vectors = vectors[offset:offset + len(item.texts)]
            offset += len(item.texts)
            self._progress("write", item.name)
            try:
                findings = [i for i, r in enumerate(records_of(item.extraction)) if r.type == "finding"]
                themes.label(item.extraction, item_vectors[findings])
                status, notice_id = self.lib.add(item.extraction, item.key, item.name, item.sha, item_vectors,
                                                 item.fingerprint)
            except LibraryError:
                raise  # the library itself (a full disk, read-only): nothing more can be written
            except Exception as exc:  # this notice's transaction rolled back; the others are written
                self._done(IngestResult(item.label, "skipped", file_failure(exc, item.label, self.lib.folder)))
                continue
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
        report.precompute(library)  # what 相似措施 and 分析 read, ready before anyone opens them


def notice_for(library: Library, target: Union[str, Path]) -> int:
    """The stored notice `target` names: a notice id, or a file — by the path it was ingested from,
    else by its content (the same bytes stored from anywhere)."""
    text = os.fspath(target)
    path = Path(text)
    if text.isdigit() and not path.exists():
        if any(n["id"] == int(text) for n in library.notices()):
            return int(text)
    else:
        found = library.stored_under(path_key(path))
        if found:
            return found[0]
        if path.is_file():
            try:
                same = library.known(hashlib.sha256(file_bytes(path, library.settings.limits)).hexdigest())
            except ReadError:
                same = None
            if same is not None:
                return int(same["id"])
    raise LibraryError("L014", target=display_name(text), folder=str(library.folder))


def remove(library: Library, notice_id: int) -> dict:
    """Take one notice out of the library: SQLite first, in one transaction (its records, vectors,
    figures, targets, themes and links go together), then the search copy, which is a cache that the
    next open repairs if this process stops in between. The issuer's recurring links are refreshed.
    Returns the notice as it was listed ({id, title, name, findings, measures, …})."""
    with library.writing():
        notice = next((n for n in library.notices() if n["id"] == notice_id), None)
        if notice is None:
            raise LibraryError("L014", target=str(notice_id), folder=str(library.folder))
        library.remove(notice_id)
        if notice["issuer_key"]:
            recurring.refresh(library, [notice["issuer_key"]])
        report.precompute(library)
    return notice
