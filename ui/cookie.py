"""The login cookie: how a logged-in browser stays logged in across reloads.

Streamlit keeps its session state per browser connection, so a reload would log the user out, and a
Streamlit page cannot set a cookie (it answers over a websocket, not HTTP). `zhenggai app` therefore
serves the app through `serve.py` (Streamlit's `st.App`), which adds two small HTTP routes:

    POST {base}/_zhenggai/session   body: a one-time code → Set-Cookie: the session token
    POST {base}/_zhenggai/logout    body: the cookie name → the cookie is cleared

After a login the page holds the session token in its (server-side) state and hands the browser a
one-time code, valid for a minute, that it trades for the token as a cookie marked HttpOnly (no script
can read it), SameSite=Strict (no other site can send it) and Secure under HTTPS. On a reload
Streamlit reads the cookie from the connection (`st.context.cookies`) and the token is checked in
accounts.db, which stores only its sha256 and ends it when idle. Why not the URL: a token in the
query string ends up in the history, in shared links and screenshots, and Streamlit drops query
parameters when the page changes. The code is kept in this process's memory only.
"""
from __future__ import annotations

import re
import secrets
import threading
import time
from typing import Optional

SESSION_PATH, LOGOUT_PATH = "_zhenggai/session", "_zhenggai/logout"
CODE_SECONDS = 60
COOKIE = re.compile(r"^zhenggai_[0-9a-f]{12}$")
_pending: dict[str, tuple[str, str, float]] = {}   # code → (cookie name, token, expires)
_lock = threading.Lock()


def cookie_name(library_id: str) -> str:
    """One cookie per library, so two libraries served on one host do not log each other out."""
    return f"zhenggai_{library_id[:12]}" if re.fullmatch(r"[0-9a-f]{12,}", library_id) else "zhenggai_000000000000"


def handoff(name: str, token: str) -> str:
    """A one-time code the browser trades for the cookie `name` = `token`."""
    code = secrets.token_urlsafe(24)
    now = time.time()
    with _lock:
        for stale in [c for c, (_, _, until) in _pending.items() if until < now]:
            del _pending[stale]
        _pending[code] = (name, token, now + CODE_SECONDS)
    return code


def take(code: str) -> Optional[tuple[str, str]]:
    with _lock:
        found = _pending.pop(code, None)
    if found is None or found[2] < time.time():
        return None
    return found[0], found[1]


def base_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def _post_script(path: str, body: str) -> str:
    """A script for a zero-height component: POST `body` to `path` of the app's own origin."""
    import json

    return (f"<script>fetch({json.dumps(base_path() + path)}, {{method: 'POST', body: {json.dumps(body)}, "
            "credentials: 'same-origin', cache: 'no-store'});</script>")


def set_script(code: str) -> str:
    return _post_script(SESSION_PATH, code)


def clear_script(name: str) -> str:
    return _post_script(LOGOUT_PATH, name)


def routes() -> list:
    """The two routes, for `st.App(routes=...)`."""
    from starlette.responses import Response
    from starlette.routing import Route

    def foreign(request) -> bool:
        """A request another site's page made (browsers send Origin with every POST)."""
        origin = request.headers.get("origin")
        return bool(origin) and origin.split("://", 1)[-1] != request.headers.get("host")

    async def session(request) -> Response:
        if foreign(request):
            return Response(status_code=403)
        found = take((await request.body())[:100].decode("ascii", "replace"))
        if found is None:
            return Response(status_code=403)
        response = Response(status_code=204)
        response.set_cookie(found[0], found[1], path=base_path(), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    async def logout(request) -> Response:
        name = (await request.body())[:100].decode("ascii", "replace")
        response = Response(status_code=204)
        if COOKIE.match(name):
            response.delete_cookie(name, path=base_path(), httponly=True, samesite="strict",
                                   secure=request.url.scheme == "https")
        return response

    base = base_path()
    return [Route(base + SESSION_PATH, session, methods=["POST"]), Route(base + LOGOUT_PATH, logout, methods=["POST"])]
