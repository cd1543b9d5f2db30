"""Shared fixtures: apps on temporary stores, a fake embedder, the real model and demo data."""
from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"

from tests import backends  # noqa: E402
from tests.fakes import FakeEmbedder  # noqa: E402

SAMPLE: list[dict[str, Any]] = [
    {"id": "jobs-skane", "title": "Fast track to jobs for refugees", "region": "Skåne",
     "country": "SE", "language": "en", "areas": ["labour market", "language"],
     "target_groups": ["refugees", "women"], "authority_role": "leader and funder",
     "summary": "The region matched refugees with employers through mentoring and "
                "work placements.",
     "challenges": "Employers did not recognise foreign qualifications.",
     "solutions": "A skills assessment and short bridging courses with employers.",
     "lessons_learnt": "Involve employers from the start.",
     "evaluation": {"communication": {"inspiring": "Clear multilingual leaflets.",
                                      "improvement": "Reach rural employers."}},
     "start_year": 2016, "latitude": 55.6, "longitude": 13.0,
     "contact": {"name": "Anna Test", "organisation": "Region Skåne",
                 "email": "anna.secret@example.org"},
     "source_url": "https://www.skane.se/"},
    {"id": "housing-catalonia", "title": "Vivienda para personas refugiadas",
     "region": "Catalonia", "country": "Spain", "language": "es",
     "areas": ["vivienda"], "target_groups": ["refugiados"], "authority_role": ["coordinator"],
     "summary": "La Generalitat coordinó pisos de acogida para familias refugiadas.",
     "challenges": "Falta de vivienda asequible.", "solutions": "Acuerdos con municipios.",
     "lessons_learnt": "La coordinación multinivel es clave.", "start_year": 2017,
     "end_year": 2020,
     "translations": {"en": {"title": "Housing for refugees",
                             "summary": "The Generalitat coordinated reception flats for "
                                        "refugee families."}}},
    {"id": "health-puglia", "title": "Mediazione sanitaria per migranti", "region": "Puglia",
     "country": "IT", "language": "it", "areas": ["health"],
     "target_groups": ["third-country nationals"], "authority_role": "support",
     "summary": "Mediatori culturali negli ospedali della regione per i pazienti migranti.",
     "lessons_learnt": "I mediatori riducono le incomprensioni con il personale sanitario."},
]


@pytest.fixture
def sample_records() -> list[dict[str, Any]]:
    """Three small valid practice records (a fresh copy per test)."""
    return copy.deepcopy(SAMPLE)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    """A deterministic embedder with no model."""
    return FakeEmbedder()


def make_config(tmp: Path, **extra: Any) -> dict[str, Any]:
    """App settings on stores under tmp: SQLite and a Chroma folder; with the test switch
    (LAB_TEST_SERVERS=1, tests/backends.py) tmp's own PostgreSQL schema and Chroma database
    on the test servers instead (made on first use), unless `extra` names the database or
    the Chroma host."""
    config = {"TESTING": True, "SECRET_KEY": "test", "LAB_DATA_DIR": str(tmp),
              "DATABASE_URL": f"sqlite:///{tmp / 'lab.db'}", "CHROMA_HOST": None}
    if backends.enabled():
        config.update(backends.isolated_stores(tmp, extra))
    return {**config, **extra}


@pytest.fixture(scope="session", autouse=True)
def test_servers() -> Iterator[bool]:
    """With the switch: the servers answer before any test runs; everything made on them
    is dropped at the end. Without it: nothing (False)."""
    if not backends.enabled():
        yield False
        return
    backends.check()
    yield True
    backends.cleanup(0)


@pytest.fixture(autouse=True)
def server_namespaces(test_servers: bool) -> Iterator[None]:
    """With the switch: drop the schemas and Chroma databases this test made (those of
    session and module fixtures, made before it started, stay until the session ends)."""
    if not test_servers:
        yield
        return
    since = backends.mark()
    yield
    backends.cleanup(since)


@pytest.fixture
def stack(tmp_path: Path, fake_embedder: FakeEmbedder):  # type: ignore[no-untyped-def]
    """The framework-free knowledge stack on temporary stores, with the fake embedder."""
    from knowledge.wiring import open_stack
    return open_stack(make_config(tmp_path), fake_embedder)


@pytest.fixture
def loaded_stack(stack, sample_records):  # type: ignore[no-untyped-def]
    """The stack with the sample practices published."""
    from knowledge.schema import validate_practice
    stack.kb.import_practices([validate_practice(r) for r in sample_records])
    return stack


@pytest.fixture
def app(tmp_path: Path, fake_embedder: FakeEmbedder):  # type: ignore[no-untyped-def]
    """A fresh app on a temporary SQLite + Chroma folder, with the fake embedder."""
    from web import create_app
    return create_app(make_config(tmp_path, LAB_EMBEDDER=fake_embedder))


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def lab(app):  # type: ignore[no-untyped-def]
    return app.extensions["lab"]


@pytest.fixture
def loaded_lab(lab, sample_records):  # type: ignore[no-untyped-def]
    """The app's Lab with the sample practices published."""
    from knowledge.schema import validate_practice
    lab.kb.import_practices([validate_practice(r) for r in sample_records])
    return lab


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    """The bundled multilingual e5-small engine (real model, offline)."""
    from knowledge.embedder import load_embedder
    return load_embedder("")


@pytest.fixture(scope="session")
def widget_host_port() -> int:
    """The port of the second local origin whose pages embed the widget (allowed by CORS)."""
    return free_port()


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory, real_embedder, widget_host_port):  # type: ignore[no-untyped-def]
    """An app with the demo regions, glossary and practices on the real model."""
    from ingest.loader import load_glossary, load_practices, load_regions
    from web import create_app
    tmp = tmp_path_factory.mktemp("demo")
    app = create_app(make_config(
        tmp, LAB_EMBEDDER=real_embedder,
        LAB_WIDGET_ORIGINS=f"http://127.0.0.1:{widget_host_port}"))
    kb = app.extensions["lab"].kb
    load_regions(kb, DEMO / "regions.json")
    load_glossary(kb, DEMO / "glossary.json")
    load_practices(kb, DEMO / "practices.json")
    return app


@pytest.fixture(scope="session")
def demo_practices() -> list[dict[str, Any]]:
    """The demo practice records as in the file."""
    return json.loads((DEMO / "practices.json").read_text(encoding="utf-8"))


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float,
                  what: str, timeout: float = 2) -> None:
    """Poll url until it answers; if the process exits or time runs out, kill it and fail
    with the tail of its log."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=timeout)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{what} did not start: "
                                   + log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.3)


def stop_process(process: subprocess.Popen[bytes], seconds: float) -> None:
    """Ask the process to stop; kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def live_url(demo_app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Base URL of the demo app served over real HTTP on 127.0.0.1."""
    from werkzeug.serving import make_server
    server = make_server("127.0.0.1", free_port(), demo_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory) -> Iterator[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """A real `chroma run` server on the loopback, for the session (with the test switch:
    the run's shared server)."""
    if backends.enabled():
        yield backends.servers().chroma_host, backends.servers().chroma_port
        return
    import shutil
    import sys

    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "wb")
    proc = subprocess.Popen([chroma, "run", "--path", str(path / "data"), "--host",
                             "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
    wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, path / "server.log", 60,
                  "chroma run", timeout=1)
    yield "127.0.0.1", port
    stop_process(proc, 10)
    log.close()
