"""The problem a heading names, without the template it is wrapped in.

`关于“重大项目推进缓慢”问题的整改` is about 重大项目推进缓慢; `在学懂弄通做实上下功夫` about 学懂弄通做实.
Search and similarity compare problems, so two findings that only share the template (关于…问题的整改)
do not look alike.
"""
from __future__ import annotations

import re

from .lexicon import HEADING_TEMPLATES

_TEMPLATES = [re.compile(p) for p in HEADING_TEMPLATES]


def problem_of(title: str) -> str:
    """The problem inside a templated heading; the heading itself when it has no template."""
    title = title.strip()
    for pattern in _TEMPLATES:
        m = pattern.match(title)
        if m and len(m.group("core")) >= 2:
            return m.group("core").strip("“”\" ")
    return title
