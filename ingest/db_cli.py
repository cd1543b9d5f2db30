"""`migrate`: show or bring the database schema to the code's revision (Alembic)."""
from __future__ import annotations

from typing import Any

from .cli import EXIT_INVALID, EXIT_OK


def add_parsers(sub: Any) -> None:
    """Register the migrate subcommand on the `python -m ingest` subparsers."""
    m = sub.add_parser("migrate", help="upgrade the database schema (every process also does "
                       "this when it starts)")
    m.add_argument("--status", action="store_true",
                   help="only report the database's revision and the code's; exit 1 if behind")
    m.set_defaults(handler=run)


def run(args: Any, out: Any, err: Any) -> int:
    """Report or apply the migrations on DATABASE_URL."""
    from knowledge.db import make_engine, opening
    from web.config import Config
    engine = make_engine(Config().DATABASE_URL)
    try:
        with opening(engine):
            return _migrate(args, engine, out)
    finally:
        engine.dispose()


def _migrate(args: Any, engine: Any, out: Any) -> int:
    from knowledge.migrate import current_revision, head_revision, upgrade
    head, current = head_revision(), current_revision(engine)
    if args.status:
        print(f"database at {current or 'nothing (empty or made before migrations)'}; "
              f"code at {head}", file=out)
        return EXIT_OK if current == head else EXIT_INVALID
    reached = upgrade(engine)
    print(f"database upgraded from {current or 'nothing'} to {reached}"
          if current != reached else f"database already at {reached}", file=out)
    return EXIT_OK
