"""What every page of the app shares: the library, cached views of it, escaping, the result card and
the search filters. Everything shown here that came from a document is escaped before it is placed in
HTML or Markdown."""
from __future__ import annotations

import html
import re
import threading
from pathlib import Path
from typing import Optional

import streamlit as st

from zhenggai import api

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
STYLE = """<style>
mark {background: #ffe58f; padding: 0 2px; border-radius: 2px;}
mark.fig {background: #b7eb8f;}
mark.located {background: #ffd6e7; outline: 2px solid #eb2f96;}
.lowconf {text-decoration: underline wavy #fa8c16; text-underline-offset: 3px;}
.hit-meta {color: #666; font-size: 0.85rem;}
.notice-text {line-height: 1.9; font-size: 0.95rem;}
[data-testid="stElementContainer"]:has(.doc-title) {position: sticky; top: 3.75rem; z-index: 99;
  background: var(--background-color, #fff); background-color: white; padding: 4px 0; border-bottom: 1px solid #eee;}
mark.located mark.fig {background: #b7eb8f; outline: 1px solid #52c41a;}
/* the app's name above the page links, where a reader looks first */
[data-testid="stSidebarContent"] {display: flex; flex-direction: column;}
[data-testid="stSidebarHeader"] {order: -3;}
[data-testid="stSidebarUserContent"] {order: -2; padding-bottom: 1.2rem; border-bottom: 1px solid #e6e6e6; margin-bottom: 0.8rem;}
.lib-place {word-break: break-all; font-size: 0.8rem; color: #888;}
.lib-place b {white-space: nowrap; font-weight: normal;}
/* Streamlit's own English, where it offers no setting: in Chinese, or out of the way */
[data-testid="InputInstructions"] {display: none;}
[data-testid="stStatusWidget"] {visibility: hidden;}
[data-testid="stStatusWidget"]::before {content: "正在处理…"; visibility: visible; font-size: 0.85rem; color: #888;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {font-size: 0;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {content: "选择文件";
  font-size: 0.875rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {content: var(--zg-upload-note, "或把文件拖放到这里");
  font-size: 0.8rem;}
.badge {display: inline-block; padding: 0 6px; border-radius: 8px; background: #f0f0f0; font-size: 0.8rem;}
</style>"""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def esc(text) -> str:
    """Document text for an HTML fragment."""
    return html.escape("" if text is None else str(text), quote=True)


def md(text) -> str:
    """Document text for Markdown: no markup, links, images or HTML of its own."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


@st.cache_resource(show_spinner=False)
def _library(folder: str) -> api.Library:
    """The library, for writing where the folder allows it, else read-only (a share, another user's
    folder): searched and read as usual, with importing and removing switched off."""
    try:
        lib = api.open_library(Path(folder), api.Settings.from_env())
    except api.LibraryError as exc:
        if exc.code != "L010":
            raise
        lib = api.open_library(Path(folder), api.Settings.from_env(), readonly=True)
    # not a daemon: a process that exits while the model loads waits for it (a daemon thread inside
    # torch or onnxruntime at exit aborts the interpreter)
    threading.Thread(target=_warm, args=(lib,), name="zhenggai-warm").start()
    return lib


def _warm(lib: api.Library) -> None:
    """Load, once per server and in the background, what a first visit would otherwise wait for: the
    model and search indexes (a first search), the problem vectors and groups (分析, 相似措施; precomputed
    at ingest, computed here for a library ingested before that) and the chart libraries."""
    if not lib.settings.warm:  # only in the server `zhenggai app` starts (not in AppTest)
        return
    try:
        import altair as alt
        import pandas as pd

        alt.Chart(pd.DataFrame({"a": ["x"], "b": [1]})).mark_bar().encode(y="a:N", x="b:Q").to_dict()
        if lib.notices():
            lib.search("整改措施落实不到位", top=1)
            api.common_groups(lib)
    except Exception:  # a warm-up only: the page that needs it computes it and says what went wrong
        pass


READ_ONLY = "文库所在文件夹只读：可以检索和查看，不能导入或删除。"


def actor() -> api.Actor:
    """Who this request is for (app.py sets it on every run, after the login check)."""
    return st.session_state["_zg_actor"]


def library() -> api.Workspace:
    """The library as the current account may use it: each operation checks the role and is logged."""
    from zhenggai.ui import auth

    return api.Workspace(_library(str(api.default_library_folder())), actor(), auth.accounts(), auth.recent())


def require_page(action: str) -> None:
    """A page for some roles only: it is not in the others' navigation, and stops here if reached anyway."""
    if not api.allowed(actor().role, action):
        st.error("当前账户无权使用此页面。")
        st.stop()


