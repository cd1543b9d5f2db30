"""`python -m ingest send-mail` delivers what the outbox kept during an SMTP outage."""
from __future__ import annotations

import os
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from knowledge.db import init_db, make_engine, make_session_factory
from knowledge.models import OutboxMessage
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


class Keep:
    """An aiosmtpd handler that keeps every message."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def send_mail(tmp_path: Path, port: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAB_DATA_DIR": str(tmp_path), "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(port), "SMTP_SECURITY": "none"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "ingest", "send-mail", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_send_mail_delivers_after_an_outage_and_reports_what_waits(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    init_db(engine)
    with make_session_factory(engine).begin() as session:
        session.add(OutboxMessage(kind="receipt", to="eleni@example.org", lang="el",
                                  subject="Λάβαμε την πρακτική σας (IL-2026-ABC123)",
                                  body="Ευχαριστούμε.", status="pending", attempts=0))
        session.add(OutboxMessage(kind="published", to="jo@example.org", lang="en",
                                  subject="Published", body="Thanks.", status="failed",
                                  attempts=5, last_error="timeout"))
    engine.dispose()
    port = free_port()
    down = send_mail(tmp_path, port)  # nothing listens on the port yet
    assert down.returncode == 1, down.stdout + down.stderr
    assert "1 still waiting" in down.stdout
    keep = Keep()
    controller = Controller(keep, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        first = send_mail(tmp_path, port)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "sent 1 e-mails" in first.stdout
        assert [m["Subject"] for m in keep.messages] == ["Λάβαμε την πρακτική σας (IL-2026-ABC123)"]
        revived = send_mail(tmp_path, port, "--retry-failed")
        assert revived.returncode == 0 and "1 failed ones retried" in revived.stdout
        assert [m["To"] for m in keep.messages] == ["eleni@example.org", "jo@example.org"]
    finally:
        controller.stop()
