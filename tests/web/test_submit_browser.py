"""The submission form in Debian's chromium: draft, client-side checks, a Greek submission.

The live demo app is shared by the session and allows 10 submissions an hour per address
(LAB_SUBMIT_RATE): these tests send two forms to the server; every other check stays in the page.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from knowledge.models import Practice, Submission
from tests.web.browser import PHONE, axe_violations, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

DRAFT = "lab-submit-draft"
REFERENCE = re.compile(r"^IL-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$")


def box(name: str, value: str) -> str:
    return f'input[name="{name}"][value="{value}"]'


def text(page: Any, selector: str) -> str:
    """An element's text as a screen reader gets it (visually hidden parts included)."""
    return " ".join((page.locator(selector).text_content() or "").split())


def draft(page: Any) -> dict[str, Any] | None:
    raw = page.evaluate(f"() => localStorage.getItem('{DRAFT}')")
    return json.loads(raw) if raw else None


def fill_greek_practice(page: Any, title: str) -> None:
    """Every field a contributor would fill in, in Greek."""
    page.fill("#f-title", title)
    page.fill("#f-region", "Κρήτη")
    page.select_option("#f-country", "GR")
    page.fill("#f-city-or-area", "Ηράκλειο")
    page.check(box("authority_role", "leader"))
    page.check(box("authority_role", "funding"))
    page.check(box("areas", "language"))
    page.check(box("areas", "labour_market"))
    page.check(box("target_groups", "women"))
    page.fill("#f-start-year", "2019")
    page.fill("#f-end-year", "2023")
    page.fill("#f-summary", "Η περιφέρεια οργάνωσε μαθήματα ελληνικών και συμβουλευτική "
                            "εργασίας για γυναίκες πρόσφυγες, με φύλαξη παιδιών.")
    page.fill("#f-challenges", "Οι μητέρες δεν μπορούσαν να παρακολουθήσουν μαθήματα.")
    page.fill("#f-solutions", "Φύλαξη παιδιών στον ίδιο χώρο και απογευματινά τμήματα.")
    page.fill("#f-lessons-learnt", "Η συνεργασία με τους δήμους είναι απαραίτητη.")
    page.fill("#f-partners", "Δήμος Ηρακλείου\nΠανεπιστήμιο Κρήτης")
    page.fill("#f-contact-name", "Ελένη Παπαδάκη")
    page.fill("#f-contact-email", "eleni.browser@example.org")
    page.check("#f-consent")


