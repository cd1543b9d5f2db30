"""The deployment of several machines, in small: gunicorn with two workers (two processes,
each with its own app, pool and Chroma client) on one database and one `chroma run` server.
A practice a coordinator publishes through one worker is cited by the other one.

The database is a SQLite file both workers share, or with the test switch a PostgreSQL
schema (tests/backends.py); Chroma is always a server, in a database of this test's own.
Which worker served a request is read from gunicorn's access log (`%(p)s`, the pid): the
app is not changed to tell.
"""
from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests import backends
from tests.conftest import SAMPLE, free_port, make_config, stop_process, wait_for_http

pytestmark = [pytest.mark.integration, pytest.mark.server]
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two workers, one truth"
SUBMISSION: dict[str, Any] = {
    "title": "Beekeeping cooperatives run by refugees", "region": "Carinthia",
    "country": "AT", "language": "en", "areas": ["labour_market"],
    "summary": "The region helped refugees found beekeeping cooperatives that sell honey "
               "to local shops.",
    "challenges": "Refugee beekeepers had no land for their hives and no way to sell honey.",
    "solutions": "Farmers lent meadows for the hives; the cooperatives sell the honey "
                 "together at weekly markets.",
    "lessons_learnt": "Beekeeping skills brought from home are a start for a business.",
    "contact": {"name": "Mira Test", "email": "mira@example.org"}, "consent": True,
}
QUESTION = "How did refugees start beekeeping cooperatives selling honey?"
LOG_LINE = re.compile(r"^<(\d+)> (\S+) (\S+) (\d{3})$")  # gunicorn writes the pid as <pid>


@dataclass
class Deployment:
    """Two workers behind one port; every request is tagged to find its worker in the log."""

    url: str
    access_log: Path
    env: dict[str, str]
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    tags: Iterator[int] = field(default_factory=itertools.count)

    def request(self, method: str, path: str, *, form: dict[str, str] | None = None,
                body: Any = None) -> tuple[int, str, int]:
        """(status, body, pid of the worker that served it); a new connection each time."""
        tag = f"probe-{next(self.tags)}"
        url = f"{self.url}{path}{'&' if '?' in path else '?'}probe={tag}"
        data, headers = None, {"Accept": "application/json"}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Accept"] = "text/html"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                             NoRedirect())
        try:
            with opener.open(urllib.request.Request(url, data, headers, method=method),
                             timeout=120) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode()
        return status, text, self.pid_of(tag)

    def pid_of(self, tag: str) -> int:
        """The worker's pid from the access log (the line comes once the response is out)."""
        deadline = time.time() + 15
        while time.time() < deadline:
            for line in self.access_log.read_text().splitlines():
                match = LOG_LINE.match(line)
                if match and match.group(3).split("probe=")[-1] == tag:
                    return int(match.group(1))
            time.sleep(0.05)
        raise AssertionError(f"{tag} is not in the access log: "
                             f"{self.access_log.read_text()[-2000:]}")

    def ask(self) -> tuple[list[str], int]:
        """The practices cited for the question, and the worker that answered."""
        status, text, pid = self.request("POST", "/api/v1/ask", body={"question": QUESTION})
        assert status == 200, text
        return [s["id"] for s in json.loads(text)["sources"]], pid


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep 303s as they are: each request is one request to one worker."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def unit_command(port: int) -> list[str]:
    """The gunicorn command of deploy/systemd/integration-lab.service, on 127.0.0.1:port and
    this checkout's virtualenv (the access log options are the test's)."""
    unit = (ROOT / "deploy" / "systemd" / "integration-lab.service").read_text()
    line = re.search(r"^ExecStart=((?:[^\n]*\\\n)*[^\n]*)", unit, re.M)
    assert line, unit
    argv = shlex.split(line.group(1).replace("\\\n", " "))
    assert argv[0] == "/opt/integration-lab/.venv/bin/gunicorn" and argv[-1] == "web:create_app()"
    argv[0] = str(Path(sys.executable).parent / "gunicorn")
    assert argv[argv.index("--workers") + 1] == "2" and argv[argv.index("--threads") + 1] == "2"
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    if "--access-logfile" in argv:  # the unit logs to the journal; the test to a file
        at = argv.index("--access-logfile")
        del argv[at:at + 2]
    return argv


