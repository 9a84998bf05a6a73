"""The role of each node of a notice's tree: part, area, finding, detail, measure, status, overview,
next step, closing, other (`markup.ROLES`).

For now the rules decide (`role_rules.py`); a classifier learned from labelled notices takes over.
"""
from __future__ import annotations

from .outline import Node
from .role_rules import rule_roles


def assign_roles(text: str, root: Node) -> dict[int, str]:
    """{id(node): role} for every node under `root`."""
    return rule_roles(text, root)
