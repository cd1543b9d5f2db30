"""E-mail: mailers (SMTP or the log), and an outbox table delivered apart from the request."""
from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from .errors import KnowledgeError
from .models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

KINDS = ("receipt", "questionnaire", "published", "rejected")
SECURITIES = ("starttls", "ssl", "none")
DEFAULT_SENDER = "Integration Lab <no-reply@localhost>"
# a claim older than this belongs to a worker that died mid-send: the message is sent again
CLAIM_LEASE = timedelta(minutes=10)
SENDING = "sending"
SEVEN_BIT = default_policy.clone(cte_type="7bit")


class DeliveryError(KnowledgeError):
    """A message could not be handed to the mail server."""


class Mailer(Protocol):
    """Sends one plain-text e-mail, or raises."""

    def send(self, to: str, subject: str, body: str) -> None:
        """Send the message; raise on any failure."""


class MessageComposer(Protocol):
    """Writes the subject and body of one kind of e-mail in one language."""

    def compose(self, kind: str, lang: str, context: Mapping[str, str]) -> tuple[str, str]:
        """(subject, body) of a `kind` message in `lang` filled from `context`."""


class SmtpMailer:
    """Sends through an SMTP server (STARTTLS, implicit TLS, or plain on a trusted relay)."""

    def __init__(self, host: str, port: int, *, sender: str, username: str | None = None,
                 password: str | None = None, security: str = "starttls",
                 timeout: float = 10) -> None:
        if not host:
            raise ValueError(f"SMTP host must not be empty, got {host!r}")
        if not 0 < port < 65536:
            raise ValueError(f"SMTP port must be between 1 and 65535, got {port!r}")
        if security not in SECURITIES:
            raise ValueError(f"SMTP security must be one of {SECURITIES}, got {security!r}")
        if "@" not in parseaddr(sender)[1]:
            raise ValueError(f"sender must be an e-mail address, got {sender!r}")
        if username and password is None:
            raise ValueError(f"a password is needed with the SMTP user {username!r}")
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password = username, password
        self.security, self.timeout = security, timeout

    def build(self, to: str, subject: str, body: str) -> EmailMessage:
        """The MIME message: UTF-8 text, encoded subject, Date and Message-ID."""
        # 7-bit on the wire (quoted-printable or base64): no relay can mangle Greek text
        message = EmailMessage(policy=SEVEN_BIT)
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=parseaddr(self.sender)[1].rpartition("@")[2])
        message.set_content(body, charset="utf-8")
        return message

    def send(self, to: str, subject: str, body: str) -> None:
        """Send one message; DeliveryError names the server and the cause."""
        message = self.build(to, subject, body)
        try:
            with self._connect() as smtp:
                if self.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP {self.host}:{self.port} ({self.security}): "
                                f"{type(exc).__name__}: {exc}") from exc

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)


