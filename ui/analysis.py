"""分析: what the notices say together — totals each notice states, themes of findings, problems that
come back, and problems common to several units. Every number links to the notices or findings behind it."""
import pandas as pd
import streamlit as st

from zhenggai import api
from zhenggai.ui import charts, common

TOTAL_LABEL = {"problems_total": "问题总数", "problems_done": "已完成", "problems_ongoing": "正在整改",
               "completion_rate": "整改完成率（%）", "measures_total": "整改措施（条）", "rules_made": "新建制度（项）",
               "people_held_accountable": "问责（人）", "money_recovered": "挽回资金（万元）",
               "audit_amount": "审计查出金额（万元）", "audit_amount_rectified": "已整改金额（万元）"}
MONEY = ("money_recovered", "audit_amount", "audit_amount_rectified")


@st.cache_data(show_spinner=False, max_entries=4)
def totals(folder: str, generation: int) -> pd.DataFrame:
    rows = api.notice_totals(common._library(folder))
    names = api.issuer_names(common._library(folder).notices())  # one office, one name
    frame = pd.DataFrame([{**r, "issuer": names.get(r["notice_id"], r["issuer"])} for r in rows])
    for key in api.TOTAL_KEYS:
        if key in MONEY:
            frame[key] = (frame[key].astype(float) / 1e4).round(2)
        elif key != "completion_rate":
            frame[key] = frame[key].astype("Int64")  # counts stay whole numbers beside the gaps
    return frame


@st.cache_data(show_spinner=False, max_entries=4)
def findings(folder: str, generation: int) -> pd.DataFrame:
    names = api.issuer_names(common._library(folder).notices())
    return pd.DataFrame([{**f, "issuer": names.get(f["notice_id"], f["issuer"])}
                         for f in common._library(folder).findings()])


@st.cache_data(show_spinner=False, max_entries=4)
def groups(folder: str, generation: int) -> list[dict]:
    names = api.issuer_names(common._library(folder).notices())
    out = []
    for g in api.common_groups(common._library(folder)):
        members = [{**f, "issuer": names.get(f["notice_id"], f["issuer"])} for f in g.findings]
        issuers = list(dict.fromkeys(f["issuer"] for f in members))
        out.append({"label": g.label, "keywords": g.keywords, "issuers": issuers, "years": g.years, "findings": members})
    return out


lib = common.library()
folder, generation = str(lib.folder), lib.generation()
st.header("综合分析")

st.subheader("各通报自述的整改总数")
frame = totals(folder, generation)
for _, row in frame[frame["damaged"].notna()].iterrows():  # one damaged row is said, the others shown
    st.warning(lib.damaged(int(row["notice_id"]), row["damaged"]).zh)
table = frame.assign(通报=frame["notice"], 发布单位=frame["issuer"].fillna(api.UNKNOWN_ISSUER),
                     日期=frame["date"].fillna(api.UNKNOWN_DATE), 链接="document?notice=" + frame["notice_id"].astype(str))
shown = table[["通报", "发布单位", "日期", *api.TOTAL_KEYS, "链接"]].rename(columns=TOTAL_LABEL)
st.dataframe(shown.astype(object).fillna(""), hide_index=True, width="stretch",
             column_config={"链接": st.column_config.LinkColumn("原文", display_text="查看")})
records = shown.drop(columns=["链接"]).astype(object).where(shown.drop(columns=["链接"]).notna(), None).to_dict("records")
if lib.can("export"):
    st.download_button("下载 Excel", lambda: lib.export("totals", "xlsx", records, [c for c in shown.columns if c != "链接"],
                                                      sheet="整改总数"), "totals.xlsx", key="totals_xlsx")
st.caption("空白表示通报未写明；数字均取自通报原文（概述或总结句），不由单个问题累加。")
rates = frame[frame["completion_rate"].notna()]
st.markdown("**整改完成率（按通报，取自通报原文）**")
if rates.empty:
    st.caption("没有通报写明整改完成率。")
