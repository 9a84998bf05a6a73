"""The `zhenggai` command line: thin; every verb calls into corpus/, nlp/ or index/."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from .corpus.readers import ReadError, read_notice
from .nlp.pipeline import extract_document
from .index.embed import ModelError
from .nlp.records import Extraction


class UsageError(Exception):
    """A bad argument: one line on stderr, exit 2."""


def _fail(message: str, code: int = 1) -> int:
    print(f"zhenggai: {message}", file=sys.stderr)
    return code


def extract_file(path: str) -> Extraction:
    doc = read_notice(path)
    return extract_document(doc)


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


# --- library verbs --------------------------------------------------------------------------------

def _folder(args: argparse.Namespace) -> Path:
    from .index.library import default_folder

    return Path(args.db) if args.db else default_folder()


def _library(args: argparse.Namespace, readonly: bool = False):
    from .index.library import Library

    folder = _folder(args)
    if readonly and not (folder / "library.db").exists():
        raise UsageError(f"{folder}: no library here yet; run `zhenggai ingest FILES --db {folder}` first")
    return Library.open(folder, getattr(args, "model", None), readonly=readonly)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .index.library import iter_files

    files = list(iter_files(args.paths))
    if not files:
        raise UsageError("no notice files found in " + " ".join(args.paths))
    skipped = []
    with _library(args) as lib, tqdm(total=len(files), unit="file", desc="ingest", disable=args.quiet) as bar:
        def report(result):
            bar.update(1)
            bar.set_postfix_str(Path(result.path).name[:30])
            if result.status == "skipped":
                skipped.append(result)
                tqdm.write(f"zhenggai: {result.path}: skipped: {result.reason}", file=sys.stderr)
        results = lib.add(files, progress=report)
    counts = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "unchanged", "skipped")}
    print("，".join(f"{name} {n}" for name, n in counts.items()) + f"（{lib.folder}）")
    return 2 if skipped else 0


def _filters(args: argparse.Namespace):
    from .index.store import Filters

    return Filters(type=args.type, issuer=args.issuer, kind=args.kind, year_from=args.year_from,
                   year_to=args.year_to, status=args.status)


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query and not args.queries:
        raise UsageError("search: give a QUERY or --queries FILE")
    queries = [args.query] if args.query else _read_queries(args.queries)
    with _library(args, readonly=True) as lib:
        results = [{"query": q, "hits": [h.to_dict() for h in lib.search(q, args.mode, args.top, _filters(args))]}
                   for q in queries]
    if args.json or args.queries:
        json.dump(results if args.queries else results[0]["hits"], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for block in results:
            _print_hits(block["hits"])
    return 0


def _read_queries(path: str) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read queries ({exc.__class__.__name__})") from None
    return [line.strip() for line in lines if line.strip()]


def _print_hits(hits: list[dict]) -> None:
    if not hits:
        print("（没有结果）")
    for rank, h in enumerate(hits, 1):
        kind = "问题" if h["type"] == "finding" else "措施"
        print(f"{rank:>2}. [{kind} #{h['id']}] {h['finding_title']}  ({h['score']:.4f})")
        print(f"    {_short(h['text'], 90)}")
        print(f"    — {h['notice_title']} · {h['issuer'] or ''} · {h['date'] or ''}")
        for m in h.get("measures", [])[:5]:
            print(f"      · {_short(m['text'], 80)}")


def cmd_similar(args: argparse.Namespace) -> int:
    with _library(args, readonly=True) as lib:
        try:
            hits = [h.to_dict() for h in lib.similar(args.record_id, args.top, other_notices=not args.same_notice)]
        except KeyError:
            raise UsageError(f"no record {args.record_id} in {lib.folder}") from None
    if args.json:
        json.dump(hits, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_hits(hits)
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from .index.tables import figure_rows, write_table

    if args.paths:
        rows, bad = figure_rows(args.paths, args.kind)
        for path, reason in bad:
            print(f"zhenggai: {path}: {reason}", file=sys.stderr)
    else:
        with _library(args, readonly=True) as lib:
            rows, bad = lib.figures(args.kind), []
    write_table(rows, csv_path=args.csv, xlsx_path=args.xlsx, out=sys.stdout)
    return 2 if bad else 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from .index.library import Library

    with Library(_folder(args)) as lib:  # opened with its own model; reindex switches
        n = lib.reindex(args.model, progress=not args.quiet)
    print(f"reindexed {n} records with {lib.model_name}")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    import subprocess

    app = Path(__file__).with_name("app.py")
    env = dict(os.environ)
    env["ZHENGGAI_DB"] = str(_folder(args).resolve())
    # Headless always: Streamlit's first-run e-mail prompt would otherwise wait on the terminal.
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
               "--browser.gatherUsageStats", "false", "--server.headless", "true"]
    print(f"zhenggai: the app is starting at http://localhost:{args.port} (Ctrl+C stops it)", file=sys.stderr)
    return subprocess.call(command, env=env)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhenggai", description="整改通报：抽取、入库、检索")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="one notice to findings, measures and figures (nothing stored)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the record JSON of design §2")
    p.set_defaults(func=cmd_extract)

    def library_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", help="library folder (default: $ZHENGGAI_DB or the user data folder)")
        p.add_argument("--model", help="sentence-transformers model name or path (default: multilingual-e5-small)")

    p = sub.add_parser("ingest", help="read files or folders into the library")
    p.add_argument("paths", nargs="+")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    library_args(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="find findings and measures by words and meaning")
    p.add_argument("query", nargs="?")
    p.add_argument("--queries", help="a file with one query per line; prints [{query, hits}]")
    p.add_argument("--mode", choices=("hybrid", "lexical", "dense"), default="hybrid")
    p.add_argument("--top", type=_positive, default=10)
    p.add_argument("--type", choices=("finding", "measure", "any"), default="any")
    p.add_argument("--issuer")
    p.add_argument("--kind", choices=("巡视", "巡察", "审计", "其他"))
    p.add_argument("--status", choices=("done", "ongoing", "long_term", "unknown"))
    p.add_argument("--year-from", type=int)
    p.add_argument("--year-to", type=int)
    p.add_argument("--json", action="store_true")
    library_args(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("similar", help="findings (or measures) like this one in other notices")
    p.add_argument("record_id", type=int)
    p.add_argument("--top", type=_positive, default=10)
    p.add_argument("--same-notice", action="store_true", help="also look inside the record's own notice")
    p.add_argument("--json", action="store_true")
    library_args(p)
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("figures", help="the figures of notices (files/folders) or of the library")
    p.add_argument("paths", nargs="*")
    p.add_argument("--kind", choices=("money", "percent", "percentage_point", "count", "range", "duration",
                                      "date", "period"))
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv")
    out.add_argument("--xlsx")
    library_args(p)
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("reindex", help="re-encode every record and rebuild the vector index")
    p.add_argument("--db")
    p.add_argument("--model", help="the model to re-encode with (default: the library's own)")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("app", help="open the Streamlit app")
    p.add_argument("--db")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=cmd_app)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    log = logging.getLogger("zhenggai")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("zhenggai: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except ModelError as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:  # `zhenggai figures | head`: the reader has gone, which is fine
        sys.stderr.close()
        return 0
    except Exception as exc:  # a user sees one line; ZHENGGAI_DEBUG=1 shows the traceback
        if os.environ.get("ZHENGGAI_DEBUG"):
            raise
        return _fail(f"{args.command}: unexpected error: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