class LogMailer:
    """Writes each message to the log instead of sending it (no SMTP configured)."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.logger = logger or log

    def send(self, to: str, subject: str, body: str) -> None:
        """Log the whole message at INFO."""
        self.logger.info("e-mail (no SMTP_HOST set, not sent)\nTo: %s\nSubject: %s\n\n%s",
                         to, subject, body)


def mailer_from_settings(settings: Mapping[str, object]) -> Mailer:
    """An SmtpMailer from SMTP_* settings, or a LogMailer when SMTP_HOST is unset."""
    host = str(settings.get("SMTP_HOST") or "").strip()
    if not host:
        return LogMailer()
    raw_port = settings.get("SMTP_PORT") or 587
    try:
        port = int(str(raw_port))
    except ValueError:
        raise ValueError(f"SMTP_PORT must be a whole number, got {raw_port!r}") from None
    return SmtpMailer(
        host, port,
        sender=str(settings.get("SMTP_FROM") or DEFAULT_SENDER),
        username=str(settings.get("SMTP_USER") or "") or None,
        password=None if settings.get("SMTP_PASSWORD") is None
        else str(settings.get("SMTP_PASSWORD")),
        security=str(settings.get("SMTP_SECURITY") or "starttls").strip().lower(),
    )


class Outbox:
    """Messages are written with the change they report, and delivered later, with retries."""

    def __init__(self, session_factory: sessionmaker[Session], mailer: Mailer, *,
                 max_attempts: int = 5) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {max_attempts!r}")
        self.session_factory = session_factory
        self.mailer = mailer
        self.max_attempts = max_attempts

    def add(self, session: Session, *, kind: str, to: str, lang: str, subject: str,
            body: str, practice_id: str | None = None) -> OutboxMessage:
        """Queue a message in the caller's session: it is committed with the caller's change."""
        if not kind:
            raise ValueError(f"an e-mail needs a kind, got {kind!r}")
        to = to.strip()
        if "@" not in to or any(c in to for c in "\r\n,;"):
            raise ValueError(f"not a single e-mail address: {to!r}")
        # a header holds no line breaks; a title typed by a contributor may bring one
        subject = " ".join(subject.split())
        message = OutboxMessage(kind=kind, to=to, lang=lang, subject=subject, body=body,
                                practice_id=practice_id, status="pending", attempts=0)
        session.add(message)
        return message

    def deliver_pending(self, limit: int = 50) -> int:
        """Send up to `limit` waiting messages, each in its own claim; the number sent."""
        # a delivery failure never raises: the message waits (or fails after max_attempts)
        with self.session_factory() as session:
            ids = list(session.scalars(
                select(OutboxMessage.id).where(self._waiting()).order_by(OutboxMessage.id)
                .limit(limit)))
        return sum(self._deliver(message_id) for message_id in ids)

    def _waiting(self) -> ColumnElement[bool]:
        stale = utcnow() - CLAIM_LEASE
        return or_(OutboxMessage.status == "pending",
                   (OutboxMessage.status == SENDING) & (OutboxMessage.sent_at < stale))

    def _deliver(self, message_id: int) -> bool:
        message = self._claim(message_id)
        if message is None:
            return False  # another worker took it
        try:
            self.mailer.send(message.to, message.subject, message.body)
        except Exception as exc:  # any mailer, any failure: this message waits, others go on
            self._failed(message, exc)
            return False
        with self.session_factory.begin() as session:
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                            .values(status="sent", sent_at=utcnow(), last_error=None))
        return True

    def _claim(self, message_id: int) -> OutboxMessage | None:
        # the conditional update is the lock: of two workers only one changes the row;
        # while sending, sent_at holds the claim time so a dead worker's claim expires
        with self.session_factory.begin() as session:
            claimed = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, self._waiting())
                .values(status=SENDING, sent_at=utcnow(),
                        attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False))
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            return session.get(OutboxMessage, message_id, populate_existing=True)

    def _failed(self, message: OutboxMessage, exc: Exception) -> None:
        error = (str(exc) or type(exc).__name__)[:2000]
        status = "failed" if message.attempts >= self.max_attempts else "pending"
        log.warning("e-mail %s (%s) not delivered, attempt %d of %d, now %s: %s",
                    message.id, message.kind, message.attempts, self.max_attempts, status,
                    error)
        with self.session_factory.begin() as session:
            session.execute(update(OutboxMessage)
                            .where(OutboxMessage.id == message.id,
                                   OutboxMessage.status == SENDING)
                            .values(status=status, last_error=error, sent_at=None))

    def pending_count(self) -> int:
        """Messages not delivered yet (waiting or being sent), failed ones excluded."""
        with self.session_factory() as session:
            return int(session.scalar(
                select(func.count()).select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", SENDING)))) or 0)

    def retry_failed(self) -> int:
        """Put every failed message back to pending with a fresh set of attempts."""
        with self.session_factory.begin() as session:
            result = session.execute(update(OutboxMessage)
                                     .where(OutboxMessage.status == "failed")
                                     .values(status="pending", attempts=0))
            return int(result.rowcount)  # type: ignore[attr-defined]