def run_cli(env: dict[str, str], *argv: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "ingest", *argv], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def deployment(tmp_path: Path, chroma_server: tuple[str, int]) -> Iterator[Deployment]:
    from knowledge.vector_index import chroma_admin
    host, port = chroma_server
    chroma_database = "two-workers-" + uuid.uuid4().hex[:10]  # made by the first start
    config = make_config(tmp_path / "data", CHROMA_HOST=host, CHROMA_PORT=port,
                         CHROMA_DATABASE=chroma_database)
    env = backends.child_env(config)
    for name in ("EMBEDDING_MODEL", "FLASK_DEBUG", "LAB_DEMO", "LAB_TEST_SERVERS"):
        env.pop(name, None)
    env.update(SECRET_KEY=secrets.token_hex(32), HF_HUB_OFFLINE="1", EMBEDDING_THREADS="1",
               LAB_ASK_RATE="off")
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(SAMPLE), encoding="utf-8")
    run_cli(env, "practices", str(seed))  # the bundled model, like production
    run_cli(env, "create-coordinator", "ana@example.org", "--name", "Ana",
            "--password-stdin", stdin=PASSWORD + "\n")

    web_port = free_port()
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    server = subprocess.Popen(
        unit_command(web_port) + ["--access-logfile", str(access_log),
                                  "--access-logformat", "%(p)s %(m)s %(U)s?%(q)s %(s)s",
                                  "--error-logfile", str(error_log)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_http(f"http://127.0.0.1:{web_port}/healthz", server, error_log, 240, "gunicorn",
                  timeout=5)
    try:
        yield Deployment(f"http://127.0.0.1:{web_port}", access_log, env)
    finally:
        stop_process(server, 30)
        try:
            chroma_admin(host, port).delete_database(chroma_database)
        except Exception:  # the server of the session goes away anyway
            pass


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page[:2000]
    return match.group(1)


def test_a_practice_published_through_one_worker_is_cited_by_the_other(deployment):
    from knowledge.intake import practice_id_for
    d = deployment
    # both workers are up and answer, from the same stores, without the new practice
    pids: set[int] = set()
    for _ in range(80):
        cited, pid = d.ask()
        assert "beekeeping" not in " ".join(cited)
        pids.add(pid)
        if len(pids) == 2:
            break
    assert len(pids) == 2, f"one worker served all {len(pids)} requests: {pids}"

    # a contributor submits, a coordinator signs in and publishes: through worker A
    status, text, _ = d.request("POST", "/api/v1/submissions", body=SUBMISSION)
    assert status == 201, text
    practice_id = practice_id_for(SUBMISSION["title"], json.loads(text)["reference"])
    status, page, _ = d.request("GET", "/admin/login")
    assert status == 200
    status, _, _ = d.request("POST", "/admin/login", form={
        "email": "ana@example.org", "password": PASSWORD, "csrf_token": csrf(page)})
    assert status == 303  # signed in (the session cookie is valid on either worker)
    status, page, _ = d.request("GET", f"/admin/practices/{practice_id}")
    assert status == 200, page[:2000]
    status, text, publisher = d.request("POST", f"/admin/practices/{practice_id}/publish",
                                        form={"csrf_token": csrf(page)})
    assert status == 303, text[:2000]

    # worker B, which never saw the publication, cites it (and so does A)
    served: dict[int, list[bool]] = {}
    for _ in range(80):
        cited, pid = d.ask()
        served.setdefault(pid, []).append(practice_id in cited)
        if len(served) == 2 and all(len(v) >= 2 for v in served.values()):
            break
    print(f"published by worker {publisher}; answers by worker: {served}")
    others = [pid for pid in served if pid != publisher]
    assert others, f"only the publishing worker {publisher} answered: {served}"
    assert all(all(v) for v in served.values()), served
    status, text, pid = d.request("GET", f"/api/v1/practices/{practice_id}")
    assert status == 200 and json.loads(text)["title"] == SUBMISSION["title"]


def test_the_deploy_example_sets_only_settings_the_code_reads() -> None:
    example = (ROOT / "deploy" / "integration-lab.env.example").read_text()
    names = re.findall(r"^([A-Z][A-Z0-9_]*)=", example, re.M)
    assert {"DATABASE_URL", "CHROMA_HOST", "CHROMA_PORT", "SECRET_KEY"} <= set(names)
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("web", "knowledge", "ingest")
                     for p in (ROOT / folder).rglob("*.py"))
    assert [n for n in names if f'"{n}"' not in code] == []
    assert unit_command(8000)[-1] == "web:create_app()"
