"""The `zhenggai` command line: thin; every verb calls the public API (`api.py`)."""
from __future__ import annotations

import argparse
import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Optional, Sequence

from . import api, cli_accounts
from .terminal import dump as _dump, fail as _fail, quiet_libraries, say as _say, text_arg as _text_arg


class UsageError(Exception):
    """A bad argument: one line on stderr, exit 2."""


def cmd_extract(args: argparse.Namespace) -> int:
    label = api.terminal_safe(args.file)
    settings = _settings(args)

    def on_page(done: int, total: int) -> None:  # a scan's pages, as they are OCR'd
        print(f"\rOCR {done}/{total} 页", end="\n" if done == total else "", file=sys.stderr, flush=True)

    try:
        result = api.extract_path(args.file, settings.limits, settings.ocr, on_page if sys.stderr.isatty() else None)
    except Exception as exc:  # whatever goes wrong inside the file is its coded reason
        return _fail(f"{label}: {api.file_failure(exc, args.file)}")
    if args.json:
        _dump(result.to_dict())
    else:
        sys.stdout.write(api.terminal_text(api.render_outline(result)))
    return 0


# --- library verbs --------------------------------------------------------------------------------

def _settings(args: argparse.Namespace) -> api.Settings:
    return api.Settings.from_env(model=getattr(args, "model", None))



def _folder(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else api.default_library_folder()


def _library(args: argparse.Namespace, readonly: bool = False, **kwargs) -> api.Library:
    return api.open_library(_folder(args), _settings(args), readonly=readonly, **kwargs)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    options = {"uri": args.milvus_uri, "token": args.milvus_token}
    with _library(args, backend=args.backend, backend_options=options) as lib:
        bar = tqdm(unit="file", desc="ingest", disable=args.quiet, file=sys.stderr)
        skipped = []

        def on_progress(p: api.Progress) -> None:
            bar.total = p.files_total
            bar.set_postfix_str(f"{api.terminal_safe(p.name)[:30]} · {p.step}", refresh=True)

        def on_result(result: api.IngestResult) -> None:
            if result.status == "ignored":
                return
            bar.update(1)
            if result.status == "skipped":
                skipped.append(result)
                tqdm.write(api.terminal_safe(f"zhenggai: {result.path}: skipped: {result.reason}"), file=sys.stderr)

        def on_wait() -> None:
            tqdm.write(api.terminal_safe(f"zhenggai: another zhenggai process is writing to {lib.folder}; waiting "
                                         "for it to finish…"), file=sys.stderr)

        try:
            results = api.cli_workspace(lib).ingest(args.paths, on_result, on_progress, on_wait)
        finally:
            bar.close()
    ignored = [r for r in results if r.status == "ignored"]
    if len(ignored) == len(results):
        raise UsageError("no notice files found in " + " ".join(api.terminal_safe(p) for p in args.paths))
    if ignored and not args.quiet:
        kinds = sorted({r.error.params["suffix"] for r in ignored if r.error})
        examples = "、".join(api.terminal_safe(r.path) for r in ignored[:3])
        _say(f"zhenggai: {len(ignored)} files of types zhenggai does not read ({', '.join(kinds)}) were left out, "
             f"e.g. {examples}", err=True)
    folders = sum(r.error is not None and r.error.code == "R024" for r in skipped)
    counts = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "unchanged")}
    counts["skipped"] = len(skipped) - folders
    counts["unreadable folders"] = folders
    counts["other file types"] = len(ignored)
    if not args.quiet:  # quiet: errors only (each skipped file on stderr, and exit 2)
        _say("，".join(f"{name} {n}" for name, n in counts.items()) + f"（{api.terminal_safe(lib.folder)}）")
    return 2 if skipped else 0


def _filters(args: argparse.Namespace) -> api.Filters:
    return api.Filters(type=args.type, issuer=args.issuer, kind=args.kind, year_from=args.year_from,
                       year_to=args.year_to, status=args.status, theme=getattr(args, "theme", None))


