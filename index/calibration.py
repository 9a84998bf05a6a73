"""Calibration belongs to a model: every number that turns one embedding model's scores into something a
person reads (relevance, its floor, the similarity scale, the recurrence thresholds, the cluster distance).

`benchmarks/calibrate.py` measures them for a model and writes `data/calibration/<model>.json`; a library
keeps the calibration of the model it was built with in its meta (`calibration`), written when the
library records its model and replaced by `reindex --model`. A calibration written into one library
(`calibrate.py --library`, e.g. for a model zhenggai ships none for) is that library's own; one copied
from the shipped file gives way to the shipped file of a later zhenggai (a refitted model, new features).
A model without one is not guessed at:
results are ranked only (no relevance, no floor), `similar` ranks without a similarity, recurring
links and common-problem groups are not drawn, and `zhenggai info` and the search say so.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .relevance import RelevanceModel, Vocabulary

FOLDER = Path(__file__).parent / "data" / "calibration"
STRONG = 70   # 强: a hit a person would agree with (calibrated so on held-out pairs; benchmarks/calibrate.py)
MEDIUM = 50


@dataclass(frozen=True)
class Calibration:
    model: str
    relevance: Optional[RelevanceModel] = None
    floor: Optional[int] = None            # relevance under which a result is not shown by default
    vocabulary: Optional[Vocabulary] = None
    avg_chars: float = 120.0               # mean characters of a result's text, for BM25's length norm
    similar_center: Optional[float] = None  # similarity 50 at this cosine of two problem passages …
    similar_slope: Optional[float] = None   # … and this steep
    recurring_cosine: Optional[float] = None  # a recurring link needs this e5 cosine …
    recurring_words: Optional[float] = None   # … and this cosine of words …
    recurring_aspect: Optional[float] = None  # … and two objects named apart this cosine (analysis.problem_match)
    cluster_distance: Optional[float] = None  # common problems: cosine distance within a group
    measured: dict[str, Any] = field(default_factory=dict)  # what calibrate.py measured, for the record
    origin: str = "shipped"                 # shipped (data/calibration) | library (written into one library)

    @property
    def calibrated(self) -> bool:
        return self.relevance is not None

    def similarity(self, cosine: float) -> Optional[int]:
        """Two findings' problems alike, 0–100 (e5 cosines of unrelated problems sit near 0.8, so a raw
        cosine means little to a reader); None for a model without this calibration."""
        if self.similar_center is None or self.similar_slope is None:
            return None
        z = self.similar_slope * (cosine - self.similar_center)
        return round(100 / (1 + math.exp(-max(min(z, 50.0), -50.0))))

    def to_json(self) -> str:
        data = {"model": self.model, "relevance": self.relevance.to_dict() if self.relevance else None,
                "floor": self.floor, "avg_chars": self.avg_chars,
                "vocabulary": ({"records": self.vocabulary.records, "prior": self.vocabulary.prior,
                                "share": dict(sorted(self.vocabulary.share.items()))} if self.vocabulary else None),
                "similar": {"center": self.similar_center, "slope": self.similar_slope},
                "recurring": {"cosine": self.recurring_cosine, "words": self.recurring_words,
                              "aspect": self.recurring_aspect},
                "clusters": {"distance": self.cluster_distance}, "origin": self.origin, "measured": self.measured}
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Calibration":
        d = json.loads(text)
        vocab = d.get("vocabulary")
        return cls(model=d["model"],
                   relevance=RelevanceModel.from_dict(d["relevance"]) if d.get("relevance") else None,
                   floor=d.get("floor"), avg_chars=float(d.get("avg_chars") or 120.0),
                   vocabulary=(Vocabulary(vocab["share"], int(vocab["records"]), float(vocab["prior"]))
                               if vocab else None),
                   similar_center=(d.get("similar") or {}).get("center"),
                   similar_slope=(d.get("similar") or {}).get("slope"),
                   recurring_cosine=(d.get("recurring") or {}).get("cosine"),
                   recurring_words=(d.get("recurring") or {}).get("words"),
                   recurring_aspect=(d.get("recurring") or {}).get("aspect"),
                   cluster_distance=(d.get("clusters") or {}).get("distance"),
                   measured=d.get("measured") or {}, origin=d.get("origin") or "shipped")


def uncalibrated(model: str) -> Calibration:
    return Calibration(model=model)


def file_for(model: str) -> Path:
    """Where the shipped calibration of a model lives (its recorded name, made a file name)."""
    return FOLDER / (re.sub(r"[^A-Za-z0-9._-]+", "_", model).strip("_") + ".json")


def shipped(model: str) -> Optional[Calibration]:
    """The calibration shipped for `model`, if any (a damaged or outdated file counts as none)."""
    path = file_for(model)
    if not path.is_file():
        return None
    try:
        calibration = Calibration.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError):
        return None
    return calibration if calibration.model == model else None


def read(text: Optional[str], model: str) -> Calibration:
    """A library's calibration: its own (written into it), else the shipped one for its model, else the
    copy it stored (a model this zhenggai ships none for), else none."""
    stored = None
    if text:
        try:
            stored = Calibration.from_json(text)
        except (ValueError, KeyError, TypeError):
            stored = None
        if stored is not None and stored.model != model:
            stored = None
    if stored is not None and stored.origin == "library":
        return stored
    return shipped(model) or stored or uncalibrated(model)
