"""The role of each node of a notice's tree: part, area, finding, detail, measure, status, overview,
next step, closing, other (`markup.ROLES`).

The classifier (`role_model`) gives each node a probability per role; this module turns them into one
consistent reading of the whole notice:
- items of one kind under one heading share a role (the mean of their probabilities decides), since a
  notice numbers like with like — one self-description paragraph can't be a finding among its siblings
  (the top-level parts do differ: overview, problems, next steps);
- a part, area or item read as overview, next step or closing takes everything under it along (closing
  lines under a next-steps or overview part stay closing);
- what stands under a measure continues it, unless it reads as the finding's status, a next step or
  the closing.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Optional

import numpy as np

from .outline import Node
from .role_features import node_features
from .role_rules import rule_roles

_INHERITED = ("overview", "next", "closing")
_ENUMERATED = ("L1", "L2", "G", "L3", "R", "L4", "E", "C")


def assign_roles(text: str, root: Node) -> dict[int, str]:
    """{id(node): role} for every node under `root`."""
    from .role_model import trained

    rules = rule_roles(text, root)
    pairs = list(node_features(text, root, rules))
    if not pairs:
        return {}
    model = trained()
    nodes = [n for n, _ in pairs]
    features = [f for _, f in pairs]
    probs = model.probabilities(features)
    return decode(nodes, with_rules(probs, model.classes, [rules.get(id(n)) for n in nodes]), model.classes, features)


# How much the rules' guess weighs against the classifier: the classifier overrules them only when it
# finds another role this many times likelier (chosen by benchmarks/roles.py on held-out notices).
RULE_WEIGHT = 3.0


def with_rules(probs: np.ndarray, classes: list[str], guesses: list, weight: float = RULE_WEIGHT) -> np.ndarray:
    """The classifier's probabilities with the rules' guess as a prior: where the language is familiar the
    rules are exact, so only a clear case overrules them."""
    index = {c: i for i, c in enumerate(classes)}
    out = probs.copy()
    for row, guess in enumerate(guesses):
        if guess in index and guess != "other":  # "other" is the rules having no opinion
            out[row, index[guess]] *= weight
    return out / out.sum(axis=1, keepdims=True)


def decode(nodes: list[Node], probs: np.ndarray, classes: list[str],
           features: Optional[list[dict]] = None) -> dict[int, str]:
    """Roles from probabilities: siblings of one kind agree, actions under a problem are its measures, and
    parts pass their role down."""
    row = {id(n): i for i, n in enumerate(nodes)}
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        if node.kind in _ENUMERATED and node.parent is not None and node.parent.kind != "root":
            groups[(id(node.parent), node.kind)].append(i)
    chosen = [classes[int(np.argmax(p))] for p in probs]
    for members in groups.values():
        if len(members) > 1:
            role = classes[int(np.argmax(probs[members].mean(axis=0)))]
            for i in members:
                chosen[i] = role
    if features is not None:
        _actions_under_a_problem(nodes, chosen, row, features)
    roles: dict[int, str] = {}

    def settle(node: Node, inherited: str | None) -> None:
        own = chosen[row[id(node)]]
        # what a part says is taken along, except that the notice's closing lines (特此通报, 联系电话)
        # end a next-steps or overview part that they stand under; under a measure, a status line
        # (整改进展：已完成) says how far the finding got, and a 下一步 or closing paragraph ends the finding
        kept = ((inherited in ("next", "overview") and own == "closing")
                or (inherited == "measure" and own in ("status", "next", "closing")))
        role = own if kept else inherited or own
        roles[id(node)] = role
        passed = role if role in _INHERITED else ("measure" if role == "measure" else None)
        for child in node.children:
            settle(child, passed or inherited)

    for top in (n for n in nodes if n.parent is not None and n.parent.kind == "root"):
        settle(top, None)
    return roles


def _actions_under_a_problem(nodes: list[Node], chosen: list[str], row: dict[int, int],
                             features: list[dict]) -> None:
    """An item read as a finding under a heading that names a shortcoming, whose own words are an action
    (1.开展企业台账规范化行动 under （一）数据源头管控不严), is a measure with its steps."""
    def says(i: int, cue: str) -> bool:
        return features[i].get(f"cue={cue}", 0) > 0

    for i, node in enumerate(nodes):
        parent = row.get(id(node.parent)) if node.parent is not None else None
        if (chosen[i] == "finding" and parent is not None and chosen[parent] in ("finding", "area")
                and says(i, "action_words") and not says(i, "problem_words") and not says(i, "problem_template")
                and says(parent, "problem_words") and not says(parent, "action_words")):
            chosen[i] = "measure"
