"""An issuer's name in one comparable form: 中共青禾县交通运输局党组 and 青禾县交通运输局 are one body.

The written form stays for display; this key is what groups notices of one issuer (recurring problems,
issuer charts). 委员会 is a party committee's suffix only after 中共 (中共南开大学委员会); a name without
the prefix keeps it (市人大常委会 stays itself).
"""
from __future__ import annotations

import re
from typing import Optional

from .lexicon import ISSUER_ABBREVIATIONS, ISSUER_PARTY_SUFFIXES, ISSUER_PREFIXES


def issuer_key(issuer: Optional[str]) -> Optional[str]:
    if not issuer:
        return None
    name = issuer.strip().replace(" ", "")
    party = name.startswith(ISSUER_PREFIXES)
    for prefix in ISSUER_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    for suffix in ISSUER_PARTY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1 and (suffix != "委员会" or party):
            name = name[:-len(suffix)]
            break
    for long, short in ISSUER_ABBREVIATIONS.items():
        name = name.replace(long, short)
    name = re.sub(r"(?:人民)?政府(?=.{2,})", "", name)  # 济南市人民政府国资委 is 济南市国资委
    return name or issuer
