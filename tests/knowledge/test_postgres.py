"""PostgreSQL for real: migrations from the first release with data, concurrent starts under
the advisory lock, the word index against SQLite's FTS5, shared counters and claims under
parallel workers, and a PostgreSQL restart in the middle of traffic.

These tests never skip: in every run (the default one and the one against the test
servers) they start their own throwaway PostgreSQL cluster with scripts/test-servers.sh,
so they can restart it without disturbing anything else. Without Debian's `postgresql`
package they fail and say so (scripts/system-deps.sh installs it).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from knowledge.db import init_db, make_engine, make_session_factory
from knowledge.lexical import LexicalIndex
from knowledge.migrate import _PG_LOCK, alembic_config, current_revision, head_revision, upgrade
from knowledge.models import Base, OutboxMessage, RateCounter
from knowledge.outbox import Outbox
from knowledge.ratelimit import Rate, RateLimiter
from tests.conftest import DEMO, make_config
from tests.knowledge.data.first_release_rows import (assert_first_release_rows_kept,
                                                      upgrade_from_first_release)
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "test-servers.sh"
TSV = "folded_tsv"  # migration 0003: not a model column, PostgreSQL makes it



@dataclass
class Cluster:
    """A throwaway PostgreSQL cluster of this module (scripts/test-servers.sh)."""

    url: str  # its `lab_test` database
    env: dict[str, str]

    def ctl(self, action: str) -> None:
        """pg-stop, pg-start or pg-restart through the script (as the cluster's owner)."""
        done = subprocess.run([str(SCRIPT), f"pg-{action}"], env=self.env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    def new_database(self) -> str:
        """The URL of a fresh, empty database on the cluster."""
        name = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """Start PostgreSQL alone (no Chroma) in its own folder; stop and delete it afterwards."""
    env = {**os.environ, "LAB_TEST_SERVERS_DIR": f"/tmp/lab-pg-test-{uuid.uuid4().hex[:10]}"}
    started = subprocess.run([str(SCRIPT), "start", "postgres"], env=env,
                             capture_output=True, text=True, timeout=180)
    assert started.returncode == 0, (
        "a throwaway PostgreSQL cluster could not start (Debian's postgresql package is "
        f"installed by scripts/system-deps.sh): {started.stderr[-3000:]}")
    try:
        url = subprocess.run([str(SCRIPT), "url"], env=env, capture_output=True, text=True,
                             check=True).stdout.strip()
        yield Cluster(url, env)
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120)


def schema_diff(engine) -> list:  # type: ignore[no-untyped-def]
    """What the models and the database disagree on, less the word index PostgreSQL keeps."""
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def ours(diff: Any) -> bool:
        if diff[0] == "remove_column":
            return diff[3].name == TSV
        if diff[0] == "remove_index":
            return diff[1].name == "ix_passage_folded_tsv"
        return False
    return [d for d in diffs if not ours(d)]


def test_a_fresh_database_gets_the_schema_and_the_word_index(cluster: Cluster) -> None:
    engine = make_engine(cluster.new_database())
    init_db(engine)
    assert current_revision(engine) == head_revision() == "0003"
    assert schema_diff(engine) == []
    columns = {c["name"]: c for c in inspect(engine).get_columns("passage")}
    assert str(columns[TSV]["type"]).upper() == "TSVECTOR"
    with engine.connect() as conn:
        method = conn.execute(text(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'ix_passage_folded_tsv'"
        )).scalar()
    assert method == "gin"
    with engine.connect() as conn:  # the search's condition can use it
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(conn.execute(text(
            "EXPLAIN SELECT id FROM passage "
            "WHERE folded_tsv @@ to_tsquery('simple', :q)"), {"q": "'refug':* | 'jobs'"}
        ).scalars())
    assert "ix_passage_folded_tsv" in plan, plan
    init_db(engine)  # idempotent
    assert current_revision(engine) == "0003"


def test_upgrade_from_the_first_release_keeps_every_row(cluster: Cluster, tmp_path: Path
                                                        ) -> None:
    url = cluster.new_database()
    engine = make_engine(url)
    upgrade_from_first_release(engine)
    with engine.connect() as conn:
        assert_first_release_rows_kept(conn)
        # the upgrade filled the word index of the passages already there
        assert conn.execute(text(f"SELECT {TSV}::text FROM passage")).scalar() == \
            "'and':2 'mentoring':1 'placements':4 'work':3"
    assert schema_diff(engine) == []
    hits = LexicalIndex(engine).search("mentor placement")
    assert [h.practice_id for h in hits] == ["jobs-skane"]
    engine.dispose()

    # and the application works on the upgraded data
    from knowledge.wiring import open_stack
    stack = open_stack({"DATABASE_URL": url, "LAB_DATA_DIR": str(tmp_path)}, FakeEmbedder())
    practice = stack.kb.store.get("jobs-skane")
    assert practice.contact.email == "anna@example.org"
    assert practice.created_at.tzinfo is not None  # timezone-aware on PostgreSQL
    assert stack.kb.reindex() >= 1 and stack.kb.verify().ok
    assert stack.lexical.search("mentoring", 5)[0].practice_id == "jobs-skane"
    assert stack.lexical.search("πρόσφυγες", 5, doc_type="glossary")[0].glossary_id == "refugee"
    stack.engine.dispose()


def test_downgrade_and_upgrade_again(cluster: Cluster) -> None:
    engine = make_engine(cluster.new_database())
    upgrade(engine)
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0002")
        conn.commit()
    assert TSV not in {c["name"] for c in inspect(engine).get_columns("passage")}
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0001")
        conn.commit()
    assert "account" not in inspect(engine).get_table_names()
    assert upgrade(engine) == "0003"
    assert schema_diff(engine) == []


def test_starts_wait_for_the_advisory_lock_then_all_succeed(cluster: Cluster) -> None:
    url = cluster.new_database()
    holder = create_engine(url)
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from knowledge.db import make_engine, init_db\n"
            "init_db(make_engine(%r)); print('ok')" % (str(ROOT), url))
    with holder.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK})
        conn.commit()
        procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
        try:
            # all three reach the lock and wait there; nothing is migrated meanwhile
            deadline = time.time() + 120
            waiting = 0
            while waiting < 3 and time.time() < deadline:
                assert all(p.poll() is None for p in procs), \
                    [p.communicate()[1][-800:] for p in procs if p.poll() is not None]
                time.sleep(0.2)
                waiting = int(conn.execute(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND NOT granted")).scalar() or 0)
                conn.commit()
            assert waiting == 3
            assert "practice" not in inspect(holder).get_table_names()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK})
            conn.commit()
        results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [r[1][-800:] for r in results]
    engine = make_engine(url)
    assert current_revision(engine) == "0003"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert schema_diff(engine) == []
    holder.dispose()
    engine.dispose()


