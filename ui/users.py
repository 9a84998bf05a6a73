"""用户管理 (administrators): the accounts of this library — add, change role, reset password, remove.
Every change is checked and logged by the account store, as the command line's `zhenggai users` is."""
import pandas as pd
import streamlit as st

from zhenggai import api
from zhenggai.ui import common

common.require_page("accounts")
lib = common.library()
st.header("用户管理")
roles = list(api.ROLES)
label = api.ACCOUNT_ROLE_LABEL.get


def attempt(action, done: str) -> None:
    try:
        action()
    except (api.AccountError, api.AccessDenied) as exc:
        st.error(exc.zh)
    else:
        st.session_state["users_done"] = done
        st.rerun()


if st.session_state.get("users_done"):
    st.success(st.session_state.pop("users_done"))
users = lib.users()
st.dataframe(pd.DataFrame([{"用户名": u.name, "角色": label(u.role), "创建时间": api.local_time(u.created, False),
                            "最近登录": api.local_time(u.last_login, False) or "从未", "状态": "已锁定" if u.locked else ""}
                           for u in users], columns=["用户名", "角色", "创建时间", "最近登录", "状态"]),
             hide_index=True, width="stretch")
st.caption("查阅：检索、相似措施、文档、统计、分析；录入：另可导入、删除通报和下载导出；管理：另可管理账户和查看审计日志。")

left, right = st.columns(2)
with left, st.form("user_add", clear_on_submit=True):
    st.subheader("添加账户")
    name = st.text_input("用户名", key="add_name", max_chars=64)
    role = st.selectbox("角色", roles, format_func=label, key="add_role")
    first = st.text_input("密码（至少 8 个字符）", type="password", key="add_password", max_chars=1024)
    again = st.text_input("再次输入密码", type="password", key="add_again", max_chars=1024)
    if st.form_submit_button("添加账户", type="primary"):
        if first != again:
            st.error(api.AccountError("A012").zh)
        else:
            attempt(lambda: lib.add_user(name, role, first), f"已添加账户 {name}")
with right:
    st.subheader("修改账户")
    names = [u.name for u in users]
    if not names:
        st.caption("还没有账户。")
    else:
        who = st.selectbox("账户", names, key="edit_name")
        current = next(u.role for u in users if u.name == who)
        with st.form("user_role"):
            role = st.selectbox("角色", roles, index=roles.index(current), format_func=label, key="edit_role")
            if st.form_submit_button("修改角色"):
                attempt(lambda: lib.set_role(who, role), f"{who} 的角色已改为{label(role)}")
        with st.form("user_password", clear_on_submit=True):
            first = st.text_input("新密码", type="password", key="edit_password", max_chars=1024)
            again = st.text_input("再次输入新密码", type="password", key="edit_again", max_chars=1024)
            if st.form_submit_button("重设密码"):
                if first != again:
                    st.error(api.AccountError("A012").zh)
                else:
                    attempt(lambda: lib.set_password(who, first), f"已重设 {who} 的密码，其登录已失效")
        with st.form("user_remove"):
            sure = st.checkbox(f"确认删除账户 {who}", key="remove_sure")
            if st.form_submit_button("删除账户") and sure:
                attempt(lambda: lib.remove_user(who), f"已删除账户 {who}")
