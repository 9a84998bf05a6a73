"""The `zhenggai` command line: thin; every verb calls into corpus/, nlp/ or index/."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from .corpus.readers import ReadError, read_notice
from .nlp.pipeline import extract
from .nlp.records import Extraction


class UsageError(Exception):
    """A bad argument: one line on stderr, exit 2."""


def _fail(message: str, code: int = 1) -> int:
    print(f"zhenggai: {message}", file=sys.stderr)
    return code


def extract_file(path: str) -> Extraction:
    doc = read_notice(path)
    return extract(doc.text, doc.title_hint, doc.date_hint)


def cmd_extract(args: argparse.Namespace) -> int:
    try:
        result = extract_file(args.file)
    except ReadError as exc:
        return _fail(f"{args.file}: {exc}")
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_outline(result))
    return 0


def render_outline(result: Extraction) -> str:
    """A readable outline: sections → findings → measures, then targets."""
    n = result.notice
    lines = [n.title or "(无标题)", f"{n.issuer or '发布单位不详'} · {n.date or '日期不详'} · {n.kind}"]
    if n.inspection_start:
        lines.append(f"巡视/巡察期间 {n.inspection_start} 至 {n.inspection_end or '?'}；反馈 {n.feedback_date or '?'}")
    titles = {s.ordinal: s.title for s in result.sections}
    current = object()
    for f in result.findings:
        if f.section != current:
            current = f.section
            lines.append("")
            lines.append(f"【{f.section}】{titles.get(f.section, '')}" if f.section else "【未分节】")
        lines.append(f"  {f.id} {f.title}  [{f.status}]")
        for m in f.measures:
            lines.append(f"     {m.ordinal}. {_short(m.text)}  [{m.status}]")
    if result.targets:
        lines.append("")
        lines.append("目标与实际：")
        for t in result.targets:
            actual = f"{t.actual.value:g}{t.actual.unit}" if t.actual else "未报告"
            lines.append(f"  {t.metric}: 目标 {t.target.comparator}{t.target.value:g}{t.target.unit}"
                         f"（{t.deadline_year or '—'}） 实际 {actual}")
    lines.append("")
    lines.append(f"{len(result.findings)} 项问题，{sum(len(f.measures) for f in result.findings)} 条措施，"
                 f"{len(result.figures)} 个数字，{len(result.targets)} 个目标")
    return "\n".join(lines) + "\n"


def _short(text: str, width: int = 60) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= width else flat[:width] + "…"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhenggai", description="整改通报：抽取、入库、检索")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="one notice to findings, measures and figures (nothing stored)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the record JSON of design §2")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # a user sees one line; ZHENGGAI_DEBUG=1 shows the traceback
        if os.environ.get("ZHENGGAI_DEBUG"):
            raise
        return _fail(f"{args.command}: unexpected error: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
