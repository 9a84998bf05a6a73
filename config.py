"""Every tunable in one place, passed in rather than read from module globals or the environment.

As rank_bm25 takes `k1` and `b` in its constructor, the library takes a `Settings`: readers get the
`Limits`, the search its fusion and candidate depth, the vector index its flat→HNSW switch. The
environment is read once, by `Settings.from_env()`, when a front end starts — never at import.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a file may cost before it is refused. A rectification notice is kilobytes to a few
    megabytes and a few hundred findings at most; each limit is ten times what a real one needs."""
    max_bytes: int = 64 * MB            # the file as stored
    max_unpacked: int = 256 * MB        # a DOCX's members, uncompressed, together
    max_docx_part: int = 64 * MB        # any one member of a DOCX, uncompressed (each may be parsed in memory)
    max_pages: int = 500                # PDF pages
    max_chars: int = 2_000_000          # characters of text after reading (5 MB of Chinese in UTF-8)
    max_findings: int = 500             # findings in one notice
    max_html_depth: int = 2000          # element nesting the main-text extractor is given
    max_pixels: int = 40_000_000        # one page image: a scan's embedded image or an image file's frame
                                        # (an A4 page at 600 dpi is 35 MP); a PDF page is rendered to fit


@dataclass(frozen=True)
class OcrSettings:
    """How scans are read. The engine options were chosen on benchmarks/ocr.py: detection on a page
    scaled to `det_side` pixels on its longer side (text lines are found as well as at full size, at
    less cost), recognition on crops of the full-resolution page, no direction classifier (notices are
    scanned upright; a slight skew is within what the recogniser reads)."""
    dpi: int = 150                      # a PDF page without text is rendered at this resolution
    det_side: int = 960                 # the longer side of the page the text detector sees
    rec_batch: int = 1                  # text lines recognised together: 1 is fastest (a batch pads every line
                                        # to the widest in it)
    threads: int = 0                    # onnxruntime threads per model; 0: its default (all cores)
    use_cls: bool = False               # the 0°/180° direction classifier
    min_score: float = 0.5              # lines the recogniser is less sure of are dropped as noise
    low_confidence: float = 0.85        # lines under this are marked in the notice view
    min_text_chars: int = 20            # a PDF page whose text layer has fewer characters is OCR'd


@dataclass(frozen=True)
class SearchSettings:
    rrf_k: int = 60                     # reciprocal-rank fusion constant
    candidates: int = 100               # how deep each ranking goes before fusion
    prune_from: int = 20_000            # libraries this large drop query words found in more than …
    common_share: float = 0.05          # … this share of records from the BM25 query
    # Hybrid results are reranked by fused rank + coverage_weight × (share of the query's words in the
    # record) + cosine_weight × cosine; measured on benchmarks/data/queries.paraphrase.json. What relevance,
    # similarity, recurrence and clusters make of a model's scores is that model's calibration
    # (index/calibration.py), not a setting.
    coverage_weight: float = 0.01
    cosine_weight: float = 0.1
    similar_pool: int = 30              # stored-vector neighbours re-compared on their problem texts
    sample: int = 1000                  # records relevance compares a result with (the library's typical record)


@dataclass(frozen=True)
class VectorSettings:
    flat_limit: int = 200_000           # exact IndexFlatIP up to here, HNSW past it
    hnsw_m: int = 32
    hnsw_ef_search: int = 128


@dataclass(frozen=True)
class AccountSettings:
    """Logins to the app: how long an idle session lives, how many wrong passwords lock an account and
    for how long. An idle session ends after `idle_minutes` (ZHENGGAI_IDLE_MINUTES); any session ends
    after `session_hours`, however busy, so a stolen cookie is not good for ever."""
    idle_minutes: float = 30.0
    session_hours: float = 12.0
    max_failures: int = 5               # wrong passwords in a row …
    lock_minutes: float = 15.0          # … lock the account this long (the lock is logged)
    min_password: int = 8
    max_password: int = 1024            # argon2 hashes anything; a megabyte "password" is an attack


@dataclass(frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    search: SearchSettings = field(default_factory=SearchSettings)
    vectors: VectorSettings = field(default_factory=VectorSettings)
    accounts: AccountSettings = field(default_factory=AccountSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    encode_group: int = 1024            # records encoded together across files during ingest
    save_every_s: float = 30.0          # the vector file is saved at least this often during a long ingest
    model: Optional[str] = None         # embedding model name or folder (None: the library's own, else the default)
    engine: str = "onnx"                # onnx (int8, the default model) or torch (sentence-transformers, any model)
    download: bool = False              # may a model hub be asked (ZHENGGAI_DOWNLOAD=1)
    cache: Optional[Path] = None        # where converted models live (ZHENGGAI_CACHE)
    milvus_token: Optional[str] = None  # a Milvus token (ZHENGGAI_MILVUS_TOKEN); never written to the library
    debug: bool = False                 # tracebacks and library warnings (ZHENGGAI_DEBUG=1)
    warm: bool = False                  # the app loads model, indexes and groups in the background on start
                                        # (set by `zhenggai app` for its server: ZHENGGAI_SERVER=1)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """The settings a front end starts with: defaults, the ZHENGGAI_* variables, then `overrides`."""
        env = os.environ
        settings = cls(
            encode_group=int(env.get("ZHENGGAI_ENCODE_GROUP") or 1024),
            model=env.get("ZHENGGAI_MODEL") or None,
            engine=env.get("ZHENGGAI_ENGINE") or "onnx",
            download=env.get("ZHENGGAI_DOWNLOAD") == "1",
            cache=Path(env["ZHENGGAI_CACHE"]) if env.get("ZHENGGAI_CACHE") else None,
            milvus_token=env.get("ZHENGGAI_MILVUS_TOKEN") or None,
            debug=bool(env.get("ZHENGGAI_DEBUG")),
            warm=env.get("ZHENGGAI_SERVER") == "1",
        )
        idle = (env.get("ZHENGGAI_IDLE_MINUTES") or "").strip()
        if idle.replace(".", "", 1).isdigit():  # anything else keeps the default rather than stopping the app
            settings = replace(settings, accounts=replace(settings.accounts, idle_minutes=max(float(idle), 1.0)))
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def default_library_folder() -> Path:
    """$ZHENGGAI_DB, else the user data folder."""
    from platformdirs import user_data_dir

    return Path(os.environ.get("ZHENGGAI_DB") or user_data_dir("zhenggai"))
