"""An ingest killed in the middle of its writes: nothing half-written in the database, and
`ingest verify` / `reindex` clean the index of what reached it before the kill."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

from knowledge.db import make_engine
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
FAKE = "tests.fakes:FakeEmbedder"

# the real CLI entry point, with Chroma's upsert wrapped so the process dies right after the
# vectors are written and before the database transaction commits (SIGKILL: no cleanup runs)
CHILD = textwrap.dedent('''
    import os, signal, sys
    from knowledge import vector_index
    real = vector_index.ChromaIndex.upsert
    def upsert_then_die(self, *args, **kwargs):
        real(self, *args, **kwargs)
        if os.environ.get("DIE_AFTER_UPSERT") == "1":
            os.kill(os.getpid(), signal.SIGKILL)
    vector_index.ChromaIndex.upsert = upsert_then_die
    from ingest.cli import main
    sys.exit(main(sys.argv[1:]))
''')


def ingest(data_dir: Path, *args: str, die: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAB_DATA_DIR": str(data_dir), "EMBEDDING_MODEL": FAKE,
           "PYTHONPATH": str(ROOT), "DIE_AFTER_UPSERT": "1" if die else "0"}
    for name in ("DATABASE_URL", "CHROMA_HOST"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_killed_ingest_leaves_no_half_written_rows_and_reindex_cleans_up(
        tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps(SAMPLE[:1]), encoding="utf-8")
    second.write_text(json.dumps(SAMPLE[1:]), encoding="utf-8")
    assert ingest(tmp_path, "practices", str(first)).returncode == 0
    killed = ingest(tmp_path, "practices", str(second), die=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-1500:]

    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM practice ORDER BY id"))]
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()
    assert ids == ["jobs-skane"]  # the killed load wrote none of its rows

    drift = ingest(tmp_path, "verify")
    assert drift.returncode == 1 and "orphans" in drift.stdout, drift.stdout + drift.stderr
    assert ingest(tmp_path, "reindex").returncode == 0
    clean = ingest(tmp_path, "verify")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    again = ingest(tmp_path, "practices", str(second))  # the same file, run again, loads
    assert again.returncode == 0 and "2 added" in again.stdout, again.stdout + again.stderr
    assert ingest(tmp_path, "verify").returncode == 0
