from zhenggai.nlp.metadata import notice_metadata


def test_title_date_issuer_kind_from_the_head_of_a_notice():
    text = ("某市审计局关于2023年度预算执行审计查出问题整改情况的报告\n发布时间：2024-06-05\n"
            "正文。")
    notice = notice_metadata(text)
    assert notice.title.startswith("某市审计局关于")
    assert (notice.date, notice.issuer, notice.kind) == ("2024-06-05", "某市审计局", "审计")


def test_chinese_numeral_date_under_the_signature():
    text = "某县委关于巡察整改情况的通报\n正文。\n某县委\n二〇二四年六月五日"
    assert notice_metadata(text).date == "2024-06-05"


def test_inspection_period_and_feedback_take_the_year_from_context():
    text = ("某局关于巡察整改进展情况的通报\n2023-10-30\n根据部署，2022年11月17日至2023年1月16日，"
            "市委第四巡察组对某局进行巡察。4月4日，市委巡察组向某局反馈了巡察意见。")
    notice = notice_metadata(text)
    assert (notice.inspection_start, notice.inspection_end) == ("2022-11-17", "2023-01-16")
    assert notice.feedback_date == "2023-04-04"
    assert notice.kind == "巡察"


def test_source_line():
    assert notice_metadata("某某的通报\n正文。\n来源：某市国资委官网").source == "某市国资委官网"


def test_bracketed_date_line_under_the_title():
    assert notice_metadata("某局关于巡察整改情况的通报\n（2024年6月5日）\n正文。").date == "2024-06-05"
