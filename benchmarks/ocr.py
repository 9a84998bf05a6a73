"""OCR of scanned notices: speed, character accuracy and extraction, tuned engine beside the default.

Each invented sample (corpus/samples) is printed to A4 pages and scanned (benchmarks/scans.py: 150 dpi,
a slight skew, grain, JPEG loss; half the layouts indent their paragraphs, a third carry a running
header, a third a red-head line and a document number), written as an image-only PDF and read back through the reader, twice in the same run:

- baseline: RapidOCR with its default options (its own detection size, direction classifier, batches
  of 6 lines), through the same layout code;
- tuned: the project's engine options (`config.OcrSettings`: detection at 960 px, no classifier,
  one line at a time).

It prints pages per second (wall clock and CPU seconds per page), the character accuracy of the text
against the source (1 − edit distance / length, whitespace aside), and the extraction of each scan
beside that of its text version: findings, findings with the same number of measures, figures
recalled, and whether title, date and issuer agree.

    python benchmarks/ocr.py [--only NAME] [--dpi 150] [--skip-baseline] [--rec-batch N] [--det-side PX]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scans  # noqa: E402

from zhenggai.config import OcrSettings  # noqa: E402
from zhenggai.corpus import ocr as engine_module  # noqa: E402
from zhenggai.corpus.readers import read_bytes  # noqa: E402
from zhenggai.nlp.pipeline import extract_document  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row at a time."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(ocr_text: str, source: str) -> float:
    a, b = "".join(ocr_text.split()), "".join(source.split())
    return 1 - edit_distance(a, b) / max(1, len(b))


def default_recognise(image, settings: OcrSettings = OcrSettings()):
    """The baseline: RapidOCR's own pipeline with its default options, as an OcrPage."""
    from rapidocr_onnxruntime import RapidOCR

    global _DEFAULT
    if "_DEFAULT" not in globals():
        _DEFAULT = RapidOCR()
    result, _ = _DEFAULT(image)
    lines = []
    for box, text, score in result or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        size = ((box[3][1] - box[0][1]) + (box[2][1] - box[1][1])) / 2
        lines.append(engine_module.OcrLine(min(xs), min(ys), max(xs), max(ys), text, float(score), size))
    return engine_module.OcrPage(image.shape[1], image.shape[0], lines)


@dataclass
class Outcome:
    pages: int
    wall: float
    cpu: float
    accuracy: float
    findings: tuple[int, int]      # scan, text
    measures_same: tuple[int, int]  # findings with the text version's number of measures, of those paired
    figures: tuple[int, int]        # text version's figures found in the scan, of all
    meta: dict[str, bool]
    confidence: float


def figure_keys(extraction) -> Counter:
    return Counter((f.kind, f.value, f.low, f.high, f.unit) for f in extraction.figures)


