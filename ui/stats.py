"""统计: every figure of the library as a table researchers can filter and export, and charts."""
import pandas as pd
import streamlit as st

from zhenggai import api
from zhenggai.ui import common


@st.cache_data(show_spinner=False, max_entries=4)
def figures_frame(folder: str, generation: int) -> pd.DataFrame:
    rows = common._library(folder).figures()
    frame = pd.DataFrame(rows, columns=list(api.FIGURE_COLUMNS) + ["notice_id", "finding_id", "start", "end"]) \
        if not rows else pd.DataFrame(rows)
    return frame


@st.cache_data(show_spinner=False, max_entries=4)
def targets_frame(folder: str, generation: int) -> pd.DataFrame:
    return pd.DataFrame(common._library(folder).targets())


lib = common.library()
st.header("数字统计")
frame = figures_frame(str(lib.folder), lib.generation())
if frame.empty:
    st.info("文库中还没有数字。")
    st.stop()
frame = frame.assign(issuer=frame["issuer"].fillna(api.UNKNOWN_ISSUER))
c1, c2, c3 = st.columns(3)
kinds = c1.multiselect("类别", list(api.FIGURE_KIND_LABEL), default=["money", "percent", "percentage_point", "count"],
                       format_func=api.FIGURE_KIND_LABEL.get, key="f_kinds", placeholder="全部类别")
units = c2.multiselect("单位", sorted(frame["unit"].dropna().unique()), key="f_units", placeholder="全部单位")
metric = c3.text_input("指标包含", key="f_metric", placeholder="例如：资产、完成率")
c4, c5, c6 = st.columns(3)
years = sorted(int(y) for y in frame["year"].dropna().unique())
year_range = c4.slider("年份", years[0], years[-1], (years[0], years[-1]), key="f_years") if len(years) > 1 else None
issuers = c5.multiselect("发布单位", sorted(frame["issuer"].unique()), key="f_issuers", placeholder="全部单位")
roles = c6.multiselect("角色", ["target", "actual", "baseline", "none"],
                       format_func=lambda r: api.ROLE_LABEL.get(r, "未标注"), key="f_roles", placeholder="全部角色")
keep = frame.index == frame.index
if kinds:
    keep &= frame["kind"].isin(kinds)
if units:
    keep &= frame["unit"].isin(units)
if metric:
    keep &= frame["metric"].fillna("").str.contains(metric, regex=False)
if year_range and year_range != (years[0], years[-1]):
    keep &= frame["year"].isna() | frame["year"].between(*year_range)
if issuers:
    keep &= frame["issuer"].isin(issuers)
if roles:
    keep &= frame["role"].fillna("none").isin(roles)
shown = frame[keep]
export = (shown[list(api.FIGURE_COLUMNS)]
          .assign(kind=shown["kind"].map(api.FIGURE_KIND_LABEL), role=shown["role"].map(api.ROLE_LABEL),
                  qualifier=shown["qualifier"].map(api.QUALIFIER_LABEL), theme=shown["theme"].map(api.THEME_LABEL),
                  notice_date=shown["notice_date"].fillna(api.UNKNOWN_DATE))
          .rename(columns=api.FIGURE_COLUMN_LABEL))
records = export.astype(object).where(export.notna(), None).to_dict("records")
columns = list(export.columns)
notes = {api.FIGURE_COLUMN_LABEL[c]: api.COLUMN_NOTES[c] for c in api.FIGURE_COLUMNS}
if lib.can("export"):  # downloads are for editors and administrators; each is logged when pressed
    d1, d2, _ = st.columns([1, 1, 4])
    d1.download_button("下载 CSV", lambda: lib.export("figures", "csv", records, columns), "figures.csv", "text/csv",
                       key="csv")
    d2.download_button("下载 Excel", lambda: lib.export("figures", "xlsx", records, columns, sheet="数字", notes=notes),
                       "figures.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="xlsx")
st.caption(f"{len(shown)} 个数字（共 {len(frame)} 个）")
st.dataframe(export.astype(object).fillna(""), hide_index=True, width="stretch")

money = shown[(shown["kind"] == "money") & shown["value"].notna() & (shown["role"] != "target")]
if not money.empty:
    st.subheader("金额（万元，不含目标值），按年份和发布单位")
    # A problem's amount and the amount its measure recovered are two statements about one sum: each
    # chart counts one of them, never both.
    where = st.radio("金额出现在", ["整改措施中（已整改、追回等）", "问题描述中（查出、涉及等）"], horizontal=True,
                     key="money_where")
    in_measures = money["record"].fillna("").str.contains(r"\.M")
    money = money[in_measures if where.startswith("整改") else ~in_measures]
    year = money["year"].fillna(pd.to_numeric(money["notice_date"].str[:4], errors="coerce"))
    by_year = money.assign(年份=year.map(lambda y: api.UNKNOWN_DATE if pd.isna(y) else str(int(y))),
                           万元=money["value"] / 1e4)
    if by_year.empty:
        st.caption("没有这类金额。")
    else:
        st.bar_chart(by_year.pivot_table(index="年份", columns="issuer", values="万元", aggfunc="sum").fillna(0))
rates = shown[(shown["kind"] == "percent") & shown["metric"].fillna("").str.contains("率")]
if not rates.empty:
    st.subheader("完成率、占比等百分比")
    labelled = rates.assign(指标=rates["metric"].fillna("（未写明指标）") + " · " + rates["notice"].fillna("").str[:24],
                            百分比=rates["value"])
    common.hbar(labelled[["指标", "百分比"]], "指标", "百分比", unit="%")
targets = targets_frame(str(lib.folder), lib.generation())
if not targets.empty:
    st.subheader("目标与实际")
    paired = targets[targets["actual_value"].notna()]
    for unit, group in paired.groupby("target_unit"):  # one chart per unit: 公里 and % never share an axis
        label = group["metric"].fillna("（未写明指标）") + " · " + group["notice"].str[:20]
        long = pd.concat([pd.DataFrame({"指标": label, "数值": group["target_value"], "类别": "目标"}),
                          pd.DataFrame({"指标": label, "数值": group["actual_value"], "类别": "实际"})])
        st.caption(f"单位：{unit}")
        common.hbar(long, "指标", "数值", color="类别", unit=unit)
    st.dataframe(targets.drop(columns=["notice_id"], errors="ignore").rename(columns={
        "notice": "通报", "issuer": "发布单位", "metric": "指标", "deadline_year": "期限", "comparator": "比较",
        "target_value": "目标值", "target_unit": "单位", "actual_value": "实际值", "actual_unit": "实际单位",
        "text": "原文"}).astype(object).fillna(""), hide_index=True, width="stretch")
