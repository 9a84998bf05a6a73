"""Fitting and judging the relevance scorer on labelled pairs (calibrate.py's arithmetic).

A pair is one (query, result finding) as a search in some mode returned it: its features, its rank, and
1 when the finding answers the query. What counts is the search as a user meets it — hybrid results
above the floor — so models and floors are judged per query: is an answer among the first five shown
(hit@5, reciprocal rank), and is an absent-topic or everyday question answered with nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhenggai.index.relevance import FEATURES, RelevanceModel, expand

# Model families tried, by grouped cross-validation on the development queries: plain logistic regression,
# and logistic regression over the features and their pairwise products, at a few strengths.
CANDIDATES = ((1, 1.0), (2, 0.003), (2, 0.01), (2, 0.03))
BAR = 0.95   # hit@5 the chosen model must keep under cross-validation


@dataclass
class Pairs:
    X: np.ndarray
    y: np.ndarray
    query: np.ndarray
    kind: np.ndarray
    group: np.ndarray
    held: np.ndarray
    hybrid: np.ndarray
    rank: np.ndarray

    @classmethod
    def of(cls, pairs: list[dict], groups: dict[str, str]) -> "Pairs":
        return cls(np.array([p["x"] for p in pairs], dtype=np.float64), np.array([p["y"] for p in pairs]),
                   np.array([p["q"] for p in pairs]), np.array([p["kind"] for p in pairs]),
                   np.array([groups[p["q"]] for p in pairs]), np.array([p["held"] for p in pairs]),
                   np.array([p["mode"] == "hybrid" for p in pairs]), np.array([p["rank"] for p in pairs]))

    def queries(self, mask: np.ndarray) -> dict[str, tuple[str, np.ndarray]]:
        """Each query in `mask`: its kind and its hybrid pairs in rank order."""
        out: dict[str, list[int]] = {}
        for i in np.where(mask)[0]:
            out.setdefault(self.query[i], [])
            if self.hybrid[i]:
                out[self.query[i]].append(i)
        return {q: (self.kind[self._first(q, mask)], np.array(sorted(ii, key=lambda i: self.rank[i]), dtype=int))
                for q, ii in out.items()}

    def _first(self, q: str, mask: np.ndarray) -> int:
        return int(np.where(mask & (self.query == q))[0][0])


def fit(X: np.ndarray, y: np.ndarray, degree: int = 1, C: float = 1.0, columns=None) -> RelevanceModel:
    """Logistic regression over standardised features (and their products); `columns` keeps only some
    features (the others get no weight), for baselines."""
    from sklearn.linear_model import LogisticRegression

    columns = list(range(X.shape[1])) if columns is None else list(columns)
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
    keep = np.zeros(X.shape[1], dtype=bool)
    keep[columns] = True
    Z = np.where(keep, (X - mean) / scale, 0.0)
    T = expand(Z, degree)
    mean2 = scale2 = None
    if degree > 1:
        mean2, scale2 = T.mean(axis=0), T.std(axis=0) + 1e-9
        T = (T - mean2) / scale2
    model = LogisticRegression(C=C, max_iter=5000).fit(T, y)
    coef = model.coef_[0]
    if degree == 1:
        coef = np.where(keep, coef, 0.0)
    return RelevanceModel(FEATURES, tuple(np.round(mean, 6)), tuple(np.round(scale, 6)), tuple(np.round(coef, 6)),
                          round(float(model.intercept_[0]), 6), degree,
                          tuple(np.round(mean2, 6)) if mean2 is not None else (),
                          tuple(np.round(scale2, 6)) if scale2 is not None else ())


def user_view(relevance: np.ndarray, queries: dict, y: np.ndarray, floor: int) -> dict:
    """hit@5 and MRR of paraphrases, and the share of absent-topic and everyday questions answered with
    nothing, when results under `floor` are not shown."""
    out: dict[str, list[float]] = {"hit@5": [], "mrr": [], "absent": [], "offtopic": []}
    for kind, idx in queries.values():
        shown = idx[relevance[idx] >= floor] if len(idx) else idx
        if kind == "ontopic":
            answers = np.where(y[shown] == 1)[0]
            rank = int(answers[0]) + 1 if len(answers) else None
            out["hit@5"].append(bool(rank and rank <= 5))
            out["mrr"].append(1 / rank if rank else 0.0)
        else:
            out[kind].append(len(shown) == 0)
    return {k: float(np.mean(v)) if v else float("nan") for k, v in out.items()}


def choose_floor(relevance: np.ndarray, queries: dict, y: np.ndarray, keep: float) -> int:
    """The floor that silences the most absent-topic and everyday questions while hybrid hit@5 stays at
    least `keep`."""
    best = (-1.0, 0)
    for floor in range(1, 96):
        m = user_view(relevance, queries, y, floor)
        if m["hit@5"] < keep:
            break
        best = max(best, (m["absent"] + m["offtopic"], floor))
    return best[1]


def relevances(model: RelevanceModel, X: np.ndarray) -> np.ndarray:
    return np.round(100 * model.probabilities(X)).astype(int)


def select(P: Pairs, keep: float, folds: int = 5) -> tuple[tuple[int, float], list[tuple]]:
    """The model family, chosen by grouped cross-validation on the development queries (each fold's
    floor chosen on its training part): the one that silences most while keeping hit@5 ≥ BAR."""
    from sklearn.model_selection import GroupKFold

    dev = ~P.held
    groups = np.unique(P.group[dev])
    table = []
    for degree, C in CANDIDATES:
        scores = []
        for train_groups, _ in GroupKFold(folds).split(groups, groups=groups):
            train = dev & np.isin(P.group, groups[train_groups])
            test = dev & ~train
            model = fit(P.X[train], P.y[train], degree, C)
            rel = relevances(model, P.X)
            floor = choose_floor(rel, P.queries(train), P.y, keep)
            scores.append(user_view(rel, P.queries(test), P.y, floor))
        mean = {k: float(np.nanmean([s[k] for s in scores])) for k in scores[0]}
        table.append(((degree, C), mean))
    passing = [row for row in table if row[1]["hit@5"] >= BAR] or sorted(table, key=lambda r: -r[1]["hit@5"])[:1]
    best = max(passing, key=lambda r: (r[1]["absent"] + r[1]["offtopic"], -r[0][0]))
    return best[0], table


def pair_accuracy(model: RelevanceModel, X: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    p = model.probabilities(X)
    strong = p >= 0.70
    return {"pairs": len(y), "positives": int(y.sum()), "accuracy": float(((p >= 0.5) == y).mean()),
            "auc": float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan"),
            "precision_strong": float(y[strong].mean()) if strong.any() else float("nan"), "strong": int(strong.sum())}


def boosting_accuracy(P: Pairs) -> float:
    """Held-out pair accuracy of gradient boosting over the same features: a baseline, not shipped."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=0)
    model.fit(P.X[~P.held], P.y[~P.held])
    return float((model.predict(P.X[P.held]) == P.y[P.held]).mean())