def cmd_search(args: argparse.Namespace) -> int:
    args.query, args.issuer = _text_arg(args.query, "query"), _text_arg(args.issuer, "--issuer value")
    if args.query is not None and not args.query.strip():
        raise UsageError("search: the query is empty")
    if not args.query and not args.queries:
        raise UsageError("search: give a QUERY or --queries FILE")
    queries = [args.query] if args.query else _read_queries(args.queries)
    with _library(args, readonly=True) as lib:
        results = [{"query": q, "hits": [h.to_dict() for h in lib.search(q, args.mode, args.top, _filters(args),
                                                                         floor=not args.all, flat=args.flat)]}
                   for q in queries]
        calibrated = lib.calibration.calibrated
        if not calibrated:
            _say(f"zhenggai: the model {lib.model_name} has no relevance calibration: results are ranked only, "
                 "with no relevance and no floor (benchmarks/calibrate.py --model writes one)", err=True)
    if args.json or args.queries:
        _dump(results if args.queries else results[0]["hits"])
    else:
        for block in results:
            _print_hits(block["hits"])
    return 0


def _read_queries(path: str) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read queries ({exc.__class__.__name__})") from None
    queries = [line.strip() for line in lines if line.strip()]
    if not queries:
        raise UsageError(f"{path}: no queries in the file")
    return queries


def _print_hits(hits: list[dict], label: str = "相关度") -> None:
    if not hits:
        _say("没有找到相关结果")
    for rank, h in enumerate(hits, 1):
        score = (f"{label} {h['relevance']}（{api.strength(h['relevance'])}）" if h.get("relevance") is not None
                 else "按排名")
        marks = ("  [原文匹配]" if h.get("exact") else "") + ("  [屡查屡犯]" if h.get("recurring") else "")
        _say(f"{rank:>2}. [{api.TYPE_LABEL[h['type']]} #{h['id']}] {h['finding_title']}  ({score}){marks}")
        _say(f"    {api.short(h['text'], 90)}")
        source = h.get("source") or h["notice_title"]
        parts = (source, api.issuer_text(h["issuer"]), api.date_text(h["date"]), f"第{h['page']}页" if h.get("page") else "")
        where = " · ".join(p for p in parts if p and (p == source or p not in source))
        _say(f"    — {where}")
        match = h.get("match")
        if match:
            _say(f"    ▶ 最相关的措施：{api.short(match['text'], 80)}")
        for m in h.get("measures", [])[:5]:
            if not match or m["id"] != match["id"]:
                _say(f"      · {api.short(m['text'], 80)}")


def cmd_similar(args: argparse.Namespace) -> int:
    with _library(args, readonly=True) as lib:
        hits = [h.to_dict() for h in lib.similar(args.record_id, args.top, other_notices=not args.same_notice)]
    if args.json:
        _dump(hits)
    else:
        _print_hits(hits, "相似度")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    if args.paths:
        rows, bad = api.figure_rows_from_files(args.paths, args.kind)
        for path, reason in bad:
            _fail(f"{path}: {reason}")
    else:
        with _library(args, readonly=True) as lib:
            rows, bad = lib.figures(args.kind), []
    rows = api.labelled_figures(rows)  # 金额, 目标 … as the app writes them
    if args.csv or args.xlsx:
        api.write_table(rows, csv_path=args.csv, xlsx_path=args.xlsx)
        _say(f"{len(rows)} figures written to {args.csv or args.xlsx}")
    else:
        table = io.StringIO()
        api.write_table(rows, out=table)
        sys.stdout.write(api.terminal_text(table.getvalue()))
    return 2 if bad else 0


def cmd_themes(args: argparse.Namespace) -> int:
    out, bad = [], 0
    for path, result in api.label_themes(args.paths, _settings(args)):
        if isinstance(result, api.ZhenggaiError):
            _fail(f"{path}: {result}")
            bad += 1
            continue
        out.append({"file": path, "findings": [  # number: the finding's place in the notice, 1, 2, 3 …
            {"key": f.id, "number": i, "title": f.title, "text": f.text, "theme": f.theme, "secondary": f.secondary,
             "confidence": f.confidence} for i, f in enumerate(result.findings, 1)]})
    if args.json:
        _dump(out)
    else:
        for block in out:
            _say(block["file"])
            for f in block["findings"]:
                second = f" / {api.THEME_LABEL.get(f['secondary'], '')}" if f["secondary"] else ""
                _say(f"  {f['key']:<5} {api.THEME_LABEL.get(f['theme'], f['theme'])}{second}  "
                     f"({f['confidence']:.2f})  {api.short(f['title'], 40)}")
    return 2 if bad else 0


