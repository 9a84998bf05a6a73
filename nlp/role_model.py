"""The role classifier: a logistic regression over `role_features`, fitted on the labelled notices in
`nlp/data/roles/` (invented notices in every layout, each item's role marked — see that folder's
README). The rules' guess is one of its features, so where they hold it follows them, and where wording
and place say otherwise (a self-description part in problem-like words, an inline problem list, a
problem group of four-level numbering) it learns to overrule them.

Fitting takes about a second and is done once per process, on first use; `benchmarks/roles.py` reports
its accuracy on notices held out of the fit.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .markup import parse
from .normalize import normalize_text
from .outline import Node
from .role_features import node_features
from .role_rules import rule_roles
from .trailer import content_end
from .tree import build

DATA = Path(__file__).parent / "data" / "roles"
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
    def __init__(self, c: float = C):
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = DictVectorizer()
        self.model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")

    def fit(self, data: list[Example]) -> "RoleModel":
        x = self.vectorizer.fit_transform([e.features for e in data])
        self.model.fit(x, [e.role for e in data])
        return self

    def probabilities(self, feature_dicts: list[dict]):
        """Rows of role probabilities, columns in `self.classes`."""
        return self.model.predict_proba(self.vectorizer.transform(feature_dicts))

    @property
    def classes(self) -> list[str]:
        return list(self.model.classes_)


@lru_cache(maxsize=1)
def trained(folder: Optional[str] = None) -> RoleModel:
    """The model fitted on every labelled notice (once per process)."""
    return RoleModel().fit(examples(labelled_files(Path(folder) if folder else DATA)))
