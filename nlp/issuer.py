"""An issuer's name in one comparable form: 中共青禾县交通运输局党组 and 青禾县交通运输局 are one body.

The written form stays for display; this key is what groups notices of one issuer (recurring problems,
issuer charts). The steps run in this order, since each reads what the one before left:

1. the party prefix goes (中共, 中国共产党), remembering it was there;
2. long names become their usual short forms (纪律检查委员会 → 纪委, 国有资产监督管理委员会 → 国资委), so
   中共济南市纪律检查委员会 and 济南市纪委 meet;
3. the party body's suffix goes (党组, 党委, 委员会 after 中共 …), and a place's party committee written
   short loses its 委 (青禾县委 → 青禾县, as 中共青禾县委员会 → 青禾县);
4. 人民政府 inside a longer name goes (济南市人民政府国资委 is 济南市国资委);
5. an office written without its place (市审计局) takes the notice's place where the notice names one
   (临川市 in `临川市第十七届人民代表大会…`), so it meets 临川市审计局.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .lexicon import (ISSUER_ABBREVIATIONS, ISSUER_PARTY_SUFFIXES, ISSUER_PREFIXES, NOT_PLACE_NAMES,
                      PLACE_LEVELS)

_PLACE_COMMITTEE = re.compile(rf"(?<=[\u4e00-\u9fff])(?<=[{PLACE_LEVELS}])委$")   # 青禾县委 → 青禾县
_PLACE_LESS = re.compile(rf"^[{PLACE_LEVELS}](?=[\u4e00-\u9fff]{{2,}})")          # 市审计局
_NOT_PLACE = "|".join(NOT_PLACE_NAMES)
_FUNCTION_CHARS = r"[的在对和与将了是为于从经由及向受把被各全本该我其等年月日度届次号个项]"
_NOT_AFTER_PLACE = "级属直场民内外域面值长"  # 市级预算, 县属企业: the level as a word, not a place


def issuer_key(issuer: Optional[str], text: Optional[str] = None) -> Optional[str]:
    """The comparable form of `issuer`; `text` (the notice) lends a place-less office its place."""
    if not issuer:
        return None
    name = re.sub(r"\s+", "", issuer)
    party = name.startswith(ISSUER_PREFIXES)
    for prefix in ISSUER_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    for long, short in ISSUER_ABBREVIATIONS.items():
        name = name.replace(long, short)
    for suffix in ISSUER_PARTY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1 and (suffix != "委员会" or party):
            name = name[:-len(suffix)]
            break
    else:
        if len(name) > 3:
            name = _PLACE_COMMITTEE.sub("", name)
    name = re.sub(r"(?:人民)?政府(?=.{2,})", "", name)
    name = name.replace("人民政府", "政府")
    if text and _PLACE_LESS.match(name):
        place = notice_place(text, name[0])
        if place:
            name = place + name[1:]
    return name or issuer


def notice_place(text: str, level: str) -> Optional[str]:
    """The place of `level` (市, 县 …) a notice names most often (临川市), or None where it names none.
    Every run of 2–4 characters before `level` is counted; a name is counted as often as the longest run
    that is always written with it (石家庄市, not 家庄市), and words that only end like a place (城市,
    上市, 全市) are not places. The header (title, speaker and date lines) counts double."""
    counts: Counter[str] = Counter()
    text = re.sub("|".join(ISSUER_PREFIXES), "  ", text)  # 中共青禾县: the place is 青禾县
    for weight, part in ((2, text[:400]), (1, text)):
        for m in re.finditer(rf"{level}(?![{_NOT_AFTER_PLACE}])", part):
            for size in (2, 3, 4):
                name = part[max(0, m.start() - size):m.start()]
                if len(name) == size and re.fullmatch(r"[\u4e00-\u9fff]+", name) \
                        and not re.search(_FUNCTION_CHARS, name) and not re.search(f"[{PLACE_LEVELS}]", name) \
                        and not re.search(rf"(?:{_NOT_PLACE})$", name + level):
                    counts[name + level] += weight
    if not counts:
        return None
    best = max(counts.values())
    return max((n for n, c in counts.items() if c == best), key=len)
