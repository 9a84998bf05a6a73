"""The role classifier on notices it was not fitted to: grouped cross-validation over the labelled set
(`nlp/data/roles/`; folds never split a notice), beside the rules alone, per role and per layout.

    python benchmarks/roles.py            # 5-fold grouped CV, the rules baseline, a per-role report
    python benchmarks/roles.py --by-layout  # also: each layout held out whole (trained on the others)
    python benchmarks/roles.py --save     # refit on every labelled notice and write nlp/data/roles_model.npz

Prints accuracy per node (every tagged heading, item, paragraph and ledger row) after the same decoding
the outline uses (the rules' prior, siblings agreeing, parts passing their role down).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from zhenggai.nlp import role_model  # noqa: E402
from zhenggai.nlp.markup import parse  # noqa: E402
from zhenggai.nlp.normalize import normalize_text  # noqa: E402
from zhenggai.nlp.role_features import node_features  # noqa: E402
from zhenggai.nlp.role_rules import rule_roles  # noqa: E402
from zhenggai.nlp.roles import RULE_WEIGHT, decode, with_rules  # noqa: E402
from zhenggai.nlp.tree import build  # noqa: E402


def notices(files):
    """Per labelled notice: its nodes, features, rules' guesses and tagged roles."""
    out = []
    for path in files:
        marked = parse(path.read_text(encoding="utf-8"))
        text = role_model.prepared(normalize_text(marked.text))
        root = build(text, marked.blocks)
        rules = rule_roles(text, root)
        pairs = list(node_features(text, root, rules))
        nodes = [n for n, _ in pairs]
        gold = {}
        first = {}
        for n in nodes:
            first.setdefault(n.start, n)
        for offset, role in marked.roles.items():
            if offset in first:
                gold[id(first[offset])] = role_model.canonical(first[offset], role)
        out.append({"name": path.stem, "layout": marked.meta.get("layout", ""), "nodes": nodes,
                    "features": [f for _, f in pairs], "rules": [rules.get(id(n)) for n in nodes], "gold": gold})
    return out


def score(train, test, weight=RULE_WEIGHT, c=role_model.C):
    data = [role_model.Example(f, n["gold"][id(node)], n["name"], n["layout"])
            for n in train for node, f in zip(n["nodes"], n["features"]) if id(node) in n["gold"]]
    model = role_model.RoleModel(c).fit(data)
    hits = []
    for n in test:
        probs = model.probabilities(n["features"])
        roles = decode(n["nodes"], with_rules(probs, model.classes, n["rules"], weight), model.classes, n["features"])
        hits += [(n["layout"], gold, roles[i]) for i, gold in n["gold"].items()]
    return hits


def rules_only(test):
    hits = []
    for n in test:
        guesses = {id(node): g for node, g in zip(n["nodes"], n["rules"])}
        hits += [(n["layout"], gold, canonical_rule(guesses.get(i))) for i, gold in n["gold"].items()]
    return hits


def canonical_rule(role):
    return role or "other"


def report(name, hits):
    ok = sum(g == p for _, g, p in hits)
    print(f"{name:28} {ok / len(hits):.3f}  ({ok}/{len(hits)} nodes)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--by-layout", action="store_true")
    ap.add_argument("--grid", action="store_true", help="also try other rule weights and C values")
    ap.add_argument("--save", action="store_true", help="refit on all labelled notices and save the model")
    ap.add_argument("--record", action="store_true", help="save the numbers for the README (benchmarks/report.py)")
    args = ap.parse_args()
    data = notices(role_model.labelled_files())
    print(f"{len(data)} labelled notices, {sum(len(n['gold']) for n in data)} tagged nodes "
          f"({Counter(r for n in data for r in n['gold'].values()).most_common()})")
    folds = [data[i::args.folds] for i in range(args.folds)]

    def cross(weight=RULE_WEIGHT, c=role_model.C):
        hits = []
        for k in range(args.folds):
            hits += score([n for j, f in enumerate(folds) if j != k for n in f], folds[k], weight, c)
        return hits

    base = rules_only(data)
    report("rules alone (baseline)", base)
    hits = cross()
    report(f"classifier, {args.folds}-fold grouped CV", hits)
    if args.record:
        from results import record

        rate = lambda hs: sum(g == p for _, g, p in hs) / len(hs)  # noqa: E731
        record("roles", [(f"role of each heading, item, paragraph and ledger row ({len(data)} labelled invented notices, "
                          f"{len(hits)} nodes; folds never split a notice)",
                          f"{args.folds}-fold grouped cross-validated accuracy {rate(hits):.3f}; today's rules alone "
                          f"{rate(base):.3f}", "python benchmarks/roles.py")])
    per_role = defaultdict(lambda: [0, 0])
    for _, g, p in hits:
        per_role[g][1] += 1
        per_role[g][0] += g == p
    print("  per role: " + ", ".join(f"{r} {a}/{b}" for r, (a, b) in sorted(per_role.items())))
    per_layout = defaultdict(list)
    for h in hits:
        per_layout[h[0]].append(h)
    for layout, hs in sorted(per_layout.items()):
        report(f"  {layout}", hs)
    if args.grid:
        for weight in (1.0, 2.0, 3.0, 5.0, 8.0):
            for c in (0.5, 2.0, 8.0):
                report(f"  rule weight {weight}, C {c}", cross(weight, c))
    if args.save:
        files = role_model.labelled_files()
        model = role_model.RoleModel().fit(role_model.examples(files))
        model.save(data_hash=role_model.data_hash(files))
        saved = role_model.RoleModel.load()
        agree = sum(a == b for n in data for a, b in zip(
            saved.probabilities(n["features"]).argmax(axis=1), model.probabilities(n["features"]).argmax(axis=1)))
        total = sum(len(n["features"]) for n in data)
        print(f"saved {role_model.MODEL.name}: {len(saved.index)} features kept; the saved weights agree with the "
              f"fitted ones on {agree}/{total} nodes")
    if args.by_layout:
        print("each layout held out whole (fitted on the others):")
        for layout in sorted({n["layout"] for n in data}):
            test = [n for n in data if n["layout"] == layout]
            report(f"  {layout}", score([n for n in data if n["layout"] != layout], test))


if __name__ == "__main__":
    main()
