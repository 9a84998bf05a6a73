"""Paths and loaders the tests share: the real notices and gold files live in ../shared."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHENGGAI_SHARED") or ROOT.parent / "shared")  # a worktree elsewhere names it
SAMPLES = ROOT / "corpus" / "samples"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the real notices and gold files are not part of a fresh clone)")
    return path


def load_gold(name: str) -> dict:
    return json.loads(shared_path("gold", name).read_text(encoding="utf-8"))


def sample_copies(folder: Path, n: int) -> list[Path]:
    """n distinct notice files (a sample with a numbered line added, so each hashes differently)."""
    base = (SAMPLES / "county-xuncha-2024.txt").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"copy-{i:03d}.txt"
        path.write_text(base + f"\n（副本{i}）\n", encoding="utf-8")
        paths.append(path)
    return paths
