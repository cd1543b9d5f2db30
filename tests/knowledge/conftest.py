"""Fixtures of the knowledge tests that need a database and nothing else."""
from __future__ import annotations

from typing import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from knowledge.db import init_db, make_engine, make_session_factory


@pytest.fixture
def sessions(tmp_path) -> Iterator[sessionmaker[Session]]:  # type: ignore[no-untyped-def]
    """A session factory on a fresh SQLite database in tmp_path (every table created)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    init_db(engine)
    yield make_session_factory(engine)
    engine.dispose()
