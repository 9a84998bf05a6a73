from zhenggai.config import SearchSettings
from zhenggai.index.fusion import rrf

RRF_K = SearchSettings().rrf_k


def test_items_in_both_rankings_rise_to_the_top():
    fused = [i for i, _ in rrf([[1, 2, 3], [3, 4, 1]])]
    assert fused[:2] == [1, 3] and set(fused) == {1, 2, 3, 4}


def test_scores_are_reciprocal_ranks():
    scores = dict(rrf([[7, 8], [8]]))
    assert scores[7] == 1 / (RRF_K + 1)
    assert scores[8] == 1 / (RRF_K + 2) + 1 / (RRF_K + 1)


def test_single_ranking_keeps_its_order_and_empty_is_empty():
    assert [i for i, _ in rrf([[5, 3, 9]])] == [5, 3, 9]
    assert rrf([]) == [] and rrf([[], []]) == []
