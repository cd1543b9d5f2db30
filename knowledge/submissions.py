"""The submission workflow: receive, review, edit, questionnaire, publish, reject, unpublish.

Every step commits the database first (with its audit entry and the e-mail in the outbox);
indexing and delivery come after and may fail without losing anything: `sync_index` or
`python -m ingest reindex` and `Outbox.deliver_pending` retry them.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from . import audit
from .errors import (
    DuplicateError,
    FieldError,
    KnowledgeError,
    NotFoundError,
    RecordError,
    TokenError,
    WorkflowError,
)
from .intake import new_reference, validate_submission
from .models import PUBLISHED, STATUSES, Practice, Submission, utcnow
from .outbox import MessageComposer, Outbox
from .questionnaire import RECORD_FIELDS, QuestionnaireLinks, validate_answers
from .schema import PracticeRecord, validate_practice
from .service import KnowledgeBase
from .store import apply_record, record_from_model

log = logging.getLogger(__name__)
MAX_REASON = 2000
# which status each action may start from
ALLOWED = {
    "review": ("submitted",),
    "publish": ("submitted", "in_review", "rejected"),
    "reject": ("submitted", "in_review", "published"),
    "unpublish": (PUBLISHED,),
}
ACTION_NAMES = {"review": "review_started", "publish": "published", "reject": "rejected",
                "unpublish": "unpublished"}


@dataclass
class Receipt:
    """What a contributor is told: the reference and the practice's id."""

    reference: str
    practice_id: str
    status: str


@dataclass
class QueueItem:
    """One line of the coordinators' queue."""

    practice_id: str
    title: str
    region: str
    country: str
    language: str
    status: str
    updated_at: datetime
    reference: str | None
    submitted_at: datetime | None
    questionnaire: str  # "", "sent" or "answered"
    index_ok: bool


@dataclass
class Detail:
    """Everything a coordinator sees about one practice (contact included)."""

    record: PracticeRecord
    status: str
    updated_at: datetime
    published_at: datetime | None
    index_ok: bool
    submission: dict[str, Any] | None
    history: list[audit.AuditView] = field(default_factory=list)


@dataclass
class Outcome:
    """The result of a step: the database change is done; indexing may have failed."""

    practice_id: str
    status: str
    indexed: bool = True
    error: str | None = None


def _index_ok(p: Practice) -> bool:
    return p.indexed_hash == (p.content_hash if p.status == PUBLISHED else None)


