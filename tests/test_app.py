"""Each page of the Streamlit app, driven by streamlit.testing's AppTest on a library of the samples."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from helpers import sample_files, ROOT


@pytest.fixture()
def app(sample_library, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DB", str(sample_library.folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    return at


PAGES = {"检索": "ui/search.py", "相似措施": "ui/similar.py", "统计": "ui/stats.py", "文档": "ui/document.py",
         "导入": "ui/importer.py"}


def goto(at, page):
    at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def text_of(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_search_highlights_words_and_shows_measures(app):
    goto(app, "检索")
    app.text_input(key="query").input("借调人员没有备案").run()
    body = text_of(app)
    assert "<mark>借调" in body and "云岭市国资委" in body
    assert any("整改措施" in e.label for e in app.expander)
    assert "document?notice=" in body  # link to the notice view at that place


def test_search_filters(app):
    goto(app, "检索")
    app.selectbox(key="rtype").set_value("问题")
    app.selectbox(key="kind").set_value("审计")
    app.text_input(key="query").input("养老服务补助资金闲置").run()  # a lone 资金 is too generic to be shown
    body = text_of(app)
    assert "【问题】" in body and "【整改措施】" not in body and "临川市审计局" in body
    assert "云岭市国资委关于" not in body


def test_similar_measures_side_by_side(app):
    goto(app, "相似措施")
    picks = app.selectbox(key="similar_pick").options
    choice = next(p for p in picks if "违规借调企业人员" in p)
    app.selectbox(key="similar_pick").set_value(choice).run()
    assert "所选问题：违规借调企业人员" in text_of(app)
    app.radio(key="similar_source").set_value("粘贴问题描述").run()
    app.text_area(key="similar_text").input("化整为零规避公开招标").run()
    assert "政府采购程序不规范" in text_of(app)


def test_statistics_table_charts_and_downloads(app):
    goto(app, "统计")
    assert app.dataframe and len(app.dataframe[0].value) > 20
    app.multiselect(key="f_kinds").set_value(["money"]).run()
    frame = app.dataframe[0].value
    assert set(frame["类别"]) == {"金额"} and set(frame["单位"]) == {"元"}
    assert any("金额" in s.value for s in app.subheader)
    assert len(app.get("download_button")) == 2


def test_document_view_outline_and_figures(app):
    goto(app, "文档")
    body = text_of(app)
    assert '<mark class="fig">' in body
    assert any(e.label.startswith("1. ") for e in app.expander)


def test_import_page(app):
    goto(app, "导入")
    assert "导入通报" in [h.value for h in app.header]


def test_empty_library_offers_the_samples(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DB", str(tmp_path / "empty"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    assert any("示例" in b.label for b in at.button)
    next(b for b in at.button if "示例" in b.label).click().run()
    assert not at.exception
    assert f"{len(sample_files())} 份通报" in text_of(at)


def test_no_match_says_so_and_offers_the_weaker_matches(app):
    goto(app, "检索")
    app.text_input(key="query").input("明天去哪里吃火锅").run()
    assert any("没有找到相关结果" in i.value for i in app.info)
    app.toggle(key="weak").set_value(True).run()
    assert "相关度" in text_of(app)


def test_notice_view_numbers_sections_as_the_notice_does(app):
    goto(app, "文档")
    assert "（一）" in text_of(app)


def test_analysis_page_totals_themes_recurring_and_common_problems(app, sample_library):
    app.switch_page("ui/analysis.py").run()
    assert not app.exception, [e.value for e in app.exception]
    headers = [h.value for h in app.subheader]
    assert {"各通报自述的整改总数", "问题主题分布", "多个单位共有的问题"} <= set(headers)
    totals = app.dataframe[0].value
    assert "问题总数" in totals.columns and "58" in set(map(str, totals["问题总数"]))
    body = text_of(app)
    from zhenggai.nlp.problem import problem_of

    links = sample_library.links()  # the samples' second round repeats problems of the first
    assert links and all(problem_of(k["title"]) in body and problem_of(k["e_title"]) in body for k in links)
    assert len(app.get("download_button")) == 1


def test_default_filters_drop_nothing_and_unnamed_issuers_are_shown(tmp_path, monkeypatch):
    from zhenggai.api import Settings, ingest_bytes, open_library

    undated = ("【虚构示例】没有日期也没有发布单位的通报\n关于巡察整改情况的通报\n一、巡察反馈问题整改落实情况\n"
               "1.关于“食堂采购台账缺失”的问题。一是建立食堂采购台账；二是追回多付货款3.2万元。\n")
    with open_library(tmp_path / "lib", Settings()) as lib:
        assert ingest_bytes(lib, undated.encode(), "undated.txt").status == "added"
        assert ingest_bytes(lib, (ROOT / "corpus" / "samples" / "county-xuncha-2024.txt").read_bytes(),
                            "county.txt").status == "added"
    monkeypatch.setenv("ZHENGGAI_DB", str(tmp_path / "lib"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.text_input(key="query").input("食堂采购台账缺失").run()
    assert "食堂采购台账缺失" in text_of(at) and "日期不详" in text_of(at)
    at.switch_page("ui/stats.py").run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert "未注明" in set(frame["发布单位"]) and "None" not in frame.to_string()
    at.switch_page("ui/analysis.py").run()
    assert not at.exception, [e.value for e in at.exception]
    for radio in ("发布单位", "年份"):
        at.radio(key="theme_by").set_value(radio).run()
        body = text_of(at) + "\n".join(e.label for e in at.expander)
        assert not re.search(r"\bnan\b|\bNone\b|<NA>", body), body
    table = at.dataframe[0].value
    assert "未注明" in set(table["发布单位"]) and "日期不详" in set(table["日期"])


def test_notice_view_marks_a_recurring_finding(app, sample_library):
    round_two = next(n["id"] for n in sample_library.notices() if "第七轮" in (n["title"] or ""))
    app.query_params["notice"] = str(round_two)
    goto(app, "文档")
    assert any(e.label.startswith("【屡查屡犯】") for e in app.expander)
    assert "屡查屡犯 · 相似度" in text_of(app)


def test_one_card_per_finding_sorted_and_exported(app):
    goto(app, "检索")
    app.selectbox(key="rtype").set_value("整改措施")
    app.text_input(key="query").input("政府采购").run()
    assert not app.exception, [e.value for e in app.exception]
    titles = [m.value for m in app.markdown if m.value.startswith("**") and "【整改措施】" in m.value]
    assert titles and len(titles) == len(set(titles))  # several measures of one finding: one card
    assert any("条与检索相关" in e.label for e in app.expander)
    labels = [b.label for b in app.get("download_button")]
    assert {"结果 CSV", "结果 Excel", "整改台账 Excel", "整改台账 Word"} <= set(labels)
    app.radio(key="sort").set_value("date").run()
    assert not app.exception


def test_search_restored_from_the_url(sample_library, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DB", str(sample_library.folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["query"] = "借调人员没有备案"
    at.run()
    assert not at.exception
    assert at.text_input(key="query").value == "借调人员没有备案"
    assert "在原文中查看" in text_of(at)


def test_ledger_reads_back_with_every_finding(sample_library):
    import io

    import docx
    import openpyxl

    from zhenggai.api import LEDGER_COLUMNS, cli_workspace

    ws = cli_workspace(sample_library)
    notice = max(sample_library.notices(), key=lambda n: n["findings"])
    doc = sample_library.document(notice["id"])
    book = openpyxl.load_workbook(io.BytesIO(ws.ledger([(notice["id"], None)], "xlsx")))
    sheet = book["整改台账"]
    assert [c.value for c in sheet[1]] == list(LEDGER_COLUMNS)
    problems = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(problems) == len(doc.findings) and all(f.title in p for f, p in zip(doc.findings, problems))
    table = docx.Document(io.BytesIO(ws.ledger([(notice["id"], None)], "docx"))).tables[0]
    assert [c.text for c in table.rows[0].cells] == list(LEDGER_COLUMNS)
    assert len(table.rows) == len(doc.findings) + 1
    assert all(f.title in row.cells[1].text for f, row in zip(doc.findings, table.rows[1:]))
    first = doc.findings[0]
    assert all(m.text in table.rows[1].cells[2].text for m in first.measures)


def test_similar_measures_type_to_find_a_problem(app):
    goto(app, "相似措施")
    everything = len(app.selectbox(key="similar_pick").options)
    app.text_input(key="similar_find").input("借调").run()
    picks = app.selectbox(key="similar_pick").options
    assert 0 < len(picks) < everything and any("借调" in p for p in picks)
    app.selectbox(key="similar_pick").set_value(picks[0]).run()
    assert not app.exception and "所选问题" in text_of(app)
    assert app.query_params.get("finding")


def chart_specs(at) -> list[dict]:
    import json

    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def encodings(spec: dict):
    for layer in [spec, *spec.get("layer", [])]:
        yield layer.get("mark"), layer.get("encoding", {})


@pytest.mark.parametrize("page", ["ui/stats.py", "ui/analysis.py"])
def test_charts_stack_nothing_and_cut_no_label(app, page):
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    specs = chart_specs(app)
    assert specs
    for spec in specs:
        for mark, enc in encodings(spec):
            kind = mark.get("type") if isinstance(mark, dict) else mark
            if kind == "bar":
                quantitative = [c for c in ("x", "y") if enc.get(c, {}).get("type") == "quantitative"]
                assert quantitative and all(enc[c].get("stack", "missing") is None for c in quantitative), enc
                nominal = [c for c in ("x", "y") if enc.get(c, {}).get("type") == "nominal"]
                assert all(enc[c].get("axis", {}).get("labelLimit") == 0 for c in nominal), enc
            legend = enc.get("color", {}).get("legend")
            if legend and enc["color"].get("type") == "nominal":
                assert legend.get("labelLimit") == 0


def test_notice_view_offers_its_ledger_and_keeps_its_title(app, sample_library):
    notice = sample_library.notices()[0]["id"]
    app.query_params["notice"] = str(notice)
    goto(app, "文档")
    assert {"整改台账 Excel", "整改台账 Word"} <= {b.label for b in app.get("download_button")}
    assert any('class="doc-title"' in m.value for m in app.markdown)


def test_two_uploads_of_one_name_and_a_duplicate(sample_library, tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "lib"
    shutil.copytree(sample_library.folder, folder, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("ZHENGGAI_DB", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("ui/importer.py").run()
    stored = (ROOT / "corpus" / "samples" / "city-audit-2024.txt").read_bytes()
    at.file_uploader[0].set_value([("same.txt", stored + "\n（新的一份）\n".encode(), "text/plain"),
                                   ("same.txt", stored, "text/plain")]).run()
    at.button(key="do_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    lines = [m.value.replace("\\", "") for m in [*at.success, *at.info]]  # markdown escapes the name's dot
    assert any("same.txt（第 1 个文件）：已导入" in line for line in lines)
    assert any("same.txt（第 2 个文件）：内容已在文库中" in line for line in lines)
    assert "查看文库中已有的这份通报" in text_of(at)
