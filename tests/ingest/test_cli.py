"""`python -m ingest` end to end, with the real bundled model and embedded Chroma."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from ingest.cli import main
from ingest.writers import write_records
from knowledge.models import Practice

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the progress bar shows."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("EMBEDDING_MODEL", raising=False)
    return tmp_path


def run(*argv: str, err: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), err or io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def count(env: Path) -> int:
    engine = create_engine(f"sqlite:///{env / 'data' / 'lab.db'}")
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Practice)).scalar() or 0)


def test_load_rerun_and_progress(env, sample_records):
    path = env / "practices.json"
    path.write_text(json.dumps(sample_records), encoding="utf-8")
    code, out, err = run("practices", str(path), err=Terminal())
    assert code == 0, err
    assert "3 added, 0 updated, 0 unchanged, 0 rejected" in out
    assert "embedding" in err and "passage" in err  # the tqdm bar
    code, out, _ = run("practices", str(path))
    assert code == 0 and "0 added, 0 updated, 3 unchanged" in out
    sample_records[0]["summary"] += " Extended in 2024."
    path.write_text(json.dumps(sample_records), encoding="utf-8")
    assert "0 added, 1 updated, 2 unchanged" in run("practices", str(path))[1]
    assert count(env) == 3


def test_a_broken_row_writes_nothing_and_names_file_row_field(env, sample_records):
    sample_records[1]["country"] = "Atlantis"
    sample_records[2]["start_year"] = "soon"
    path = env / "practices.csv"
    write_records(path, sample_records)
    code, out, err = run("practices", str(path))
    assert code == 1 and out == ""
    assert f"{path}: row 3: country: unknown country 'Atlantis'" in err
    assert f"{path}: row 4: start_year:" in err and "'soon'" in err
    assert "nothing was written" in err
    assert count(env) == 0


def test_skip_invalid_loads_the_rest(env, sample_records):
    sample_records[1]["title"] = ""
    path = env / "practices.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in sample_records), encoding="utf-8")
    code, out, err = run("practices", str(path), "--skip-invalid")
    assert code == 0
    assert "2 added, 0 updated, 0 unchanged, 1 rejected" in out
    assert f"skipped: {path}: line 2: title: is required" in err
    assert count(env) == 2


def test_dry_run_writes_nothing(env, sample_records):
    path = env / "practices.xlsx"
    write_records(path, sample_records)
    code, out, _ = run("practices", str(path), "--dry-run")
    assert code == 0 and "3 added" in out and "dry run" in out
    assert count(env) == 0


def test_export_reimports_unchanged(env, sample_records):
    src = env / "in.json"
    src.write_text(json.dumps(sample_records), encoding="utf-8")
    run("practices", str(src))
    for suffix in (".json", ".csv", ".xlsx", ".jsonl"):
        dest = env / f"export{suffix}"
        code, out, _ = run("export", str(dest))
        assert code == 0 and "exported 3" in out
        code, out, err = run("practices", str(dest))
        assert code == 0, err
        assert "3 unchanged" in out, (suffix, out)
    public = env / "public.json"
    run("export", str(public), "--public")
    assert "anna.secret@example.org" not in public.read_text(encoding="utf-8")
    assert "anna.secret@example.org" in (env / "export.json").read_text(encoding="utf-8")


def test_verify_reports_drift_and_reindex_repairs(env, sample_records):
    src = env / "in.json"
    src.write_text(json.dumps(sample_records), encoding="utf-8")
    run("practices", str(src))
    assert run("verify")[0] == 0
    from knowledge.embedder import load_embedder
    from knowledge.vector_index import make_chroma_client
    from knowledge.wiring import collection_name
    name = collection_name(load_embedder(""))  # the CLI's default model's collection
    collection = make_chroma_client(env / "data").get_collection(name)
    gone = collection.get(where={"practice_id": "health-puglia"})["ids"]
    collection.delete(ids=gone)
    code, out, _ = run("verify")
    assert code == 1 and "missing: 1: health-puglia" in out
    code, out, _ = run("reindex")
    assert code == 0 and "reindexed" in out
    assert run("verify")[0] == 0


def test_unreadable_files_get_clean_messages(env):
    code, _, err = run("practices", str(env / "missing.json"))
    assert code == 2 and "missing.json" in err and "Traceback" not in err
    bad = env / "notes.txt"
    bad.write_text("hello")
    code, _, err = run("practices", str(bad))
    assert code == 2 and ".txt" in err
    binary = env / "bad.json"
    binary.write_bytes(b'[{"id": "\xff"}]')
    code, _, err = run("practices", str(binary))
    assert code == 2 and "UTF-8" in err


def test_glossary_and_regions_commands(env):
    code, out, err = run("regions", str(ROOT / "demo" / "regions.json"))
    assert code == 0 and "6 added" in out, err
    entries = json.loads((ROOT / "demo" / "glossary.json").read_text(encoding="utf-8"))[:3]
    entries[0]["see_also"] = ["no-such-entry"]
    path = env / "glossary.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    code, _, err = run("glossary", str(path))
    assert code == 1 and "unknown glossary id 'no-such-entry'" in err


def test_killed_ingest_leaves_the_database_consistent(env, sample_records):
    records = []
    for i in range(40):
        r = dict(sample_records[i % 3], id=f"p{i:03d}")
        r["summary"] = f"{r['summary']} Variant {i} with its own wording."
        records.append(r)
    path = env / "many.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    db = env / "data" / "lab.db"
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "practices", str(path)],
                            cwd=ROOT, env={**os.environ}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.time() + 60
    # kill it once embedding is under way (the cache fills), before it finished
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            engine = create_engine(f"sqlite:///{db}")
            try:
                with engine.connect() as conn:
                    if conn.execute(text("SELECT count(*) FROM embedding_cache")).scalar():
                        break
            except Exception:
                pass
            finally:
                engine.dispose()
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert count(env) in (0, 40)  # all or nothing
    assert run("verify")[0] == 0
    code, out, _ = run("practices", str(path))
    assert code == 0 and count(env) == 40
    assert run("verify")[0] == 0