QUERIES = [
    "How did regions get refugees into jobs?", "housing for refugee families",
    "health mediators in hospitals", "language courses for migrant women",
    "Comment les régions ont-elles intégré les réfugiés dans l'emploi ?",
    "Wie haben Regionen Geflüchtete in Arbeit gebracht?",
    "vivienda para personas refugiadas", "mediazione culturale sanitaria",
    "Πώς βρήκαν δουλειά οι πρόσφυγες;", "ΔΙΑΜΕΣΟΛΑΒΗΤΕΣ νοσοκομεια",
    "acolhimento de refugiados e habitação", "multi-level governance",
    "unaccompanied minors school", "e-learning platform",
]


def test_the_word_index_matches_what_fts5_finds(cluster: Cluster, tmp_path: Path) -> None:
    """The demo data in SQLite (FTS5) and in PostgreSQL: the same practices match each query
    and FTS5's best one is among PostgreSQL's first three."""
    from ingest.loader import load_glossary, load_practices
    from knowledge.wiring import open_stack
    stacks = {}
    for name, url in (("sqlite", f"sqlite:///{tmp_path / 'lab.db'}"),
                      ("postgresql", cluster.new_database())):
        stack = open_stack({"DATABASE_URL": url, "LAB_DATA_DIR": str(tmp_path / name)},
                           FakeEmbedder())
        load_practices(stack.kb, DEMO / "practices.json")
        load_glossary(stack.kb, DEMO / "glossary.json")
        stacks[name] = stack
    assert stacks["postgresql"].lexical.pg and stacks["sqlite"].lexical.fts
    for query in QUERIES:
        found = {}
        for name, stack in stacks.items():
            order: list[str] = []
            for hit in stack.lexical.search(query, 2000):
                if hit.practice_id not in order:
                    order.append(str(hit.practice_id))
            found[name] = order
        assert set(found["postgresql"]) == set(found["sqlite"]), query
        if found["sqlite"]:
            assert found["sqlite"][0] in found["postgresql"][:3], (query, found)
        glossary = {name: {h.glossary_id for h in stack.lexical.search(query, 500,
                                                                        doc_type="glossary")}
                    for name, stack in stacks.items()}
        assert glossary["postgresql"] == glossary["sqlite"], query
    some = stacks["postgresql"].lexical.search("refugees", 3)
    assert len(some) == 3 and some[0].score >= some[1].score >= some[2].score > 0
    only = stacks["postgresql"].lexical.search("refugees jobs", 50,
                                               practice_ids={found["sqlite"][0]})
    assert only and {h.practice_id for h in only} == {found["sqlite"][0]}
    assert stacks["postgresql"].lexical.search("refugees", practice_ids=set()) == []
    stacks["postgresql"].engine.dispose()


