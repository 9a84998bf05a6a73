"""Search backends chosen by name, as txtai chooses its ANN backend by configuration.

The name is recorded in the library when it is created (`--backend`), so later commands need no flag.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..config import Settings
from ..errors import LibraryError
from .seams import RecordStore, SearchBackend

BACKENDS = ("local", "milvus")


def make_backend(name: str, store: RecordStore, folder: Path, model: str, dim: int, settings: Settings,
                 readonly: bool = False, options: Optional[dict] = None) -> SearchBackend:
    """The backend called `name`; an unknown name is refused (never quietly the local one)."""
    if name not in BACKENDS:
        raise LibraryError("L017", name=name, choices=", ".join(BACKENDS))
    if name == "milvus":
        from .milvus import MilvusBackend

        return MilvusBackend(store, folder, dim, settings, readonly, **(options or {}))
    from .local import LocalBackend

    return LocalBackend(store, folder, model, dim, settings, readonly)
