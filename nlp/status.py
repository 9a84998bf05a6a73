"""Status of a measure from its wording: done, ongoing, long-term, or unknown.

A progress notice reports what was done, so a plain action (制定, 印发, 追回) reads as done unless the
words say it is still under way (正在, 尚未, 拟) or is meant to last (长效, 常态化, 持续).
"""
from __future__ import annotations

import re
from typing import Sequence

from .records import Measure

_ONGOING = re.compile(r"正在|推进中|尚未|仍未|待[^，。；]{0,12}后|拟(?:于|在|将|定|制定|出台|建设)|着手|逐步|加快推进|"
                      r"有序推进|需要?进一步|征求意见|未完成|仍在")
_DONE_EXPLICIT = re.compile(r"已(?:经)?[^，。；]{0,10}?(?:整改|完成|完工|解决|办结|落实|建立|出台|印发|制定|修订|实现|清退|"
                            r"追回|收回|移交|返回|补缴|通报|约谈|处理|下达|审批|分解|统筹|召开|举办|成立)"
                            r"|整改(?:完毕|到位|完成)|完成(?:整改|了)|均已|全部完成|已全部")
_LONG = re.compile(r"长期|常态化|长效|持续|久久为功|常抓不懈|定期|每季度|每月|按季度|月调度")
_DONE_ACTION = re.compile(r"完成|建成|印发|出台|制定|修订|追回|收回|清退|补缴|召开|举办|成立|建立|开展|组织|选派|招录|"
                          r"梳理|下达|编印|约谈|处分|问责|调整|增设|配备|作出|给予|追缴|收缴|退还|补发|撤销|关停|核销|督促|指导|"
                          r"印制|签订|健全|完善|明确|召集|举行|落实|推动|推进")


def measure_status(text: str) -> str:
    """The status a reader would give the measure from its words alone."""
    if _ONGOING.search(text):
        return "ongoing"
    if _DONE_EXPLICIT.search(text):
        return "done"
    if _LONG.search(text):
        return "long_term"
    if _DONE_ACTION.search(text):
        return "done"
    return "unknown"


def finding_status(measures: Sequence[Measure]) -> str:
    """Ongoing if any measure is; done if every measure with a known status is; long-term if the rest
    is done and some are meant to last."""
    statuses = {m.status for m in measures} - {"unknown"}
    if not statuses:
        return "unknown"
    if "ongoing" in statuses:
        return "ongoing"
    if statuses == {"done"}:
        return "done"
    return "long_term"
