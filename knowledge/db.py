"""Database engine and session factory; SQLite gets WAL, foreign keys and the FTS5 table."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

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
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets web workers read while ingest writes
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