def run(pdf: bytes, source_doc, source_ex, settings: OcrSettings) -> Outcome:
    pages = []
    started, cpu = time.perf_counter(), time.process_time()
    doc = read_bytes(pdf, "scan.pdf", ocr=settings, on_page=lambda done, total: pages.append(total))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    scan = extract_document(doc)
    paired = list(zip(scan.findings, source_ex.findings))
    same = sum(len(a.measures) == len(b.measures) for a, b in paired)
    want, got = figure_keys(source_ex), figure_keys(scan)
    found = sum(min(n, got[k]) for k, n in want.items())
    meta = {k: getattr(scan.notice, k) == getattr(source_ex.notice, k) for k in ("title", "date", "issuer")}
    return Outcome(pages[0] if pages else 0, wall, cpu, accuracy(doc.text, source_doc.text),
                   (len(scan.findings), len(source_ex.findings)), (same, len(source_ex.findings)),
                   (found, sum(want.values())), meta, doc.ocr_confidence or 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="one sample file name")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--rec-batch", type=int, default=OcrSettings.rec_batch, help="lines recognised together (tuned)")
    ap.add_argument("--det-side", type=int, default=OcrSettings.det_side, help="detection size (tuned)")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    files = sorted(SAMPLES.glob("*.txt"))
    if args.only:
        files = [f for f in files if f.name == args.only]
    tuned = OcrSettings(dpi=args.dpi, rec_batch=args.rec_batch, det_side=args.det_side)
    configs = [("tuned", tuned)] if args.skip_baseline else [("baseline", tuned), ("tuned", tuned)]
    totals = {name: [] for name, _ in configs}
    print(f"{'sample':34} {'engine':8} {'pages':>5} {'s/page':>7} {'cpu/page':>8} {'char acc':>8} {'conf':>5} "
          f"{'findings':>9} {'measures=':>9} {'figures':>9} title date issuer")
    for i, path in enumerate(files):
        source = path.read_text(encoding="utf-8")
        look = scans.Look(dpi=args.dpi, indent=i % 2 == 0, header="【内部资料】整改通报" if i % 3 == 0 else "",
                          red_head=i % 3 == 2, seed=i)
        if look.red_head:  # the issuer's red-head line and a document number above the notice, in both versions
            title = next(line for line in source.splitlines() if "关于" in line)
            source = f"{title.split('关于')[0]}文件\n示党发〔2024〕17号\n" + source
        pdf = scans.scan_pdf(source, look)
        source_doc = read_bytes(source.encode("utf-8"), path.name)
        source_ex = extract_document(source_doc)
        for name, settings in configs:
            original = engine_module.recognise
            if name == "baseline":
                engine_module.recognise = default_recognise
            try:
                out = run(pdf, source_doc, source_ex, settings)
            finally:
                engine_module.recognise = original
            totals[name].append(out)
            meta = " ".join("yes" if out.meta[k] else "NO " for k in ("title", "date", "issuer"))
            print(f"{path.name[:34]:34} {name:8} {out.pages:5d} {out.wall / out.pages:7.2f} {out.cpu / out.pages:8.2f} "
                  f"{out.accuracy:8.4f} {out.confidence:5.3f} {out.findings[0]:4d}/{out.findings[1]:<4d} "
                  f"{out.measures_same[0]:4d}/{out.measures_same[1]:<4d} {out.figures[0]:4d}/{out.figures[1]:<4d} {meta}",
                  flush=True)
    print()
    lines = {}
    for name, outs in totals.items():
        pages = sum(o.pages for o in outs)
        wall, cpu = sum(o.wall for o in outs), sum(o.cpu for o in outs)
        chars = sum(o.accuracy for o in outs) / len(outs)
        exact = sum(o.findings[0] == o.findings[1] for o in outs)
        measures = sum(o.measures_same[0] for o in outs) / max(1, sum(o.measures_same[1] for o in outs))
        figures = sum(o.figures[0] for o in outs) / max(1, sum(o.figures[1] for o in outs))
        meta = {k: sum(o.meta[k] for o in outs) for k in ("title", "date", "issuer")}
        print(f"{name:8}: {pages} pages, {pages / wall:.2f} pages/s ({wall / pages:.2f} s/page, {cpu / pages:.2f} CPU s/page); "
              f"char accuracy {chars:.4f}; findings exact {exact}/{len(outs)}; measures per finding {measures:.3f}; "
              f"figures recall {figures:.3f}; title {meta['title']}/{len(outs)}, date {meta['date']}/{len(outs)}, "
              f"issuer {meta['issuer']}/{len(outs)}")
        lines[name] = (f"char accuracy {chars:.4f}, findings exact {exact}/{len(outs)}, measures per finding "
                       f"{measures:.3f}, figures recall {figures:.3f}, title/date/issuer {meta['title']}/{meta['date']}/"
                       f"{meta['issuer']} of {len(outs)}; {cpu / pages:.2f} CPU s a page ({wall / pages:.2f} s wall)")
    speed = ""
    if len(totals) == 2:
        base, tune = (sum(o.wall for o in totals[n]) / sum(o.pages for o in totals[n]) for n in ("baseline", "tuned"))
        print(f"tuned is {base / tune:.2f}x the baseline's speed")
        speed = f"; engine defaults in the same run: {lines['baseline']}; tuned is {base / tune:.2f}x as fast"
    if args.record and not args.only:
        from results import record

        pages = sum(o.pages for o in totals["tuned"])
        record("ocr", [(f"scans: the {len(files)} samples printed and scanned ({pages} A4 pages at {args.dpi} dpi, skew, "
                        "grain, JPEG loss, running headers, red-head lines), tuned engine",
                        lines["tuned"] + speed, "python benchmarks/ocr.py")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
