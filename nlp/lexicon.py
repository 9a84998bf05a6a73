"""The words and marks the extraction reads by, kept apart from the code that reads them.

As spaCy keeps `stop_words.py` and `lex_attrs.py` beside its language code, every word list and
recurring pattern of the notices lives here once: heading starts, sentence ends, years, organisation
names, the cues of measures, plans, figures' qualifiers and roles, and status wording.
"""
from __future__ import annotations

import re

# --- marks ----------------------------------------------------------------------------------------
CN_ORDINAL = "[一二三四五六七八九十]{1,3}"
# A line that opens with a heading marker of any form (一、 （一） 1. （1） 一是 ①).
HEADING_START = re.compile(rf"\s*(?:{CN_ORDINAL}[、是]|（[一二三四五六七八九十\d]{{1,3}}）|\d{{1,3}}[.．、](?!\d)|[\u2460-\u2473])")

# --- what a rectification notice talks about -------------------------------------------------------
# A notice names its subject (整改) again and again, and its problems and measures; a novel chapter or
# a work report with the same 一、（一）1. headings does not.
RECTIFICATION_WORD = "整改"
NOTICE_WORDS = ("问题", "措施", "巡视", "巡察", "审计", "反馈", "落实", "整改任务", "台账", "通报", "责任")
