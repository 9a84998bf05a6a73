"""Files from disk, safely: regular files only, bounded reads, folders walked without leaving them.

A device (`/dev/zero`) would be read forever and a FIFO would block on open; a link inside a folder
may point anywhere (`/etc/passwd`). So a file is opened without blocking, checked on its open
descriptor (no race between the check and the read), and read no further than the size limit.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, Iterator, Union

from ..config import Limits
from ..errors import ReadError

SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans, read by OCR


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


def iter_files(paths: Iterable[Union[str, Path]]) -> Iterator[tuple[Path, ReadError | None]]:
    """(file, None) for files as given and notice files inside folders (sorted, recursive); (file, error)
    for a link inside a folder that leads out of it, so the caller can say why it was skipped."""
    for p in map(Path, paths):
        if not p.is_dir():
            yield p, None
            continue
        root = p.resolve()
        found = []
        for folder, dirs, names in os.walk(p, followlinks=False):
            dirs.sort()
            for name in names:
                if Path(name).suffix.lower() in SUFFIXES:
                    found.append(Path(folder) / name)
        for f in sorted(found):
            if f.is_symlink():
                target = f.resolve()
                if not target.is_relative_to(root):
                    yield f, ReadError("R022", target=str(target))
                    continue
            yield f, None
