"""The OCR engine: PP-OCR text detection and recognition on onnxruntime, models from the PyPI wheel.

`rapidocr-onnxruntime==1.4.4` carries the PP-OCRv4 detection and recognition models and the
direction classifier inside the wheel, so nothing is downloaded at run time (its 3.x successor fetches
models on first use). The engine is built once per process, on the first page that needs it.

The engine's own `__call__` detects on the page scaled by its `limit_side_len` rule (which never
scales a 150-dpi page down) and recognises crops of the page it detected on. Here the two steps are
driven separately, through the pinned version's `text_det`, `get_crop_img_list` and `text_rec`:
detection on the page scaled to `OcrSettings.det_side` (text lines are large objects; the detector
finds them as well at a third of the pixels), recognition on crops of the full-resolution page (the
recogniser needs every stroke).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Optional

from ..config import OcrSettings
from ..errors import ReadError

OnPage = Callable[[int, int], None]  # (pages done, pages in all)

# One recognition at a time per process: the app runs each session's script in its own thread, and
# two pages recognised at once would only share the same cores.
_LOCK = threading.Lock()


@dataclass
class OcrLine:
    """One detected text box: its bounds on the page (pixels), what it reads and how sure the
    recogniser is (0–1)."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float
    size: float = 0.0  # the height of the text (the box's side, not its axis-aligned bounds)


@dataclass
class OcrPage:
    """The lines found on one page image, and its size (the layout works in fractions of it)."""
    width: int
    height: int
    lines: list[OcrLine]


@lru_cache(maxsize=2)
def _engine(threads: int, rec_batch: int, use_cls: bool) -> Any:
    """The engine, loaded once per process for a given set of options (about a second)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # not installed (Python 3.13+), or OpenCV cannot find libGL
        raise ReadError("R033", reason=str(exc)[:160]) from None
    import logging

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    options: dict[str, Any] = {"use_cls": use_cls, "rec_batch_num": rec_batch, "print_verbose": False,
                               # the detector keeps the size given here (see recognise)
                               "det_limit_type": "min", "det_limit_side_len": 32}
    if threads > 0:
        options["intra_op_num_threads"] = threads
    return RapidOCR(**options)


def engine(settings: OcrSettings = OcrSettings()) -> Any:
    return _engine(settings.threads, settings.rec_batch, settings.use_cls)


def recognise(image, settings: OcrSettings = OcrSettings()) -> OcrPage:
    """The text lines of one page image (a BGR uint8 array), top to bottom as the detector lists them."""
    import cv2
    import numpy as np

    height, width = image.shape[:2]
    if min(height, width) < 8:
        return OcrPage(width, height, [])
    ocr = engine(settings)
    scale = settings.det_side / max(height, width)
    scale = min(scale, 2.0)  # a small image is enlarged for the detector, up to twice
    small = image if abs(scale - 1) < 0.02 else cv2.resize(
        image, (max(32, round(width * scale)), max(32, round(height * scale))),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    sx, sy = width / small.shape[1], height / small.shape[0]
    with _LOCK:
        boxes, _ = ocr.text_det(small)
        if boxes is None or len(boxes) == 0:
            return OcrPage(width, height, [])
        boxes = ocr.sorted_boxes(boxes)
        full = [(np.asarray(b, dtype=np.float32) * np.float32([sx, sy])) for b in boxes]
        full = [np.clip(b, 0, [width - 1, height - 1]).astype(np.float32) for b in full]
        crops = ocr.get_crop_img_list(image, full)
        if settings.use_cls:
            crops, _, _ = ocr.text_cls(crops)
        results, _ = ocr.text_rec(crops)
    lines = []
    for box, result in zip(full, results):
        text, score = result[0], float(result[1])
        if score < settings.min_score or not text.strip():
            continue
        xs, ys = box[:, 0], box[:, 1]
        size = float(np.linalg.norm(box[3] - box[0]) + np.linalg.norm(box[2] - box[1])) / 2
        lines.append(OcrLine(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), text, score, size))
    return OcrPage(width, height, lines)


def read_pages(images: Iterable[Any], total: int, settings: OcrSettings = OcrSettings(),
               on_page: Optional[OnPage] = None, numbers: Optional[list[int]] = None) -> Iterator[OcrPage]:
    """Recognise page images one at a time (each is dropped once read), reporting progress per page.
    `numbers` are the pages' 1-based numbers in their document, for error messages."""
    engine(settings)  # refuses with R033 before any page is rendered where the engine cannot load
    failures = _engine_errors()
    if on_page:
        on_page(0, total)
    for done, image in enumerate(images, 1):
        try:
            page = recognise(image, settings)
        except ReadError:
            raise
        except failures as exc:
            number = numbers[done - 1] if numbers else done
            raise ReadError("R034", page=number, kind=exc.__class__.__name__) from None
        if on_page:
            on_page(done, total)
        yield page


def _engine_errors() -> tuple[type, ...]:
    """What onnxruntime and OpenCV raise on an input they cannot take (their own classes, not RuntimeError)."""
    import cv2
    from onnxruntime.capi import onnxruntime_pybind11_state as ort

    return (RuntimeError, ValueError, MemoryError, cv2.error, ort.Fail, ort.InvalidArgument, ort.RuntimeException)
