"""What `zhenggai app` serves: the Streamlit app (app.py) plus the two routes that set and clear the
login cookie (ui/cookie.py). Streamlit's own `streamlit run serve.py` finds `app` and runs it."""
import streamlit as st

from zhenggai.ui import cookie

app = st.App("app.py", routes=cookie.routes())
