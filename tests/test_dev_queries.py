"""Retrieval quality as a user meets it (one result per finding, the relevance floor on), by
`benchmarks/retrieval.py`:

- zhenggai's own labelled queries, held-out part (never fitted or tuned on: benchmarks/querysets.py)
  over the samples and benchmarks/data/haystack — paraphrases must be found in the top 5, absent-topic
  and everyday questions answered 没有找到相关结果, and hybrid must rank at least as well as either half;
- the older paraphrase set over the two real notices and the samples, on both backends;
- the shared dev queries over the two real notices.

The numbers each printed when this was written are in the README's measurement table (the same
command); the floors here leave room for model and tokenizer updates without letting quality slide.
"""
from __future__ import annotations

import importlib.util
import sys

import pytest

from helpers import ROOT, shared_path

FLOORS = {"hybrid": (0.9, 0.85), "lexical": (0.8, 0.7), "dense": (0.8, 0.7)}


def _retrieval():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("retrieval", ROOT / "benchmarks" / "retrieval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def own():
    retrieval = _retrieval()
    return retrieval.evaluate_own(retrieval.haystack.HAYSTACK, held_out_only=True)


@pytest.fixture(scope="module")
def scores():
    result = _retrieval().evaluate(shared_path("gold", "queries.dev.json"))
    return {r["mode"]: r for r in result["modes"]}


@pytest.fixture(scope="module", params=["local", "milvus"])
def paraphrases(request):
    shared_path("corpus", "jinan-sasac-2023-xuncha.txt")
    retrieval = _retrieval()
    return request.param, retrieval.evaluate(retrieval.PARAPHRASES, backend=request.param)


def test_own_held_out_paraphrases_are_found_and_absent_topics_get_no_answer(own):
    result = own["held_out"]
    modes = {r["mode"]: r for r in result["modes"]}
    hybrid = modes["hybrid"]
    assert hybrid["hit@5"] >= 0.95 and hybrid["mrr@10"] >= 0.93, hybrid["misses"]
    assert hybrid["mrr@10"] >= max(modes["lexical"]["mrr@10"], modes["dense"]["mrr@10"])
    assert result["absent_no_match"] >= 0.8 and result["offtopic_no_match"] >= 0.9


def test_no_self_description_part_comes_back_as_a_finding(own):
    assert own["self_description"] == []


@pytest.mark.parametrize("mode", list(FLOORS))
def test_mode_is_above_its_floor(scores, mode):
    hit5, mrr = FLOORS[mode]
    assert scores[mode]["hit@5"] >= hit5, scores[mode]["misses"]
    assert scores[mode]["mrr@10"] >= mrr


def test_hybrid_is_at_least_as_good_as_each_mode(scores):
    for mode in ("lexical", "dense"):
        assert scores["hybrid"]["hit@5"] >= scores[mode]["hit@5"]
        assert scores["hybrid"]["mrr@10"] >= scores[mode]["mrr@10"]


def test_paraphrases_with_default_settings(paraphrases):
    """The older set over the two real notices: their findings are long compound sentences, and a
    paraphrase of one clause of them gets a low relevance (four of its 55 are missed, three of them
    under the floor). Before relevance was learned this set read hit@5 0.96, while 11 of 13 held-back
    absent-topic questions got confident answers (issue 20); the trade is measured on the held-out
    queries (the first test)."""
    backend, result = paraphrases
    modes = {r["mode"]: r for r in result["modes"]}
    hybrid = modes["hybrid"]
    assert hybrid["hit@5"] >= 0.9 and hybrid["mrr@10"] >= 0.88, (backend, hybrid["misses"])
    assert hybrid["mrr@10"] >= max(modes["lexical"]["mrr@10"], modes["dense"]["mrr@10"]), backend
    assert result["off_topic_no_match"] >= 0.9, backend


def test_every_layout_is_found_like_any_other(own):
    """By the notice that holds the answer: numbered, 关于“…”, 在…上下功夫, audit reports, one line, a web
    page, inline 一是 lists, OCR'd text, four-level headings with a document number, no title, long compound
    findings, a DOCX ledger and a ledger copied as plain text — every notice is stored, and each one's
    held-out paraphrases are found in the top 5 at least 3 times in 4."""
    assert not own["not_stored"]
    for name, (found, total) in own["held_out"]["by_file"].items():
        assert found >= 0.75 * total, (name, found, total)
