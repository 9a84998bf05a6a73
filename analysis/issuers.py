"""One name per office where the notices make it certain: a place-less issuer (`市审计局`) whose notice
names its place (issuer key `临川市审计局`, `nlp.issuer.issuer_key`) is shown as that office's full name
when another notice states it (`临川市审计局`), so the charts and tables do not show one office twice.
Names that already carry their place are left as they are (a 党组 and its bureau stay two names)."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Optional


def issuer_names(notices: Iterable[dict]) -> dict[int, Optional[str]]:
    """notice id → the issuer name to show for it."""
    notices = list(notices)
    complete: dict[str, Counter] = defaultdict(Counter)
    for n in notices:
        key, name = n.get("issuer_key"), n.get("issuer")
        if key and name and key in name:
            complete[key][name] += 1
    shown = {}
    for n in notices:
        key, name = n.get("issuer_key"), n.get("issuer")
        if key and name and key not in name and complete.get(key):
            name = complete[key].most_common(1)[0][0]
        shown[n["id"]] = name
    return shown
