"""The vector index: exact while small, HNSW past the switch, the same answers through the facade."""
from __future__ import annotations

import numpy as np

from zhenggai.api import Settings, ingest, open_library
from zhenggai.config import VectorSettings
from zhenggai.index import dense
from zhenggai.index.dense import Manifest, VectorIndex

from helpers import SAMPLES


def unit(n, dim=8, seed=0):
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_flat_index_finds_the_vector_itself_and_honours_the_allowed_ids(tmp_path):
    index = VectorIndex(tmp_path, Manifest("m", 8))
    vectors = unit(50)
    index.add(list(range(100, 150)), vectors)
    assert index.search(vectors[7], 1)[0][0] == 107
    assert {i for i, _ in index.search(vectors[7], 5, allowed=[120, 121])} == {120, 121}
    assert index.remove([107]) and index.search(vectors[7], 1)[0][0] != 107


def test_save_and_open_round_trip_and_refuse_another_model(tmp_path):
    index = VectorIndex(tmp_path, Manifest("m", 8))
    index.add([1, 2], unit(2))
    index.save()
    assert VectorIndex.open(tmp_path, "m", 8).manifest.count == 2
    try:
        VectorIndex.open(tmp_path, "other", 8)
    except dense.IndexMismatch as exc:
        assert "other" in str(exc)
    else:
        raise AssertionError("a second model was accepted")


def test_library_switches_to_hnsw_past_the_limit(tmp_path):
    with open_library(tmp_path / "lib", Settings(vectors=VectorSettings(flat_limit=20))) as lib:
        ingest(lib, [SAMPLES])
        assert lib.backend.index.manifest.index_type == "hnsw"
        hit = lib.search("政府采购程序不规范", mode="dense", top=1)[0]
        assert hit.finding_title == "政府采购程序不规范"
        notice = lib.notices()[0]["id"]
        assert lib.remove(notice)  # HNSW cannot remove: the index is rebuilt without that notice
        assert all(h.notice_id != notice for h in lib.search("整改", mode="dense", top=20))
