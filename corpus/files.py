"""Files from disk, safely: regular files only, bounded reads, folders walked without leaving them.

A device (`/dev/zero`) would be read forever and a FIFO would block on open; a link inside a folder
may point anywhere (`/etc/passwd`). So a file is opened without blocking, checked on its open
descriptor (no race between the check and the read), and read no further than the size limit.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union
from urllib.parse import quote, unquote_to_bytes

from ..config import Limits
from ..errors import ReadError

SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans, read by OCR
READ_TYPES = "txt, html, docx, pdf and scans (png, jpg, tif)"


def file_bytes(path: Union[str, Path], limits: Limits = Limits()) -> bytes:
    """A regular file's content, refusing what is missing, a folder, special or too large."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError("R001") from None
    except IsADirectoryError:
        raise ReadError("R002") from None
    except OSError as exc:
        raise ReadError("R009", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("R002")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("R003")
        if info.st_size > limits.max_bytes:  # refused before it is read into memory
            raise too_large(info.st_size, limits)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limits.max_bytes:  # the file grew while it was read
                raise too_large(total, limits)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError("R009", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def too_large(size: int, limits: Limits) -> ReadError:
    return ReadError("R004", size_mb=size // (1024 * 1024), limit_mb=limits.max_bytes // (1024 * 1024))


def iter_files(paths: Iterable[Union[str, Path]], unsupported: bool = False
               ) -> Iterator[tuple[Path, Optional[ReadError]]]:
    """(file, None) for files as given and notice files inside folders (sorted, recursive); (path, error)
    for what was found but will not be read, so the caller can say why: a link inside a folder that
    leads out of it (R022), a subfolder that cannot be listed (R024), and, with `unsupported`, a file
    of a type the readers do not take (R025). A link loop is a file like any other (its read fails)."""
    for p in map(Path, paths):
        if not p.is_dir():
            yield p, None
            continue
        root = Path(os.path.realpath(p))
        found: list[tuple[Path, Optional[ReadError]]] = []

        def unreadable(exc: OSError) -> None:
            found.append((Path(exc.filename or p), ReadError("R024", reason=exc.strerror or type(exc).__name__)))

        for folder, dirs, names in os.walk(p, onerror=unreadable, followlinks=False):
            dirs.sort()
            for name in names:
                suffix = Path(name).suffix.lower()
                if suffix in SUFFIXES:
                    found.append((Path(folder) / name, None))
                elif unsupported:
                    found.append((Path(folder) / name, ReadError("R025", suffix=suffix or "no suffix",
                                                                 types=READ_TYPES)))
        for f, error in sorted(found, key=lambda item: item[0]):
            if error is None and f.is_symlink():
                target = Path(os.path.realpath(f))  # never raises, even on a loop
                if not target.is_relative_to(root):
                    error = ReadError("R022", target=display_name(str(target)))
            yield f, error


def path_key(path: Union[str, Path]) -> str:
    """The key a file is stored under: its real path, exact. A path whose bytes are not UTF-8 (a GBK
    name from a Windows archive) cannot be stored as text, so it is kept as `fs:` + its bytes
    percent-encoded: any name round-trips (`key_path`)."""
    full = os.path.realpath(os.fspath(path))
    try:
        full.encode("utf-8")
        return full
    except UnicodeEncodeError:
        return "fs:" + quote(_raw(full), safe="/")


def key_path(key: str) -> Optional[str]:
    """The path a `path_key` came from (None for an upload's key)."""
    if key.startswith("fs:"):
        return os.fsdecode(unquote_to_bytes(key[3:]))
    return key if key.startswith(os.sep) else None


def display_name(name: str) -> str:
    """A file name (or path) as people read it and as SQLite and terminals take it: UTF-8 as it is; a part
    of the path whose bytes are not UTF-8 (a GBK name from a Windows archive) decoded as GB18030, as the
    machine that wrote it showed it, else written byte by byte as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    parts = []
    for raw in _raw(name).split(b"/"):
        for encoding in ("utf-8", "gb18030"):
            try:
                parts.append(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            parts.append(raw.decode("utf-8", "backslashreplace"))
    return "/".join(parts)


def _raw(name: str) -> bytes:
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return name.encode("utf-8", "surrogatepass")