def cmd_recurring(args: argparse.Namespace) -> int:
    with _library(args, readonly=True) as lib:
        links = api.recurring(lib)
    if args.json:
        _dump(links)
    elif not links:
        _say("没有发现屡查屡犯的问题（同一发布单位的先后通报中没有重复的问题）")
    else:
        for link in links:
            f, e = link["finding"], link["earlier"]
            _say(f"[相似度 {link['similarity']}] {f['title']}（{api.date_text(f['date'])}）")
            _say(f"    ← {e['title']}（{e['notice_title'] or api.issuer_text(e['issuer'])} · {api.date_text(e['date'])}）")
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    """整改台账: one notice's findings, or those a search finds, as XLSX, DOCX or a table on the terminal."""
    if (args.target is None) == (args.query is None):
        raise UsageError("ledger: give a notice ID|FILE or --query Q (one of them)")
    query = _text_arg(args.query, "--query value") if args.query is not None else None
    if query is not None and not query.strip():
        raise UsageError("ledger: the query is empty")
    with _library(args, readonly=True) as lib:
        ws = api.cli_workspace(lib)
        if query is None:
            selection = [(api.notice_for(lib, args.target), None)]
            title = "整改台账"
        else:
            args.issuer, args.theme = _text_arg(args.issuer, "--issuer value"), None
            hits = lib.search(query, args.mode, args.top, _filters(args))
            selection = [(r.hit.notice_id, r.hit.key) for r in api.by_finding(hits)]
            title = f"整改台账（检索：{query}）"
        if not selection:
            _say("没有找到相关结果")
            return 0
        fmt = "xlsx" if args.xlsx else "docx" if args.docx else None
        if fmt:
            data = ws.ledger(selection, fmt, title)
            Path(args.xlsx or args.docx).write_bytes(data)
            _say(f"{len(ws.ledger_rows(selection))} findings written to {api.terminal_safe(args.xlsx or args.docx)}")
        else:
            for line in api.ledger_lines(ws.ledger_rows(selection)):
                _say(line)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """One notice out of the library and every index (see `api.remove_notice`)."""
    with _library(args) as lib:
        notice = api.cli_workspace(lib).remove(api.notice_for(lib, args.target))
    _say(f"removed notice {notice['id']}: {notice['title'] or notice['name']} "
         f"({notice['findings']} findings, {notice['measures']} measures)")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    # Opened with the library's own model; reindex switches to --model (or ZHENGGAI_MODEL).
    settings = replace(api.Settings.from_env(), model=None)
    target = args.model or api.Settings.from_env().model
    with api.open_library(_folder(args), settings) as lib:
        n = api.cli_workspace(lib).reindex(target, args.backend, {"uri": args.milvus_uri, "token": args.milvus_token})
        _say(f"reindexed {n} records with {lib.model_name} into the {lib.backend_name} backend")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with _library(args, readonly=True) as lib:
        info = lib.info()
    if args.json:
        _dump(info)
    else:
        _say(f"library   {info['folder']}")
        _say(f"backend   {info['backend']}  ({info['search_copy'].get('uri', '')})")
        _say(f"model     {info['model']} ({info['dim']} dims)"
              + ("" if info.get("calibrated") else "; no relevance calibration: search ranks only"))
        _say(f"holds     {info['notices']} notices, {info['findings']} findings, {info['measures']} measures")
        _say(f"size      {info['bytes'] / 1e6:.1f} MB")
        _say(f"in sync   {'yes' if info['in_sync'] else 'no (the next write or `zhenggai reindex` repairs it)'}")
    return 0


