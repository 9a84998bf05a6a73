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


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory):
    """A library of the bundled samples, built once (encoding is the slow part)."""
    from zhenggai.api import ingest, open_library

    from helpers import SAMPLES

    folder = tmp_path_factory.mktemp("samples-lib")
    with open_library(folder) as lib:
        results = ingest(lib, [SAMPLES])
    assert all(r.status == "added" for r in results), results
    lib = open_library(folder)
    yield lib
    lib.close()
