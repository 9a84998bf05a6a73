"""No labelled data of the project may be copied from, or closely reworded after, the real notices.

Every number the project publishes on the real notices in ../shared/corpus must come from a method that
was not shown them. So every line of every labelled-data file (the role set `nlp/data/roles/*.txt`, the
themes training set, the benchmark queries) is compared with every sentence of the real notices: a pair
that shares ≥ 40 % of EACH one's character bigrams is a leak. Both sides are split into sentences at
。！？； and line ends (a one-line notice body would otherwise hide a copied sentence), markup tags and
table pipes are dropped, and only Chinese characters are compared (punctuation, numbers, dates, phone
numbers and addresses say nothing about wording), after a leading label (整改情况：) and numbering marker
(一是, （1）) are cut off. Sentences under 12 characters are skipped: short headings are formulas every
notice shares (X落实不到位, 干部队伍建设方面), not wording copied from one.
The real side is what the issue names: the sentences of each real notice's findings (title and text)
and measures, as zhenggai extracts them (exactly the gold structure). Titles and the boilerplate of
headings (…整改进展情况的通报, …方面) are every notice's wording, not a finding's.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from helpers import ROOT, SHARED

SHARE = 0.40
SHORTEST = 12
_SPLIT = re.compile(r"[。！？；!?;\n]")
_TAG = re.compile(r"⟦[a-z]+⟧")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fff]+")
_MARKER = re.compile(r"^\s*(?:[\u4e00-\u9fff]{2,6}[：:]\s*)?"     # a label: 整改情况：
                     r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|[一二三四五六七八九十]{1,2}是|[①-⑳]"
                     r"|第[一二三四五六七八九十]{1,2}[，、])?")


def labelled_files() -> list[Path]:
    """Every labelled-data file of the project: role notices, theme examples, benchmark queries."""
    files = sorted((ROOT / "nlp" / "data" / "roles").glob("*.txt"))
    files.append(ROOT / "analysis" / "data" / "themes_train.tsv")
    bench = ROOT / "benchmarks" / "data"
    files += sorted(p for p in bench.rglob("*") if p.suffix in (".txt", ".json", ".tsv", ".jsonl"))
    return [p for p in files if p.is_file()]


def _strings(value) -> list[str]:
    """All strings inside a JSON value (queries, expected phrases, notes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def file_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of a labelled file; a JSON file gives its strings (line number 0)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [(0, s) for s in _strings(json.loads(text))]
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if path.suffix == ".tsv" and "\t" in line:
            line = line.split("\t", 1)[1]  # the label is not wording
        out.append((number, line))
    return out


def sentences(text: str) -> list[str]:
    """The comparable sentences of a text: tags and pipes gone, split at sentence ends, Chinese characters."""
    text = _TAG.sub("", text).replace("|", "\n").replace(" // ", "\n")
    out = []
    for piece in _SPLIT.split(text):
        words = _NOT_WORD.sub("", _MARKER.sub("", piece))
        if len(words) >= SHORTEST:
            out.append(words)
    return out


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


class RealSentences:
    """The sentences of the real notices, indexed by bigram so each labelled sentence is checked fast."""

    def __init__(self, texts: dict[str, str]):
        self.items: list[tuple[str, str, set[str]]] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        for name, text in texts.items():
            for s in sentences(text):
                grams = bigrams(s)
                self.items.append((name, s, grams))
                for g in grams:
                    self.index[g].append(len(self.items) - 1)

    def leaks(self, sentence: str) -> list[tuple[str, str, float, float]]:
        """Real sentences sharing ≥ SHARE of both their bigrams and `sentence`'s."""
        mine = bigrams(sentence)
        if not mine:
            return []
        shared = Counter(i for g in mine for i in self.index.get(g, ()))
        out = []
        for i, n in shared.items():
            if n < SHARE * len(mine):
                continue
            name, real, grams = self.items[i]
            if n >= SHARE * len(grams):
                out.append((name, real, n / len(mine), n / len(grams)))
        return out


def real_texts() -> dict[str, str]:
    """Per real notice: the words of its findings and measures, a paragraph each."""
    from zhenggai.ingest import extract_path

    corpus = SHARED / "corpus"
    if not corpus.is_dir() or not list(corpus.glob("*.txt")):
        pytest.skip(f"needs {corpus} (the real notices are not part of a fresh clone)")
    out = {}
    for path in sorted(corpus.glob("*.txt")):
        result = extract_path(path)
        parts = [p for f in result.findings for p in (f.title, f.text, *(m.text for m in f.measures))]
        out[path.name] = "\n".join(parts)
    return out


def find_leaks(real: RealSentences, files: list[Path]) -> list[str]:
    found = []
    for path in files:
        for number, line in file_lines(path):
            for s in sentences(line):
                for name, other, a, b in real.leaks(s):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {s[:40]} ≈ {name}: {other[:40]} "
                                 f"({a:.0%} / {b:.0%})")
    return found


def test_the_checker_catches_a_reworded_sentence():
    """A real-looking sentence with a clause changed is caught; an unrelated one is not."""
    real = RealSentences({"x": "对企业担保事项监管不到位，存在诱发代偿风险的可能。支部换届不及时。"})
    assert real.leaks(sentences("对企业担保事项的监管不到位，可能诱发代偿风险")[0])
    assert not real.leaks(sentences("食堂招标采购程序不规范，未公开比选供应商")[0])
    assert sentences("⟦finding⟧支部换届不及时。") == []  # under 8 characters: too short to say anything


def test_every_labelled_file_is_looked_at():
    files = labelled_files()
    assert ROOT / "analysis" / "data" / "themes_train.tsv" in files
    assert any(p.parent.name == "roles" for p in files), "the role set nlp/data/roles/*.txt is missing"


def test_no_labelled_line_is_taken_from_a_real_notice():
    real = RealSentences(real_texts())
    assert len(real.items) > 200  # the real notices were read and split
    found = find_leaks(real, labelled_files())
    assert not found, f"{len(found)} labelled sentences too close to a real notice:\n" + "\n".join(found[:40])