class SubmissionService:
    """Moderation of practices; receives its database, knowledge base and outbox."""

    def __init__(self, session_factory: sessionmaker[Session], kb: KnowledgeBase,
                 outbox: Outbox, composer: MessageComposer, *, token_secret: str,
                 token_max_age_days: int = 30,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.session_factory = session_factory
        self.kb = kb
        self.outbox = outbox
        self.composer = composer
        self.links = QuestionnaireLinks(token_secret, token_max_age_days)
        self.token_max_age_days = token_max_age_days
        self.clock = clock

    # -- contributors ----------------------------------------------------------------------
    def submit(self, raw: Any, *, lang: str = "en", base_url: str = "") -> Receipt:
        """Validate and store a new submission, queue the receipt e-mail; all or nothing."""
        lang = lang if lang in ("en", "fr", "de", "es", "it", "el", "pt") else "en"
        for _attempt in range(5):
            reference = new_reference(self.clock().year)
            entry = validate_submission(raw, reference)
            record = entry.record
            try:
                with self.session_factory.begin() as session:
                    dup = session.scalar(select(Submission.reference).where(
                        Submission.fingerprint == entry.fingerprint))
                    if dup is not None:
                        raise DuplicateError(dup)
                    if session.get(Practice, record.id) is not None or \
                            session.get(Submission, reference) is not None:
                        continue
                    self.kb.store.upsert(session, [record], status="submitted")
                    session.add(Submission(reference=reference, practice_id=record.id,
                                           lang=lang, fingerprint=entry.fingerprint,
                                           consent_at=self.clock(), submitted_at=self.clock()))
                    audit.record(session, "contributor", "submitted", record.id,
                                 reference=reference, lang=lang)
                    self._mail(session, "receipt", record, reference, lang,
                               link=f"{base_url}/submit")
            except IntegrityError:
                continue  # a reference or id collided with a concurrent submission
            self.deliver()
            return Receipt(reference, record.id, "submitted")
        raise KnowledgeError("could not allocate a unique reference after 5 attempts")

    # -- coordinators: reading -------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Number of practices per status (every status present, zeros included)."""
        with self.session_factory() as session:
            rows = session.execute(select(Practice.status, func.count())
                                   .group_by(Practice.status)).all()
        found = {status: n for status, n in rows}
        return {status: found.get(status, 0) for status in STATUSES}

    def queue(self, status: str | None = None, q: str = "", limit: int = 50,
              offset: int = 0) -> tuple[int, list[QueueItem]]:
        """(total, page) of practices, newest change first, optionally one status or words."""
        if status is not None and status not in STATUSES:
            raise FieldError("status", f"unknown status {status!r} (expected one of: "
                             + ", ".join(STATUSES) + ")", status, code="unknown_value")
        query = select(Practice, Submission).outerjoin(
            Submission, Submission.practice_id == Practice.id)
        if status:
            query = query.where(Practice.status == status)
        if q.strip():
            like = f"%{q.strip()}%"
            query = query.where(Practice.title.ilike(like) | Practice.region.ilike(like)
                                | Practice.id.ilike(like) | Submission.reference.ilike(like))
        with self.session_factory() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.execute(query.order_by(Practice.updated_at.desc(), Practice.id)
                                   .limit(limit).offset(offset)).all()
            items = [QueueItem(
                p.id, p.title, p.region, p.country, p.language, p.status, p.updated_at,
                s.reference if s else None, s.submitted_at if s else None,
                ("answered" if s and s.questionnaire_answered_at else
                 "sent" if s and s.questionnaire_sent_at else ""), _index_ok(p))
                for p, s in rows]
        return total, items

    def detail(self, practice_id: str, history_limit: int = 200) -> Detail:
        """A practice with its private contact, submission data and audit history."""
        with self.session_factory() as session:
            p = self._practice(session, practice_id)
            s = self._submission(session, practice_id)
            sub = None
            if s is not None:
                sub = {"reference": s.reference, "lang": s.lang,
                       "submitted_at": s.submitted_at, "consent_at": s.consent_at,
                       "rejection_reason": s.rejection_reason,
                       "questionnaire_sent_at": s.questionnaire_sent_at,
                       "questionnaire_answered_at": s.questionnaire_answered_at,
                       "questionnaire": dict(s.questionnaire or {})}
            detail = Detail(record_from_model(p), p.status, p.updated_at, p.published_at,
                            _index_ok(p), sub)
        detail.history = audit.history(self.session_factory, practice_id, history_limit)
        return detail

    # -- coordinators: changes -------------------------------------------------------------
    def update(self, practice_id: str, changes: Mapping[str, Any], actor: str) -> Outcome:
        """Apply a partial record (any contract field); validated whole, audited field by field."""
        if "id" in changes and changes["id"] != practice_id:
            raise RecordError([FieldError("id", "cannot be changed", changes["id"],
                                          code="read_only")])
        with self.session_factory.begin() as session:
            p = self._practice(session, practice_id)
            old = record_from_model(p).to_dict()
            merged = {**old, **{k: v for k, v in changes.items()}}
            merged = {k: v for k, v in merged.items() if v is not None}
            new = validate_practice(merged)
            delta = audit.diff(old, new.to_dict())
            if not delta:
                return Outcome(practice_id, p.status, _index_ok(p))
            apply_record(p, new)
            audit.record(session, actor, "edited", practice_id, changes=delta)
            status = p.status
        return self._after(practice_id, status, reindex=status == PUBLISHED)

    def set_evaluation(self, practice_id: str, evaluation: Mapping[str, Any],
                       actor: str) -> Outcome:
        """Replace the evaluation (the seven REGIN aspects)."""
        return self.update(practice_id, {"evaluation": dict(evaluation)}, actor)

    def set_translation(self, practice_id: str, lang: str, fields: Mapping[str, str],
                        actor: str) -> Outcome:
        """Add, replace or (with no text) remove the translation into one language."""
        with self.session_factory() as session:
            translations = dict(record_from_model(self._practice(session, practice_id))
                                .translations)
        texts = {k: v for k, v in fields.items() if isinstance(v, str) and v.strip()}
        if texts:
            translations[lang] = texts
        else:
            translations.pop(lang, None)
        return self.update(practice_id, {"translations": translations}, actor)

    def start_review(self, practice_id: str, actor: str) -> Outcome:
        """Move a new submission to "in review"."""
        return self._move(practice_id, "review", "in_review", actor)

    def publish(self, practice_id: str, actor: str, base_url: str = "") -> Outcome:
        """Publish: committed first, then indexed (a failure there is retried, never lost)."""
        return self._move(practice_id, "publish", PUBLISHED, actor, base_url=base_url)

    def reject(self, practice_id: str, reason: str, actor: str) -> Outcome:
        """Reject with a reason the contributor is told."""
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise RecordError([FieldError("reason", "is required", reason, code="required")])
        if len(reason) > MAX_REASON:
            raise RecordError([FieldError("reason", f"is {len(reason)} characters long (at "
                                          f"most {MAX_REASON})", reason[:40], code="too_long",
                                          params={"length": len(reason),
                                                  "max": MAX_REASON})])
        return self._move(practice_id, "reject", "rejected", actor, reason=reason)

    def unpublish(self, practice_id: str, actor: str) -> Outcome:
        """Take a published practice back to review (out of search, map and pages)."""
        return self._move(practice_id, "unpublish", "in_review", actor)

    def sync_index(self, practice_id: str) -> Outcome:
        """Retry indexing one practice after a failure."""
        with self.session_factory() as session:
            status = self._practice(session, practice_id).status
        return self._after(practice_id, status, reindex=True)

    def _move(self, practice_id: str, action: str, status: str, actor: str, *,
              reason: str | None = None, base_url: str = "") -> Outcome:
        with self.session_factory.begin() as session:
            p = self._practice(session, practice_id)
            if p.status not in ALLOWED[action]:
                raise WorkflowError(action, p.status)
            previous = p.status
            p.status = status
            p.updated_at = self.clock()
            if status == PUBLISHED and p.published_at is None:
                p.published_at = self.clock()
            s = self._submission(session, practice_id)
            if s is not None and reason is not None:
                s.rejection_reason = reason
            audit.record(session, actor, ACTION_NAMES[action], practice_id,
                         **{"from": previous, "to": status},
                         **({"reason": reason} if reason else {}))
            if s is not None and action in ("publish", "reject"):
                kind = "published" if action == "publish" else "rejected"
                self._mail(session, kind, record_from_model(p), s.reference, s.lang,
                           link=f"{base_url}/practices/{p.id}", reason=reason or "")
        outcome = self._after(practice_id, status,
                              reindex=PUBLISHED in (previous, status))
        return outcome

    def _after(self, practice_id: str, status: str, *, reindex: bool) -> Outcome:
        outcome = Outcome(practice_id, status)
        if reindex:
            try:
                self.kb.sync_index([practice_id])
            except Exception as exc:  # the change is committed; the index is repaired later
                log.error("indexing %s failed (retry from /admin or `ingest reindex`): %s",
                          practice_id, exc)
                outcome.indexed, outcome.error = False, str(exc) or type(exc).__name__
        self.deliver()
        return outcome

    # -- questionnaire ---------------------------------------------------------------------
    def send_questionnaire(self, practice_id: str, actor: str, base_url: str = "") -> str:
        """Send the contributor a private, expiring link; returns the link."""
        with self.session_factory.begin() as session:
            p = self._practice(session, practice_id)
            s = self._submission(session, practice_id)
            if s is None or p.contact is None or not p.contact.email:
                raise WorkflowError("send a questionnaire for", "no contributor e-mail")
            s.questionnaire_nonce = secrets.token_urlsafe(16)
            s.questionnaire_sent_at = self.clock()
            link = f"{base_url}/questionnaire/{self.links.make(s.reference, s.questionnaire_nonce)}"
            expires = (self.clock() + timedelta(days=self.token_max_age_days)).date().isoformat()
            audit.record(session, actor, "questionnaire_sent", practice_id)
            self._mail(session, "questionnaire", record_from_model(p), s.reference, s.lang,
                       link=link, expires=expires)
        self.deliver()
        return link

    def open_questionnaire(self, token: str) -> tuple[Submission, PracticeRecord]:
        """The submission and practice a valid, unused link is for; raises TokenError."""
        reference, nonce = self.links.read(token)
        with self.session_factory() as session:
            s = session.get(Submission, reference)
            if s is None:
                raise TokenError("invalid")
            if s.questionnaire_nonce != nonce:
                raise TokenError("used")
            return s, record_from_model(self._practice(session, s.practice_id))

    def answer_questionnaire(self, token: str, answers: Mapping[str, Any]) -> str:
        """Validate and attach the answers; the link is then used up. Returns the practice id."""
        submission, _record = self.open_questionnaire(token)
        values = validate_answers(answers).values
        with self.session_factory.begin() as session:
            s = session.get(Submission, submission.reference)
            if s is None or s.questionnaire_nonce != submission.questionnaire_nonce:
                raise TokenError("used")  # answered meanwhile in another tab
            s.questionnaire = values
            s.questionnaire_answered_at = self.clock()
            s.questionnaire_nonce = None
            audit.record(session, "contributor", "questionnaire_answered", s.practice_id,
                         answers=values)
            return s.practice_id

    def apply_questionnaire(self, practice_id: str, actor: str) -> Outcome:
        """Copy the answered role, areas and target groups onto the practice."""
        with self.session_factory() as session:
            s = self._submission(session, practice_id)
            answers = dict(s.questionnaire or {}) if s is not None else {}
        changes = {k: answers[k] for k in RECORD_FIELDS if answers.get(k)}
        if not changes:
            raise WorkflowError("apply the questionnaire to", "no answers")
        return self.update(practice_id, changes, actor)

    # -- helpers ---------------------------------------------------------------------------
    def deliver(self) -> None:
        """Try to send queued e-mails now; failures stay queued for a retry."""
        try:
            self.outbox.deliver_pending()
        except Exception as exc:  # delivery is best effort; the outbox keeps the message
            log.warning("e-mail delivery postponed: %s", exc)

    def _mail(self, session: Session, kind: str, record: PracticeRecord, reference: str,
              lang: str, **context: str) -> None:
        contact = record.contact or {}
        email = contact.get("email")
        if not email:
            return
        subject, body = self.composer.compose(kind, lang, {
            "reference": reference, "title": record.title, "name": contact.get("name") or "",
            **context})
        self.outbox.add(session, kind=kind, to=email, lang=lang, subject=subject, body=body,
                        practice_id=record.id)

    @staticmethod
    def _practice(session: Session, practice_id: str) -> Practice:
        p = session.get(Practice, practice_id)
        if p is None:
            raise NotFoundError("practice", practice_id)
        return p

    @staticmethod
    def _submission(session: Session, practice_id: str) -> Submission | None:
        return session.scalar(select(Submission).where(Submission.practice_id == practice_id))
