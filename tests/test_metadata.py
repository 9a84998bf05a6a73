from zhenggai.nlp.pipeline import extract
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


def test_document_number_red_head_and_a_title_broken_over_two_lines():
    text = ("某某县自然资源局党组文件\n某资党〔2024〕12号\n中共某某县自然资源局党组关于县委第四轮巡\n察整改进展情况的通报\n"
            "根据县委统一部署，县委第三巡察组于二0二四年三月对县自然资源局党组进行了巡察。\n"
            "一、巡察反馈问题整改情况\n1.关于“执法不严”问题的整改。整改情况：开展专项执法3次。\n中共某某县自然资源局党组\n二0二四年八月二日")
    n = extract(text).notice
    assert n.title == "中共某某县自然资源局党组关于县委第四轮巡察整改进展情况的通报"
    assert (n.doc_number, n.date, n.issuer) == ("某资党〔2024〕12号", "2024-08-02", "中共某某县自然资源局党组")


def test_issuer_and_date_from_the_body_of_a_page_without_title_or_signature():
    text = ("2023年5月，市委第二巡察组对市体育局党组进行了巡察。现将整改进展情况公布如下。\n"
            "一、巡察反馈问题整改情况\n1.关于“场馆开放不足”问题的整改。整改情况：延长开放时间。\n编辑：王某 2023-11-08 09:30")
    n = extract(text).notice
    assert n.title is None
    assert (n.issuer, n.date) == ("市体育局党组", "2023-11-08")
    other = "市卫健委党委高度重视巡察整改工作，现将整改情况通报如下。\n一、问题整改\n1.关于“门诊排队长”问题的整改。整改情况：开通预约。"
    assert extract(other).notice.issuer == "市卫健委党委"


def test_an_audit_report_named_by_its_government_takes_the_place_of_the_meeting():
    text = ("市人民政府关于2024年度市级预算执行和其他财政收支审计查出问题整改情况的报告\n"
            "——2025年6月24日在澄江市第十七届人民代表大会常务委员会第二十一次会议上\n市审计局局长　某某某\n"
            "受市人民政府委托，现将整改情况报告如下。\n一、审计查出问题的整改情况\n1.部分专项资金未及时分配。审计指出，资金闲置。整改情况：已全部下达。")
    n = extract(text).notice
    assert (n.issuer, n.date, n.kind) == ("澄江市人民政府", "2025-06-24", "审计")
