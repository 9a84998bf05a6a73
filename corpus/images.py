"""Page images for OCR: frames of an image file (PNG, JPEG, TIFF) and PDF pages rendered by PDFium.

Each page is held to `Limits.max_pixels` before it is decoded: an image file's frame over the limit
is refused (its size is read from the header; PIL's own decompression-bomb check stays on behind
ours); a PDF page is rendered at `OcrSettings.dpi`, scaled down to fit the limit, and refused only
where an image inside it is over the limit (PDFium would decode that image whole). Pages are
produced one at a time, so a long scan never sits in memory at once.
"""
from __future__ import annotations

import io
import math
import struct
import threading
from typing import Any, Iterator

from ..config import Limits
from ..errors import ReadError

# PDFium is not thread-safe (not even across documents) and the app runs sessions in threads.
_PDFIUM = threading.Lock()
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def image_format(data: bytes) -> str | None:
    """png, jpeg or tiff by the file's first bytes, else None."""
    return next((fmt for magic, fmt in IMAGE_MAGIC.items() if data.startswith(magic)), None)


def _pixels(page: int, width: int, height: int, limits: Limits) -> None:
    if width * height > limits.max_pixels:
        raise ReadError("R031", page=page, width=width, height=height, mp=round(width * height / 1e6, 1),
                        limit=round(limits.max_pixels / 1e6))


_BROKEN = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, TypeError, KeyError, ZeroDivisionError)


def image_pages(data: bytes, limits: Limits = Limits()) -> tuple[int, Iterator[Any]]:
    """(pages, iterator of BGR arrays) for an image file; refuses a damaged file, too many frames or a
    frame over the pixel limit with a coded error."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        # A TIFF's frames are pages; a phone's JPEG (MPO) or an animated PNG has one page and previews.
        count = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    except Image.DecompressionBombError:
        raise ReadError("R030", kind="over PIL's decompression-bomb limit") from None
    except _BROKEN as exc:
        raise ReadError("R030", kind=exc.__class__.__name__) from None
    if count > limits.max_pages:
        raise ReadError("R032", pages=count, limit=limits.max_pages)
    _pixels(1, *image.size, limits)
    return count, _frames(image, count, limits)


def _frames(image: Any, count: int, limits: Limits) -> Iterator[Any]:
    from PIL import Image

    for index in range(count):
        try:
            image.seek(index)
            _pixels(index + 1, *image.size, limits)
            frame = _on_white(image)
        except ReadError:
            raise
        except Image.DecompressionBombError:
            raise ReadError("R030", kind="over PIL's decompression-bomb limit") from None
        except (*_BROKEN, MemoryError) as exc:
            raise ReadError("R030", kind=exc.__class__.__name__) from None
        yield _bgr(frame)


def _on_white(image: Any) -> Any:
    """The frame as RGB, upright (EXIF orientation of a photo), transparent parts white, 16-bit scaled."""
    from PIL import Image, ImageOps

    frame = ImageOps.exif_transpose(image) if image.format in ("JPEG", "MPO") else image
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        frame = ImageOps.autocontrast(frame.convert("F").point(lambda v: v / 256).convert("L"))
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return frame.convert("RGB")


def _bgr(frame: Any) -> Any:
    import numpy as np

    return np.ascontiguousarray(np.asarray(frame)[:, :, ::-1])


def pdf_pages(data: bytes, indexes: list[int], dpi: int, limits: Limits = Limits()) -> Iterator[Any]:
    """BGR renderings of the PDF pages at `indexes` (0-based), one at a time."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as exc:
        raise ReadError("R033", reason=str(exc)[:160]) from None
    try:
        with _PDFIUM:
            document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError("R015", kind=f"PDFium: {str(exc)[:80]}") from None
    try:
        for index in indexes:
            with _PDFIUM:
                image = _render(document, index, dpi, limits, raw)
            yield image
    finally:
        with _PDFIUM:
            document.close()


def _render(document: Any, index: int, dpi: int, limits: Limits, raw: Any) -> Any:
    import numpy as np
    import pypdfium2 as pdfium

    page = document[index]
    try:
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)):
            _pixels(index + 1, *obj.get_px_size(), limits)
        width, height = page.get_size()
        scale = dpi / 72
        if width * height * scale * scale > limits.max_pixels:
            scale = 0.99 * math.sqrt(limits.max_pixels / (width * height))  # PDFium rounds the size up
        if width * scale < 1 or height * scale < 1:
            return np.full((8, 8, 3), 255, dtype=np.uint8)
        bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
        array = np.array(bitmap.to_numpy()[:, :, :3])  # BGR(x): copied out before the bitmap is freed
        bitmap.close()
        return array
    except pdfium.PdfiumError as exc:
        raise ReadError("R015", kind=f"PDFium: {str(exc)[:80]}") from None
    finally:
        page.close()


def image_covered(data: bytes, indexes: list[int], share: float = 0.5) -> set[int]:
    """The pages among `indexes` with an image over at least `share` of the page (a scanned page)."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as exc:
        raise ReadError("R033", reason=str(exc)[:160]) from None
    found = set()
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ReadError("R015", kind=f"PDFium: {str(exc)[:80]}") from None
        try:
            for index in indexes:
                page = document[index]
                width, height = page.get_size()
                for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)):
                    left, bottom, right, top = obj.get_bounds()
                    if (right - left) * (top - bottom) >= share * width * height:
                        found.add(index)
                        break
                page.close()
        finally:
            document.close()
    return found
