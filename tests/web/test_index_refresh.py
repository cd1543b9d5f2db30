"""A running app sees practices that another process (the ingest CLI) wrote."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backends
from tests.conftest import make_config

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_app_sees_an_ingest_made_by_another_process(tmp_path, real_embedder, sample_records):
    from web import create_app
    config = make_config(tmp_path, LAB_EMBEDDER=real_embedder)
    app = create_app(config)
    client = app.test_client()
    assert client.get("/healthz").get_json()["indexed_documents"] == 0
    path = tmp_path / "in.json"
    path.write_text(json.dumps(sample_records), encoding="utf-8")
    env = backends.child_env(config)  # the app's own stores, whichever backend runs
    done = subprocess.run([sys.executable, "-m", "ingest", "practices", str(path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    health = client.get("/healthz").get_json()
    assert health["practices"] == 3 and health["indexed_documents"] > 10
    answer = client.post("/api/v1/ask", json={
        "question": "How did a region get refugees into jobs with employers?"}).get_json()
    assert answer["sources"] and answer["sources"][0]["id"] == "jobs-skane"
    # and a deletion by the other process disappears too
    done = subprocess.run([sys.executable, "-c", (
        "from knowledge.wiring import open_stack; from web.config import Config;"
        "open_stack(Config().as_mapping()).kb.delete_practice('jobs-skane')")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    answer = client.post("/api/v1/ask", json={
        "question": "How did a region get refugees into jobs with employers?"}).get_json()
    assert "jobs-skane" not in [s["id"] for s in answer["sources"]]
    vector_ids = app.extensions["lab"].stack.vector_index.all_ids()
    assert not any(":jobs-skane:" in i for i in vector_ids)
