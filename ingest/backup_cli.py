"""`export --backup FILE` and `import FILE [--replace]`: a full backup and its restore.

The backup holds every table of the database (password hashes and private contacts included),
so it is written with mode 0600. `import` validates the whole file first, restores it in one
transaction, rebuilds both indexes and ends with `verify`.
"""
from __future__ import annotations

import argparse
import gzip
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from knowledge.backup import (
    SECRETS,
    Backup,
    BackupError,
    NotEmptyError,
    dump,
    load,
    restore,
    snapshot,
)

# the stack helpers of ingest.cli, shared so `import` opens the stack as every command does
from .cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, _add_workers, _progress_factory, _stack
from .errors import ReadError, WriteError

SUFFIXES = (".jsonl", ".jsonl.gz")
GZIP_MAGIC = b"\x1f\x8b"
PRIVATE_MODE = 0o600


def add_parsers(sub: Any) -> None:
    """Add `--backup` to `export` and register `import` on the `python -m ingest` subparsers."""
    export = sub.choices["export"]
    export.add_argument("--backup", action="store_true",
                        help="write a full backup of the database instead (.jsonl or "
                             ".jsonl.gz; it holds password hashes: written with mode 0600)")
    export.set_defaults(handler=run_export)
    i = _add_workers(sub.add_parser(
        "import", help="restore a backup written by `export --backup`, rebuild the indexes, "
                       "verify them"))
    i.add_argument("file")
    i.add_argument("--replace", action="store_true",
                   help="wipe a database that holds data and restore in one transaction")
    i.set_defaults(handler=run_import)


def write_private(path: Path, data: bytes) -> None:
    """Write data atomically to a file only its owner can read (mode 0600, even over a file)."""
    try:
        # mkstemp creates the file with mode 0600: no moment when others could read it
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
    except OSError as exc:
        raise WriteError(path, None, f"cannot create a file in {str(path.parent)!r}: "
                         f"{exc.strerror or exc}") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, PRIVATE_MODE)
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(path, None, f"cannot write file: {exc.strerror or exc}") from exc
        raise


def read_backup(path: Path) -> bytes:
    """The backup's text, unzipped when it is gzip (told by its first bytes, not its name)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, None, f"cannot read file: {exc.strerror or exc}") from exc
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise ReadError(path, None, f"not a complete gzip file (truncated?): {exc}") from exc


def run_export(args: argparse.Namespace, out: Any, err: Any) -> int:
    """`export`: a backup with --backup, otherwise the practice export exactly as before."""
    if not args.backup:
        from .cli import run
        del args.handler  # back to the stack command of ingest.cli
        return run(args, out, err)
    path = Path(args.file)
    if args.public:
        print("error: --backup and --public cannot be combined: a backup holds everything "
              "(use --public without --backup for a public practice export)", file=err)
        return EXIT_USAGE
    if not path.name.endswith(SUFFIXES):
        print(f"error: {path}: a backup is named *.jsonl or *.jsonl.gz, got "
              f"{path.name!r}", file=err)
        return EXIT_USAGE
    from knowledge.db import init_db, make_engine
    from web.config import Config
    engine = make_engine(str(Config().DATABASE_URL))
    init_db(engine)
    with snapshot(engine) as conn:
        data = dump(conn)
    # mtime 0 and no file name in the gzip header: the same data gives the same bytes
    write_private(path, gzip.compress(data, 9, mtime=0) if path.name.endswith(".gz") else data)
    backup = _check_written(data, err)
    counts = backup.header["counts"] if backup else {}
    print(f"wrote a backup of {sum(counts.values())} rows from {len(counts)} tables to "
          f"{path} (mode 0600)", file=out)
    print(f"note: the backup {SECRETS}", file=out)
    return EXIT_OK if backup else EXIT_INVALID


def _check_written(data: bytes, err: Any) -> Backup | None:
    """Read back what was written: a backup that would not restore is said so at once."""
    try:
        return load(data)
    except BackupError as exc:
        for problem in exc.problems:
            print(f"warning: {problem}", file=err)
        print("warning: the database holds data this backup cannot restore as is "
              "(see above); the file was written anyway", file=err)
        return None


def run_import(args: argparse.Namespace, out: Any, err: Any) -> int:
    """Validate the whole backup, restore it in one transaction, reindex, then verify."""
    path = Path(args.file)
    try:
        backup = load(read_backup(path))
    except BackupError as exc:
        for problem in exc.problems:
            print(f"error: {path}: {problem}", file=err)
        print(f"error: {path}: {exc}", file=err)
        return EXIT_INVALID
    stack = _stack(args.workers)  # the model loads before anything is written
    try:
        try:
            rows = restore(stack.session_factory, backup, replace=args.replace,
                           before_commit=stack.lexical.clear)
        except NotEmptyError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_USAGE
        print(f"restored {rows} rows from {path}", file=out)
        progress = _progress_factory(err)
        try:
            total = len(stack.kb.all_documents())
            documents = stack.kb.reindex(progress(total, "reindexing") if progress else None)
        except Exception:
            print("error: the database is restored but the indexes are not: run "
                  "`python -m ingest reindex`", file=err)
            raise
        print(f"reindexed {documents} documents", file=out)
        drift = stack.kb.verify()
        if not drift.ok:
            print(f"error: the index differs from the database after the restore "
                  f"(missing {len(drift.missing)}, stale {len(drift.stale)}, orphans "
                  f"{len(drift.orphans)}): run `python -m ingest reindex`", file=err)
            return EXIT_INVALID
        print("index in step with the database", file=out)
        return EXIT_OK
    finally:
        close = getattr(stack.embedder, "close", None)
        if close:  # the pool's worker processes
            close()

