"""Scans made from invented notices: the test and benchmark input for OCR.

A notice's text is set on A4 pages as a printed 公文 is (title centred, headings in a bold face,
paragraphs indented two characters, the page number at the foot as `— 3 —`, optionally a running
header), then made to look scanned: a slight skew, grain and JPEG loss, and the pages written into an
image-only PDF (PIL embeds each page as one JPEG). `text_layer_pdf` writes the other kind of page, a
real text layer (a predefined CJK CMap and a non-embedded font, as office software writes), so a
mixed PDF can be put together with pypdf.
"""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path("/usr/share/fonts/opentype/noto")
_HEADING = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")
_CLOSING = set("，。、；：？！）》」』”’%")


@dataclass(frozen=True)
class Look:
    """How a scan is made: resolution, skew (degrees), grain (noise sigma), JPEG quality, layout."""
    dpi: int = 150
    skew: float = 0.6
    grain: float = 8.0
    quality: int = 55
    indent: bool = True           # paragraphs indented two characters (else flush left)
    header: str = ""              # a running header on every page after the first
    red_head: bool = False        # the text's first two lines are a red-head line and its document number
    footer: str = "— {n} —"       # the page number at the foot ("" for none)
    seed: int = 0


def font_file(bold: bool = False, serif: bool = True) -> Path:
    name = f"Noto{'Serif' if serif else 'Sans'}CJK-{'Bold' if bold else 'Regular'}.ttc"
    path = FONTS / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: install Debian's fonts-noto-cjk")
    return path


@lru_cache(maxsize=None)
def _font(size: int, bold: bool = False, serif: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(bold, serif)), size, index=2)  # index 2: the SC face


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    """Break a paragraph into lines no wider than `width`; closing punctuation may hang past it."""
    lines, line, room = [], "", width - indent
    for ch in text:
        if line and font.getlength(line + ch) > room and ch not in _CLOSING:
            lines.append(line)
            line, room = "", width
        line += ch
    if line:
        lines.append(line)
    return lines


def render_pages(text: str, look: Look = Look()) -> list[Image.Image]:
    """The notice as clean page images (grey), one paragraph per non-empty line of `text`."""
    px = look.dpi / 25.4
    width, height = round(210 * px), round(297 * px)
    left, right, top, bottom = 28 * px, 26 * px, 37 * px, 35 * px
    column = width - left - right
    body, title_font = _font(round(16 / 72 * look.dpi)), _font(round(22 / 72 * look.dpi), bold=True)
    head1, head2 = _font(round(16 / 72 * look.dpi), serif=False), _font(round(16 / 72 * look.dpi), bold=True)
    pitch = 28 / 72 * look.dpi
    pages: list[Image.Image] = []
    page = draw = None
    y = 0.0

    def new_page() -> None:
        nonlocal page, draw, y
        page = Image.new("L", (width, height), 250)
        draw = ImageDraw.Draw(page)
        pages.append(page)
        y = top
        if look.header and len(pages) > 1:
            small = _font(round(10.5 / 72 * look.dpi))
            draw.text((left, top - 14 * px), look.header, font=small, fill=40)
            draw.line((left, top - 8 * px, width - right, top - 8 * px), fill=60, width=2)

    new_page()
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if look.red_head:  # 红头: the issuer's name large and red, the document number, a red rule
        head, number, *paragraphs = paragraphs
        red = _font(round(30 / 72 * look.dpi), bold=True)
        page = page.convert("RGB")
        pages[0] = page
        draw = ImageDraw.Draw(page)
        draw.text((left + (column - red.getlength(head)) / 2, y), head, font=red, fill=(200, 20, 20))
        y += 2.2 * pitch
        draw.text((left + (column - body.getlength(number)) / 2, y), number, font=body, fill=15)
        y += 1.2 * pitch
        draw.line((left, y, width - right, y), fill=(200, 20, 20), width=4)
        y += 0.8 * pitch
    for i, para in enumerate(paragraphs):
        is_title = i <= 2 and "关于" in para and ("通报" in para or "报告" in para) and len(para) < 70
        font = title_font if is_title else head1 if _HEADING.match(para) and len(para) < 60 else \
            head2 if re.match(r"\d+[.．]关于", para) else body
        indent = 0 if is_title or not look.indent else 2 * font.size
        lines = _wrap(para, font, column, indent)
        for j, line in enumerate(lines):
            if y + pitch > height - bottom:
                new_page()
            x = left + (indent if j == 0 else 0)
            if is_title:
                x = left + (column - font.getlength(line)) / 2
            draw.text((x, y), line, font=font, fill=15 if page.mode == "L" else (15, 15, 15))
            y += pitch * (1.15 if is_title else 1)
        if is_title:
            y += pitch * 0.5
    if look.footer:
        foot = _font(round(14 / 72 * look.dpi))
        for n, pg in enumerate(pages, 1):
            label = look.footer.format(n=n)
            ImageDraw.Draw(pg).text(((width - foot.getlength(label)) / 2, height - bottom + 10 * px), label,
                                    font=foot, fill=20 if pg.mode == "L" else (20, 20, 20))
    return pages


def scanned(page: Image.Image, look: Look = Look(), number: int = 0) -> Image.Image:
    """A clean page made to look scanned: slight skew, blur, grain and JPEG loss."""
    rng = random.Random(look.seed * 1000 + number)
    angle = rng.uniform(-look.skew, look.skew)
    paper = 250 if page.mode == "L" else (250, 250, 250)
    out = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=paper)
    out = out.filter(ImageFilter.GaussianBlur(0.5))
    if look.grain:
        noise = Image.effect_noise(out.size, look.grain).convert(out.mode)
        out = Image.blend(out, noise, 0.12)
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=look.quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan_images(text: str, look: Look = Look()) -> list[Image.Image]:
    return [scanned(p, look, n) for n, p in enumerate(render_pages(text, look))]


def image_pdf(images: list[Image.Image], dpi: int = 150) -> bytes:
    """An image-only PDF (no text layer), one image per page."""
    buffer = io.BytesIO()
    first, *rest = [im.convert("RGB") if im.mode not in ("L", "RGB") else im for im in images]
    first.save(buffer, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return buffer.getvalue()


def scan_pdf(text: str, look: Look = Look()) -> bytes:
    """The notice printed and scanned: an image-only PDF."""
    return image_pdf(scan_images(text, look), look.dpi)


def text_layer_pdf(lines: list[str], size: float = 14) -> bytes:
    """One A4 page whose text layer holds `lines` (STSong-Light through the UniGB-UTF16-H CMap)."""
    from pypdf import PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject,
                               NumberObject)

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    cid = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType0"),
        NameObject("/BaseFont"): NameObject("/STSong-Light"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): _pdf_string("Adobe"), NameObject("/Ordering"): _pdf_string("GB1"),
            NameObject("/Supplement"): NumberObject(4)}),
    })
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/STSong-Light"), NameObject("/Encoding"): NameObject("/UniGB-UTF16-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid)]),
    })
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    ops = [f"BT /F1 {size} Tf {size * 1.6} TL 72 770 Td"]
    for line in lines:
        ops.append(f"<{line.encode('utf-16-be').hex()}> Tj T*")
    ops.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_string(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


def join_pdfs(*pdfs: bytes) -> bytes:
    """Pages of several PDFs, in order, in one PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sample_text(name: str, root: Optional[Path] = None) -> str:
    root = root or Path(__file__).resolve().parents[1] / "corpus" / "samples"
    return (root / name).read_text(encoding="utf-8")
