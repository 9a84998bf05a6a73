"""审计日志 (administrators): who did what and when, filtered and exported, with the chain checked
(a changed or removed row is named, as `zhenggai audit --verify` does)."""
from datetime import datetime, time

import pandas as pd
import streamlit as st

from zhenggai import api
from zhenggai.ui import common

SHOWN = 2000  # rows on screen; the export holds every row the filters keep

common.require_page("audit")
lib = common.library()
st.header("审计日志")
verdict = lib.verify_audit()
(st.success if verdict.intact else st.error)(verdict.message_zh())
if not lib.audited:
    st.warning("文库文件夹只读，本次使用不记录审计日志。")
c1, c2, c3 = st.columns(3)
user = c1.selectbox("用户", ["全部", *lib.audit_users()], key="audit_user", bind=common.URL)
action = c2.selectbox("操作", ["全部", *api.AUDIT_ACTIONS], key="audit_action", bind=common.URL,
                      format_func=lambda a: a if a == "全部" else f"{api.ACTION_LABEL.get(a, a)}（{a}）")
since = c3.date_input("起始日期", value=None, key="audit_since", format="YYYY-MM-DD", bind=common.URL)
rows = lib.audit_rows(user=None if user == "全部" else user, action=None if action == "全部" else action,
                      since=datetime.combine(since, time()).astimezone() if since else None)
table = [{"序号": r["seq"], "时间": api.local_time(r["time"]), "用户": r["user"],
          "操作": api.ACTION_LABEL.get(r["action"], r["action"]), "代码": r["action"],
          "详情": r["detail"] if isinstance(r["detail"], str) else api.canonical_json(r["detail"])} for r in rows]
columns = ["序号", "时间", "用户", "操作", "代码", "详情"]
d1, d2, _ = st.columns([1, 1, 4])
d1.download_button("导出 CSV", lambda: lib.export("audit", "csv", table, columns), "audit.csv", "text/csv",
                   key="audit_csv")
d2.download_button("导出 Excel", lambda: lib.export("audit", "xlsx", table, columns, sheet="审计日志"), "audit.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="audit_xlsx")
st.caption(f"{len(rows)} 条记录" + (f"，显示最近 {SHOWN} 条" if len(rows) > SHOWN else ""))
st.dataframe(pd.DataFrame(table[::-1][:SHOWN], columns=columns), hide_index=True, width="stretch")
