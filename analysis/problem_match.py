"""Whether a later finding states the same problem as an earlier one (屡查屡犯), from three signals.

1. Meaning: the e5 cosine of the two problems — heading without its template, then the problem text
   (and the measures where the problem is only a heading) — both encoded as queries, e5's prompt for
   comparing two texts of one kind. Measures are left out otherwise: two problems of one field are
   answered with the same measures (制定办法、开展检查) however different they are.
2. Words: the cosine of their distinctive words (jieba words weighted by an IDF fixed once from the
   shipped problem sentences of `data/themes_train.tsv`, never refitted on the library, so a new
   notice costs the same however large the library has grown).
3. The problem's own object: two headings of one field (低保对象认定不精准 / 低保资金发放不及时, 河道采砂 /
   河道垃圾) that share the field's word but whose other words appear nowhere in each other's problem
   name different things; they are told apart unless what is left of each, read with its text, still
   means the same (账实不符 / 底数不清). A road problem is not a road-quality problem because both mention roads.

The thresholds were chosen on the `dev` half of benchmarks/data/recurring_pairs.tsv; its `test` half
measures them (`python benchmarks/recurring.py`).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional, Sequence

from ..index.records import problem_passage
from ..index.text import segment, words as precise_words
from ..nlp.lexicon import HEADING_DEFECT_WORDS, HEADING_FRAME_WORDS, STOP_WORDS
from ..nlp.problem import problem_of

# The thresholds are the model's (its calibration's `recurring`: for e5, meaning 0.92 — cosine of the two
# problems with the query prompt — words 0.16, aspect 0.92 — two objects named in other words still mean
# the same above it), chosen on the dev half of benchmarks/data/recurring_pairs.tsv.


@dataclass(frozen=True)
class Thresholds:
    meaning: float
    words: float
    aspect: float

_SHORT_PROBLEM = 12  # a problem stated by its heading alone is told by its measures too
_LIMIT = 250


@dataclass(frozen=True)
class Problem:
    title: str
    text: str
    measures: tuple[str, ...] = ()

    @property
    def core(self) -> str:
        return problem_of(self.title)

    @property
    def body(self) -> str:
        text = self.text.strip()
        return text[len(self.title):].strip("。 \n") if self.title and text.startswith(self.title) else text

    def meaning_text(self) -> str:
        """What the meaning signal encodes (see the module's docstring)."""
        body = self.body if self.body != self.core else ""
        parts = [self.core] + ([body] if body else [])
        if len(body) < _SHORT_PROBLEM:
            parts += list(self.measures)
        return "。".join(p.strip("。；; ") for p in parts if p.strip())[:_LIMIT]

    def words(self) -> list[str]:
        """The words signal's words: of the problem and its measures."""
        passage = problem_passage(self.title, self.text, list(self.measures))
        return [w for w in segment(passage) if len(w) > 1 and w not in STOP_WORDS]


@lru_cache(maxsize=1)
def reference_idf() -> tuple[dict[str, float], float]:
    """IDF of words over the shipped problem sentences (and the weight of a word they never use)."""
    from .themes import training_set

    texts, _ = training_set()
    df: Counter[str] = Counter()
    for text in texts:
        df.update({w for w in segment(text) if len(w) > 1 and w not in STOP_WORDS})
    n = len(texts)
    return {w: math.log((n + 1) / (c + 1)) + 1 for w, c in df.items()}, math.log(n + 1) + 1


def word_vector(words: Sequence[str]) -> dict[str, float]:
    idf, unseen = reference_idf()
    counts = Counter(words)
    vec = {w: (1 + math.log(c)) * idf.get(w, unseen) for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def word_cosine(a: Sequence[str], b: Sequence[str]) -> float:
    va, vb = word_vector(a), word_vector(b)
    return sum(v * vb.get(w, 0.0) for w, v in va.items())


_FRAME = set(HEADING_FRAME_WORDS) | set(HEADING_DEFECT_WORDS)


def heading_words(title: str) -> set[str]:
    """The words of a heading that name something (not its frame or defect: 管理、不规范、不到位 …)."""
    return {w for w in precise_words(problem_of(title)) if len(w) > 1 and w not in STOP_WORDS and w not in _FRAME}


def own_objects(a: Problem, b: Problem) -> Optional[tuple[str, str]]:
    """Where two headings share their field's word but neither's other words appear in the other's
    problem, what is left of each (read with its text) — to be compared by meaning; else None."""
    wa, wb = heading_words(a.title), heading_words(b.title)
    ca, cb = a.core, b.core
    shared = {w for w in wa if w in cb} | {w for w in wb if w in ca}
    own_a, own_b = wa - shared, wb - shared
    if not (shared and own_a and own_b):
        return None
    pa, pb = problem_passage(a.title, a.text, list(a.measures)), problem_passage(b.title, b.text, list(b.measures))
    if any(w in pb for w in own_a) or any(w in pa for w in own_b):
        return None
    cut = re.compile("|".join(map(re.escape, sorted(shared, key=len, reverse=True))))
    return cut.sub("", ca) + "。" + a.body[:120], cut.sub("", cb) + "。" + b.body[:120]


def same_problem(a: Problem, b: Problem, meaning: float, words: float,
                 aspect_cosine: Callable[[str, str], float], at: Thresholds) -> bool:
    """The decision: both signals high, and not two different objects of one field."""
    if meaning < at.meaning or words < at.words:
        return False
    objects = own_objects(a, b)
    return objects is None or aspect_cosine(*objects) >= at.aspect
