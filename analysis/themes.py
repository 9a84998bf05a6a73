"""Themes of findings: one code of the taxonomy in `data/themes.json` per finding, with a confidence and,
where close, a second theme.

A scikit-learn classifier learns from zhenggai's own labelled problem sentences (`data/themes_train.tsv`,
written after the definitions and decision rules of the taxonomy). Two views of a text are combined:
TF-IDF over its jieba words (what it names: 担保, 支部, 津贴) and its e5 embedding (what it means,
whatever the words); each feeds a logistic regression and their probabilities are averaged. Two
decision rules the examples cannot teach are applied as data: a heading saying an earlier round or audit
was not rectified is `rectification`, and an audit report's findings are finance, risk or decisions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..config import Settings
from ..index.embed import Embedder
from ..index.records import passage, problem_passage
from ..index.text import segment
from ..nlp.records import Extraction, Finding

DATA = Path(__file__).with_name("data")
TEXT_WEIGHT = 0.5          # share of the TF-IDF model in the averaged probabilities
SECONDARY_SHARE = 0.45     # a second theme is given when its probability is this share of the first's


@dataclass(frozen=True)
class ThemeLabel:
    theme: str
    secondary: Optional[str]
    confidence: float


def taxonomy() -> dict:
    return json.loads((DATA / "themes.json").read_text(encoding="utf-8"))


def theme_labels() -> dict[str, str]:
    return {t["code"]: t["name"] for t in taxonomy()["themes"]}


def training_set() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in (DATA / "themes_train.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            labels.append(label.strip())
            texts.append(text.strip())
    return texts, labels


def finding_text(finding: Finding) -> str:
    """What a finding is classified on: its problem, and what was done where the problem is only a heading."""
    measures = [m.text for m in finding.measures] if len(finding.text) < 60 else []
    return problem_passage(finding.title, finding.text, measures, limit=300)


class ThemeClassifier:
    """Fitted on first use from the shipped examples (a second or two), then kept for the process."""

    def __init__(self, embedder: Embedder, settings: Settings = Settings(), text_weight: float = TEXT_WEIGHT):
        self.embedder, self.settings, self.text_weight = embedder, settings, text_weight  # 1.0: TF-IDF alone
        spec = taxonomy()
        self.codes = [t["code"] for t in spec["themes"]]
        rules = spec["rules"]
        self._rectification = re.compile(rules["rectification_heading"])
        self._audit_themes, self._audit_default = rules["audit_themes"], rules["audit_default"]

    @cached_property
    def _models(self):
        """Fitted from the examples, or loaded from the cache where this model fitted them before."""
        import hashlib
        import pickle

        from ..index.embed import cache_dir

        texts, labels = training_set()
        digest = hashlib.sha256("\n".join(f"{l}\t{t}" for l, t in zip(labels, texts)).encode()).hexdigest()[:16]
        name = re.sub(r"[^\w.-]", "_", f"{self.embedder.name}-{self.embedder.revision}")[-60:]
        path = cache_dir(self.settings) / "themes" / f"{name}-{digest}.pkl"
        if path.exists():
            try:
                return pickle.loads(path.read_bytes())
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                pass  # a cache from another scikit-learn: fitted again below
        models = fit(texts, labels, self.embedder)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(models))
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the fit next time
        return models

    def classify(self, texts: Sequence[str], vectors: Optional[np.ndarray] = None, headings: Sequence[str] = (),
                 kind: Optional[str] = None) -> list[ThemeLabel]:
        """Labels for problem texts; `vectors` are their passage embeddings where already encoded."""
        if not texts:
            return []
        probs = predict(self._models, texts, self.embedder, self.codes, vectors, self.text_weight)
        labels = []
        for i, p in enumerate(probs):
            order = np.argsort(-p)
            first, second = self.codes[order[0]], self.codes[order[1]]
            confidence = float(p[order[0]])
            secondary = second if p[order[1]] >= SECONDARY_SHARE * p[order[0]] else None
            heading = headings[i] if i < len(headings) else texts[i]
            if self._rectification.search(heading) and first != "rectification":
                first, secondary = "rectification", first  # an earlier round not rectified (rule 1)
            elif kind == "审计" and first not in self._audit_themes:
                first, secondary = self._audit_default, first  # audit reports (rule 2)
            labels.append(ThemeLabel(first, secondary if secondary != first else None, round(confidence, 3)))
        return labels

    def label(self, extraction: Extraction, vectors: Optional[np.ndarray] = None) -> Extraction:
        """Set theme, secondary and confidence on every finding of an extraction. `vectors` are the
        findings' stored passage vectors, when ingest has them (so nothing is encoded twice)."""
        findings = extraction.findings
        if vectors is None and findings:
            vectors = self.embedder.encode_passages([passage("finding", f.title, f.text) for f in findings])
        found = self.classify([finding_text(f) for f in findings], vectors,
                              [f.title + "。" + f.text[:80] for f in findings], extraction.notice.kind)
        for finding, label in zip(extraction.findings, found):
            finding.theme, finding.secondary, finding.confidence = label.theme, label.secondary, label.confidence
        return extraction


def fit(texts: Sequence[str], labels: Sequence[str], embedder: Embedder, vectors: Optional[np.ndarray] = None):
    """The two views' models; `vectors` are the texts' passage embeddings where already encoded."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(tokenizer=segment, token_pattern=None, lowercase=False, sublinear_tf=True,
                            ngram_range=(1, 2), min_df=1)
    x_words = words.fit_transform(texts)
    by_words = LogisticRegression(C=10.0, max_iter=3000).fit(x_words, labels)
    if vectors is None:
        vectors = embedder.encode_passages(list(texts))
    by_meaning = LogisticRegression(C=5.0, max_iter=3000).fit(vectors, labels)
    return words, by_words, by_meaning


def predict(models, texts: Sequence[str], embedder: Embedder, codes: Sequence[str],
            vectors: Optional[np.ndarray] = None, text_weight: float = TEXT_WEIGHT) -> np.ndarray:
    words, by_words, by_meaning = models
    if vectors is None:
        vectors = embedder.encode_passages(list(texts))
    p_words = _columns(by_words, by_words.predict_proba(words.transform(texts)), codes)
    p_meaning = _columns(by_meaning, by_meaning.predict_proba(vectors), codes)
    return text_weight * p_words + (1 - text_weight) * p_meaning


def _columns(model, probs: np.ndarray, codes: Sequence[str]) -> np.ndarray:
    out = np.zeros((probs.shape[0], len(codes)))
    for j, cls in enumerate(model.classes_):
        out[:, codes.index(cls)] = probs[:, j]
    return out


_classifiers: dict[tuple[str, str], ThemeClassifier] = {}


def classifier_for(embedder: Embedder) -> ThemeClassifier:
    """One fitted classifier per model and engine in a process (fitting encodes the examples)."""
    key = (embedder.name, embedder.engine)
    if key not in _classifiers:
        _classifiers[key] = ThemeClassifier(embedder)
    return _classifiers[key]
