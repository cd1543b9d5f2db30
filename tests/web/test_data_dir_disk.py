"""The service on a real data disk (SQLite + Chroma folder on a tmpfs) that fills up or is
read-only: questions and searches go on, writes get a clear 503 and change nothing, and all
is well again once there is room."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.errors import StorageError
from knowledge.schema import validate_practice
from tests.conftest import SAMPLE, make_config
from tests.disks import SmallDisk, run_ingest, small_disk
from tests.fakes import FakeEmbedder
from tests.web.test_admin import SUBMISSION, api, coordinator

PREFIX = "/api/v1/admin/practices"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 24 MiB disk for the data folder."""
    yield from small_disk(tmp_path, 24576)


def disk_config(disk: SmallDisk) -> dict[str, Any]:
    # both stores on the disk, whatever the test switch says: the disk is the fault
    return make_config(disk.path, LAB_EMBEDDER=FakeEmbedder(), CHROMA_HOST=None,
                       DATABASE_URL=f"sqlite:///{disk.path / 'lab.db'}",
                       LAB_ASK_RATE="120/minute", LAB_SUBMIT_RATE="100/hour")


def table_counts(disk: SmallDisk) -> dict[str, int]:
    with sqlite3.connect(disk.path / "lab.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                for t in ("practice", "submission", "audit_entry", "outbox_message")}


def test_a_full_data_disk_keeps_reading_and_refuses_writes_cleanly(disk: SmallDisk) -> None:
    from web import create_app
    app = create_app(disk_config(disk))
    lab = app.extensions["lab"]
    lab.kb.import_practices([validate_practice(r) for r in SAMPLE])
    queued = lab.submissions.submit(SUBMISSION, lang="fr", base_url="http://localhost")
    admin = coordinator(app, lab)
    public = app.test_client()
    before = table_counts(disk)
    question = {"question": "Comment aider les réfugiés à trouver un emploi ?"}
    with_room = public.post("/api/v1/ask", json=question).get_json()
    searched = public.get("/api/v1/search?q=refugees jobs").get_json()["results"]
    assert "jobs-skane" in [r["id"] for r in searched]

    disk.fill()
    # reading needs no room: the rate limiter's count and the conversation cannot be
    # written, and are skipped; the answer is the one given with room
    found = public.get("/api/v1/search?q=refugees jobs")
    assert found.status_code == 200 and found.get_json()["results"] == searched
    answer = public.post("/api/v1/ask", json=question)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert {k: v for k, v in answer.get_json().items() if k != "conversation_id"} == {
        k: v for k, v in with_room.items() if k != "conversation_id"}
    assert public.get("/practices?q=housing").status_code == 200
    assert public.get("/practices/jobs-skane").status_code == 200
    assert public.get("/healthz").status_code == 200

    # writing: a clear, retryable 503 in the asker's language, and nothing half-written
    sent = public.post("/api/v1/submissions?lang=fr",
                       json={**SUBMISSION, "title": "Un autre atelier pour parents"})
    assert sent.status_code == 503, sent.get_data(as_text=True)
    assert sent.get_json()["error"]["code"] == "storage_unavailable"
    assert "service" in sent.get_json()["error"]["message"]  # French: « Une partie du service »
    assert sent.headers["Retry-After"]
    published = api(admin, "POST", f"{PREFIX}/{queued.practice_id}/publish")
    if published.status_code == 200:  # the commit found room, the index did not
        assert published.get_json()["indexed"] is False
    else:
        assert published.status_code == 503, published.get_data(as_text=True)

    disk.make_room()
    after = table_counts(disk)
    assert after["submission"] == before["submission"]  # the refused submission left no row
    status = lab.submissions.detail(queued.practice_id).status
    if published.status_code == 503:
        assert after == before and status == "submitted"
        published = api(admin, "POST", f"{PREFIX}/{queued.practice_id}/publish")
        assert published.status_code == 200, published.get_data(as_text=True)
    else:
        assert status == "published"
        retried = api(admin, "POST", f"{PREFIX}/{queued.practice_id}/reindex")
        assert retried.status_code == 200 and retried.get_json()["indexed"] is True
    assert queued.practice_id in {r["id"] for r in public.get(
        "/api/v1/search?q=ateliers conversation parents").get_json()["results"]}
    assert lab.kb.verify().ok
    again = public.post("/api/v1/submissions",
                        json={**SUBMISSION, "title": "Un autre atelier pour parents"})
    assert again.status_code == 201, again.get_data(as_text=True)


def test_a_read_only_data_disk_stops_the_start_with_one_clear_reason(disk: SmallDisk) -> None:
    from web import create_app
    sample = disk.path.parent / "sample.json"
    sample.write_text(json.dumps(SAMPLE[:1]), encoding="utf-8")
    # loaded by another process, which closes its files: a disk with a file open for
    # writing cannot be remounted read-only
    assert run_ingest(disk.path, "practices", str(sample)).returncode == 0
    before = disk.fingerprint()
    disk.read_only()
    try:
        with pytest.raises(StorageError) as refused:
            create_app(disk_config(disk))
    finally:
        disk.writable()
    assert str(disk.path) in str(refused.value) and "read-only" in str(refused.value)
    assert disk.fingerprint() == before
    again = create_app(disk_config(disk)).test_client()  # writable again: it starts
    assert again.get("/practices/jobs-skane").status_code == 200
