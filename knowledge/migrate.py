"""Schema migrations (Alembic): every process brings the database to the code's revision.

The migration scripts live in knowledge/migrations; there is no alembic.ini: the engine the
application already has is handed to Alembic. Databases created before migrations existed
(by `create_all`) are recognised by their tables and stamped with the matching revision.
"""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

SCRIPTS = Path(__file__).resolve().parent / "migrations"
# tables that first appeared in each revision: how an unversioned database is recognised
FIRST_TABLES = (("0002", "submission"), ("0001", "practice"))
_PG_LOCK = 741_852_963  # any constant: one advisory lock for schema changes


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration bound to one open connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The revision the code expects."""
    script = ScriptDirectory(str(SCRIPTS))
    return str(script.get_current_head())


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None for an empty or unversioned database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _legacy_revision(conn: Connection) -> str | None:
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" in tables:
        return None
    return next((rev for rev, table in FIRST_TABLES if table in tables), None)


@contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Migrate to `revision` (default: head) under a lock; returns the revision reached."""
    # two web workers starting together must not both run the same DDL: SQLite lives on one
    # machine (a file lock beside it); PostgreSQL serves several (an advisory lock)
    with _file_lock(engine), engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK})
            conn.commit()
        try:
            cfg = alembic_config(conn)
            legacy = _legacy_revision(conn)
            if legacy is not None:
                command.stamp(cfg, legacy)
            command.upgrade(cfg, revision)
            conn.commit()
            return str(MigrationContext.configure(conn).get_current_revision())
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK})
                conn.commit()
