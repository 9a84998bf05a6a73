"""文档: one notice, its outline beside its text, with figures and the located passage marked."""
import streamlit as st

from zhenggai import api
from zhenggai.ui import common


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def remove_button(lib: api.Library, notice_id: int, label: str) -> None:
    """删除: behind a confirmation; the notice leaves the library and every index in one step."""
    if lib.readonly:
        return
    with st.expander("删除这份通报"):
        st.caption("从文库和检索索引中删除这份通报及其问题、措施、数字；原始文件不受影响，可以重新导入。")
        sure = st.checkbox(f"确认删除：{label}", key="remove_sure")
        if st.button("删除", type="primary", disabled=not sure, key="remove_notice"):
            try:
                common.remove_notice(lib, notice_id)
            except api.ZhenggaiError as exc:
                st.error(exc.zh)
                return
            st.session_state["removed"] = label
            st.rerun()


lib = common.library()
st.header("通报原文与结构")
if st.session_state.get("removed"):
    st.success(f"已删除：{st.session_state.pop('removed')}")
found = common.cached_notices(lib)
ids = [n["id"] for n in found]
labels = {n["id"]: common.notice_label(n) for n in found}
wanted = _int(st.query_params.get("notice"))
if wanted in ids and st.session_state.get("doc_notice") != wanted and st.session_state.get("_zg_doc_url") != wanted:
    st.session_state["doc_notice"] = wanted  # a link, Back or a reload names the notice: it wins
st.session_state["_zg_doc_url"] = wanted
notice_id = st.selectbox("通报", ids, index=ids.index(wanted) if wanted in ids else 0, format_func=labels.get,
                         key="doc_notice")
if notice_id is not None and wanted != notice_id:  # the notice chosen here goes into the URL (Back, a shared link)
    st.query_params.pop("at", None)
    st.query_params["notice"] = str(notice_id)
    st.session_state["_zg_doc_url"] = notice_id
try:
    doc = lib.document(notice_id) if notice_id is not None else None
except api.LibraryError as exc:  # one damaged row: said here, with its repair; every other notice opens
    st.error(exc.zh)
    remove_button(lib, notice_id, labels[notice_id])
    st.stop()
if doc is None:
    st.info("没有这份通报。")
    st.stop()
at = _int(st.query_params.get("at")) if wanted == notice_id else None
n = doc.notice
facts = [api.issuer_text(n.issuer), api.date_text(n.date), n.kind,
         f"巡视巡察 {n.inspection_start} 至 {n.inspection_end or '?'}" if n.inspection_start else None,
         f"反馈 {n.feedback_date}" if n.feedback_date else None]
st.markdown(f'<div class="doc-title"><b>{common.esc(n.title or "（无标题）")}</b><br>'
            f'<span class="hit-meta">{" · ".join(common.esc(x) for x in facts if x)}</span></div>',
            unsafe_allow_html=True)
if lib.can("export"):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    e1, e2, _ = st.columns([1, 1, 4])
    ledger_title = f"整改台账：{n.title or labels[notice_id]}"
    e1.download_button("整改台账 Excel", lambda: lib.ledger([(notice_id, None)], "xlsx", ledger_title),
                       f"整改台账-{notice_id}.xlsx", xlsx, key="doc_ledger_xlsx")
    e2.download_button("整改台账 Word", lambda: lib.ledger([(notice_id, None)], "docx", ledger_title),
                       f"整改台账-{notice_id}.docx", docx, key="doc_ledger_docx")
remove_button(lib, notice_id, labels[notice_id])
if n.read_by == "ocr":
    sure = f"，平均置信度 {n.ocr_confidence:.1%}" if n.ocr_confidence is not None else ""
    unsure = f"；{len(n.low_confidence)} 行识别把握较低，已在原文中以波浪线标出" if n.low_confidence else ""
    st.markdown(f'<span class="badge">扫描件（OCR识别）</span> 文字由本机识别{sure}{unsure}，引用前请与原件核对。',
                unsafe_allow_html=True)
located = next((f for f in doc.findings if at is not None and f.start <= at < f.end), None)
again = lib.recurring_in(notice_id)
outline, full = st.columns([1, 1])
with outline:
    st.subheader("结构")
    titles = {s.ordinal: s.title for s in doc.sections}
    current = None
    for f in doc.findings:
        if f.section != current:
            current = f.section
            st.markdown(f"**{api.section_marker(current)}{common.md(titles.get(current, ''))}**")
        number = f"{f.number}. " if f.number else ""
        theme = f" · {api.THEME_LABEL.get(f.theme, f.theme)}" if f.theme else ""
        repeat = "【屡查屡犯】" if f.id in again else ""
        with st.expander(f"{'【定位】' if f is located else ''}{repeat}{number}{f.title[:40]} · "
                         f"{api.STATUS_LABEL.get(f.status, '')}{theme}", expanded=f is located):
            if f.id in again:
                earlier = again[f.id]
                st.markdown(f'<span class="badge">屡查屡犯 · 相似度 {earlier["similarity"]}</span> 与'
                            f'<a href="{common.esc(common.document_link(earlier["notice_id"]))}" target="_self">'
                            f'{common.esc(earlier["notice_title"] or "")}（{common.esc(api.date_text(earlier["date"]))}）</a>中的'
                            f'“{common.esc(earlier["title"])}”相同', unsafe_allow_html=True)
            st.text(f.text)
            for m in f.measures:
                st.markdown(f"{m.ordinal}\\. {common.md(m.text)} <span class=\"badge\">"
                            f"{common.esc(api.STATUS_LABEL.get(m.status, ''))}</span>", unsafe_allow_html=True)
    if doc.next_steps:
        st.markdown("**下一步**")
        for item in doc.next_steps:
            st.markdown(f"- {common.md(api.short(item, 120))}")
with full:
    st.subheader("原文（数字已标出）")
    spans = [(f.start, f.end) for f in doc.figures if f.kind in api.FIGURE_KIND_LABEL]
    unsure = [(start, end) for start, end in n.low_confidence]

    def marked(start: int, end: int, figures: bool = True) -> str:
        """text[start:end] with its figures marked and its low-confidence OCR lines underlined."""
        inside = [(s - start, e - start) for s, e in spans if figures and start <= s and e <= end]
        lows = [(max(s, start) - start, min(e, end) - start) for s, e in unsure if s < end and e > start]
        return api.regions_html(doc.text[start:end], inside, "fig", lows, "lowconf", "OCR 识别把握较低")

    body = marked(0, len(doc.text))
    if located is not None:  # mark the located finding and bring it into view
        body = marked(0, located.start) + \
            f'<mark id="located" class="located">{marked(located.start, located.end)}</mark>' + \
            marked(located.end, len(doc.text))
    st.markdown(f'<div class="notice-text">{body}</div>', unsafe_allow_html=True)
    if located is not None:
        st.components.v1.html("<script>const el = window.parent.document.getElementById('located');"
                              "if (el) { el.scrollIntoView({block: 'center'}); }</script>", height=0)