else:
    named = rates.assign(通报=rates["issuer"].map(api.issuer_text) + " · " + rates["date"].map(api.date_text),
                         完成率=rates["completion_rate"].astype(float), 标题=rates["notice"])
    charts.hbars(named[["通报", "完成率", "标题"]], "通报", "完成率", unit="完成率（%）",
                 tooltip=["标题", "通报", "完成率"])
st.markdown("**问题数（按通报年份）**")
counted = frame.assign(年份=frame["year"].map(lambda y: api.UNKNOWN_DATE if pd.isna(y) else str(int(y))))
per_year = counted.groupby("年份", as_index=False)["findings"].sum().rename(columns={"findings": "问题数"})
charts.columns(per_year, "年份", "问题数", unit="问题数（个）")

st.subheader("问题主题分布")
found = findings(folder, generation)
if found.empty:
    st.caption("文库中还没有问题。")
else:
    found = found.assign(主题=found["theme"].map(api.THEME_LABEL).fillna("未分类"),
                         年份=found["year"].map(lambda y: api.UNKNOWN_DATE if pd.isna(y) else str(int(y))),
                         发布单位=found["issuer"].fillna(api.UNKNOWN_ISSUER), 类别=found["kind"].fillna("其他"))
    by = st.radio("按", ["年份", "发布单位", "类别"], horizontal=True, key="theme_by", bind=common.URL)
    counts = found.groupby([by, "主题"]).size().rename("问题数").reset_index()
    counts["占比"] = (counts["问题数"] / counts.groupby(by)["问题数"].transform("sum") * 100).round(1)
    charts.shares(counts, by, "主题")
    st.caption("每行是一组（某年、某单位或某类通报），格中数字为该组问题中各主题所占百分比，每行合计 100%。")
    pick = st.selectbox("查看某一主题的问题", sorted(found["主题"].unique()), key="theme_pick", bind=common.URL)
    for _, f in found[found["主题"] == pick].head(30).iterrows():
        st.markdown(f'- <a href="{common.esc(common.document_link(f["notice_id"]))}" target="_self">'
                    f'{common.esc(f["title"])}</a> <span class="hit-meta">{common.esc(api.issuer_text(f["issuer"]))} · '
                    f'{common.esc(api.date_text(f["date"]))}</span>', unsafe_allow_html=True)

st.subheader("屡查屡犯：同一单位先后通报中再次出现的问题")
links = lib.recurring()
if not links:
    st.caption("没有发现：同一发布单位的先后通报中没有重复的问题。")
for link in links:
    f, e = link["finding"], link["earlier"]
    st.markdown(f'<span class="badge">相似度 {link["similarity"]}</span> '
                f'<a href="{common.esc(common.document_link(f["notice_id"]))}" target="_self">{common.esc(f["title"])}</a>'
                f'（{common.esc(api.date_text(f["date"]))}）← <a href="{common.esc(common.document_link(e["notice_id"]))}" '
                f'target="_self">{common.esc(e["title"])}</a>（{common.esc(api.date_text(e["date"]))}）', unsafe_allow_html=True)

st.subheader("多个单位共有的问题")
found_groups = groups(folder, generation)
if not found_groups:
    st.caption("还没有在两个以上单位中同时出现的问题。")
for g in found_groups[:10]:
    years = "、".join(str(y) for y in g["years"]) or api.UNKNOWN_DATE
    with st.expander(f"{g['label']}（{len(g['issuers'])} 个单位 · {len(g['findings'])} 个问题 · {years}）"):
        st.caption(f"关键词：{common.md(g['keywords'])} · 单位：{common.md('、'.join(api.issuer_text(i) for i in g['issuers']))}")
        for f in g["findings"]:
            st.markdown(f'- <a href="{common.esc(common.document_link(f["notice_id"]))}" target="_self">'
                        f'{common.esc(f["title"])}</a> <span class="hit-meta">{common.esc(api.issuer_text(f["issuer"]))} · {common.esc(api.date_text(f["year"]))}</span>',
                        unsafe_allow_html=True)
