"""Segmentation for the lexical index: domain words stay whole; queries and records split alike."""
from zhenggai.index.text import fts_query, index_tokens, query_terms, segment


def test_domain_words_are_kept_whole():
    tokens = segment("市国资委巡察整改“两金”占比和“一利五率”指标")
    for word in ("国资委", "巡察", "整改", "两金", "一利五率"):
        assert word in tokens


def test_punctuation_is_dropped_and_tokens_are_space_joined():
    assert index_tokens("借调人员，未备案。") == " ".join(segment("借调人员未备案"))


def test_query_terms_drop_stop_words_but_never_everything():
    assert "的" not in query_terms("企业的担保管理")
    assert query_terms("的") == ("的",)


def test_fts_query_quotes_every_term():
    assert fts_query(["借调", 'a"b']) == '"借调" OR "a""b"'