@st.cache_data(show_spinner=False, max_entries=4)
def notices(folder: str, generation: int) -> list[dict]:
    return _library(folder).notices()


@st.cache_data(show_spinner=False, max_entries=4)
def findings(folder: str, generation: int) -> list[dict]:
    return _library(folder).findings()


def cached_notices(lib: api.Workspace) -> list[dict]:
    """The notice list, recomputed only after a write (an import) changed the library."""
    return notices(str(lib.folder), lib.generation())


def cached_findings(lib: api.Workspace) -> list[dict]:
    return findings(str(lib.folder), lib.generation())


def notice_label(notice: dict) -> str:
    return f"{notice['title'] or notice['name']}（{api.date_text(notice['date'])}）"


def setup() -> None:
    st.markdown(STYLE, unsafe_allow_html=True)


def sidebar_counts(lib: api.Workspace) -> None:
    found = cached_notices(lib)
    st.sidebar.caption(f"文库：{len(found)} 份通报 · {sum(n['findings'] for n in found)} 个问题 · "
                       f"{sum(n['measures'] for n in found)} 条措施")
    st.sidebar.markdown(f'<div class="lib-place"><b>位置：</b>{esc(lib.folder)}</div>', unsafe_allow_html=True)


def remove_notice(lib: api.Workspace, notice_id: int) -> dict:
    """The app's one way to take a notice out of the library (the 文档 page's button): SQLite and every
    index, in one step, for an account that may remove, logged (`Workspace.remove`)."""
    return lib.remove(notice_id)


def offer_samples(lib: api.Workspace, key: str = "samples") -> bool:
    """On an empty library: load the bundled (invented) samples with one click (for those who may import)."""
    if lib.readonly:
        st.info("文库还是空的。" + READ_ONLY)
        return True
    if not lib.can("ingest"):
        st.info("文库还是空的，请等待录入人员导入通报。")
        return True
    st.info("文库还是空的。可以先载入随附的示例通报（均为虚构），或到“导入”页上传通报。")
    if st.button("一键载入示例通报", type="primary", key=key):
        with st.spinner("正在读取、抽取并建立索引（首次使用需准备语义模型，约半分钟）…"):
            lib.ingest([SAMPLES])
        st.rerun()
    return True


URL = "query-params"  # a widget bound to the URL: Back, reload and a shared link bring its value back


def filters_widget(lib: api.Workspace, key: str = "") -> tuple[api.Filters, str, int]:
    """Mode, type, issuer, kind, status and years; the defaults exclude nothing (a notice without a
    date or issuer is found until the user narrows the years or picks an issuer). Each is kept in the
    URL (`bind`), so Back from a notice, a reload or a shared link restores the search."""
    found = cached_notices(lib)
    names = api.issuer_names(found)  # one office, one name (市审计局 under 临川市审计局): the filter finds both
    issuers = sorted({names[n["id"]] for n in found if api.known(names[n["id"]])})
    years = sorted({int(n["date"][:4]) for n in found if api.known(n["date"])})
    c1, c2, c3, c4, c5 = st.columns([1.2, 1, 1.2, 1, 1])
    modes = {"混合（推荐）": "hybrid", "关键词": "lexical", "语义": "dense"}
    types = {"问题和措施": "any", "问题": "finding", "整改措施": "measure"}
    mode = modes[c1.selectbox("检索方式", list(modes), key=f"{key}mode", bind=URL)]
    rtype = types[c2.selectbox("类型", list(types), key=f"{key}rtype", bind=URL)]
    issuer = c3.selectbox("发布单位", ["全部", *issuers], key=f"{key}issuer", bind=URL)
    kind = c4.selectbox("类别", ["全部", *api.NOTICE_KINDS], key=f"{key}kind", bind=URL)
    statuses = {"全部": None, **{label: code for code, label in api.STATUS_LABEL.items()}}
    status = statuses[c5.selectbox("整改状态", list(statuses), key=f"{key}status", bind=URL)]
    year_from = year_to = None
    undated = True
    if len(years) > 1:
        y1, y2 = st.columns([4, 1])
        lo, hi = y1.slider("年份", years[0], years[-1], (years[0], years[-1]), key=f"{key}years", bind=URL)
        undated = y2.checkbox(api.UNKNOWN_DATE, value=True, key=f"{key}undated", help="也显示没有注明日期的通报",
                              bind=URL)
        if (lo, hi) != (years[0], years[-1]) or not undated:
            year_from, year_to = lo, hi
    t1, t2 = st.columns([1, 4])
    top = t1.number_input("显示条数", 5, 50, 10, step=5, key=f"{key}top", bind=URL)
    st.session_state["_zg_sort"] = t2.radio("排序", list(api.SORTS), format_func=api.SORTS.get, horizontal=True,
                                            key=f"{key}sort", bind=URL)
    filters = api.Filters(type=rtype, issuer=None if issuer == "全部" else issuer,
                          kind=None if kind == "全部" else kind, year_from=year_from, year_to=year_to,
                          undated=undated, status=status)
    return filters, mode, int(top)


