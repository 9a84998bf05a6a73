"""检索: find findings and measures by words and meaning."""
import streamlit as st

from zhenggai.ui import common

lib = common.library()
st.header("检索问题与整改措施")
query = st.text_input("输入要查找的问题或做法", placeholder="例如：借调人员没有备案", key="query")
filters, mode, top = common.filters_widget(lib)
if not query.strip():
    st.caption("支持同义表述：语义检索能找到用词不同但意思相近的问题。")
else:
    with st.spinner("检索中…"):
        hits = lib.search(query, mode=mode, top=top, filters=filters)
    if not lib.calibrated:
        st.caption("当前语义模型没有相关度校准：结果只按排名列出，不显示相关度，也不设下限。")
    if hits:
        st.caption(f"共 {len(hits)} 个问题（每个问题一条，内附最相关的措施；相关度 0–100，强 ≥ 70，中 ≥ 50）")
        for rank, hit in enumerate(hits, 1):
            common.result_card(hit, rank)
    else:
        st.info("没有找到相关结果")
        if st.toggle("显示较弱的匹配", key="weak"):
            weak = lib.search(query, mode=mode, top=top, filters=filters, floor=False)
            st.caption("以下结果相关度较低，仅供参考。")
            for rank, hit in enumerate(weak, 1):
                common.result_card(hit, rank)