def _bounded(what: str, low: int, high: int):
    """An argparse type: a whole number within [low, high], else a usage error naming the argument."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value[:24]!r} is not {what}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{value[:24]} is not {what} between {low} and {high}")
        return number
    return parse


_positive = _bounded("a number", 1, 10_000)
_year = _bounded("a year", 1900, 2200)
_record_id = _bounded("a record id", 1, 2 ** 63 - 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhenggai", description="整改通报：抽取、入库、检索")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="one notice to findings, measures and figures (nothing stored)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the record JSON of design §2")
    p.set_defaults(func=cmd_extract)

    def library_args(p: argparse.ArgumentParser, model: bool = True) -> None:
        p.add_argument("--db", help="library folder (default: $ZHENGGAI_DB or the user data folder)")
        if model:
            p.add_argument("--model", help="sentence-transformers model name or path (default: the library's "
                                           "own, else multilingual-e5-small)")

    def backend_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--backend", choices=("local", "milvus"),
                       help="where the search copy lives (chosen when the library is created; default local)")
        p.add_argument("--milvus-uri", help="Milvus URI: a milvus-lite file, http://host:19530, https://… "
                                            "(default: milvus.db inside the library folder)")
        p.add_argument("--milvus-token", help="Milvus token (user:password or an API key; default "
                                              "$ZHENGGAI_MILVUS_TOKEN); never stored")

    def search_args(p: argparse.ArgumentParser, top: int) -> None:
        """How a search runs and what it is filtered to (search, and ledger --query)."""
        p.add_argument("--mode", choices=api.MODES, default="hybrid")
        p.add_argument("--top", type=_positive, default=top)
        p.add_argument("--type", choices=("finding", "measure", "any"), default="any")
        p.add_argument("--issuer")
        p.add_argument("--kind", choices=api.NOTICE_KINDS)
        p.add_argument("--status", choices=tuple(api.STATUS_LABEL))
        p.add_argument("--year-from", type=_year)
        p.add_argument("--year-to", type=_year)

    p = sub.add_parser("ingest", help="read files or folders into the library")
    p.add_argument("paths", nargs="+")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors (no progress bar, no summary)")
    library_args(p)
    backend_args(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="find findings and measures by words and meaning")
    p.add_argument("query", nargs="?")
    p.add_argument("--queries", help="a file with one query per line; prints [{query, hits}]")
    search_args(p, top=10)
    p.add_argument("--theme", choices=tuple(api.THEME_LABEL), help="only findings (and their measures) of this theme")
    p.add_argument("--all", action="store_true", help="also show results under the relevance floor (weak matches)")
    p.add_argument("--flat", action="store_true",
                   help="one result per record (finding or measure) instead of one per finding")
    p.add_argument("--json", action="store_true")
    library_args(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("similar", help="findings (or measures) like this one in other notices")
    p.add_argument("record_id", type=_record_id)
    p.add_argument("--top", type=_positive, default=10)
    p.add_argument("--same-notice", action="store_true", help="also look inside the record's own notice")
    p.add_argument("--json", action="store_true")
    library_args(p)
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("figures", help="the figures of notices (files/folders) or of the library")
    p.add_argument("paths", nargs="*")
    p.add_argument("--kind", choices=tuple(api.FIGURE_KIND_LABEL))
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv")
    out.add_argument("--xlsx")
    library_args(p, model=False)
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("themes", help="each finding's theme (the taxonomy of themes.md), nothing stored")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--model", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_themes)

    p = sub.add_parser("recurring", help="findings that repeat an earlier finding of the same issuer (屡查屡犯)")
    library_args(p, model=False)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recurring)

    p = sub.add_parser("reindex", help="re-encode every record, or move the search copy to another backend")
    p.add_argument("--db")
    p.add_argument("--model", help="the model to re-encode with (default: the library's own)")
    p.add_argument("--quiet", action="store_true")
    backend_args(p)
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("ledger", help="整改台账 (序号/问题/整改措施/责任单位/完成时限/整改状态/来源) of a notice "
                                      "or of the findings a search finds, as XLSX or DOCX")
    p.add_argument("target", nargs="?", metavar="ID|FILE", help="the notice's id, or the file it was read from")
    p.add_argument("--query", help="the findings this search finds (one row per finding)")
    search_args(p, top=20)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--xlsx", metavar="FILE")
    out.add_argument("--docx", metavar="FILE")
    library_args(p)
    p.set_defaults(func=cmd_ledger)

    p = sub.add_parser("remove", help="take one notice out of the library and every index")
    p.add_argument("target", metavar="ID|FILE", help="the notice's id, or the file it was read from")
    library_args(p, model=False)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("info", help="backend, model, counts, sizes and sync state of the library")
    library_args(p, model=False)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    cli_accounts.add_parsers(sub, port=_bounded("a port", 1, 65535))  # users, audit, app
    return parser


USAGE_CODES = ("L001", "L009", "L013", "L014", "L015", "M005")  # the user named the wrong thing: exit 2


def main(argv: Optional[Sequence[str]] = None) -> int:
    debug = api.Settings.from_env().debug
    quiet_libraries(debug)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except api.ZhenggaiError as exc:  # no library there, no such record: the user named the wrong thing
        return _fail(str(exc), 2 if exc.code in USAGE_CODES or exc.code.startswith(("A", "C")) else 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:  # `zhenggai figures | head`: the reader has gone, which is fine
        sys.stderr.close()
        return 0
    except Exception as exc:  # a user sees one line; ZHENGGAI_DEBUG=1 shows the traceback
        if debug:
            raise
        return _fail(f"{args.command}: unexpected error: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
