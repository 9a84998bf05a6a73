"""The two real notices against their gold, and their variants (OCR'd text, a web copy, a DOCX): the
shared checks run and summed up for the README. These are development scores: the rules were written
while reading these two notices.

    python benchmarks/gold.py [--record]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT.parent / "shared" / "tools"


def run(tool: str) -> list[str]:
    r = subprocess.run([sys.executable, str(TOOLS / tool)], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    return [line for line in r.stdout.splitlines() if line.strip() and not line.startswith("(")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    if not TOOLS.is_dir():
        raise SystemExit(f"needs {TOOLS} (the real notices and their gold)")
    gold, variants = run("gold_check.py"), run("variants.py")
    for line in gold + variants:
        print(line)
    short = [line for line in gold if "matches the gold" not in line]
    held = sum(line.endswith("holds") for line in variants)
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results import record

        record("gold", [
            ("the two real notices against their gold: structure, figures, summaries, themes (development scores: "
             "the word lists were written while reading them)",
             "; ".join(short) if short else f"all {len(gold)} gold files match",
             "python ../shared/tools/gold_check.py"),
            ("the same notices as OCR'd text, a web copy and a DOCX (`variants.py`)",
             f"{held}/{len(variants)} variants hold their gold structure", "python ../shared/tools/variants.py")])


if __name__ == "__main__":
    main()
