"""Charts that do not mislead: Vega-Lite (Altair) with every bar its own (never stacked: a rate on a
rate, a target on its actual, a total on its parts), labels shown whole, distinct colours and legends
that are not cut. Used by 统计 and 分析."""
from __future__ import annotations

from typing import Optional

import altair as alt
import pandas as pd
import streamlit as st

PALETTE = "tableau20"  # 20 distinct colours: themes and issuers do not repeat one
KIND_COLORS = alt.Scale(domain=["目标", "实际", "基数"], range=["#52c41a", "#1677ff", "#bfbfbf"])  # the same on every chart
LEGEND = alt.Legend(orient="bottom", direction="horizontal", columns=3, labelLimit=0, symbolLimit=0, title=None)


def unique_labels(labels: pd.Series) -> pd.Series:
    """Labels made distinct (a second 完成率 of one notice gets （2）): a repeated category would stack
    its bars into one."""
    seen: dict[str, int] = {}
    out = []
    for label in labels.astype(str):
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}（{seen[label]}）")
    return pd.Series(out, index=labels.index)


def hbars(frame: pd.DataFrame, label: str, value: str, unit: str = "", color: Optional[str] = None,
          tooltip: Optional[list[str]] = None, fmt: str = ",.4~g") -> None:
    """One horizontal bar per row, its value written beside it; with `color`, the rows of one label stand
    side by side (a target beside its actual), never on top of one another."""
    if frame.empty:
        return
    data = frame.copy()
    data[value] = pd.to_numeric(data[value], errors="coerce").astype(float)
    data = data[data[value].notna()]
    if color is None:
        data[label] = unique_labels(data[label])
    y = alt.Y(f"{label}:N", sort=None, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=12))
    x = alt.X(f"{value}:Q", title=unit or value, stack=None, scale=alt.Scale(zero=True))
    encoding = {"y": y, "x": x, "tooltip": tooltip or [label, alt.Tooltip(f"{value}:Q", format=fmt)]}
    step = 24
    if color:
        encoding["color"] = alt.Color(f"{color}:N", scale=KIND_COLORS, legend=LEGEND)
        encoding["yOffset"] = alt.YOffset(f"{color}:N")
        step = 16  # the step of one bar inside its label's group
    base = alt.Chart(data).encode(**encoding)
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text(f"{value}:Q", format=fmt))
    chart = (base.mark_bar() + text).properties(height=alt.Step(step))
    st.altair_chart(chart, width="stretch")


def columns(frame: pd.DataFrame, x: str, value: str, unit: str = "", group: Optional[str] = None) -> None:
    """Vertical bars by `x` (a year); with `group`, one bar per group side by side within each x (each
    issuer its own bar and colour), not stacked."""
    if frame.empty:
        return
    encoding = {"x": alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=0)),
                "y": alt.Y(f"{value}:Q", title=unit or value, stack=None),
                "tooltip": [x, *([group] if group else []), alt.Tooltip(f"{value}:Q", format=",.2f")]}
    if group:
        scheme = "category10" if frame[group].nunique() <= 10 else PALETTE
        encoding["color"] = alt.Color(f"{group}:N", scale=alt.Scale(scheme=scheme), legend=LEGEND)
        encoding["xOffset"] = alt.XOffset(f"{group}:N")
    chart = alt.Chart(frame).mark_bar().encode(**encoding).properties(height=320)
    st.altair_chart(chart, width="stretch")


def shares(frame: pd.DataFrame, row: str, column: str, value: str = "占比") -> None:
    """A table of shares as a heat map (row × column, the percent written in each cell): shares of one
    whole, read without stacking or a legend of many colours."""
    if frame.empty:
        return
    cells = alt.Chart(frame).encode(
        x=alt.X(f"{column}:N", title=None, axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=0, labelOverlap=False)),
        y=alt.Y(f"{row}:N", title=None, axis=alt.Axis(labelLimit=0)),
        tooltip=[row, column, alt.Tooltip(f"{value}:Q", format=".1f", title="占比（%）"), "问题数"])
    heat = cells.mark_rect().encode(color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="blues", domain=[0, 100]),
                                                    legend=alt.Legend(title="占比（%）", orient="bottom", direction="horizontal")))
    text = cells.mark_text(fontSize=11).encode(
        text=alt.Text(f"{value}:Q", format=".0f"),
        color=alt.condition(f"datum['{value}'] > 55", alt.value("white"), alt.value("#333")))
    chart = (heat + text).resolve_scale(color="independent").properties(height=alt.Step(30))
    st.altair_chart(chart, width="stretch")
