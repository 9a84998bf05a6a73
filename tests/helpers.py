"""Paths and loaders the tests share: the real notices and gold files live in ../shared."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "corpus" / "samples"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the real notices and gold files are not part of a fresh clone)")
    return path


def load_gold(name: str) -> dict:
    return json.loads(shared_path("gold", name).read_text(encoding="utf-8"))
