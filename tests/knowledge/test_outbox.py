"""The outbox against a real SMTP server (aiosmtpd): Greek intact, retries, TLS, claims."""
from __future__ import annotations

import contextlib
import logging
import ssl
import subprocess
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from knowledge.db import init_db, make_engine, make_session_factory
from knowledge.models import OutboxMessage, utcnow
from knowledge.outbox import (
    DEFAULT_SENDER,
    LogMailer,
    Outbox,
    SmtpMailer,
    mailer_from_settings,
)
from tests.conftest import free_port

Factory = sessionmaker[Session]
SENDER = "Integration Lab <lab@example.org>"
GREEK_SUBJECT = "Λάβαμε την πρακτική σας (IL-2026-7K3Q9X) — «Ένταξη» ✓"
GREEK_BODY = ("Γεια σας Άννα,\n\nΣας ευχαριστούμε που μοιραστήκατε την πρακτική σας "
              "«Στέγαση προσφύγων στη Θεσσαλονίκη» με το Integration Lab.\n\n"
              "Με εκτίμηση,\nIntegration Lab\n")


class Inbox:
    """An aiosmtpd handler that keeps what it receives and can refuse recipients."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.authenticated: list[bool] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        if address in self.refused:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        self.authenticated.append(bool(session.authenticated))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        """The received messages, parsed."""
        return [message_from_bytes(e.original_content, policy=policy.default)  # type: ignore[misc]
                for e in self.envelopes]


def check_login(server: Any, session: Any, envelope: Any, mechanism: str,
                auth_data: Any) -> AuthResult:
    """Accepts only lab / right-password."""
    ok = isinstance(auth_data, LoginPassword) and \
        (auth_data.login, auth_data.password) == (b"lab", b"right-password")
    # handled=False: the server itself answers 535 to a refused login
    return AuthResult(success=ok, handled=False)


@contextlib.contextmanager
def smtp_server(inbox: Inbox, port: int, **kwargs: Any) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1:port while the block runs."""
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def smtp(inbox: Inbox) -> Iterator[int]:
    """Port of a plain SMTP server on the loopback that delivers into `inbox`."""
    with smtp_server(inbox, free_port()) as port:
        yield port


@pytest.fixture
def session_factory(tmp_path: Path) -> Factory:
    engine = make_engine(f"sqlite:///{tmp_path / 'lab.db'}")
    init_db(engine)
    return make_session_factory(engine)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cert, key), made with openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def plain_mailer(port: int, **kwargs: Any) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", port, sender=SENDER, security="none", timeout=5, **kwargs)


def queue(session_factory: Factory, outbox: Outbox, count: int = 1,
          **fields: Any) -> list[int]:
    """Add `count` messages in one committed transaction; their ids."""
    values = {"kind": "receipt", "to": "anna@example.org", "lang": "el",
              "subject": GREEK_SUBJECT, "body": GREEK_BODY, "practice_id": "p-1", **fields}
    with session_factory.begin() as session:
        rows = [outbox.add(session, **values) for _ in range(count)]
        session.flush()
        return [row.id for row in rows]


def row(session_factory: Factory, message_id: int) -> OutboxMessage:
    with session_factory() as session:
        found = session.get(OutboxMessage, message_id)
        assert found is not None
        return found


def test_greek_message_arrives_intact(session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    outbox = Outbox(session_factory, plain_mailer(smtp))
    [message_id] = queue(session_factory, outbox)
    assert outbox.pending_count() == 1

    assert outbox.deliver_pending() == 1

    [envelope] = inbox.envelopes
    assert envelope.mail_from == "lab@example.org"
    assert envelope.rcpt_tos == ["anna@example.org"]
    envelope.original_content.decode("ascii")  # 7-bit on the wire: nothing for a relay to mangle
    [received] = inbox.messages()
    assert received["Subject"] == GREEK_SUBJECT
    assert received.get_content() == GREEK_BODY
    assert received.get_content_type() == "text/plain"
    assert received.get_content_charset() == "utf-8"
    assert received["From"] == SENDER and received["To"] == "anna@example.org"
    assert received["Message-ID"].endswith("@example.org>") and received["Date"]
    sent = row(session_factory, message_id)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, None)
    assert sent.sent_at is not None
    assert outbox.pending_count() == 0
    assert outbox.deliver_pending() == 0  # nothing sent twice


