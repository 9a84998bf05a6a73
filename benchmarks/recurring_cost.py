"""What linking recurring problems costs at ingest as the library grows with other issuers' notices.

For libraries holding N notices of other issuers (copies of a bundled sample under other names) and one
earlier notice of issuer X, it times the links a second notice of X brings (`links_for_new`: its own
findings encoded, compared with X's stored ones), beside, in the same run, the step the earlier
decision repeated on every ingest: reading every finding of the library and fitting TF-IDF on them.

    python benchmarks/recurring_cost.py [--sizes 5 40]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from zhenggai.analysis import recurring
from zhenggai.analysis.problem_match import Problem
from zhenggai.api import Settings, ingest_bytes, open_library

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "corpus" / "samples" / "county-xuncha-2024.txt").read_text(encoding="utf-8")
ROUND_TWO = (ROOT / "corpus" / "samples" / "county-xuncha-2025-round2.txt").read_text(encoding="utf-8")
PLACES = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def other_issuer(i: int) -> str:
    name = f"{PLACES[i % len(PLACES)]}{PLACES[(i // len(PLACES)) % len(PLACES)]}县"
    return SAMPLE.replace("青禾县", name) + f"\n（副本{i}）\n"


def measure(size: int) -> tuple[float, float, int]:
    """(seconds for links_for_new, seconds for the old per-ingest TF-IDF fit, findings in the library)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    with tempfile.TemporaryDirectory() as folder, open_library(Path(folder), Settings()) as lib:
        for i in range(size):
            ingest_bytes(lib, other_issuer(i).encode(), f"other-{i}.txt")
        ingest_bytes(lib, SAMPLE.encode(), "x-2024.txt")
        result = ingest_bytes(lib, ROUND_TWO.encode(), "x-2025.txt")
        with lib.store.transaction() as conn:  # as if the second notice had just been stored: no links, no signals
            conn.execute("DELETE FROM recurring")
            conn.execute("DELETE FROM problem_signals WHERE finding_id IN (SELECT id FROM records WHERE notice_id = ?)",
                         (result.notice_id,))
        started = time.perf_counter()
        recurring.links_for_new(lib, [result.notice_id])
        ours = time.perf_counter() - started
        findings = lib.findings()
        started = time.perf_counter()
        texts = lib.problem_texts([f["id"] for f in findings])
        TfidfVectorizer(tokenizer=lambda t: Problem("", t).words(), token_pattern=None, lowercase=False,
                        sublinear_tf=True).fit(list(texts.values()))
        before = time.perf_counter() - started
        return ours, before, len(findings)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 40])
    args = ap.parse_args()
    from zhenggai.analysis.problem_match import reference_idf

    reference_idf()  # fixed once per process: not part of any one ingest
    print(f"{'other notices':>14}{'findings':>10}{'links_for_new s':>17}{'old TF-IDF refit s':>20}")
    for size in args.sizes:
        ours, before, findings = measure(size)
        print(f"{size:>14}{findings:>10}{ours:>17.3f}{before:>20.3f}")
    print("links_for_new includes encoding the new notice's findings (its stored signals are then reused);")
    print("the old refit is only the part of the old decision that grew with the library, without its encoding.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
