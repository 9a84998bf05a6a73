"""One form for every notice: full-width digits and letters become ASCII, punctuation becomes the
Chinese full-width form, whatever the publisher typed.

The mapping is one character to one character, so an offset into the normalised text is an offset
into what the reader decoded; the UI highlights with those offsets.
"""
from __future__ import annotations

import re
import unicodedata

# Full-width ASCII variants (U+FF01..U+FF5E) that become plain ASCII: digits, letters, and the
# characters that live inside numbers (. % , - + /).
_TO_ASCII = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_TO_ASCII.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_TO_ASCII.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_TO_ASCII.update({"．": ".", "％": "%", "－": "-", "＋": "+", "／": "/", "～": "~", "　": " ",
                  "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ", "\ufeff": " ",
                  "\r": "\n", "—": "—", "﹪": "%", "–": "-", "−": "-"})
# Half-width punctuation that Chinese text writes full-width.
_TO_CJK = {"(": "（", ")": "）", ";": "；", "!": "！", "?": "？", "[": "【", "]": "】"}
# Kangxi radicals and CJK compatibility ideographs (PDF text layers are full of them: ⼀ for 一, ⾦ for 金)
# become the ordinary ideographs, where NFKC gives one character for one.
_RADICALS = {}
for _block in (range(0x2E80, 0x2FE0), range(0xF900, 0xFB00)):
    for _cp in _block:
        _nfkc = unicodedata.normalize("NFKC", chr(_cp))
        if len(_nfkc) == 1 and _nfkc != chr(_cp):
            _RADICALS[chr(_cp)] = _nfkc
# Radicals-supplement forms NFKC leaves alone but PDF fonts still emit for the simplified characters.
_RADICALS.update(zip("⻅⺠⻓⻔⻛⻜⻢⻥⻘⻝⻬⻉⻋⻚⻳⻄⻆⻩⻮⻰⺟⻌", "见民长门风飞马鱼青食齐贝车页龟西角黄齿龙母辶"))
# Control characters act on terminals and make spreadsheets unwritable (openpyxl refuses \x01 … \x1f), and a
# lone surrogate (a font that maps a glyph to U+D800) cannot be encoded at all: none is text. Vertical tab
# and form feed are Word's line break and a page break; the rest become a space, a surrogate U+FFFD.
_CONTROLS = {chr(c): " " for c in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]}
_CONTROLS.update({"\x0b": "\n", "\x0c": "\n"})
_CONTROLS.update({chr(c): "\ufffd" for c in range(0xD800, 0xE000)})
_TABLE = str.maketrans({**_RADICALS, **_TO_ASCII, **_TO_CJK, **_CONTROLS})

# ',' and ':' stay ASCII between digits (2,345.6 and 10:30) and in addresses (http://), and become
# ，/： elsewhere.
_COMMA = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))")
_COLON = re.compile(r"(?<!\d):(?!//)|(?<=\d):(?!\d|//)")
_FULL_COMMA_IN_NUMBER = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


_CONTROL_TABLE = str.maketrans({**_CONTROLS, "\x0b": " ", "\x0c": " "})


def without_controls(text: str) -> str:
    """`text` (a title, a name) without control characters or lone surrogates, same length."""
    return text.translate(_CONTROL_TABLE)


def normalize_text(text: str) -> str:
    """Return `text` in the project's one form, same length as the input."""
    out = text.translate(_TABLE)
    out = _FULL_COMMA_IN_NUMBER.sub(",", out)
    out = _COMMA.sub("，", out)
    out = _COLON.sub("：", out)
    return out
