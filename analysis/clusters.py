"""Common problems across units: findings of different issuers grouped by the problem they describe,
each group labelled by its most central problem statement, its distinctive words kept as a subtitle.

Agglomerative clustering (scikit-learn, average linkage over cosine distance) of the findings' problem
vectors, cut at a distance rather than a count, so only findings that really read alike are grouped;
a group counts when it spans at least two issuers. Its label is the problem of the member nearest the
group's centroid (the statement the others read most like, as a person would name the group); its
keywords are the few words whose TF-IDF weight in the group stands furthest above their weight across
all findings.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..index.library import Library
from ..index.text import words as precise_words
from ..nlp.lexicon import STOP_WORDS
from ..nlp.problem import problem_of

MAX_FINDINGS = 3000    # the newest findings clustered at once (the distance matrix grows with the square)


@dataclass
class ProblemGroup:
    label: str                                            # the most central member's problem statement
    findings: list[dict] = field(default_factory=list)   # id, title, notice_id, notice_title, issuer, year
    issuers: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    keywords: str = ""                                    # its distinctive words, 交通、停车 …


def common_problems(lib: Library, min_issuers: int = 2, max_distance: Optional[float] = None,
                    limit: Optional[int] = None) -> list[ProblemGroup]:
    """Groups of findings of two or more issuers; the distance within a group is the model's
    (calibration `clusters.distance`, e5: 0.085); a model without one forms no groups."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    max_distance = max_distance if max_distance is not None else lib.calibration.cluster_distance
    findings = lib.findings()[:MAX_FINDINGS]  # newest first
    if len(findings) < 2 or max_distance is None:
        return []
    ids = [f["id"] for f in findings]
    vectors = lib.problem_vectors(ids)
    matrix = np.vstack([vectors[i] for i in ids])
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=max_distance).fit_predict(matrix)
    texts = lib.problem_texts(ids)
    tfidf = TfidfVectorizer(tokenizer=_label_words, token_pattern=None, lowercase=False, sublinear_tf=True)
    weights = tfidf.fit_transform([texts[i] for i in ids])
    vocabulary = np.array(tfidf.get_feature_names_out())
    overall = np.asarray(weights.mean(axis=0)).ravel()
    groups = []
    for label in set(labels):
        members = [k for k, l in enumerate(labels) if l == label]
        issuers = {findings[k]["issuer_key"] or findings[k]["issuer"] for k in members} - {None}
        if len(issuers) < min_issuers:
            continue
        lift = np.asarray(weights[members].mean(axis=0)).ravel() - overall
        centre = matrix[members].mean(axis=0)
        central = members[int(np.argmax(matrix[members] @ centre))]  # vectors are normalised: cosine order
        group = ProblemGroup(label=problem_of(findings[central]["title"] or texts[ids[central]]),
                             keywords="、".join(_label(vocabulary[np.argsort(-lift)[:12]])))
        for k in members:
            f = findings[k]
            group.findings.append({"id": f["id"], "title": f["title"], "notice_id": f["notice_id"],
                                   "notice_title": f["notice_title"], "issuer": f["issuer"], "year": f["year"]})
        group.issuers = [name for name, _ in Counter(f["issuer"] or "" for f in group.findings).most_common()]
        group.years = sorted({f["year"] for f in group.findings if f["year"]})
        groups.append(group)
    groups.sort(key=lambda g: (-len(g.issuers), -len(g.findings)))
    return groups[:limit] if limit else groups


def _label_words(text: str) -> list[str]:
    return [w for w in precise_words(text) if len(w) > 1 and w not in STOP_WORDS]


def _label(ranked, size: int = 3) -> list[str]:
    """The first words of `ranked` that are not numbers and not parts of one another (财政局, not 政局)."""
    chosen: list[str] = []
    for word in ranked:
        if any(ch.isdigit() for ch in word) or any(word in c or c in word for c in chosen):
            continue
        chosen.append(word)
        if len(chosen) == size:
            break
    return chosen
