"""End to end in Debian's chromium: a Greek practice goes from the form through review, the
questionnaire and publication, to the explorer and a chat answer that cites it."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from knowledge.models import OutboxMessage, Practice, Submission
from tests.web.browser import axe_violations, shot

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000
COORDINATOR = ("syntonistis@example.org", "a long enough passphrase 42")
PRACTICE = {
    "#f-title": "Μελισσοκομία για πρόσφυγες στην ύπαιθρο",
    "#f-region": "Κρήτη",
    "#f-start-year": "2021",
    "#f-summary": "Η περιφέρεια εκπαίδευσε πρόσφυγες στη μελισσοκομία και τους συνέδεσε με "
                  "τοπικούς μελισσοκόμους, ώστε να βρουν εργασία στα χωριά της υπαίθρου.",
    "#f-challenges": "Οι μελισσοκόμοι δεν είχαν χρόνο να εκπαιδεύσουν νέους συνεργάτες.",
    "#f-solutions": "Η περιφέρεια πλήρωσε εκπαιδευτές και έδωσε κυψέλες με δανεισμό.",
    "#f-lessons-learnt": "Η μελισσοκομία ταιριάζει σε όσους είχαν αγροτική εμπειρία.",
    "#f-contact-name": "Ελένη Κριτσωτάκη",
    "#f-contact-email": "eleni.private.e2e@example.org",
}
QUESTION = "Πώς εκπαίδευσαν οι περιφέρειες πρόσφυγες στη μελισσοκομία;"


@pytest.fixture
def cleanup(demo_app):  # type: ignore[no-untyped-def]
    """Remove what the test submits: the demo app is shared by the whole session."""
    lab = demo_app.extensions["lab"]
    if lab.accounts.find(COORDINATOR[0]) is None:
        lab.accounts.create(COORDINATOR[0], COORDINATOR[1], name="Συντονίστρια")
    created: list[str] = []
    yield created
    for pid in created:
        lab.kb.delete_practice(pid)


def outbox(lab: Any, kind: str, to: str) -> list[OutboxMessage]:
    with lab.session_factory() as session:
        return list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == kind, OutboxMessage.to == to)))


def press(page: Any, action: str) -> None:
    page.locator(f'form[action$="/{action}"] button[type="submit"]').click()
    page.wait_for_load_state()


def test_greek_submission_to_publication_search_and_chat(new_page, demo_app,
                                                         cleanup) -> None:
    lab = demo_app.extensions["lab"]
    email = PRACTICE["#f-contact-email"]

    # 1. the contributor fills in the template in Greek
    page, watch = new_page(locale="el-GR")
    page.goto("/submit?lang=el")
    assert page.get_attribute("html", "lang") == "el"
    for selector, value in PRACTICE.items():
        page.fill(selector, value)
    page.select_option("#f-country", "GR")
    page.check('input[name="areas"][value="labour_market"]')
    page.check('input[name="target_groups"][value="beneficiaries_international_protection"]')
    page.check('input[name="authority_role"][value="leader"]')
    page.check("#f-consent")
    assert axe_violations(page) == []
    page.locator('#submit-form button[type="submit"]').click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    reference = re.search(r"IL-\d{4}-[0-9A-Z]{6}", text)
    assert reference, text
    with lab.session_factory() as session:
        submission = session.get(Submission, reference.group(0))
        assert submission is not None and submission.lang == "el"
        practice_id = submission.practice_id
        assert session.get(Practice, practice_id).status == "submitted"
    cleanup.append(practice_id)
    receipt = outbox(lab, "receipt", email)
    assert receipt and reference.group(0) in receipt[0].subject
    assert "Λάβαμε" in receipt[0].subject or "πρακτική" in receipt[0].body
    watch.check()

    # 2. a coordinator signs in, finds it in the queue and starts the review
    admin, admin_watch = new_page(locale="el-GR")
    admin.goto("/admin/login?lang=el")
    admin.fill("#loginEmail", COORDINATOR[0])
    admin.fill("#loginPassword", COORDINATOR[1])
    admin.locator('form.login-form button[type="submit"]').click()
    admin.wait_for_load_state()
    admin.goto(f"/admin/?status=submitted&q={reference.group(0)}")
    admin.locator(f'a[href*="/admin/practices/{practice_id}"]').first.click()
    admin.wait_for_load_state()
    assert email in admin.locator("main").inner_text()  # the contact, only here
    press(admin, "review")
    assert axe_violations(admin) == []
    shot(admin, "admin-detail-el.png")

    # 3. the questionnaire goes out by e-mail; the contributor answers it
    press(admin, "questionnaire")
    mails = outbox(lab, "questionnaire", email)
    assert mails, "the questionnaire e-mail is queued"
    link = re.search(r"https?://\S+/questionnaire/\S+", mails[-1].body).group(0)
    page.goto(link)
    assert page.get_attribute("html", "lang") == "el"  # the submission's language
    page.check("#q-authority_role-leader")
    page.check("#q-areas-labour_market")
    page.check("#q-target_groups-beneficiaries_international_protection")
    page.check("#q-scale-regional")
    page.check("#q-stage-ongoing")
    page.check("#q-evaluated-internal")
    page.fill("#q-beneficiaries", "85")
    assert axe_violations(page) == []
    page.locator('form button[type="submit"]').click()
    page.wait_for_load_state()
    assert "/questionnaire/thanks" in page.url or "ευχαριστ" in page.inner_text("main").lower()
    admin.reload()
    assert "85" in admin.locator("main").inner_text()  # the answers are attached

    # 4. publication: at once in the explorer, on the map data and in a chat answer
    press(admin, "publish")
    with lab.session_factory() as session:
        p = session.get(Practice, practice_id)
        assert p.status == "published" and p.indexed_hash == p.content_hash
    assert outbox(lab, "published", email)
    admin_watch.check()

    page.goto("/practices?lang=el&q=μελισσοκομία")
    assert page.locator(f'a[href*="/practices/{practice_id}"]').count() >= 1
    map_data = page.request.get("/api/v1/map?country=GR").json()
    assert practice_id in {p["id"] for p in map_data["placed"] + map_data["unplaced"]}

    page.goto("/?lang=el")
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    answer = page.locator(".message-answer").first
    answer.wait_for(timeout=ANSWER_TIMEOUT)
    citations = answer.locator(f'.answer-text a.citation[href*="/practices/{practice_id}"]')
    assert citations.count() >= 1, answer.inner_text()
    shot(page, "chat-cites-new-practice-el.png")
    watch.check()
