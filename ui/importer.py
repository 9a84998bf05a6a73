"""导入: upload notices; each is identified by its content, never by its file name."""
import json

import streamlit as st

from zhenggai import api
from zhenggai.ui import common

common.require_page("ingest")
lib = common.library()
st.header("导入通报")
if lib.readonly:
    st.warning(common.READ_ONLY)
    st.stop()
limits = lib.settings.limits
st.caption(f"支持 TXT（任意常见编码）、HTML 网页、DOCX、PDF，以及扫描件（无文字层的 PDF 页面和 PNG/JPEG/TIFF 图片，"
           f"在本机离线做文字识别），单个文件不超过 {limits.max_bytes // 2**20} MB。"
           "内容相同的文件（不论文件名或格式）不会重复入库。")
if not common.cached_notices(lib) and st.button("一键载入示例通报（虚构）", key="samples"):
    with st.spinner("正在读取、抽取并建立索引…"):
        lib.ingest([common.SAMPLES])
    st.success("示例通报已载入。")
note = f"或把文件拖放到这里 · 单个文件不超过 {limits.max_bytes // 2**20} MB · TXT、HTML、DOCX、PDF、PNG、JPG、TIF"
st.markdown(f'<style>[data-testid="stFileUploaderDropzoneInstructions"] {{--zg-upload-note: "{note}";}}</style>',
            unsafe_allow_html=True)  # Streamlit's uploader says this in English only: the style sheet shows
st.components.v1.html(  # Chinese, and this puts it in the page's text too (screen readers, copying)
    "<script>const doc = window.parent.document; const note = " + json.dumps(note) + ";"
    "function zh() {"
    " doc.querySelectorAll('[data-testid=\"stFileUploaderDropzone\"] button [data-testid=\"stMarkdownContainer\"] p')"
    "  .forEach(p => { if (p.textContent !== '选择文件') p.textContent = '选择文件'; });"
    " doc.querySelectorAll('[data-testid=\"stFileUploaderDropzoneInstructions\"] span')"
    "  .forEach(s => { if (s.textContent !== note) s.textContent = note; }); }"
    "zh(); new MutationObserver(zh).observe(doc.body, {childList: true, subtree: true});</script>", height=0)
uploader_key = f"uploads{st.session_state.get('upload_round', 0)}"
files = st.file_uploader("选择文件", type=["txt", "html", "htm", "docx", "pdf", "png", "jpg", "jpeg", "tif", "tiff"],
                         accept_multiple_files=True,
                         key=uploader_key)
if files and st.button("导入", type="primary", key="do_import"):
    bar = st.progress(0.0, text="开始…")
    outcomes = []
    for i, upload in enumerate(files):
        def on_progress(p: api.Progress, i=i, name=upload.name) -> None:
            part = p.done / p.total if p.total else 0
            share = {"read": 0.05, "ocr": 0.05 + 0.1 * part, "extract": 0.15, "encode": 0.2 + 0.7 * part,
                     "write": 0.95}[p.stage]
            bar.progress(min((i + share) / len(files), 1.0), text=f"{common.md(name)}（{i + 1}/{len(files)}）：{p.step}")

        result = lib.ingest_bytes(upload.getvalue(), upload.name, on_progress=on_progress,
                                  on_wait=lambda: st.info("另一个导入正在进行，等待其完成…"))
        outcomes.append((upload.name, result))
    bar.progress(1.0, text="完成")
    st.session_state["import_outcomes"] = outcomes
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # clears the chosen files
    st.rerun()
outcomes = st.session_state.get("import_outcomes", [])
names = [name for name, _ in outcomes]
for i, (name, result) in enumerate(outcomes, 1):
    label = f"{name}（第 {i} 个文件）" if names.count(name) > 1 else name  # two uploads of one name: two lines
    if result.status in ("added", "replaced"):
        st.success(f"{common.md(label)}：已导入，{result.findings} 个问题、{result.measures} 条措施")
        st.markdown(f'<a href="{common.esc(common.document_link(result.notice_id))}" target="_self">'
                    f"查看 {common.esc(label)} ›</a>", unsafe_allow_html=True)
    elif result.status == "unchanged":
        st.info(f"{common.md(label)}：内容已在文库中，未重复导入")
        if result.notice_id:
            st.markdown(f'<a href="{common.esc(common.document_link(result.notice_id))}" target="_self">'
                        f"查看文库中已有的这份通报 ›</a>", unsafe_allow_html=True)
    else:
        st.error(f"{common.md(label)}：无法导入——{common.md(result.reason_zh)}")
