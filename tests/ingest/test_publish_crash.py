"""A process killed between publishing and indexing: `ingest verify` sees it, `reindex` repairs it.

The child process runs the real stack (the default model, the embedded Chroma, SQLite) and
SIGKILLs itself at the exact point under test, so nothing after it runs: no rollback, no
`finally`, no atexit — as with a power cut or the OOM killer.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration

CHILD = textwrap.dedent('''
    import json, os, signal, sys
    from knowledge.outbox import LogMailer, Outbox
    from knowledge.submissions import SubmissionService
    from knowledge.wiring import open_stack

    data_dir, where = sys.argv[1], sys.argv[2]
    stack = open_stack({"DATABASE_URL": f"sqlite:///{data_dir}/lab.db",
                        "LAB_DATA_DIR": data_dir, "EMBEDDING_MODEL": ""})

    class Texts:
        def compose(self, kind, lang, context):
            return kind, json.dumps(dict(context))

    service = SubmissionService(stack.session_factory, stack.kb,
                                Outbox(stack.session_factory, LogMailer()), Texts(),
                                token_secret="s")
    record = json.loads(sys.stdin.read())
    receipt = service.submit(record, lang="el")
    print(receipt.practice_id, flush=True)

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if where == "after-commit":
        # the publication is committed; the process dies before indexing starts
        stack.kb.sync_index = die
    else:
        # the vectors reach Chroma; the process dies before the database records them
        real = stack.vector_index.upsert
        def upsert_then_die(*args, **kwargs):
            real(*args, **kwargs)
            die()
        stack.vector_index.upsert = upsert_then_die
    service.publish(receipt.practice_id, "coord@example.org")
    print("survived", flush=True)
''')

RECORD = {
    "title": "Ενιαίο σημείο εξυπηρέτησης για πρόσφυγες", "region": "Αττική", "country": "GR",
    "language": "el", "summary": "Ένα γραφείο όπου οι πρόσφυγες βρίσκουν όλες τις υπηρεσίες.",
    "challenges": "Οι υπηρεσίες ήταν διάσπαρτες σε όλη την πόλη.",
    "areas": ["reception"], "target_groups": ["asylum_seekers"],
    "contact": {"name": "Νίκος", "email": "nikos.private@example.org"}, "consent": True,
}


def run_ingest(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAB_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("EMBEDDING_MODEL", None)
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("where", ["after-commit", "inside-indexing"])
def test_killed_publish_is_reported_and_repaired(tmp_path: Path, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), where], cwd=ROOT,
                           env=env, input=json.dumps(RECORD), capture_output=True,
                           text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    assert "survived" not in child.stdout
    practice_id = child.stdout.split()[0]

    from knowledge.db import make_engine
    from sqlalchemy import text
    engine = make_engine(f"sqlite:///{tmp_path}/lab.db")
    with engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM practice WHERE id = :id"),
                              {"id": practice_id}).scalar()
        submissions = conn.execute(text("SELECT count(*) FROM submission")).scalar()
    engine.dispose()
    assert submissions == 1  # nothing the contributor sent is lost
    assert status == "published"  # the publication is committed before indexing starts

    drift = run_ingest(tmp_path, "verify")
    report = drift.stdout + drift.stderr
    assert drift.returncode == 1, report
    # after-commit: nothing in the index (missing); inside-indexing: vectors written but
    # the database never recorded them (stale)
    assert practice_id in report
    assert ("missing" if where == "after-commit" else "stale") in report.lower()

    repaired = run_ingest(tmp_path, "reindex")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    clean = run_ingest(tmp_path, "verify")
    assert clean.returncode == 0, clean.stdout + clean.stderr

    from knowledge.wiring import open_stack
    stack = open_stack({"DATABASE_URL": f"sqlite:///{tmp_path}/lab.db",
                        "LAB_DATA_DIR": str(tmp_path), "EMBEDDING_MODEL": ""})
    ids = stack.vector_index.all_ids()
    assert any(i.startswith(f"p:{practice_id}:") for i in ids)
    assert stack.lexical.search("εξυπηρέτησης πρόσφυγες", 5)[0].practice_id == practice_id
    stack.engine.dispose()
