"""`python -m ingest migrate`: status and upgrade of the configured database."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from knowledge.db import make_engine
from knowledge.migrate import head_revision, upgrade

ROOT = Path(__file__).resolve().parents[2]


def migrate(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAB_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "ingest", "migrate", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_status_then_upgrade_of_a_previous_release_database(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    upgrade(engine, "0001")
    engine.dispose()
    behind = migrate(tmp_path, "--status")
    head = head_revision()
    assert behind.returncode == 1 and f"database at 0001; code at {head}" in behind.stdout
    done = migrate(tmp_path)
    assert done.returncode == 0 and f"upgraded from 0001 to {head}" in done.stdout, done.stderr
    again = migrate(tmp_path)
    assert again.returncode == 0 and f"already at {head}" in again.stdout
    with make_engine(f"sqlite:///{tmp_path / 'lab.db'}").connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
