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
    if not hits:
        st.info("没有找到相关结果")
    else:
        st.caption(f"共 {len(hits)} 条结果")
    for rank, hit in enumerate(hits, 1):
        common.result_card(hit, rank)
