"""Problems that come back (屡查屡犯): a finding of a later notice linked to the earlier finding of the same
issuer that it repeats, if any.

The same problem comes back in other words (会议费管理不规范 → 以培训名义组织会议，会务开支列支混乱), so a
link needs both signals to agree: the meaning of the two problems with what was done about them (e5
cosine of their problem passages, heading templates removed) and the distinctive words they share
(TF-IDF cosine over jieba words, fitted on the library's findings). Two headings that share their frame
but name different things (干部档案管理不规范 / 干部考核管理不规范) are different problems however alike
they read. Only notices of one issuer (by issuer key) and an earlier date are compared.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional


from ..index.library import Library
from ..index.text import segment
from ..nlp.lexicon import HEADING_FRAME_WORDS, STOP_WORDS
from ..nlp.problem import problem_of

# The two thresholds (e5: cosine of the problem passages ≥ 0.905 and TF-IDF cosine of their words
# ≥ 0.12, measured on the samples) belong to the model: they are read from the library's calibration.


@dataclass(frozen=True)
class Link:
    finding_id: int
    earlier_id: int
    similarity: int      # 0–100, the scale `similar` shows
    cosine: float
    words: float


def _words(text: str) -> list[str]:
    return [w for w in segment(text) if len(w) > 1 and w not in STOP_WORDS]


def different_problems(title_a: str, title_b: str) -> bool:
    """Same frame, different subject: headings that share two or more words and each name something
    the other does not (档案 vs 考核)."""
    a, b = set(_words(problem_of(title_a))), set(_words(problem_of(title_b)))
    shared = a & b
    own_a, own_b = a - shared - HEADING_FRAME_WORDS, b - shared - HEADING_FRAME_WORDS
    return len(shared) >= 2 and bool(own_a) and bool(own_b) and not _overlap(own_a, own_b)


def _overlap(a: set[str], b: set[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def find_links(lib: Library, issuer_keys: Optional[Iterable[str]] = None) -> list[Link]:
    """Links for every issuer with notices of at least two dates (or only those of `issuer_keys`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_cosine, min_words = lib.calibration.recurring_cosine, lib.calibration.recurring_words
    if min_cosine is None or min_words is None:
        return []  # a model without calibrated thresholds draws no links rather than guessed ones
    findings = [f for f in lib.findings() if f["issuer_key"] and f["date"]]
    wanted = set(issuer_keys) if issuer_keys is not None else None
    groups: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        if wanted is None or f["issuer_key"] in wanted:
            groups[f["issuer_key"]].append(f)
    groups = {k: v for k, v in groups.items() if len({f["date"] for f in v}) > 1}
    if not groups:
        return []
    texts = lib.problem_texts([f["id"] for f in lib.findings()])
    vectorizer = TfidfVectorizer(tokenizer=_words, token_pattern=None, lowercase=False, sublinear_tf=True)
    vectorizer.fit(list(texts.values()))
    links = []
    for group in groups.values():
        ids = [f["id"] for f in group]
        vectors = lib.problem_vectors(ids)
        words = vectorizer.transform([texts[i] for i in ids])
        lexical = (words @ words.T).toarray()
        for j, later in enumerate(group):
            best = None
            for i, earlier in enumerate(group):
                if earlier["date"] >= later["date"] or different_problems(earlier["title"], later["title"]):
                    continue
                cos = float(vectors[later["id"]] @ vectors[earlier["id"]])
                if cos >= min_cosine and lexical[j, i] >= min_words and (best is None or cos > best[1]):
                    best = (earlier["id"], cos, float(lexical[j, i]))
            if best:
                links.append(Link(later["id"], best[0], lib.calibration.similarity(best[1]) or 0, round(best[1], 4),
                                  round(best[2], 4)))
    return links


def refresh(lib: Library, issuer_keys: Optional[Iterable[str]] = None) -> list[Link]:
    """Recompute and store the links of these issuers (all when None)."""
    links = find_links(lib, issuer_keys)
    lib.set_links([(l.finding_id, l.earlier_id, l.similarity) for l in links], issuer_keys)
    return links
