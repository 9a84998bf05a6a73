"""Small PDFs with a real text layer, made in the test itself (no PDF library writes Chinese text).

The text is drawn with a Type0 font whose ToUnicode map sends each two-byte code to a character, which
is all a text extractor reads; `extra_map` adds codes a hostile font maps anywhere (a lone surrogate),
and `extra_stream` a second content stream (a FlateDecode bomb). `encrypt` re-saves it with pypdf's
AES encryption and an empty user password, as government sites protect their PDFs.
"""
from __future__ import annotations

import io
import zlib
from typing import Optional, Sequence


def _obj(number: int, body: bytes) -> bytes:
    return b"%d 0 obj\n" % number + body + b"\nendobj\n"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: Sequence[str], extra_map: Optional[dict[int, str]] = None, extra_codes: Sequence[int] = (),
             extra_stream: Optional[bytes] = None) -> bytes:
    """A one-page PDF showing `lines`; `extra_codes` are drawn after them with the `extra_map` meanings
    (given as UTF-16 code units, so a lone surrogate can be mapped); `extra_stream` is an already
    FlateDecode-compressed content stream added to the page."""
    chars = sorted({c for line in lines for c in line})
    code = {c: i + 1 for i, c in enumerate(chars)}
    ops = [b"BT /F1 10 Tf 40 800 Td 12 TL"]
    for line in lines:
        ops.append(b"<" + "".join(f"{code[c]:04X}" for c in line).encode() + b"> Tj T*")
    if extra_codes:
        ops.append(b"<" + "".join(f"{c:04X}" for c in extra_codes).encode() + b"> Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    mapping = [(code[c], "".join(f"{u:04X}" for u in _utf16(c))) for c in chars]
    mapping += [(k, "".join(f"{ord(u):04X}" for u in v)) for k, v in (extra_map or {}).items()]
    cmap = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    for start in range(0, len(mapping), 100):
        part = mapping[start:start + 100]
        cmap.append(b"%d beginbfchar" % len(part))
        cmap += [f"<{k:04X}> <{v}>".encode() for k, v in part]
        cmap.append(b"endbfchar")
    cmap.append(b"endcmap CMapName currentdict /CMapDefine resource pop end end")
    contents = b"[4 0 R 8 0 R]" if extra_stream is not None else b"4 0 R"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents " + contents + b" >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Invented /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Invented /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(b"\n".join(cmap)),
    ]
    if extra_stream is not None:
        objects.append(_stream(extra_stream, b"/Filter /FlateDecode "))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(_obj(number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def encrypt(pdf: bytes, algorithm: str = "AES-256", user_password: str = "") -> bytes:
    """The same PDF, encrypted (permission-only protection when the user password is empty)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def flate_bomb(inflated_mb: int) -> bytes:
    """A content stream of `inflated_mb` MB of spaces, compressed to a few hundred KB."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(inflated_mb)]
    parts.append(packer.flush())
    return b"".join(parts)
