"""The Chroma server stops in the middle of traffic: a clear 503, then recovery on its return."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from knowledge.schema import validate_practice
from tests.conftest import free_port, make_config, wait_for_http

pytestmark = [pytest.mark.server, pytest.mark.integration]
CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


class ChromaProcess:
    """A `chroma run` server this test may stop and start again on the same port and data."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.folder / "server.log", "ab")
        self.proc = subprocess.Popen([CHROMA, "run", "--path", str(self.folder / "data"),
                                      "--host", "127.0.0.1", "--port", str(self.port)],
                                     stdout=log, stderr=log)
        wait_for_http(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", self.proc,
                      self.folder / "server.log", 60, "chroma run", timeout=1)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaProcess]:
    server = ChromaProcess(tmp_path)
    server.start()
    yield server
    server.stop()


def test_answers_503_while_chroma_is_down_and_recovers(tmp_path: Path, chroma,  # type: ignore[no-untyped-def]
                                                       sample_records, real_embedder) -> None:
    from web import create_app
    app = create_app(make_config(tmp_path / "app", LAB_EMBEDDER=real_embedder,
                                 CHROMA_HOST="127.0.0.1", CHROMA_PORT=chroma.port,
                                 LAB_ASK_RATE="off"))
    lab = app.extensions["lab"]
    lab.kb.import_practices([validate_practice(r) for r in sample_records])
    client = app.test_client()
    question = {"question": "How did a region get refugees into jobs with employers?"}
    assert client.post("/api/v1/ask", json=question).json["sources"][0]["id"] == "jobs-skane"

    chroma.stop()
    down = client.post("/api/v1/ask?lang=fr", json=question)
    assert down.status_code == 503
    assert down.json["error"]["code"] == "index_unavailable"
    assert "Veuillez" in down.json["error"]["message"] or "réessayer" in \
        down.json["error"]["message"]  # said in the asker's language
    page = client.get("/practices?q=jobs")
    assert page.status_code == 503  # word search ranks with the vectors too
    assert client.get("/practices").status_code == 200  # filtering needs only the database
    assert client.get("/healthz").status_code == 503  # the load balancer sees it

    chroma.start()  # same port, same data
    back = client.post("/api/v1/ask", json=question)
    assert back.status_code == 200, back.get_data(as_text=True)
    assert back.json["sources"][0]["id"] == "jobs-skane"
    assert lab.kb.verify().ok  # nothing was lost while it was away
