"""Where a benchmark leaves the numbers it prints for the README's measurements table.

Each benchmark run with `--record` writes `benchmarks/results/NAME.json`: the rows it measured (what,
number, the command that reproduces it) and when. `benchmarks/report.py` rebuilds the README's table
from these files, so the table says exactly what the last recorded runs printed and cannot drift.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Sequence

FOLDER = Path(__file__).resolve().parent / "results"


def record(name: str, rows: Sequence[tuple[str, str, str]]) -> Path:
    """Save (what, number, how) rows under `name`; returns the file written."""
    FOLDER.mkdir(exist_ok=True)
    path = FOLDER / f"{name}.json"
    data = {"benchmark": name, "recorded": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(),
            "rows": [{"what": w, "number": n, "how": h} for w, n, h in rows]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load(name: str) -> list[dict]:
    path = FOLDER / f"{name}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["rows"]
