"""The submission workflow in the core: receive, review, questionnaire, publish, reject."""
from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any, Mapping

import pytest
from sqlalchemy import func, select

from knowledge.errors import DuplicateError, RecordError, TokenError, WorkflowError
from knowledge.models import AuditEntry, OutboxMessage, Practice, Submission
from knowledge.outbox import Outbox
from knowledge.submissions import SubmissionService

GREEK = {
    "title": "Κέντρο υποδοχής και ένταξης μεταναστών", "region": "Κρήτη", "country": "GR",
    "language": "el", "summary": "Η περιφέρεια άνοιξε κέντρο συμβουλευτικής για πρόσφυγες.",
    "challenges": "Έλλειψη διερμηνέων.", "solutions": "Δίκτυο εθελοντών διερμηνέων.",
    "areas": ["employment", "language"], "target_groups": ["asylum_seekers"],
    "authority_role": ["leader"], "start_year": 2019, "end_year": 2023,
    "contact": {"name": "Μαρία Παπαδάκη", "organisation": "Περιφέρεια Κρήτης",
                "email": "maria.private@example.org"},
    "consent": True,
}


class Mailbox:
    """A mailer that keeps what it sends, or fails while `down` is set."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.down = False

    def send(self, to: str, subject: str, body: str) -> None:
        if self.down:
            raise ConnectionRefusedError("smtp.example.org:587 refused the connection")
        self.sent.append((to, subject, body))


class Texts:
    """A composer that writes kind, language and context, so tests can read them back."""

    def compose(self, kind: str, lang: str, context: Mapping[str, str]) -> tuple[str, str]:
        return f"[{lang}] {kind} {context['reference']}", "\n".join(
            f"{k}={v}" for k, v in sorted(context.items()))


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def service(stack, mailbox) -> SubmissionService:  # type: ignore[no-untyped-def]
    return SubmissionService(stack.session_factory, stack.kb,
                             Outbox(stack.session_factory, mailbox), Texts(),
                             token_secret="test-secret")


def rows(stack, model) -> int:  # type: ignore[no-untyped-def]
    with stack.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_submit_stores_a_private_unpublished_practice_and_mails_a_receipt(
        service, stack, mailbox) -> None:
    receipt = service.submit(copy.deepcopy(GREEK), lang="el", base_url="https://lab.example")
    assert receipt.reference.startswith("IL-") and len(receipt.reference) == 14
    assert receipt.practice_id.endswith("-" + receipt.reference[-6:].lower())
    with stack.session_factory() as session:
        p = session.get(Practice, receipt.practice_id)
        assert p.status == "submitted" and p.indexed_hash is None
        assert p.contact.email == "maria.private@example.org"
        s = session.get(Submission, receipt.reference)
        assert s.lang == "el" and s.practice_id == p.id
    assert stack.vector_index.all_ids() == []  # never indexed before publication
    assert mailbox.sent[0][0] == "maria.private@example.org"
    assert mailbox.sent[0][1] == f"[el] receipt {receipt.reference}"


def test_invalid_submission_writes_nothing(service, stack) -> None:
    bad = {**GREEK, "areas": ["underwater basket weaving"], "start_year": "soon",
           "consent": False, "contact": {"name": "", "email": "not-an-address"}}
    with pytest.raises(RecordError) as caught:
        service.submit(bad)
    codes = {(e.field, e.code) for e in caught.value.errors}
    assert ("areas", "unknown_value") in codes
    assert ("start_year", "not_year") in codes
    assert ("consent", "consent_required") in codes
    assert ("contact.name", "required") in codes
    assert ("contact.email", "invalid_email") in codes
    for model in (Practice, Submission, AuditEntry, OutboxMessage):
        assert rows(stack, model) == 0


def test_duplicate_submission_is_refused_with_the_first_reference(service, stack) -> None:
    first = service.submit(copy.deepcopy(GREEK))
    again = {**GREEK, "title": GREEK["title"].upper() + "  ", "consent": "on"}
    with pytest.raises(DuplicateError) as caught:
        service.submit(again)
    assert caught.value.reference == first.reference
    assert rows(stack, Submission) == 1


def test_delivery_failure_keeps_the_submission_and_the_message(service, stack,
                                                               mailbox) -> None:
    mailbox.down = True
    receipt = service.submit(copy.deepcopy(GREEK))
    assert rows(stack, Submission) == 1
    with stack.session_factory() as session:
        message = session.scalar(select(OutboxMessage))
        assert message.status == "pending" and "refused" in message.last_error
    mailbox.down = False
    assert service.outbox.deliver_pending() == 1
    assert mailbox.sent and receipt.reference in mailbox.sent[0][1]


def test_publish_indexes_and_unpublish_removes(service, stack) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id
    with pytest.raises(WorkflowError):
        service.unpublish(pid, "coord@example.org")
    assert service.start_review(pid, "coord@example.org").status == "in_review"
    outcome = service.publish(pid, "coord@example.org", "https://lab.example")
    assert outcome.status == "published" and outcome.indexed
    assert stack.kb.verify().ok
    assert any(i.startswith(f"p:{pid}:") for i in stack.vector_index.all_ids())
    service.unpublish(pid, "coord@example.org")
    assert not any(i.startswith(f"p:{pid}:") for i in stack.vector_index.all_ids())
    assert stack.kb.verify().ok
    actions = [h.action for h in service.detail(pid).history]
    assert actions == ["unpublished", "published", "review_started", "submitted"]


def test_edit_is_validated_audited_and_reindexed_when_published(service, stack) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id
    service.publish(pid, "coord@example.org")
    with pytest.raises(RecordError) as caught:
        service.update(pid, {"end_year": 1990}, "coord@example.org")
    assert caught.value.errors[0].code == "year_order"
    outcome = service.update(pid, {"results": "Μείωση χρόνου αναμονής κατά 40%."},
                             "coord@example.org")
    assert outcome.indexed and stack.kb.verify().ok
    entry = service.detail(pid).history[0]
    assert entry.action == "edited" and entry.actor == "coord@example.org"
    assert entry.details["changes"]["results"] == {"from": None,
                                                  "to": "Μείωση χρόνου αναμονής κατά 40%."}
    hits = stack.lexical.search("αναμονής", 5)
    assert hits and {h.practice_id for h in hits} == {pid}  # the word index follows too


def test_evaluation_and_translation(service) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id
    service.set_evaluation(pid, {"innovation": {"inspiring": "Νέο μοντέλο.",
                                                "improvement": "Περισσότερη αξιολόγηση."}},
                           "coord@example.org")
    service.set_translation(pid, "en", {"title": "Reception centre", "summary": "A centre."},
                            "coord@example.org")
    record = service.detail(pid).record
    assert record.evaluation["innovation"]["inspiring"] == "Νέο μοντέλο."
    assert record.translations["en"]["title"] == "Reception centre"
    service.set_translation(pid, "en", {"title": " "}, "coord@example.org")
    assert "en" not in service.detail(pid).record.translations


def test_reject_needs_a_reason_and_mails_it(service, mailbox) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id
    with pytest.raises(RecordError):
        service.reject(pid, "  ", "coord@example.org")
    service.reject(pid, "Not a regional practice.", "coord@example.org")
    detail = service.detail(pid)
    assert detail.status == "rejected"
    assert detail.submission["rejection_reason"] == "Not a regional practice."
    assert "reason=Not a regional practice." in mailbox.sent[-1][2]


def test_questionnaire_link_is_single_use_and_attached(service, mailbox) -> None:
    pid = service.submit(copy.deepcopy(GREEK), lang="el").practice_id
    link = service.send_questionnaire(pid, "coord@example.org", "https://lab.example")
    token = link.rsplit("/", 1)[1]
    assert link.startswith("https://lab.example/questionnaire/")
    assert f"link={link}" in mailbox.sent[-1][2]
    with pytest.raises(RecordError) as caught:
        service.answer_questionnaire(token, {"scale": "galactic"})
    assert {e.field for e in caught.value.errors} >= {"scale", "areas", "stage"}
    answers = {"authority_role": ["coordinator"], "areas": ["housing"],
               "target_groups": ["women"], "scale": "regional", "stage": "ongoing",
               "evaluated": "internal", "beneficiaries": "120"}
    assert service.answer_questionnaire(token, answers) == pid
    with pytest.raises(TokenError) as used:
        service.open_questionnaire(token)
    assert used.value.reason == "used"
    sub = service.detail(pid).submission
    assert sub["questionnaire"]["beneficiaries"] == 120
    service.apply_questionnaire(pid, "coord@example.org")
    record = service.detail(pid).record
    assert record.areas == ["housing"] and record.authority_role == ["coordinator"]


def test_forged_and_expired_questionnaire_links(service, stack, mailbox) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id
    token = service.send_questionnaire(pid, "c@example.org").rsplit("/", 1)[1]
    with pytest.raises(TokenError) as forged:
        service.open_questionnaire(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert forged.value.reason == "invalid"
    other = SubmissionService(stack.session_factory, stack.kb, service.outbox, Texts(),
                              token_secret="another-secret")
    with pytest.raises(TokenError):
        other.open_questionnaire(token)
    expired = SubmissionService(stack.session_factory, stack.kb, service.outbox, Texts(),
                                token_secret="test-secret", token_max_age_days=0)
    expired.links.max_age = -1
    with pytest.raises(TokenError) as late:
        expired.open_questionnaire(token)
    assert late.value.reason == "expired"
    # a new link replaces the old one
    service.send_questionnaire(pid, "c@example.org")
    with pytest.raises(TokenError):
        service.open_questionnaire(token)


def test_index_failure_on_publish_keeps_the_publication_and_can_be_retried(
        service, stack, monkeypatch) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("chroma is down")

    monkeypatch.setattr(stack.vector_index, "upsert", broken)
    outcome = service.publish(pid, "coord@example.org")
    assert outcome.status == "published" and not outcome.indexed
    assert "chroma is down" in outcome.error
    assert stack.kb.verify().missing == [pid]
    monkeypatch.undo()
    assert service.sync_index(pid).indexed
    assert stack.kb.verify().ok


def test_queue_filters_and_counts(service) -> None:
    first = service.submit(copy.deepcopy(GREEK)).practice_id
    other = {**copy.deepcopy(GREEK), "title": "Language cafés", "summary": "Weekly cafés."}
    second = service.submit(other).practice_id
    service.publish(second, "c@example.org")
    assert service.counts() == {"submitted": 1, "in_review": 0, "published": 1,
                                "rejected": 0}
    total, items = service.queue("submitted")
    assert total == 1 and items[0].practice_id == first and items[0].reference
    total, items = service.queue(q="cafés")
    assert [i.practice_id for i in items] == [second]


def test_aware_clock_is_used_for_references() -> None:
    from knowledge.intake import new_reference, practice_id_for
    ref = new_reference(datetime(2031, 1, 1, tzinfo=timezone.utc).year)
    assert ref.startswith("IL-2031-") and not set(ref[8:]) & set("ILOU")
    assert practice_id_for("Κέντρο", ref) == f"practice-{ref[-6:].lower()}"
    assert practice_id_for("Ça va: l'été!", ref).startswith("ca-va-l-ete-")


def test_questionnaire_limits_are_reported_not_crashed(service) -> None:
    pid = service.submit(copy.deepcopy(GREEK)).practice_id
    token = service.send_questionnaire(pid, "c@example.org").rsplit("/", 1)[1]
    answers = {"authority_role": ["leader"], "areas": ["housing"], "target_groups": ["women"],
               "scale": "local", "stage": "pilot", "evaluated": "no",
               "strongest_aspects": ["communication", "inclusion", "innovation",
                                     "sustainability"],
               "beneficiaries": -3, "comments": "x" * 2001}
    with pytest.raises(RecordError) as caught:
        service.answer_questionnaire(token, answers)
    found = {e.field: (e.code, e.params) for e in caught.value.errors}
    assert found["strongest_aspects"] == ("too_many", {"max": 3})
    assert found["beneficiaries"][0] == "number_range"
    assert found["comments"] == ("too_long", {"length": 2001, "max": 2000})
    with pytest.raises(RecordError) as long_reason:
        service.reject(pid, "r" * 2001, "c@example.org")
    assert long_reason.value.errors[0].params == {"length": 2001, "max": 2000}
