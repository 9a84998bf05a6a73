"""Status of a measure from its wording: done, ongoing, long-term, or unknown."""
from __future__ import annotations

import re
from typing import Sequence

from .records import Measure

_DONE = re.compile(r"已(?:经)?(?:全部|基本)?(?:整改|完成|解决|办结|落实|建立|出台|印发|制定|修订|实现|清退|追回|收回|移交)"
                   r"|整改(?:完毕|到位|完成)|完成(?:整改|了)|均已|全部完成|已全部")
_ONGOING = re.compile(r"正在|推进中|尚未|仍未|待.{0,12}后|拟[定建制订出]|拟|逐步|进一步(?:优化|推进|完善)|需要进一步|着手|加快推进|有序推进")
_LONG = re.compile(r"长期(?:坚持|推进|任务)|常态化|长效机制|持续(?:推进|抓好|深化|加强)|久久为功|常抓不懈")


def measure_status(text: str) -> str:
    """The status a reader would give the measure from its words alone."""
    ongoing = bool(_ONGOING.search(text))
    done = bool(_DONE.search(text))
    if done and not ongoing:
        return "done"
    if ongoing:
        return "ongoing"
    if _LONG.search(text):
        return "long_term"
    return "unknown"


def finding_status(measures: Sequence[Measure]) -> str:
    """Ongoing if any measure is; long-term if the rest is done; done if all are."""
    statuses = {m.status for m in measures}
    if not statuses:
        return "unknown"
    if "ongoing" in statuses:
        return "ongoing"
    if statuses == {"done"}:
        return "done"
    if statuses <= {"done", "long_term"}:
        return "long_term"
    return "unknown"
