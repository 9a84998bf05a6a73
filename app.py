"""The Streamlit app: 检索, 相似措施, 统计, 分析, 文档, 导入 — one file per page under ui/.

Thin: every answer comes from the public API (`zhenggai.api`); `zhenggai app` runs this file.
"""
from __future__ import annotations

import warnings

import streamlit as st

from zhenggai import api
from zhenggai.ui import common

if not api.Settings.from_env().debug:
    warnings.filterwarnings("ignore")  # library deprecations are for developers, not for the console

st.set_page_config(page_title="整改通报检索", page_icon="📑", layout="wide")
PAGES = [
    st.Page("ui/search.py", title="检索", url_path="search", default=True),
    st.Page("ui/similar.py", title="相似措施", url_path="similar"),
    st.Page("ui/stats.py", title="统计", url_path="stats"),
    st.Page("ui/analysis.py", title="分析", url_path="analysis"),
    st.Page("ui/document.py", title="文档", url_path="document"),
    st.Page("ui/importer.py", title="导入", url_path="import"),
]
page = st.navigation(PAGES)
common.setup()
st.sidebar.title("整改通报检索")
lib = common.library()
if not common.cached_notices(lib) and page.url_path != "import":
    common.offer_samples(lib)
else:
    page.run()
common.sidebar_counts(lib)
