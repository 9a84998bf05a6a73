"""相似措施: what others did about a similar problem."""
import streamlit as st

from zhenggai import api
from zhenggai.ui import common

lib = common.library()
st.header("相似问题的整改措施")
st.caption("选一个问题，或粘贴一段问题描述，看看其他单位遇到相似问题时是怎么整改的。")
found = common.cached_findings(lib)
options = {f"{(f['notice_title'] or '')[:24]}… — {(f['title'] or '')[:40]}  #{f['id']}": f["id"] for f in found}
how = st.radio("来源", ["从文库中选择", "粘贴问题描述"], horizontal=True, key="similar_source")
top = st.slider("显示几个相似问题", 1, 6, 3, key="similar_top")
hits, source = [], None
if how == "从文库中选择":
    choice = st.selectbox("问题", list(options), key="similar_pick")
    if choice:
        source = lib.record_hit(options[choice])
        hits = lib.similar(source.id, top=top)
else:
    text = st.text_area("问题描述", key="similar_text", placeholder="例如：部分单位化整为零规避公开招标")
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
