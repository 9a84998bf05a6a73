"""The role classifier: a logistic regression over `role_features`, fitted on the labelled notices in
`nlp/data/roles/` (invented notices in every layout, each item's role marked — see that folder's
README). The rules' guess is one of its features, so where they hold it follows them, and where wording
and place say otherwise (a self-description part in problem-like words, an inline problem list, a
problem group of four-level numbering) it learns to overrule them.

The fitted weights are kept as a data file (`nlp/data/roles_model.npz`, with a hash of the labelled set
it was fitted on), written by `python benchmarks/roles.py --save`, which also reports accuracy on
notices held out of the fit. Using the model is a sparse product (numpy, scipy): no fitting, no
scikit-learn at run time.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from .markup import parse
from .normalize import normalize_text
from .outline import Node
from .role_features import node_features
from .role_rules import rule_roles
from .trailer import content_end
from .tree import build

DATA = Path(__file__).parent / "data" / "roles"
MODEL = Path(__file__).parent / "data" / "roles_model.npz"
PRUNE = 1e-3   # weights this small are left out of the saved model
# The classifier's C: chosen by grouped cross-validation (benchmarks/roles.py --grid).
C = 2.0


@dataclass
class Example:
    features: dict
    role: str
    group: str      # the notice it comes from (folds never split a notice)
    layout: str


def labelled_files(folder: Path = DATA) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def examples(paths: Iterable[Path]) -> list[Example]:
    """One example per tagged node of each labelled notice."""
    out: list[Example] = []
    for path in paths:
        marked = parse(path.read_text(encoding="utf-8"))
        text = prepared(normalize_text(marked.text))
        root = build(text, marked.blocks)
        rules = rule_roles(text, root)
        at = {}
        for node, feats in node_features(text, root, rules):
            at.setdefault(node.start, (node, feats))
        for offset, role in marked.roles.items():
            if offset in at:
                node, feats = at[offset]
                out.append(Example(feats, canonical(node, role), path.stem, marked.meta.get("layout", "")))
    return out


def prepared(text: str) -> str:
    """The text as the outline sees it (signature and trailing lines blanked), so training and use agree."""
    return text[:content_end(text)].ljust(len(text))


def canonical(node: Node, role: str) -> str:
    """One name for one decision: a part or area heading that is itself a finding (it holds no items)
    is an area to the classifier, as its sibling areas are; the assembly makes it the finding."""
    if role == "finding" and node.kind in ("L1", "L2", "G"):
        return "area"
    return role


class RoleModel:
    """Fitting (scikit-learn, in the retraining script) and the saved weights (numpy, at run time)."""

    def __init__(self, c: float = C):
        self.c = c
        self.classes: list[str] = []
        self.index: dict[str, int] = {}
        self.weights = np.zeros((0, 0), dtype=np.float32)   # features × classes
        self.bias = np.zeros(0, dtype=np.float32)
        self.data_hash = ""

    def fit(self, data: list[Example]) -> "RoleModel":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = DictVectorizer()
        model = LogisticRegression(C=self.c, max_iter=3000, class_weight="balanced")
        model.fit(vectorizer.fit_transform([e.features for e in data]), [e.role for e in data])
        self.classes = [str(c) for c in model.classes_]
        self.index = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        self.weights = model.coef_.T.astype(np.float32)
        self.bias = model.intercept_.astype(np.float32)
        return self

    def probabilities(self, feature_dicts: list[dict]) -> np.ndarray:
        """Rows of role probabilities, columns in `self.classes` (softmax of the linear scores)."""
        from scipy.sparse import csr_matrix

        rows, columns, values = [], [], []
        index = self.index
        for row, feats in enumerate(feature_dicts):
            for name, value in feats.items():
                column = index.get(name)
                if column is not None and value:
                    rows.append(row)
                    columns.append(column)
                    values.append(value)
        x = csr_matrix((values, (rows, columns)), shape=(len(feature_dicts), len(self.weights)), dtype=np.float32)
        scores = np.asarray(x @ self.weights) + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path = MODEL, data_hash: str = "") -> None:
        keep = np.abs(self.weights).max(axis=1) > PRUNE
        names = sorted((n for n, i in self.index.items() if keep[i]), key=self.index.get)
        np.savez_compressed(path, classes=np.array(self.classes), features=np.array(names),
                            weights=self.weights[[self.index[n] for n in names]].astype(np.float16),
                            bias=self.bias, data_hash=np.array(data_hash))

    @classmethod
    def load(cls, path: Path = MODEL) -> "RoleModel":
        with np.load(path, allow_pickle=False) as saved:
            model = cls()
            model.classes = [str(c) for c in saved["classes"]]
            model.index = {str(n): i for i, n in enumerate(saved["features"])}
            model.weights = saved["weights"].astype(np.float32)
            model.bias = saved["bias"].astype(np.float32)
            model.data_hash = str(saved["data_hash"])
        return model


def data_hash(paths: Iterable[Path]) -> str:
    """What the saved model was fitted on: the labelled files' names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def trained() -> RoleModel:
    """The saved model (loaded once per process)."""
    return RoleModel.load()
