"""Fixtures over the real notices (skipped where ../shared is absent)."""
from __future__ import annotations

import pytest

from helpers import shared_path


@pytest.fixture(scope="session")
def jinan_text() -> str:
    from zhenggai.corpus.readers import read_notice

    return read_notice(shared_path("corpus", "jinan-sasac-2023-xuncha.txt")).text


@pytest.fixture(scope="session")
def nankai_text() -> str:
    from zhenggai.corpus.readers import read_notice

    return read_notice(shared_path("corpus", "nankai-2022-xunshi.txt")).text


def _samples_library(tmp_path_factory, backend: str):
    from zhenggai.api import Settings, ingest, open_library

    from helpers import SAMPLES

    folder = tmp_path_factory.mktemp(f"samples-{backend}")
    with open_library(folder, Settings(), backend=backend) as lib:
        results = ingest(lib, [SAMPLES])
    assert all(r.status == "added" for r in results), results
    return open_library(folder, Settings())


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory):
    """A library of the bundled samples on the default backend, built once (encoding is the slow part)."""
    lib = _samples_library(tmp_path_factory, "local")
    yield lib
    lib.close()


@pytest.fixture(scope="session", params=["local", "milvus"])
def backend_library(request, tmp_path_factory):
    """The same library on each search backend: SQLite + FTS5 + faiss, and Milvus (milvus-lite)."""
    lib = _samples_library(tmp_path_factory, request.param)
    yield lib
    lib.close()
