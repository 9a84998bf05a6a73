"""检索: find findings and measures by words and meaning; one card per finding, sorted by relevance or
date, exported as a table or a 整改台账. The query and filters live in the URL (Back restores them)."""
import streamlit as st

from zhenggai import api
from zhenggai.ui import common

lib = common.library()
st.header("检索问题与整改措施")
query = st.text_input("输入要查找的问题或做法", placeholder="例如：借调人员没有备案", key="query", bind=common.URL)
filters, mode, top = common.filters_widget(lib)
sort = st.session_state.get("_zg_sort", "relevance")
if not query.strip():
    st.caption("支持同义表述：语义检索能找到用词不同但意思相近的问题。")
else:
    with st.spinner("检索中…"):
        hits = lib.search(query, mode=mode, top=top, filters=filters)
    if not lib.calibrated:
        st.caption("当前语义模型没有相关度校准：结果只按排名列出，不显示相关度，也不设下限。")
    results = api.sort_results(api.by_finding(hits), sort)
    if results:
        st.caption(f"共 {len(results)} 个问题（每个问题一张卡片，内附与检索相关的措施；相关度 0–100，强 ≥ 70，中 ≥ 50）")
        common.results_export(lib, results, query)
        for rank, result in enumerate(results, 1):
            common.result_card(result, rank)
    else:
        st.info("没有找到相关结果")
        if st.toggle("显示较弱的匹配", key="weak"):
            weak = api.sort_results(api.by_finding(lib.search(query, mode=mode, top=top, filters=filters,
                                                              floor=False)), sort)
            st.caption("以下结果相关度较低，仅供参考。")
            for rank, result in enumerate(weak, 1):
                common.result_card(result, rank)