def document_link(notice_id: int, at: Optional[int] = None) -> str:
    return f"document?notice={notice_id}" + (f"&at={at}" if at is not None else "")


def _marked(text: str, terms) -> str:
    return api.marked_html(text, api.term_spans(text, terms))


def result_card(result: api.FindingResult, rank: int) -> None:
    """One finding the search found: its title, the best passage with the query's words marked, where it
    comes from, and its measures once — those the search matched marked ▶ — with a link to the place in
    the notice. A hit on a finding and on two of its measures is this one card."""
    hit = result.hit
    with st.container(border=True):
        label = api.TYPE_LABEL[hit.type]
        st.markdown(f"**{rank}. 【{label}】{_marked(hit.finding_title, hit.terms)}**", unsafe_allow_html=True)
        st.markdown(_marked(hit.text, hit.terms), unsafe_allow_html=True)
        parts = [hit.source or hit.notice_title, api.issuer_text(hit.issuer), api.date_text(hit.date),
                 f"第{hit.page}页" if hit.page else "", api.STATUS_LABEL.get(hit.status or "", "")]
        relevance = f" · 相关度 {hit.relevance}（{api.strength(hit.relevance)}）" if hit.relevance is not None else ""
        recurring = ' <span class="badge">屡查屡犯</span>' if hit.recurring else ""
        recurring += ' <span class="badge">原文匹配</span>' if hit.exact else ""
        st.markdown(f'<span class="hit-meta">{" · ".join(esc(p) for p in parts if p)}{relevance}</span>{recurring} '
                    f'<a href="{esc(document_link(hit.notice_id, hit.start))}" target="_self">在原文中查看 ›</a>',
                    unsafe_allow_html=True)
        if hit.match:
            st.markdown(f"▶ 最相关的措施：{_marked(hit.match.text, hit.terms)}", unsafe_allow_html=True)
        matched = result.matched - {hit.id} - ({hit.match.id} if hit.match else set())
        for other in (m for m in hit.measures if m.id in matched):
            st.markdown(f"▶ 也匹配：{_marked(other.text, hit.terms)}", unsafe_allow_html=True)
        if hit.measures:
            also = f"，{len(result.matched)} 条与检索相关" if result.matched else ""
            with st.expander(f"整改措施（{len(hit.measures)} 条{also}）"):
                for m in hit.measures:
                    mark = "▶ " if m.id in result.matched else ""
                    st.markdown(f"- {mark}{_marked(m.text, hit.terms)} "
                                f"<span class=\"badge\">{esc(api.STATUS_LABEL.get(m.status, ''))}</span>",
                                unsafe_allow_html=True)


def results_export(lib: api.Workspace, results: list, query: str, key: str = "results") -> None:
    """The results as a table (CSV, Excel) and as a 整改台账 (Excel, Word), for the roles that may export;
    each download is checked and logged by the workspace when it is pressed."""
    if not results or not lib.can("export"):
        return
    rows = api.result_rows(results)
    columns = list(api.RESULT_COLUMNS)
    chosen = [(r.hit.notice_id, r.hit.key) for r in results]
    title = f"整改台账（检索：{query.strip()[:30]}）"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    c1, c2, c3, c4, _ = st.columns([1, 1, 1.3, 1.3, 2])
    c1.download_button("结果 CSV", lambda: lib.export("search", "csv", rows, columns), "检索结果.csv", "text/csv",
                       key=f"{key}_csv")
    c2.download_button("结果 Excel", lambda: lib.export("search", "xlsx", rows, columns, sheet="检索结果"),
                       "检索结果.xlsx", xlsx, key=f"{key}_xlsx")
    c3.download_button("整改台账 Excel", lambda: lib.ledger(chosen, "xlsx", title), "整改台账.xlsx", xlsx,
                       key=f"{key}_ledger_xlsx")
    c4.download_button("整改台账 Word", lambda: lib.ledger(chosen, "docx", title), "整改台账.docx", docx,
                       key=f"{key}_ledger_docx")
