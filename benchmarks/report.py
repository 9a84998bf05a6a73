"""Rebuild the README's measurements table from the benchmarks' recorded results.

    python benchmarks/report.py                 # the table from benchmarks/results/*.json
    python benchmarks/report.py --run roles heldout   # run those benchmarks with --record first
    python benchmarks/report.py --run all       # every benchmark (takes long: encodes, OCR, 10^5 records)

Rows appear in the order of BENCHMARKS; each row carries the command that reproduces it. The table sits
between the markers `<!-- measurements:start -->` and `<!-- measurements:end -->` in README.md.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- measurements:start -->", "<!-- measurements:end -->"
# name → the command that records it (run from the project root)
BENCHMARKS = {
    "gold": "python benchmarks/gold.py --record",
    "heldout": "python benchmarks/heldout.py --record",
    "heldout2": "python benchmarks/heldout.py --folder benchmarks/data/heldout2 --record",
    "roles": "python benchmarks/roles.py --record",
    "themes": "python benchmarks/themes.py --record",
    "recurring": "python benchmarks/recurring.py --split test --record",
    "extract": "python benchmarks/extract.py --record",
    "encode": "python benchmarks/encode.py --record",
    "retrieval": "python benchmarks/retrieval.py --record",
    "calibrate": "python benchmarks/calibrate.py --record",
    "ocr": "python benchmarks/ocr.py --record",
    "footprint": "python benchmarks/footprint.py --record",
    "audit": "python benchmarks/audit.py --record",
}


def table() -> str:
    lines = ["| what | number | how |", "|---|---|---|"]
    for name in BENCHMARKS:
        for row in load(name):
            cells = [row["what"], row["number"], f"`{row['how']}`"]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def rewrite(readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: the markers {START} … {END} are missing")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", nargs="*", default=[], help="benchmarks to run first (names, or all)")
    args = ap.parse_args()
    names = list(BENCHMARKS) if args.run == ["all"] else args.run
    for name in names:
        command = BENCHMARKS[name]
        print(f"$ {command}", flush=True)
        done = subprocess.run(command.split(), cwd=ROOT)
        if done.returncode:  # e.g. heldout.py exits 1 when a bar is not met; what it measured is recorded
            print(f"({name} exited {done.returncode})", flush=True)
    rewrite()
    print(f"rewrote the measurements table in {README.name} ({sum(len(load(n)) for n in BENCHMARKS)} rows)")


if __name__ == "__main__":
    main()
