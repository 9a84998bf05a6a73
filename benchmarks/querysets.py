"""zhenggai's own labelled queries (benchmarks/data/queries/, all written for this project), and the one
rule that splits them into a development part (fitted and tuned on) and a held-out part (only reported).

- `ontopic.txt`: paraphrases, in groups `> expected|strings` — a result answers when its finding's title,
  text or measures hold one of them; all paraphrases of one finding fall in the same part.
- `absent.txt`: inspection wording about topics no notice of the haystack mentions, in groups `> topic`;
  a topic's queries fall in the same part. The right answer is 没有找到相关结果.
- `offtopic.txt`: everyday questions; also 没有找到相关结果.
- `selfdesc.txt`: questions aimed at a notice's self-description (how the work was organised, next steps):
  no result may be such a part returned as a finding.

The split is by a hash of the group's label, so it never changes when queries are added elsewhere and
cannot be chosen by looking at results: about 30 % of groups are held out.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

QUERIES = Path(__file__).resolve().parent / "data" / "queries"
HELD_OUT_SHARE = 30  # percent of groups


@dataclass(frozen=True)
class Labelled:
    q: str
    expect: tuple[str, ...]   # empty: nothing in the library answers it
    group: str
    kind: str                 # ontopic | absent | offtopic
    held_out: bool


def held_out(group: str) -> bool:
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest(), 16) % 100 < HELD_OUT_SHARE


def _groups(path: Path) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(">"):
            out.append((line[1:].strip(), []))
        elif out:
            out[-1][1].append(line)
        else:
            out.append((line, [line]))
    return out


def load(folder: Path = QUERIES) -> list[Labelled]:
    """Every labelled query of the folder (groups with the same label are one group)."""
    items: list[Labelled] = []
    for label, queries in _groups(folder / "ontopic.txt"):
        expect = tuple(e for e in label.split("|") if e)
        items += [Labelled(q, expect, label, "ontopic", held_out(label)) for q in queries]
    for label, queries in _groups(folder / "absent.txt"):
        items += [Labelled(q, (), label, "absent", held_out(label)) for q in queries]
    for raw in (folder / "offtopic.txt").read_text(encoding="utf-8").splitlines():
        q = raw.strip()
        if q and not q.startswith("#"):
            items.append(Labelled(q, (), q, "offtopic", held_out(q)))
    return list({(i.kind, i.q): i for i in items}.values())


def self_description(folder: Path = QUERIES) -> list[str]:
    path = folder / "selfdesc.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")] if path.exists() else []


def answers(hit, expect: tuple[str, ...]) -> bool:
    """A result answers when its finding's title, its text or its measures hold an expected string."""
    text = " ".join([hit.text, hit.finding_title, *(m.text for m in hit.measures)])
    return any(e in text for e in expect)
