"""Database engine and session factory; SQLite gets WAL, foreign keys and the FTS5 table."""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .errors import StorageError
from .models import Base

FTS_TABLE = "passage_fts"  # created by the first migration on SQLite


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; creates the SQLite folder if needed."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, object] = {}
    if url.startswith("postgresql") and "connect_timeout" not in url:
        # a server that is down or unreachable fails the request in seconds, never hangs it
        connect_args["connect_timeout"] = 10
    # pre-ping: connections the server dropped (a restart, a failover) are replaced silently
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "before_cursor_execute", _no_nul_characters, retval=True)
    return engine


def _no_nul_characters(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
    # PostgreSQL text cannot hold U+0000 (SQLite can): a lookup or a write with one would
    # fail with a DataError (a 500). No stored text can contain it, so it becomes U+FFFD,
    # the replacement character: a lookup finds nothing, a write keeps the rest of the text.
    return statement, _scrub(parameters)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(v) for v in value)
    return value


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets web workers read while ingest writes
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# what SQLite and PostgreSQL say when the disk is full or mounted read-only ("disk I/O error":
# SQLite cannot even map its WAL index on a full disk)
_CANNOT_WRITE = ("full", "readonly", "read-only", "no space", "disk i/o error")


def _said(exc: BaseException) -> str:
    # what the driver said, without SQLAlchemy's wrapping
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc)


def error_detail(exc: BaseException) -> str:
    """The first line of what the driver (or Chroma) said about a failure."""
    return (_said(exc).splitlines() or [type(exc).__name__])[0]


def cannot_write(exc: BaseException) -> bool:
    """True when an error says the disk is full or read-only (not a lost server)."""
    detail = _said(exc).lower()
    return any(words in detail for words in _CANNOT_WRITE)


@contextmanager
def opening(engine: Engine) -> Iterator[None]:
    """Turn a failure to open or create the database into a StorageError that names it."""
    try:
        yield
    except (OSError, OperationalError) as exc:
        engine.dispose()
        raise StorageError(open_failure(engine, exc)) from exc


def open_failure(engine: Engine, exc: BaseException) -> str:
    """One line saying where the database is and why it could not be opened."""
    where = engine.url.render_as_string(hide_password=True)
    detail = error_detail(exc)
    folder = Path(engine.url.database).resolve().parent if (
        engine.dialect.name == "sqlite" and engine.url.database
        and engine.url.database != ":memory:") else None
    if folder is not None and folder.is_dir() and not os.access(folder, os.W_OK):
        hint = f" (its folder {folder} is read-only)"
    elif (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.ENOSPC)) or \
            cannot_write(exc):
        hint = " (is its folder full or read-only?)"
    else:
        hint = ""
    return f"cannot open the database at {where}{hint}: {detail[:300]}"


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite (FTS5 is then available)."""
    return engine.dialect.name == "sqlite"


def init_db(engine: Engine) -> None:
    """Create or upgrade the schema to the code's revision (Alembic migrations)."""
    from .migrate import upgrade
    upgrade(engine)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)