def test_add_belongs_to_the_callers_transaction(
        session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    outbox = Outbox(session_factory, plain_mailer(smtp))
    with session_factory() as session:
        outbox.add(session, kind="receipt", to="anna@example.org", lang="en",
                   subject="Received", body="Thanks")
        session.rollback()  # the change it reported did not happen: no e-mail either
    assert outbox.pending_count() == 0
    assert outbox.deliver_pending() == 0 and inbox.envelopes == []


def test_add_rejects_bad_addresses_and_folds_the_subject(session_factory: Factory) -> None:
    outbox = Outbox(session_factory, LogMailer())
    with session_factory() as session:
        for bad in ("", "no-at-sign", "anna@example.org\r\nBcc: all@example.org",
                    "a@example.org, b@example.org"):
            with pytest.raises(ValueError, match="e-mail address") as caught:
                outbox.add(session, kind="receipt", to=bad, lang="en", subject="s", body="b")
            assert repr(bad.strip()) in str(caught.value)
        message = outbox.add(session, kind="receipt", to=" anna@example.org ", lang="en",
                             subject="Title on\r\ntwo  lines", body="b")
        assert (message.to, message.subject) == ("anna@example.org", "Title on two lines")


def test_server_down_keeps_message_pending_until_it_is_up(
        session_factory: Factory, inbox: Inbox, caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()  # nothing listens there yet
    outbox = Outbox(session_factory, plain_mailer(port))
    [message_id] = queue(session_factory, outbox)

    with caplog.at_level(logging.WARNING, logger="knowledge.outbox"):
        assert outbox.deliver_pending() == 0  # no exception either
    waiting = row(session_factory, message_id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert f"127.0.0.1:{port}" in waiting.last_error
    assert "Connection" in waiting.last_error
    assert f"127.0.0.1:{port}" in caplog.text and "attempt 1 of 5" in caplog.text

    with smtp_server(inbox, port):
        assert outbox.deliver_pending() == 1
    sent = row(session_factory, message_id)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 2, None)
    assert inbox.messages()[0]["Subject"] == GREEK_SUBJECT


def test_after_max_attempts_the_message_fails_and_retry_failed_revives_it(
        session_factory: Factory, inbox: Inbox) -> None:
    port = free_port()
    outbox = Outbox(session_factory, plain_mailer(port), max_attempts=3)
    [message_id] = queue(session_factory, outbox)
    statuses = []
    for _ in range(4):
        outbox.deliver_pending()
        statuses.append(row(session_factory, message_id).status)
    assert statuses == ["pending", "pending", "failed", "failed"]
    failed = row(session_factory, message_id)
    assert failed.attempts == 3  # a failed message is not tried again on its own
    assert outbox.pending_count() == 0

    assert outbox.retry_failed() == 1
    revived = row(session_factory, message_id)
    assert (revived.status, revived.attempts) == ("pending", 0)
    assert outbox.retry_failed() == 0
    with smtp_server(inbox, port):
        assert outbox.deliver_pending() == 1
    assert row(session_factory, message_id).status == "sent"


def test_a_refused_recipient_does_not_hold_back_the_others(
        session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    inbox.refused.add("gone@example.org")
    outbox = Outbox(session_factory, plain_mailer(smtp))
    first = queue(session_factory, outbox, to="anna@example.org")
    refused = queue(session_factory, outbox, to="gone@example.org")
    last = queue(session_factory, outbox, to="omar@example.org")
    assert outbox.deliver_pending() == 2
    assert [e.rcpt_tos for e in inbox.envelopes] == [["anna@example.org"], ["omar@example.org"]]
    assert row(session_factory, first[0]).status == row(session_factory, last[0]).status == "sent"
    waiting = row(session_factory, refused[0])
    assert waiting.status == "pending" and "550" in waiting.last_error


def test_deliver_pending_honours_the_limit(
        session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    outbox = Outbox(session_factory, plain_mailer(smtp))
    queue(session_factory, outbox, count=3)
    assert outbox.deliver_pending(limit=2) == 2
    assert outbox.pending_count() == 1
    assert outbox.deliver_pending(limit=2) == 1
    assert len(inbox.envelopes) == 3


def test_a_claimed_message_is_left_alone_until_its_claim_expires(
        session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    outbox = Outbox(session_factory, plain_mailer(smtp))
    [message_id] = queue(session_factory, outbox)
    # another worker claimed it a moment ago
    with session_factory.begin() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                        .values(status="sending", sent_at=utcnow(), attempts=1))
    assert outbox.deliver_pending() == 0 and inbox.envelopes == []
    assert outbox.pending_count() == 1
    # that worker died mid-send: its claim expires and the message goes out
    with session_factory.begin() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                        .values(sent_at=utcnow() - timedelta(minutes=11)))
    assert outbox.deliver_pending() == 1 and len(inbox.envelopes) == 1
    assert (row(session_factory, message_id).status, row(session_factory, message_id).attempts) \
        == ("sent", 2)


def test_two_workers_send_each_message_once(
        session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    outbox = Outbox(session_factory, plain_mailer(smtp))
    ids = queue(session_factory, outbox, count=12)
    counts: list[int] = []
    workers = [threading.Thread(target=lambda: counts.append(outbox.deliver_pending()))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sum(counts) == 12
    assert len(inbox.envelopes) == 12
    with session_factory() as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}
        assert set(session.scalars(select(OutboxMessage.attempts))) == {1}
    assert len(ids) == 12


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_login(
        session_factory: Factory,
        inbox: Inbox,
        certificate: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch,
        security: str) -> None:
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    # aiosmtpd only knows STARTTLS as TLS: on implicit TLS it must be told AUTH is safe
    tls = {"tls_context": server_tls, "require_starttls": True} if security == "starttls" \
        else {"ssl_context": server_tls, "auth_require_tls": False}
    # the mailer verifies certificates against the default store: trust ours there
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with smtp_server(inbox, free_port(), authenticator=check_login, **tls) as port:
        good = Outbox(session_factory, SmtpMailer(
            "127.0.0.1", port, sender=SENDER, username="lab", password="right-password",
            security=security, timeout=5))
        [message_id] = queue(session_factory, good)
        assert good.deliver_pending() == 1
        assert inbox.authenticated == [True]
        assert inbox.messages()[0].get_content() == GREEK_BODY

        bad = Outbox(session_factory, SmtpMailer(
            "127.0.0.1", port, sender=SENDER, username="lab", password="wrong",
            security=security, timeout=5))
        [refused_id] = queue(session_factory, bad)
        assert bad.deliver_pending() == 0
    assert row(session_factory, message_id).status == "sent"
    refused = row(session_factory, refused_id)
    assert refused.status == "pending" and "SMTPAuthenticationError" in refused.last_error


def test_an_untrusted_certificate_is_refused(
        session_factory: Factory, inbox: Inbox, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    with smtp_server(inbox, free_port(), tls_context=server_tls) as port:
        outbox = Outbox(session_factory, SmtpMailer("127.0.0.1", port, sender=SENDER,
                                                    security="starttls", timeout=5))
        [message_id] = queue(session_factory, outbox)
        assert outbox.deliver_pending() == 0
    assert inbox.envelopes == []
    assert "CERTIFICATE_VERIFY_FAILED" in row(session_factory, message_id).last_error


def test_starttls_against_a_plain_server_fails_clearly(
        session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    outbox = Outbox(session_factory, SmtpMailer("127.0.0.1", smtp, sender=SENDER, timeout=5))
    [message_id] = queue(session_factory, outbox)
    assert outbox.deliver_pending() == 0
    error = row(session_factory, message_id).last_error
    assert "STARTTLS" in error and f"127.0.0.1:{smtp} (starttls)" in error
    assert inbox.envelopes == []


def test_log_mailer_logs_the_whole_message_and_marks_it_sent(
        session_factory: Factory, caplog: pytest.LogCaptureFixture) -> None:
    outbox = Outbox(session_factory, LogMailer(logging.getLogger("lab.mail")))
    [message_id] = queue(session_factory, outbox)
    with caplog.at_level(logging.INFO, logger="lab.mail"):
        assert outbox.deliver_pending() == 1
    [record] = [r for r in caplog.records if r.name == "lab.mail"]
    assert record.levelno == logging.INFO
    text = record.getMessage()
    assert "anna@example.org" in text and GREEK_SUBJECT in text and GREEK_BODY in text
    assert row(session_factory, message_id).status == "sent"


def test_mailer_from_settings(session_factory: Factory, inbox: Inbox, smtp: int) -> None:
    assert isinstance(mailer_from_settings({}), LogMailer)
    assert isinstance(mailer_from_settings({"SMTP_HOST": "", "SMTP_PORT": 25}), LogMailer)
    assert isinstance(mailer_from_settings({"SMTP_HOST": None}), LogMailer)

    defaults = mailer_from_settings({"SMTP_HOST": "mail.example.org"})
    assert isinstance(defaults, SmtpMailer)
    assert (defaults.host, defaults.port, defaults.security, defaults.sender) == \
        ("mail.example.org", 587, "starttls", DEFAULT_SENDER)
    assert (defaults.username, defaults.password) == (None, None)

    full = mailer_from_settings({"SMTP_HOST": "mail.example.org", "SMTP_PORT": "465",
                                 "SMTP_USER": "lab", "SMTP_PASSWORD": "secret",
                                 "SMTP_FROM": SENDER, "SMTP_SECURITY": "SSL"})
    assert isinstance(full, SmtpMailer)
    assert (full.port, full.security, full.username, full.password, full.sender) == \
        (465, "ssl", "lab", "secret", SENDER)

    for settings, bad in (({"SMTP_PORT": "smtp"}, "'smtp'"), ({"SMTP_SECURITY": "tls"}, "'tls'"),
                          ({"SMTP_PORT": 70000}, "70000"), ({"SMTP_FROM": "Lab"}, "'Lab'"),
                          ({"SMTP_USER": "lab"}, "'lab'")):
        with pytest.raises(ValueError) as caught:
            mailer_from_settings({"SMTP_HOST": "mail.example.org", **settings})
        assert bad in str(caught.value)

    # the settings reach a real server
    real = mailer_from_settings({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp,
                                 "SMTP_SECURITY": "none", "SMTP_FROM": SENDER})
    outbox = Outbox(session_factory, real)
    queue(session_factory, outbox)
    assert outbox.deliver_pending() == 1 and len(inbox.envelopes) == 1


def test_outbox_rejects_a_bad_max_attempts(session_factory: Factory) -> None:
    with pytest.raises(ValueError, match="got 0"):
        Outbox(session_factory, LogMailer(), max_attempts=0)
