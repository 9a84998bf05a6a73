"""统计: every figure of the library as a table researchers can filter and export, and charts."""
import pandas as pd
import streamlit as st

from zhenggai import api
from zhenggai.ui import charts, common


@st.cache_data(show_spinner=False, max_entries=4)
def figures_frame(folder: str, generation: int) -> pd.DataFrame:
    names = api.issuer_names(common._library(folder).notices())  # one office, one name
    rows = [{**r, "issuer": names.get(r.get("notice_id"), r.get("issuer"))} for r in common._library(folder).figures()]
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
                       format_func=api.FIGURE_KIND_LABEL.get, key="f_kinds", bind=common.URL, placeholder="全部类别", select_all=False)
units = c2.multiselect("单位", sorted(frame["unit"].dropna().unique()), key="f_units", bind=common.URL, placeholder="全部单位", select_all=False)
metric = c3.text_input("指标包含", key="f_metric", bind=common.URL, placeholder="例如：资产、完成率")
c4, c5, c6 = st.columns(3)
years = sorted(int(y) for y in frame["year"].dropna().unique())
year_range = c4.slider("年份", years[0], years[-1], (years[0], years[-1]), key="f_years", bind=common.URL) if len(years) > 1 else None
issuers = c5.multiselect("发布单位", sorted(frame["issuer"].unique()), key="f_issuers", bind=common.URL, placeholder="全部单位", select_all=False)
roles = c6.multiselect("角色", ["target", "actual", "baseline", "total", "part", "none"],
                       format_func=lambda r: api.ROLE_LABEL.get(r, "未标注"), key="f_roles", bind=common.URL, placeholder="全部角色", select_all=False)
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
                  about=shown["about"].map(api.MONEY_SUBJECT_LABEL),
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
left_out = [api.FIGURE_KIND_LABEL[k] for k in api.FIGURE_KIND_LABEL if kinds and k not in kinds]
st.caption(f"{len(shown)} 个数字（共 {len(frame)} 个）；表格和下载只含当前筛选出的数字"
           + (f"，未含{'、'.join(left_out)}（在“类别”中选上即可包括）" if left_out else "") + "。")
st.dataframe(export.astype(object).fillna(""), hide_index=True, width="stretch")

records_shown = shown.astype(object).where(shown.notna(), None).to_dict("records")
st.subheader("金额（万元），按年份和发布单位")
# Only money about problems and their rectification, each sum counted once: a notice's own totals where it
# states them (else its findings' amounts), never a goal, a base or a part beside its total.
about = st.radio("金额", list(api.MONEY_SUBJECTS), format_func=api.MONEY_SUBJECTS.get, horizontal=True,
                 key="money_where", bind=common.URL)
money = pd.DataFrame(api.addable_money(records_shown, about))
if money.empty:
    st.caption("没有这类金额。")
else:
    year = money["year"].fillna(pd.to_numeric(money["notice_date"].str[:4], errors="coerce"))
    by_year = money.assign(年份=year.map(lambda y: api.UNKNOWN_DATE if pd.isna(y) else str(int(y))),
                           发布单位=money["issuer"].map(api.issuer_text), 万元=money["value"].astype(float) / 1e4)
    summed = by_year.groupby(["年份", "发布单位"], as_index=False)["万元"].sum()
    charts.columns(summed, "年份", "万元", unit="万元", group="发布单位")
    st.caption("每个单位一根柱子，并排而不叠加；通报写明合计的，只取合计，不再加其中各部分。")
rates = pd.DataFrame(api.rate_rows(records_shown))
if not rates.empty:
    st.subheader("完成率、占比等百分比（实际值，不含目标和基数）")
    charts.hbars(rates.rename(columns={"label": "指标", "value": "百分比"})[["指标", "百分比"]], "指标", "百分比",
                 unit="%")
    st.caption("每个百分比单独一根柱子，不相加。")
targets = targets_frame(str(lib.folder), lib.generation())
if not targets.empty:
    st.subheader("目标与实际")
    bars = pd.DataFrame(api.target_bars(targets.astype(object).where(targets.notna(), None).to_dict("records")))
    for unit, group in (bars.groupby("单位") if not bars.empty else []):  # 公里 and % never share an axis
        st.caption(f"单位：{unit}（目标、实际、基数各一根柱子，并排比较，不叠加）")
        charts.hbars(group[["目标项", "数值", "类别"]], "目标项", "数值", color="类别", unit=unit)
    st.dataframe(targets.drop(columns=["notice_id"], errors="ignore").rename(columns={
        "notice": "通报", "issuer": "发布单位", "metric": "指标", "deadline_year": "期限", "comparator": "比较",
        "target_value": "目标值", "target_unit": "单位", "actual_value": "实际值", "actual_unit": "实际单位",
        "baseline_value": "基数", "baseline_unit": "基数单位", "text": "原文"}).astype(object).fillna(""),
        hide_index=True, width="stretch")
