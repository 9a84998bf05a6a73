"""相似措施: what others did about a similar problem."""
import streamlit as st

from zhenggai import api
from zhenggai.ui import common

lib = common.library()
st.header("相似问题的整改措施")
st.caption("选一个问题，或粘贴一段问题描述，看看其他单位遇到相似问题时是怎么整改的。")
found = common.cached_findings(lib)
how = st.radio("来源", ["从文库中选择", "粘贴问题描述"], horizontal=True, key="similar_source", bind=common.URL)
top = st.slider("显示几个相似问题", 1, 6, 3, key="similar_top", bind=common.URL)
hits, source = [], None
if how == "从文库中选择":
    words = st.text_input("查找问题", key="similar_find", bind=common.URL,
                          placeholder="输入问题、单位或通报中的词筛选，例如：借调、食堂、采购").split()
    shown = [f for f in found if all(w in f"{f['title']} {f['notice_title']} {f['issuer'] or ''}" for w in words)]
    options = {f"{(f['title'] or '')[:40]} — {(f['notice_title'] or '')[:24]}  #{f['id']}": f["id"] for f in shown}
    ids = list(options.values())
    wanted = next((int(v) for v in [st.query_params.get("finding")] if v and v.isdigit()), None)
    if wanted in ids and st.session_state.get("_zg_similar_url") != wanted:
        st.session_state["similar_pick"] = list(options)[ids.index(wanted)]  # a link, Back or a reload
    st.session_state["_zg_similar_url"] = wanted
    if words:
        st.caption(f"找到 {len(options)} 个问题" if options else "没有问题含有这些词，请换一个词。")
    choice = st.selectbox("问题", list(options), key="similar_pick", placeholder="选择一个问题") if options else None
    if choice:
        source = lib.record_hit(options[choice])
        hits = lib.similar(source.id, top=top)
        if wanted != source.id:
            st.query_params["finding"] = str(source.id)
            st.session_state["_zg_similar_url"] = source.id
else:
    text = st.text_area("问题描述", key="similar_text", placeholder="例如：部分单位化整为零规避公开招标", bind=common.URL)
    if text.strip():
        hits = lib.search(text, mode="hybrid", top=top, filters=api.Filters(type="finding"))
if source is not None:
    with st.container(border=True):
        st.markdown(f"**所选问题：{common.md(source.finding_title)}**（{common.md(source.source or source.notice_title)}）")
        st.text(source.text)
        if source.measures:
            st.markdown("**本单位的整改措施**")
            for m in source.measures:
                st.markdown(f"- {common.md(m.text)}")
if (source is not None or how != "从文库中选择") and not hits:
    if source is not None or st.session_state.get("similar_text", "").strip():
        st.info("其他通报中没有找到相似问题。")
if hits:
    for column, hit in zip(st.columns(len(hits)), hits):
        with column, st.container(border=True):
            st.markdown(f"**{common.md(hit.finding_title)}**")
            similarity = f" · 相似度 {hit.relevance}（{api.strength(hit.relevance)}）" if hit.relevance is not None else ""
            page = f" · 第{hit.page}页" if hit.page else ""
            st.caption(f"{common.md(hit.source or hit.notice_title)} · {common.md(api.issuer_text(hit.issuer))} · "
                       f"{api.date_text(hit.date)}{page}{similarity}")
            for m in hit.measures:
                st.markdown(f"- {common.md(m.text)}")
            st.markdown(f'<a href="{common.esc(common.document_link(hit.notice_id, hit.start))}" target="_self">'
                        "在原文中查看 ›</a>", unsafe_allow_html=True)
