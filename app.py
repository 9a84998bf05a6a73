"""The Streamlit app: 检索, 相似措施, 统计, 文档, 导入. Thin: every answer comes from index/ and nlp/."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from zhenggai.index.library import Library, default_folder
from zhenggai.index.store import Filters
from zhenggai.index.tables import figures_frame, filter_figures, to_csv_bytes, to_xlsx_bytes
from zhenggai.index.text import query_terms
from zhenggai.nlp.highlight import marked_html, term_spans

SAMPLES = Path(__file__).resolve().parent / "corpus" / "samples"
PAGES = ("检索", "相似措施", "统计", "文档", "导入")
MODES = {"混合（推荐）": "hybrid", "关键词": "lexical", "语义": "dense"}
TYPES = {"问题和措施": "any", "问题": "finding", "整改措施": "measure"}
STATUS = {"全部": None, "已完成": "done", "推进中": "ongoing", "长期坚持": "long_term", "未说明": "unknown"}
STATUS_LABEL = {v: k for k, v in STATUS.items() if v}
KIND_LABEL = {"money": "金额", "percent": "百分比", "percentage_point": "百分点", "count": "数量", "range": "区间",
              "duration": "时长", "date": "日期", "period": "期间"}
ROLE_LABEL = {"target": "目标", "actual": "实际", "baseline": "基数"}
COLUMN_LABEL = {"notice": "通报", "issuer": "发布单位", "notice_date": "通报日期", "finding": "问题", "record": "位置",
                "metric": "指标", "year": "年份", "value": "数值", "low": "下限", "high": "上限", "unit": "单位",
                "kind": "类别", "qualifier": "限定", "role": "角色", "text": "原文"}
QUALIFIER_LABEL = {"approx": "约", "more_than": "超过", "at_least": "不少于", "less_than": "不足", "at_most": "不超过"}
# Why a file could not be read, in the users' language (the CLI keeps the English reason).
REASONS_ZH = {"empty file": "空文件", "binary data": "是二进制数据，不是文本", "no such file": "文件不存在",
              "not a valid PDF": "不是有效的 PDF 文件", "PDF has no text layer": "PDF 没有文字层（可能是扫描件），请先做文字识别",
              "broken PDF": "PDF 文件已损坏", "broken DOCX": "DOCX 文件已损坏", "not a valid DOCX": "不是有效的 DOCX 文件",
              "old binary Word": "不支持旧版 Word（.doc），请另存为 DOCX", "a ZIP archive": "是 ZIP 压缩包，不是 DOCX 文档",
              "unknown text encoding": "无法识别文本编码", "mis-encoded": "文本编码有误（乱码过多）", "too large": "文件过大",
              "no findings found": "没有识别出整改问题，可能不是整改通报", "no text found": "文件中没有文字"}
STYLE = """<style>
mark {background: #ffe58f; padding: 0 2px; border-radius: 2px;}
mark.fig {background: #b7eb8f;}
.hit-meta {color: #666; font-size: 0.85rem;}
.notice-text {line-height: 1.9; font-size: 0.95rem;}
</style>"""


@st.cache_resource(show_spinner=False)
def library(folder: str) -> Library:
    return Library.open(Path(folder))


def main() -> None:
    st.set_page_config(page_title="整改通报检索", page_icon="📑", layout="wide")
    st.markdown(STYLE, unsafe_allow_html=True)
    folder = str(default_folder())
    lib = library(folder)
    params = st.query_params
    default_page = params.get("page", PAGES[0])
    with st.sidebar:
        st.title("整改通报检索")
        page = st.radio("页面", PAGES, index=PAGES.index(default_page) if default_page in PAGES else 0, key="page")
        counts = st.empty()  # filled after the page ran, so an import shows at once
        st.caption(f"位置：{folder}")
    if not lib.notices() and page != "导入":
        st.info("文库还是空的。可以先载入随附的示例通报（均为虚构），或到“导入”页上传通报。")
        if st.button("一键载入示例通报", type="primary"):
            load_samples(lib)
            st.rerun()
    else:
        {"检索": search_page, "相似措施": similar_page, "统计": stats_page, "文档": document_page,
         "导入": import_page}[page](lib)
    notices = lib.notices()
    counts.caption(f"文库：{len(notices)} 份通报 · {sum(n['findings'] for n in notices)} 个问题 · "
                   f"{sum(n['measures'] for n in notices)} 条措施")


def load_samples(lib: Library) -> None:
    with st.spinner("正在读取、抽取并建立索引（首次使用需准备语义模型，约半分钟）…"):
        lib.add([SAMPLES])


# --- 检索 ---------------------------------------------------------------------------------------

def search_page(lib: Library) -> None:
    st.header("检索问题与整改措施")
    query = st.text_input("输入要查找的问题或做法", placeholder="例如：借调人员没有备案", key="query")
    notices = lib.notices()
    issuers = sorted({n["issuer"] for n in notices if n["issuer"]})
    years = sorted({int(n["date"][:4]) for n in notices if n["date"]})
    c1, c2, c3, c4, c5 = st.columns([1.2, 1, 1.2, 1, 1])
    mode = MODES[c1.selectbox("检索方式", list(MODES), key="mode")]
    rtype = TYPES[c2.selectbox("类型", list(TYPES), key="rtype")]
    issuer = c3.selectbox("发布单位", ["全部", *issuers], key="issuer")
    kind = c4.selectbox("类别", ["全部", "巡视", "巡察", "审计", "其他"], key="kind")
    status = STATUS[c5.selectbox("整改状态", list(STATUS), key="status")]
    year_range = (st.slider("年份", years[0], years[-1], (years[0], years[-1]), key="years")
                  if len(years) > 1 else (years[0], years[0]) if years else (None, None))
    top = st.number_input("显示条数", 5, 50, 10, step=5, key="top")
    if not query.strip():
        st.caption("支持同义表述：语义检索能找到用词不同但意思相近的问题。")
        return
    filters = Filters(type=rtype, issuer=None if issuer == "全部" else issuer, kind=None if kind == "全部" else kind,
                      year_from=year_range[0], year_to=year_range[1], status=status)
    with st.spinner("检索中…"):
        hits = lib.search(query, mode=mode, top=int(top), filters=filters)
    st.caption(f"共 {len(hits)} 条结果")
    terms = query_terms(query)
    for rank, hit in enumerate(hits, 1):
        show_hit(lib, hit, rank, terms)


def show_hit(lib: Library, hit, rank: int, terms) -> None:
    with st.container(border=True):
        label = "问题" if hit.type == "finding" else "整改措施"
        st.markdown(f"**{rank}. 【{label}】{marked_html(hit.finding_title, term_spans(hit.finding_title, terms))}**",
                    unsafe_allow_html=True)
        st.markdown(marked_html(hit.text, term_spans(hit.text, terms)), unsafe_allow_html=True)
        link = f"?page=文档&notice={hit.notice_id}&at={hit.start}"
        st.markdown(f'<span class="hit-meta">{hit.notice_title} · {hit.issuer or ""} · {hit.date or ""} · '
                    f'{STATUS_LABEL.get(hit.status, "")} · 相关度 {hit.score:.4f}</span> '
                    f'<a href="{link}" target="_self">在原文中查看 ›</a>', unsafe_allow_html=True)
        measures = hit.measures or (lib.record(hit.finding_id).measures if hit.finding_id else [])
        if measures:
            with st.expander(f"整改措施（{len(measures)} 条）"):
                for m in measures:
                    st.markdown(f"- {marked_html(m['text'], term_spans(m['text'], terms))} "
                                f"`{STATUS_LABEL.get(m['status'], '')}`", unsafe_allow_html=True)


# --- 相似措施 -----------------------------------------------------------------------------------

def similar_page(lib: Library) -> None:
    st.header("相似问题的整改措施")
    st.caption("选一个问题，或粘贴一段问题描述，看看其他单位遇到相似问题时是怎么整改的。")
    findings = lib.findings()
    options = {f"{f['notice_title'][:24]}… — {f['title'][:40]}": f["id"] for f in findings}
    how = st.radio("来源", ["从文库中选择", "粘贴问题描述"], horizontal=True, key="similar_source")
    top = st.slider("显示几个相似问题", 1, 6, 3, key="similar_top")
    if how == "从文库中选择":
        choice = st.selectbox("问题", list(options), key="similar_pick")
        if not choice:
            return
        source = lib.record(options[choice])
        hits = lib.similar(source.id, top=top)
        with st.container(border=True):
            st.markdown(f"**所选问题：{source.finding_title}**（{source.notice_title}）")
            st.write(source.text)
    else:
        text = st.text_area("问题描述", key="similar_text", placeholder="例如：部分单位化整为零规避公开招标")
        if not text.strip():
            return
        hits = lib.search(text, mode="dense", top=top, filters=Filters(type="finding"))
    if not hits:
        st.info("其他通报中没有找到相似问题。")
        return
    columns = st.columns(len(hits))
    for column, hit in zip(columns, hits):
        with column, st.container(border=True):
            st.markdown(f"**{hit.finding_title}**")
            st.caption(f"{hit.notice_title} · {hit.issuer or ''} · {hit.date or ''} · 相似度 {hit.score:.3f}")
            for m in hit.measures:
                st.markdown(f"- {m['text']}")


# --- 统计 ---------------------------------------------------------------------------------------

def stats_page(lib: Library) -> None:
    import pandas as pd

    st.header("数字统计")
    frame = figures_frame(lib.figures())
    if frame.empty:
        st.info("文库中还没有数字。")
        return
    frame["类别"] = frame["kind"].map(KIND_LABEL)
    c1, c2, c3 = st.columns(3)
    kinds = c1.multiselect("类别", list(KIND_LABEL), default=["money", "percent", "percentage_point", "count"],
                           format_func=KIND_LABEL.get, key="f_kinds")
    units = c2.multiselect("单位", sorted(frame["unit"].dropna().unique()), key="f_units")
    metric = c3.text_input("指标包含", key="f_metric", placeholder="例如：资产、完成率")
    c4, c5, c6 = st.columns(3)
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    year_range = c4.slider("年份", years[0], years[-1], (years[0], years[-1]), key="f_years") if len(years) > 1 else None
    issuers = c5.multiselect("发布单位", sorted(frame["issuer"].dropna().unique()), key="f_issuers")
    roles = c6.multiselect("角色", ["target", "actual", "baseline", "（无）"],
                           format_func=lambda r: ROLE_LABEL.get(r, r), key="f_roles")
    shown = filter_figures(frame, kinds, units, metric, year_range, issuers, roles)
    export = (shown.drop(columns=["类别", "notice_id", "start", "end", "normalized"], errors="ignore")
              .assign(kind=shown["kind"].map(KIND_LABEL), role=shown["role"].map(ROLE_LABEL),
                      qualifier=shown["qualifier"].map(QUALIFIER_LABEL))
              .rename(columns=COLUMN_LABEL))
    d1, d2, _ = st.columns([1, 1, 4])
    d1.download_button("下载 CSV", to_csv_bytes(export), "figures.csv", "text/csv", key="csv")
    d2.download_button("下载 Excel", to_xlsx_bytes(export), "figures.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="xlsx")
    st.caption(f"{len(shown)} 个数字（共 {len(frame)} 个）")
    st.dataframe(export, hide_index=True, width="stretch")

    money = shown[(shown["kind"] == "money") & shown["value"].notna() & (shown["role"] != "target")]
    if not money.empty:
        st.subheader("金额（万元，不含目标值），按年份和发布单位")
        by_year = money.assign(年份=money["year"].fillna(0).astype(int).astype(str).replace("0", "未注明"),
                               万元=money["value"] / 1e4)
        st.bar_chart(by_year.pivot_table(index="年份", columns="issuer", values="万元", aggfunc="sum").fillna(0))
    rates = shown[(shown["kind"] == "percent") & shown["metric"].fillna("").str.contains("率")]
    if not rates.empty:
        st.subheader("完成率、占比等百分比")
        st.bar_chart(rates.assign(指标=rates["metric"].str[-14:] + "（" + rates["issuer"].fillna("") + "）")
                     .groupby("指标")["value"].mean())
    targets = pd.DataFrame(lib.targets())
    if not targets.empty:
        st.subheader("目标与实际")
        paired = targets[targets["actual_value"].notna()]
        if not paired.empty:
            chart = paired.assign(指标=paired["metric"].str[-16:]).set_index("指标")[["target_value", "actual_value"]]
            st.bar_chart(chart.rename(columns={"target_value": "目标", "actual_value": "实际"}), stack=False)
        st.dataframe(targets.rename(columns={"notice": "通报", "issuer": "发布单位", "metric": "指标",
                                             "deadline_year": "期限", "comparator": "比较", "target_value": "目标值",
                                             "target_unit": "单位", "actual_value": "实际值", "actual_unit": "实际单位",
                                             "text": "原文"}), hide_index=True, width="stretch")


# --- 文档 ---------------------------------------------------------------------------------------

def document_page(lib: Library) -> None:
    st.header("通报原文与结构")
    notices = lib.notices()
    ids = [n["id"] for n in notices]
    wanted = _int(st.query_params.get("notice"))
    label = {n["id"]: f"{n['title']}（{n['date'] or '日期不详'}）" for n in notices}
    notice_id = st.selectbox("通报", ids, index=ids.index(wanted) if wanted in ids else 0, format_func=label.get,
                             key="doc_notice")
    data = lib.extraction(notice_id)
    notice, text = data["notice"], data["text"]
    at = _int(st.query_params.get("at")) if wanted == notice_id else None
    st.markdown(f"**{notice['title']}**")
    st.caption(" · ".join(x for x in (notice.get("issuer"), notice.get("date"), notice.get("kind"),
                                      f"巡视巡察 {notice['inspection_start']} 至 {notice['inspection_end']}"
                                      if notice.get("inspection_start") else None,
                                      f"反馈 {notice['feedback_date']}" if notice.get("feedback_date") else None) if x))
    outline, full = st.columns([1, 1])
    with outline:
        st.subheader("结构")
        titles = {s["ordinal"]: s["title"] for s in data["sections"]}
        current = None
        for f in data["findings"]:
            if f["section"] != current:
                current = f["section"]
                st.markdown(f"**{current or ''} {titles.get(current, '')}**")
            located = at is not None and f["start"] <= at < f["end"]
            with st.expander(f"{'【定位】' if located else ''}{f['id']} {f['title'][:40]} · "
                             f"{STATUS_LABEL.get(f['status'], '')}", expanded=located):
                st.write(f["text"])
                for m in f["measures"]:
                    st.markdown(f"{m['ordinal']}. {m['text']} `{STATUS_LABEL.get(m['status'], '')}`")
        if data["next_steps"]:
            st.markdown("**下一步**")
            for item in data["next_steps"]:
                st.markdown(f"- {item[:120]}")
    with full:
        st.subheader("原文（数字已标出）")
        spans = [(f["start"], f["end"]) for f in data["figures"] if f["kind"] in KIND_LABEL]
        st.markdown(f'<div class="notice-text">{marked_html(text, spans, "fig")}</div>', unsafe_allow_html=True)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- 导入 ---------------------------------------------------------------------------------------

def import_page(lib: Library) -> None:
    st.header("导入通报")
    st.caption("支持 TXT（任意常见编码）、HTML 网页、DOCX 和带文字层的 PDF。同一文件重复导入不会重复入库。")
    if not lib.notices() and st.button("一键载入示例通报（虚构）", key="samples"):
        load_samples(lib)
        st.success("示例通报已载入。")
    files = st.file_uploader("选择文件", type=["txt", "html", "htm", "docx", "pdf"], accept_multiple_files=True,
                             key="uploads")
    if not files or not st.button("导入", type="primary", key="do_import"):
        return
    bar = st.progress(0.0, text="开始…")
    for i, upload in enumerate(files, 1):
        bar.progress((i - 0.5) / len(files), text=f"正在读取、抽取并索引 {upload.name}（{i}/{len(files)}）")
        result = lib.add_bytes(upload.getvalue(), upload.name, f"upload:{upload.name}")
        if result.status in ("added", "replaced"):
            st.success(f"{upload.name}：已导入，{result.findings} 个问题、{result.measures} 条措施")
        elif result.status == "unchanged":
            st.info(f"{upload.name}：内容已在文库中，未重复导入")
        else:
            reason = next((zh for en, zh in REASONS_ZH.items() if result.reason.startswith(en)), result.reason)
            st.error(f"{upload.name}：无法导入——{reason}")
        bar.progress(i / len(files), text=f"{i}/{len(files)}")
    bar.progress(1.0, text="完成")


main()
