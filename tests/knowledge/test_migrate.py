"""Schema migrations: fresh databases, upgrades from the previous release with data, old
databases made before migrations existed, and two processes starting at once."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from knowledge.db import init_db, make_engine
from knowledge.migrate import SCRIPTS, current_revision, head_revision, upgrade
from knowledge.models import Base
from tests.knowledge.data.first_release_rows import (assert_first_release_rows_kept,
                                                      insert_first_release_rows,
                                                      upgrade_from_first_release)

ROOT = Path(__file__).resolve().parents[2]


def schema_diff(engine) -> list:  # type: ignore[no-untyped-def]
    """What the models say that the database lacks (FTS5's own tables are not models)."""
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    return [d for d in diffs if not (d[0] == "remove_table"
                                     and d[1].name.startswith("passage_fts"))]


def test_a_fresh_database_gets_the_whole_schema_and_nothing_else(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    init_db(engine)
    assert current_revision(engine) == head_revision() == "0003"
    assert schema_diff(engine) == []  # the migrations build exactly what the models say
    init_db(engine)  # idempotent
    assert current_revision(engine) == head_revision()


def test_upgrade_from_the_previous_release_keeps_every_row(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    upgrade_from_first_release(engine)
    with engine.connect() as conn:
        assert_first_release_rows_kept(conn)
        assert conn.execute(text("SELECT practice_id FROM passage_fts WHERE passage_fts "
                                 "MATCH 'mentoring'")).scalar() == "jobs-skane"
    assert schema_diff(engine) == []


def test_upgraded_data_works_through_the_application(tmp_path: Path) -> None:
    from tests.fakes import FakeEmbedder
    from knowledge.wiring import open_stack
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        insert_first_release_rows(conn)
    engine.dispose()
    stack = open_stack({"DATABASE_URL": f"sqlite:///{tmp_path / 'lab.db'}",
                        "LAB_DATA_DIR": str(tmp_path)}, FakeEmbedder())
    assert stack.kb.store.get("jobs-skane").contact.email == "anna@example.org"
    assert stack.kb.reindex() >= 1 and stack.kb.verify().ok
    assert stack.lexical.search("mentoring", 5)[0].practice_id == "jobs-skane"


def test_a_database_made_before_migrations_is_recognised(tmp_path: Path) -> None:
    old_models = ROOT / "tests" / "knowledge" / "data" / "first_release_models.py"
    spec = importlib.util.spec_from_file_location("first_release_models", old_models)
    module = importlib.util.module_from_spec(spec)
    sys.modules["first_release_models"] = module
    spec.loader.exec_module(module)
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    module.Base.metadata.create_all(engine)  # how the first release made its database
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE VIRTUAL TABLE passage_fts USING fts5(folded, passage_id UNINDEXED, "
            "practice_id UNINDEXED, glossary_id UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2')"))
        insert_first_release_rows(conn)
    init_db(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM practice")).scalar() == 1
    assert schema_diff(engine) == []


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    upgrade(engine)
    from alembic import command
    from knowledge.migrate import alembic_config
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0001")
        conn.commit()
    assert "account" not in inspect(engine).get_table_names()
    assert upgrade(engine) == head_revision()
    assert SCRIPTS.is_dir()


def test_two_processes_starting_together_both_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lab.db'}"
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from knowledge.db import make_engine, init_db\n"
            "init_db(make_engine(%r)); print('ok')" % (str(ROOT), url))
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [r[1][-800:] for r in results]
    assert current_revision(make_engine(url)) == head_revision()
