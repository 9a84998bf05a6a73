"""Who is using the app: the login form, the session behind it, logout, and who may be served at all.

- A library with accounts: nobody sees anything before logging in (用户名 / 密码 / 登录). A wrong name
  or password gets one answer for both; the fifth wrong password in a row locks the account for 15
  minutes. The session ends when idle (config: AccountSettings.idle_minutes), at 退出登录, when the
  account is removed or its password changed; a reload keeps it (the cookie of ui/cookie.py).
- A library without accounts is one person's, on this machine: served to a browser on this machine
  without a login, refused to any other (also behind a reverse proxy, which forwards the client's
  address) until an administrator account exists.
- A library with accounts in a read-only folder is not served: logins, lockouts and the audit log
  must be written, and serving unaudited would defeat them (see the README, "Accounts and audit").
"""
from __future__ import annotations

from collections import deque
from pathlib import Path

import streamlit as st

from zhenggai import api
from zhenggai.ui import cookie

FORWARDED = ("x-forwarded-for", "forwarded", "x-real-ip")


@st.cache_resource(show_spinner=False)
def _accounts(folder: str) -> api.Accounts:
    return api.accounts(Path(folder))


def accounts() -> api.Accounts:
    return _accounts(str(api.default_library_folder()))


def remote() -> bool:
    """Whether the browser is on another machine (directly, or through a proxy that says so)."""
    headers = {str(k).lower() for k in (st.context.headers or {}).keys()}
    return isinstance(st.context.ip_address, str) or any(h in headers for h in FORWARDED)


def current() -> api.Actor:
    """The actor of this request; otherwise the login form (or a refusal) is shown and the run stops."""
    found = accounts()
    if not found.has_users():
        if remote():
            st.error("这个文库还没有管理员账户，只对本机开放。请先在服务器上添加管理员：zhenggai users add 用户名 --role admin")
            st.stop()
        return api.local_actor()
    if not found.writable:
        st.error(api.AccountError("A009", folder=str(found.folder)).zh)
        st.stop()
    name = cookie.cookie_name(found.library_id())
    token = st.session_state.get("_zg_token") or st.context.cookies.get(name)
    actor, expired = found.session(token)
    if actor is not None:
        st.session_state["_zg_token"] = token
        return actor
    st.session_state.pop("_zg_token", None)
    _login(found, name, expired)
    st.stop()


def _login(found: api.Accounts, name: str, expired: bool) -> None:
    if st.session_state.pop("_zg_clear_cookie", False):
        st.components.v1.html(cookie.clear_script(name), height=0)
    st.title("整改通报检索")
    st.subheader("登录")
    if expired:
        st.info("登录已超时，请重新登录。")
    with st.form("login", clear_on_submit=True):
        user = st.text_input("用户名", key="login_name", max_chars=64)
        password = st.text_input("密码", type="password", key="login_password", max_chars=1024)
        submitted = st.form_submit_button("登录", type="primary")
    if not submitted:
        return
    result = found.login(user, password)
    if result.outcome == "ok":
        st.session_state["_zg_token"] = result.token
        st.session_state["_zg_handoff"] = cookie.handoff(name, result.token)
        st.session_state.pop("_zg_recent", None)
        st.rerun()
    elif result.outcome == "locked":
        st.error(f"密码错误次数过多，该账户已被锁定，请 {found.settings.lock_minutes:g} 分钟后再试。")
    else:
        st.error("用户名或密码错误。")


def sidebar(actor: api.Actor) -> None:
    """Who is logged in, with 退出登录; hands the browser its cookie right after a login."""
    code = st.session_state.pop("_zg_handoff", None)
    if code:
        with st.sidebar:
            st.components.v1.html(cookie.set_script(code), height=0)
    if actor.name.startswith("local:"):
        st.sidebar.caption("本机单人使用（文库未设账户）" + ("" if accounts().writable else "；文库只读，不记录审计日志"))
        return
    st.sidebar.caption(f"用户：{actor.name}（{actor.role_label}）")
    if st.sidebar.button("退出登录", key="logout"):
        accounts().logout(st.session_state.pop("_zg_token", None), actor)
        st.session_state["_zg_clear_cookie"] = True
        st.session_state.pop("_zg_actor", None)
        st.rerun()


def recent() -> deque:
    """The session's recent reads, so a page that Streamlit re-runs on a click is logged once."""
    return st.session_state.setdefault("_zg_recent", deque(maxlen=20))
