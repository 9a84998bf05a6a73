"""Where the notice proper ends: the signature, the date under it and source lines after the body are
not part of the last finding (and not part of what the role classifier learns from)."""
from __future__ import annotations

import re

from .furniture import is_furniture
from .lexicon import ORG_SUFFIXES
from .metadata import FULL_DATE, ISO_DATE, first_date

# Lines after the body: the signature, the date under it, where the text came from.
_ORG_LINE = re.compile(rf"[^。；！？，]{{2,40}}(?:{'|'.join(sorted(ORG_SUFFIXES, key=len, reverse=True))})")


_PAGE_FOOTER = re.compile(r"[-—–－]+\s*\d{1,3}\s*[-—–－]+")


def _is_trailer(line: str) -> bool:
    """A signature line, the date under it, a bracketed signature with its date, a page's footer
    (`— 2 —`), or page furniture."""
    inner = line.strip("（）() ")
    return bool(_ORG_LINE.fullmatch(inner) or _PAGE_FOOTER.fullmatch(inner) or FULL_DATE.fullmatch(inner) or ISO_DATE.fullmatch(inner)
                or (len(inner) <= 60 and _ORG_LINE.match(inner) and first_date(inner)) or is_furniture(line))


def content_end(text: str) -> int:
    """Where the notice proper ends: before the signature, the date under it and source lines."""
    end = len(text.rstrip())
    while end > 0:
        line_start = text.rfind("\n", 0, end) + 1
        line = text[line_start:end].strip()
        if line and not _is_trailer(line):
            break
        end = len(text[:max(line_start - 1, 0)].rstrip())
    return end
