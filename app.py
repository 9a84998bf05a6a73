"""The Streamlit app: 检索, 相似措施, 统计, 分析, 文档, 导入, and for administrators 用户管理 and 审计日志 —
one file per page under ui/.

Thin: every answer comes from the public API (`zhenggai.api`); `zhenggai app` runs this file (through
serve.py). A library with accounts asks for a login first (ui/auth.py); each role sees only the pages
it may use, so a page it may not use has no URL for it, and the operations behind the pages check the
role again (`api.Workspace`).
"""
from __future__ import annotations

import warnings

import streamlit as st

from zhenggai import api
from zhenggai.ui import auth, common

if not api.Settings.from_env().debug:
    warnings.filterwarnings("ignore")  # library deprecations are for developers, not for the console

st.set_page_config(page_title="整改通报检索", page_icon="📑", layout="wide")
common.setup()
actor = auth.current()  # the login form, and a stop, when nobody is logged in
st.session_state["_zg_actor"] = actor
PAGES = [  # (the action a page needs, the page)
    ("search", st.Page("ui/search.py", title="检索", url_path="search", default=True)),
    ("search", st.Page("ui/similar.py", title="相似措施", url_path="similar")),
    ("read", st.Page("ui/stats.py", title="统计", url_path="stats")),
    ("read", st.Page("ui/analysis.py", title="分析", url_path="analysis")),
    ("view", st.Page("ui/document.py", title="文档", url_path="document")),
    ("ingest", st.Page("ui/importer.py", title="导入", url_path="import")),
    ("accounts", st.Page("ui/users.py", title="用户管理", url_path="users")),
    ("audit", st.Page("ui/audit.py", title="审计日志", url_path="audit")),
]
page = st.navigation([p for action, p in PAGES if api.allowed(actor.role, action)])
st.sidebar.title("整改通报检索")
auth.sidebar(actor)
lib = common.library()
if not common.cached_notices(lib) and page.url_path not in ("import", "users", "audit"):
    common.offer_samples(lib)
else:
    page.run()
common.sidebar_counts(lib)
