"""Peak memory (resident set) of what a user runs, each in a fresh process, beside the embedding engine
alone as the baseline of the same run.

    python benchmarks/footprint.py [--notices 14] [--scale 4] [--first-start] [--no-app]

- engine alone: the default engine loaded, one batch of passages encoded (the baseline).
- ingest: N notices into a new library (`zhenggai ingest … --quiet`): the samples, the real notices of
  ../shared where present, and year-shifted copies of the samples up to N. With --scale S, also
  N × S notices, to show that the peak does not grow with the number of files.
- search: one `zhenggai search` on that library.
- app: the first page and one search, run by Streamlit's AppTest (the script the server runs for a
  browser; the server itself adds little).
- first start (--first-start): the README's `zhenggai ingest corpus/samples --quiet` with an empty
  model cache (`ZHENGGAI_CACHE`) and library: model preparation, themes model, ingest. The
  preparation runs in a child process; its peak is counted (a child's peak is part of the figure, as
  `/usr/bin/time -v` reports it). What it prints is shown: it should be nothing.

Peaks come from `os.wait4` (the ru_maxrss of the finished process and the children it waited for),
the figure `/usr/bin/time -v` prints as "Maximum resident set size".
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
REAL = ROOT.parent / "shared" / "corpus"
CLI = [sys.executable, "-m", "zhenggai.cli"]

ENGINE = """
from zhenggai.index.embed import Embedder
from zhenggai.corpus.readers import read_notice
from pathlib import Path
text = read_notice(Path({sample!r})).text
Embedder().encode_passages([text[i:i + 120] for i in range(0, len(text), 120)])
"""

APP = """
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=600).run()
at.text_input(key="query").input("借调人员没有备案").run()
assert not at.exception, [e.value for e in at.exception]
"""


def measured(command: list[str], env: dict | None = None) -> tuple[float, float, float, str]:
    """(peak MB, seconds, CPU seconds, what it printed) of a command run in a fresh process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                                cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        printed = out.read().decode("utf-8", "replace")
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(map(str, command))} failed ({proc.returncode}):\n{printed[-2000:]}")
    return usage.ru_maxrss / 1024, seconds, usage.ru_utime + usage.ru_stime, printed


def notices(folder: Path, n: int) -> list[Path]:
    """n distinct notices: the samples, the real ones, then copies of the samples a year or more earlier."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(SAMPLES.glob("*.txt")) + sorted(REAL.glob("*.txt"))
    paths = []
    for i in range(n):
        source, shift = sources[i % len(sources)], i // len(sources)
        text = source.read_text(encoding="utf-8")
        if shift:
            text = re.sub(r"20(\d\d)年", lambda m: f"{2000 + int(m.group(1)) - shift}年", text)
        path = folder / f"{i:03d}-{source.name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def row(what: str, measure: tuple, baseline: float, rows: list) -> None:
    peak, seconds, cpu = measure[:3]
    print(f"  {what:<44} {peak:7.0f} MB  {peak / baseline:5.2f} x engine  {seconds:6.1f} s  {cpu:6.1f} s CPU")
    rows.append(f"{what} {peak:.0f} MB ({cpu:.1f} s CPU)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=14)
    ap.add_argument("--scale", type=int, default=0, help="also ingest notices × SCALE (0: not)")
    ap.add_argument("--first-start", action="store_true", help="also measure a first start (empty model cache)")
    ap.add_argument("--no-app", action="store_true")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="zhenggai-footprint-") as tmp:
        work = Path(tmp)
        engine = measured([sys.executable, "-c", ENGINE.format(sample=str(next(SAMPLES.glob("*.txt"))))])
        base = engine[0]
        print(f"peak resident memory, each in a fresh process ({os.cpu_count()} cores; wall and CPU time):")
        row("engine alone (load, encode one notice)", engine, base, rows)
        library = work / "lib"
        files = notices(work / "notices", args.notices)
        row(f"ingest {len(files)} notices into a new library",
            measured(CLI + ["ingest", *map(str, files), "--db", str(library), "--quiet"]), base, rows)
        if args.scale > 1:
            more = notices(work / "more", args.notices * args.scale)
            row(f"ingest {len(more)} notices into a new library",
                measured(CLI + ["ingest", *map(str, more), "--db", str(work / "lib-more"), "--quiet"]), base, rows)
        row("search, one query", measured(CLI + ["search", "借调人员没有备案", "--db", str(library)]), base, rows)
        if not args.no_app:
            row("app: first page and one search",
                measured([sys.executable, "-c", APP.format(app=str(ROOT / "app.py"))], {"ZHENGGAI_DB": str(library)}),
                base, rows)
        if args.first_start:
            env = {"ZHENGGAI_CACHE": str(work / "cache")}
            first = measured(CLI + ["ingest", str(SAMPLES), "--db", str(work / "first"), "--quiet"], env)
            row("first start: prepare model, ingest samples", first, base, rows)
            print(f"  first start printed: {first[3].strip()[:2000]!r}")
    if args.record:
        from results import record

        record("footprint", [("peak resident memory, each in a fresh process (the engine is the int8 ONNX e5)",
                              "; ".join(rows), "python benchmarks/footprint.py" + " --first-start" * args.first_start)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
