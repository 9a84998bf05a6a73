"""Paths and loaders the tests share: the real notices and gold files live in ../shared."""
from __future__ import annotations

import json
from contextlib import contextmanager
import os
from pathlib import Path
from typing import Optional

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


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(folder: Path, *args: str, log: Optional[Path] = None, scheme: str = "http"):
    """`zhenggai app --db folder ARGS` started as a user starts it; yields its URL on this machine and
    stops it (and everything it started) on the way out."""
    import os
    import signal
    import ssl
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "zhenggai.cli", "app", "--db", str(folder), "--port", str(port),
                             *args], stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "BROWSER": "none"},
                            start_new_session=True)
    url = f"{scheme}://127.0.0.1:{port}"
    context = ssl._create_unverified_context() if scheme == "https" else None  # a self-signed test certificate
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2, context=context) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail(f"the app did not start (exit {proc.poll()})")
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if log:
            out.close()


def sample_files() -> list[Path]:
    """The bundled sample notices, as a folder ingest reads them."""
    from zhenggai.corpus.files import SUFFIXES

    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SUFFIXES)
