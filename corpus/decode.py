"""Bytes to text: the encoding is detected, not assumed.

BOMs first, UTF-16 without a BOM by its NUL pattern, then UTF-8 (tolerating a character cut at either
edge and a rare bad byte inside), then charset-normalizer limited to the encodings Chinese notices use.
"""
from __future__ import annotations

import codecs
from typing import Optional

from ..errors import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Inside a UTF-8 text, at most one bad byte per this many well-formed multi-byte characters: a copy
# with a stray byte reads; GBK read as UTF-8 (almost every byte bad) does not.
_UTF8_BAD_SHARE = 200


def decode_bytes(data: bytes) -> str:
    """Detect the encoding and decode, or raise ReadError."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    if is_binary(data):
        raise ReadError("R006")
    text = _utf8(data)
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8", "utf_16", "cp1252"]).best()
    if best is None:
        raise ReadError("R007")
    enc = best.encoding
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"  # the superset: GBK pages often hold characters GB2312 lacks
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise ReadError("R008", encoding=enc)
    return text


def _utf8(data: bytes) -> Optional[str]:
    """UTF-8, forgiving a character cut at the start or end (a truncated copy) and a rare bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    start = 0
    while start < min(3, len(data)) and 0x80 <= data[start] <= 0xBF:  # continuation bytes of a cut character
        start += 1
    end = len(data)
    lead = max(end - 4, start)
    for i in range(end - 1, lead - 1, -1):  # a lead byte whose character runs past the end
        byte = data[i]
        if byte < 0x80:
            break
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if end - i < need:
                end = i
            break
    body = data[start:end]
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0:
        return text
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if bad * _UTF8_BAD_SHARE <= multibyte:
        return text
    return None


def _utf16_without_bom(data: bytes) -> Optional[str]:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    # CJK text in UTF-16 has few NULs; try a strict decode when UTF-8 fails and the length is even.
    if len(data) % 2 == 0 and is_binary(data):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if sum("\u4e00" <= ch <= "\u9fff" for ch in text[:2000]) > len(text[:2000]) * 0.3:
                return enc
    return None


def is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05