def test_parallel_hits_on_one_key_allow_exactly_the_limit(cluster: Cluster) -> None:
    engine = make_engine(cluster.new_database())
    init_db(engine)
    sessions = make_session_factory(engine)
    limiter = RateLimiter(sessions, clock=lambda: 1_000_020.0)
    start = threading.Barrier(8)
    decisions: list[bool] = []
    lock = threading.Lock()

    def client() -> None:
        start.wait()
        for _ in range(3):
            decision = limiter.hit("submit", "203.0.113.9", Rate(5, 3600))
            with lock:
                decisions.append(decision.allowed)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(decisions) == 24 and sum(decisions) == 5
    with sessions() as session:
        assert session.scalar(select(RateCounter.count)) == 24
    engine.dispose()


def test_two_workers_claim_each_message_once(cluster: Cluster) -> None:
    engine = make_engine(cluster.new_database())
    init_db(engine)
    sessions = make_session_factory(engine)
    sent: list[str] = []
    lock = threading.Lock()

    class SlowMailer:
        def send(self, to: str, subject: str, body: str) -> None:
            time.sleep(0.01)
            with lock:
                sent.append(to)

    outbox = Outbox(sessions, SlowMailer())
    with sessions.begin() as session:
        for n in range(20):
            outbox.add(session, kind="receipt", to=f"c{n}@example.org", lang="el",
                       subject="Λήψη", body="Ευχαριστούμε")
    counts: list[int] = []
    workers = [threading.Thread(target=lambda: counts.append(
        Outbox(sessions, SlowMailer()).deliver_pending())) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert sum(counts) == 20 and sorted(sent) == sorted(f"c{n}@example.org" for n in range(20))
    with sessions() as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}
        assert set(session.scalars(select(OutboxMessage.attempts))) == {1}
        assert all(m.sent_at.tzinfo is not None for m in session.scalars(select(OutboxMessage)))
    engine.dispose()


def test_the_app_recovers_when_postgresql_restarts(cluster: Cluster, tmp_path: Path,
                                                   sample_records: list[dict[str, Any]]
                                                   ) -> None:
    from knowledge.schema import validate_practice
    from web import create_app
    app = create_app(make_config(tmp_path, DATABASE_URL=cluster.new_database(),
                                 LAB_EMBEDDER=FakeEmbedder()))
    lab = app.extensions["lab"]
    lab.kb.import_practices([validate_practice(r) for r in sample_records[:2]])
    client = app.test_client()

    def search() -> tuple[int, str]:
        got = client.get("/api/v1/search?q=refugees")
        return got.status_code, "" if got.status_code == 200 else got.get_data(as_text=True)

    assert search() == (200, "")

    # 1. a restart while idle: the pooled connections are dead; pre-ping replaces them,
    # so not even the first request after it fails
    cluster.ctl("restart")
    assert [search() for _ in range(3)] == [(200, "")] * 3

    # 2. a restart in the middle of traffic: requests fail only while the server is away
    log: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def traffic() -> None:
        own = app.test_client()
        paths = ["/api/v1/search?q=refugees", "/api/v1/practices/jobs-skane",
                 "/practices?q=housing", "/healthz"]
        n = 0
        while not stop.is_set():
            began = time.time()
            status = own.get(paths[n % len(paths)]).status_code
            log.append((began, time.time(), status))
            n += 1

    threads = [threading.Thread(target=traffic) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    down = time.time()
    cluster.ctl("restart")
    up = time.time()
    time.sleep(2.0)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    before = [s for began, _, s in log if began < down - 0.2]
    after = [s for began, _, s in log if began > up + 0.2]
    assert before and set(before) == {200}, log[:40]
    assert len(after) >= 5 and set(after) == {200}, (down, up, log[-40:])
    assert {s for _, _, s in log} <= {200, 500, 503}
    assert max(ended - began for began, ended, _ in log) < 15  # nothing hung

    # writes work again too, and the index follows
    lab.kb.import_practices([validate_practice(sample_records[2])])
    assert "health-puglia" in [r["id"] for r in client.get(
        "/api/v1/search?q=mediatori").get_json()["results"]]
    lab.stack.engine.dispose()
