"""Chinese and Arabic numeral spans to exact numbers.

cn2an does the reading of Chinese numerals; this module only decides what span to hand it and
keeps the arithmetic in Decimal, so 1.74万亿 is exactly 1740000000000.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿点"
MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
             "千万": 10_000_000, "亿": 100_000_000, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11,
             "万亿": 10**12}
_DIGIT_VALUE = {"零": 0, "〇": 0, "○": 0, "0": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9}


@lru_cache(maxsize=4096)
def chinese_to_decimal(span: str) -> Optional[Decimal]:
    """Read a Chinese numeral (一千二百万, 十二点五, 二〇二四); None when it is not one."""
    if not span:
        return None
    if all(ch in _DIGIT_VALUE for ch in span) and len(span) > 1:  # digit by digit: 二〇二四
        return Decimal("".join(str(_DIGIT_VALUE[ch]) for ch in span))
    if span[0] in "十百千" and span not in ("十",):
        span = "一" + span
    try:
        value = cn2an.cn2an(span, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def arabic_to_decimal(span: str) -> Optional[Decimal]:
    """Read 2,345.6 or 12.5; None when the span is not a number."""
    try:
        return Decimal(span.replace(",", ""))
    except InvalidOperation:
        return None


def to_decimal(span: str) -> Optional[Decimal]:
    """Read either script."""
    if span and (span[0].isdigit() or span[0] == "."):
        return arabic_to_decimal(span)
    return chinese_to_decimal(span)


def small_int(span: str) -> Optional[int]:
    """An ordinal in a heading marker: 1..999 in either script."""
    value = to_decimal(span)
    if value is None or value != value.to_integral_value() or not 0 < value < 1000:
        return None
    return int(value)


def as_number(value: Decimal) -> float:
    """A Decimal for JSON: integers stay integral when printed."""
    return float(value)
