from zhenggai.nlp.normalize import normalize_text


def test_full_width_digits_and_percent_become_ascii():
    assert normalize_text("１２．５％") == "12.5%"


def test_half_width_punctuation_becomes_chinese():
    assert normalize_text("(一)学习,整改情况:一是") == "（一）学习，整改情况：一是"


def test_number_separators_and_clock_times_are_kept():
    assert normalize_text("2,345.6万元，10:30，１，２３４元") == "2,345.6万元，10:30，1,234元"


def test_addresses_keep_their_colon():
    assert normalize_text("来源:http://example.cn") == "来源：http://example.cn"


def test_length_is_preserved_so_offsets_stay_valid():
    raw = "（１）ａｂｃ,1:2\r\n　两名"
    assert len(normalize_text(raw)) == len(raw)