def test_draft_survives_a_reload_and_can_be_cleared(new_page) -> None:
    page, watch = new_page()
    page.goto("/submit?lang=en")
    assert page.locator("#draft-hint").is_visible()
    assert page.locator("#draft-notice").is_hidden()
    page.fill("#f-title", "Language cafés in Skåne")
    page.fill("#f-region", "Skåne")
    page.select_option("#f-country", "SE")
    page.check(box("areas", "language"))
    page.fill("#f-summary", "Volunteers host weekly conversation evenings in libraries.")
    page.fill("#f-partners", "Malmö library\nRed Cross")
    # a bot's answer in the trap, and consent: neither may be kept
    page.evaluate("""() => { const trap = document.getElementById('f-website');
        trap.value = 'https://spam.example';
        trap.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.check("#f-consent")
    assert page.locator("#f-summary-count").inner_text() == "58 of 20,000 characters"

    page.reload()  # at once: the draft is written when the page goes away, too
    assert page.input_value("#f-title") == "Language cafés in Skåne"
    assert page.input_value("#f-region") == "Skåne"
    assert page.input_value("#f-country") == "SE"
    assert page.is_checked(box("areas", "language"))
    assert not page.is_checked(box("areas", "housing"))
    assert page.input_value("#f-partners") == "Malmö library\nRed Cross"
    assert page.input_value("#f-website") == "" and not page.is_checked("#f-consent")
    page.wait_for_function(
        "() => document.getElementById('draft-status').textContent.length > 0")
    assert page.locator("#draft-status").inner_text() == \
        "A draft of your answers was restored from this browser."
    assert page.get_attribute("#draft-status", "role") == "status"
    assert page.locator("#f-summary-count").inner_text() == "58 of 20,000 characters"
    stored = draft(page)
    assert stored is not None
    assert {"website", "csrf_token", "consent"}.isdisjoint(stored["fields"])
    assert "spam" not in json.dumps(stored)

    page.click("#draft-clear")
    assert draft(page) is None
    assert page.input_value("#f-title") == "" and page.input_value("#f-country") == ""
    assert not page.is_checked(box("areas", "language"))
    page.wait_for_function(
        "() => document.getElementById('draft-status').textContent.includes('cleared')")
    assert page.locator("#draft-clear").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "f-title"
    page.reload()
    assert page.input_value("#f-title") == "" and page.locator("#draft-notice").is_hidden()
    watch.check()


def test_client_side_checks_speak_the_page_language(new_page) -> None:
    page, watch = new_page(locale="el-GR")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto("/submit?lang=el")
    page.fill("#f-title", "Δοκιμή")
    page.fill("#f-start-year", "2020")
    page.fill("#f-end-year", "2010")
    page.fill("#f-contact-email", "eleni@")
    page.click("button[type=submit]")

    assert page.locator("#error-summary").is_visible()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert posts == []  # nothing was sent
    assert text(page, "#f-end-year-error") == \
        "Σφάλμα: Το έτος λήξης 2010 είναι πριν από το έτος έναρξης 2020."
    assert text(page, "#f-region-error") == \
        "Σφάλμα: Αυτό το πεδίο είναι υποχρεωτικό."
    assert "δεν είναι έγκυρη διεύθυνση" in text(page, "#f-contact-email-error")
    assert page.get_attribute("#f-end-year", "aria-invalid") == "true"
    assert "f-end-year-error" in page.get_attribute("#f-end-year", "aria-describedby")
    assert page.get_attribute("#f-title", "aria-invalid") is None
    assert page.locator("#f-title-error").is_hidden()
    summary = page.locator("#error-summary li").all_inner_texts()
    assert summary[0] == "Περιφέρεια: Αυτό το πεδίο είναι υποχρεωτικό."
    assert "Έτος λήξης: Το έτος λήξης 2010" in " ".join(summary)
    assert axe_violations(page) == []
    shot(page, "submit-errors-desktop.png")

    page.click("#error-summary a[href='#f-end-year']")
    assert page.evaluate("() => document.activeElement.id") == "f-end-year"
    page.fill("#f-end-year", "1800")
    page.click("button[type=submit]")
    assert text(page, "#f-end-year-error") == \
        "Σφάλμα: Το 1800 δεν είναι μεταξύ 1950 και 2100."
    page.fill("#f-start-year", "abc")
    page.click("button[type=submit]")
    assert text(page, "#f-start-year-error") == \
        "Σφάλμα: Το «abc» δεν είναι έτος· γράψτε το όπως 2019."
    assert posts == []
    watch.check()


def test_greek_practice_from_the_form_to_the_thank_you_page(new_page, demo_app) -> None:
    page, watch = new_page(locale="el-GR")
    page.goto("/submit?lang=el")
    assert page.locator("html").get_attribute("lang") == "el"
    assert axe_violations(page) == []
    shot(page, "submit-desktop.png")
    title = f"Μαθήματα ελληνικών για γυναίκες πρόσφυγες {uuid.uuid4().hex[:6]}"
    fill_greek_practice(page, title)
    assert draft(page) is not None or page.wait_for_function(
        f"() => localStorage.getItem('{DRAFT}') !== null")
    page.click("button[type=submit]")
    page.wait_for_url("**/submit/thanks?lang=el")

    reference = page.locator("#reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert "IL-" not in page.url
    assert page.locator("h1").inner_text() == "Ευχαριστούμε: λάβαμε την πρακτική σας"
    assert draft(page) is None  # the thank-you page removes the draft
    assert axe_violations(page) == []
    shot(page, "submit-thanks-desktop.png")
    with demo_app.extensions["lab"].session_factory() as session:
        sub = session.get(Submission, reference)
        assert sub is not None and sub.lang == "el"
        practice = session.get(Practice, sub.practice_id)
        assert practice.status == "submitted" and practice.title == title
    # back on the form: nothing left over from the practice just sent
    page.goto("/submit?lang=el")
    assert page.input_value("#f-title") == "" and page.locator("#draft-notice").is_hidden()
    watch.check()


def test_server_errors_are_shown_focused_and_accessible(new_page) -> None:
    page, watch = new_page(locale="el-GR")
    page.goto("/submit?lang=el")
    fill_greek_practice(page, "Πρακτική με άγνωστο τομέα")
    # a value the page never offers (a stale or altered form): only the server can tell
    page.evaluate("""() => { const b = document.querySelector('input[name=areas][value=housing]');
        b.value = 'astrology'; b.checked = true; }""")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("button[type=submit]")
    assert answer.value.status == 422
    page.wait_for_load_state()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert "«astrology»" in text(page, "#f-areas-error")
    assert page.input_value("#f-title") == "Πρακτική με άγνωστο τομέα"
    assert page.is_checked(box("areas", "language"))
    assert page.locator("#draft-notice").is_hidden()  # the server's page already has it all
    assert axe_violations(page) == []
    shot(page, "submit-server-errors-desktop.png")
    watch.check(ignore_http_errors=True)


def test_form_on_a_phone(new_page) -> None:
    page, watch = new_page(viewport=PHONE, locale="el-GR")
    page.goto("/submit?lang=el")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shot(page, "submit-phone.png")
    page.fill("#f-start-year", "2020")
    page.fill("#f-end-year", "2010")
    page.click("button[type=submit]")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shot(page, "submit-errors-phone.png")
    watch.check()
