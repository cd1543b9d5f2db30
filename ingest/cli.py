"""Argument parsing and messages for `python -m ingest`; the work is in ingest.loader."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from sqlalchemy.exc import SQLAlchemyError

from knowledge.db import cannot_write, error_detail
from knowledge.errors import KnowledgeError
from knowledge.indexer import Progress

from .errors import IngestError
from .loader import (
    InvalidRecords,
    LoadReport,
    describe,
    export_practices,
    load_glossary,
    load_practices,
    load_regions,
)

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3


def _workers(value: str) -> int:
    """--workers: a positive number, or 'auto' for one per core."""
    if value == "auto":
        return os.cpu_count() or 1
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1 or 'auto', "
                                         f"got {value!r}")
    return number


def _add_workers(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--workers", type=_workers, default=1, metavar="N",
                        help="embed passages in N processes ('auto': one per core; "
                             "default 1: in this process)")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest",
                                     description="Load and maintain Integration Lab data.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = _add_workers(sub.add_parser("practices",
                                    help="load practices from .json, .jsonl, .csv or .xlsx"))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument("--skip-invalid", action="store_true",
                   help="load the valid records even if some are invalid")
    p.add_argument("--status", default="published",
                   choices=["published", "submitted", "in_review", "rejected"])
    _add_workers(sub.add_parser("glossary", help="load glossary entries")).add_argument("file")
    sub.add_parser("regions", help="load region profiles").add_argument("file")
    _add_workers(sub.add_parser("reindex", help="rebuild the search indexes from the database"))
    sub.add_parser("verify", help="report drift between the database and the index")
    e = sub.add_parser("export", help="write every practice to FILE (.json .jsonl .csv .xlsx)")
    e.add_argument("file")
    e.add_argument("--public", action="store_true", help="leave out contact details")
    d = _add_workers(sub.add_parser("demo", help="load the demo regions, glossary and practices"))
    d.add_argument("--if-empty", action="store_true", help="only when no practice is loaded")
    # imported late: they use this module's exit codes
    from .accounts_cli import add_parsers
    from .db_cli import add_parsers as add_db_parsers
    from .mail_cli import add_parsers as add_mail_parsers
    add_parsers(sub)
    add_mail_parsers(sub)
    from .backup_cli import add_parsers as add_backup_parsers
    add_backup_parsers(sub)
    add_db_parsers(sub)
    return parser


def _progress_factory(stream: Any = None) -> Callable[[int, str], Progress] | None:
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def make(total: int, label: str) -> Progress:
        from tqdm import tqdm
        bar = tqdm(total=total, desc=label, unit="passage", file=stream, leave=False)
        return bar.update

    return make


def _stack(workers: int = 1) -> Any:
    """The stack; with workers > 1 its passages are embedded by a process pool."""
    from knowledge.embed_pool import PooledEmbedder, build_embedder, is_class_spec
    from knowledge.wiring import open_stack
    from web.config import Config
    settings = Config().as_mapping()
    spec = str(settings.get("EMBEDDING_MODEL") or "")
    threads = settings.get("EMBEDDING_THREADS")
    embedder = None
    if workers > 1:
        embedder = PooledEmbedder(spec, workers=workers, num_threads=threads)
    elif is_class_spec(spec):  # "module:Class", which load_embedder does not read
        embedder = build_embedder(spec, threads)
    return open_stack(settings, embedder)


def _summary(kind: str, report: LoadReport, dry_run: bool = False) -> str:
    verb = "would be" if dry_run else "were"
    return (f"{kind}: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.rejected)} rejected"
            + (f" (dry run: nothing {verb} written)" if dry_run else ""))


def run(args: argparse.Namespace, out: Any, err: Any) -> int:
    """Execute one parsed command; returns the exit status."""
    if hasattr(args, "handler"):  # account commands need only the database, not the stack
        return int(args.handler(args, out, err))
    stack = _stack(getattr(args, "workers", 1))
    try:
        return _command(args, stack.kb, out, err)
    finally:
        close = getattr(stack.embedder, "close", None)
        if close:  # the pool's worker processes
            close()


def _command(args: argparse.Namespace, kb: Any, out: Any, err: Any) -> int:
    """Run a stack command on the knowledge base; returns the exit status."""
    progress = _progress_factory(err)
    if args.command == "practices":
        report = load_practices(kb, args.file, dry_run=args.dry_run,
                                skip_invalid=args.skip_invalid, status=args.status,
                                progress=progress)
        for error in report.rejected:
            for line in describe(args.file, error):
                print(f"skipped: {line}", file=err)
        print(_summary("practices", report, args.dry_run), file=out)
    elif args.command == "glossary":
        print(_summary("glossary", load_glossary(kb, args.file, progress)), file=out)
    elif args.command == "regions":
        print(_summary("regions", load_regions(kb, args.file)), file=out)
    elif args.command == "reindex":
        total = len(kb.all_documents())
        bar = progress(total, "reindexing") if progress else None
        print(f"reindexed {kb.reindex(bar)} documents", file=out)
    elif args.command == "verify":
        drift = kb.verify()
        if drift.ok:
            print("index in step with the database", file=out)
            return EXIT_OK
        for name in ("missing", "stale", "orphans"):
            values = getattr(drift, name)
            if values:
                print(f"{name}: {len(values)}: {', '.join(values[:20])}", file=out)
        print("run `python -m ingest reindex` to repair", file=out)
        return EXIT_INVALID
    elif args.command == "export":
        count = export_practices(kb, args.file, include_contact=not args.public)
        print(f"exported {count} practices to {args.file}", file=out)
    elif args.command == "demo":
        if args.if_empty and kb.store.published():
            print("demo: data already loaded", file=out)
            return EXIT_OK
        print(_summary("regions", load_regions(kb, DEMO_DIR / "regions.json")), file=out)
        print(_summary("glossary", load_glossary(kb, DEMO_DIR / "glossary.json", progress)),
              file=out)
        print(_summary("practices", load_practices(kb, DEMO_DIR / "practices.json",
                                                   progress=progress)), file=out)
    return EXIT_OK


def _database_message(exc: SQLAlchemyError) -> str:
    """A database failure in one line, without SQLAlchemy's traceback."""
    first = error_detail(exc)
    if cannot_write(exc):
        return (f"the database cannot be written ({first[:200]}): is its disk full or "
                "read-only? The database was not changed; once there is room, "
                "`python -m ingest verify` checks the index")
    return f"the database is unavailable ({first[:200]}); nothing was changed"


def main(argv: Sequence[str] | None = None, out: Any = None, err: Any = None) -> int:
    """Entry point: domain errors become messages and exit codes, never tracebacks."""
    out, err = out or sys.stdout, err or sys.stderr
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = _parser().parse_args(argv)
    try:
        return run(args, out, err)
    except InvalidRecords as exc:
        for error in exc.errors:
            for line in describe(exc.path, error):
                print(f"error: {line}", file=err)
        print(f"error: {exc}", file=err)
        return EXIT_INVALID
    except IngestError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    except (KnowledgeError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILURE
    except SQLAlchemyError as exc:
        print(f"error: {_database_message(exc)}", file=err)
        return EXIT_FAILURE
    except OSError as exc:  # the data folder itself: full, read-only, not ours
        where = exc.filename or "the data folder"
        print(f"error: cannot write {where}: {exc.strerror or exc}; nothing was changed in "
              "the database", file=err)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted: nothing half-written (the transaction was rolled back)", file=err)
        return 130
