"""The chat page in a real browser (Debian chromium through Playwright) on the demo data."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.web.browser import PHONE, axe_violations, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000  # ms; the first question also warms the real model up
EN_QUESTION = "How did other regions get refugees into jobs?"
EL_QUESTION = "Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;"


def ask(page: Any, question: str) -> tuple[Any, dict[str, Any]]:
    """Type a question, press Enter, wait for the answer; returns it and the request body."""
    answers = page.locator(".message-answer")
    before = answers.count()
    page.fill("#question", question)
    with page.expect_request(lambda r: r.url.endswith("/api/v1/ask")) as request:
        page.press("#question", "Enter")
    answers.nth(before).wait_for(timeout=ANSWER_TIMEOUT)
    return answers.nth(before), json.loads(request.value.post_data or "{}")


def stored(page: Any) -> dict[str, Any]:
    """The conversation the script keeps in sessionStorage."""
    raw = page.evaluate("() => window.sessionStorage.getItem('integration-lab.chat')")
    return json.loads(raw) if raw else {}


def test_english_question_citations_and_follow_up(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=en")
    assert page.get_attribute("html", "lang") == "en"

    answer, sent = ask(page, EN_QUESTION)
    assert sent["question"] == EN_QUESTION and sent["lang"] == "en"
    assert "conversation_id" not in sent
    citations = answer.locator(".answer-text a.citation")
    assert citations.count() >= 1, answer.inner_text()
    sources = answer.locator("ol.sources a")
    hrefs = [sources.nth(i).get_attribute("href") or "" for i in range(sources.count())]
    practice_links = [h for h in hrefs if urlparse(h).path.startswith("/practices/")]
    assert practice_links, hrefs
    assert re.search(r"\S — \S", answer.locator("ol.sources li").first.inner_text())
    assert page.locator("#chat-status").inner_text() == ""
    assert page.is_enabled("#ask-button") and page.is_hidden("#cancel-button")
    conversation = stored(page)["conversationId"]
    assert conversation and page.input_value("#conversation-id") == conversation
    shot(page, "chat-desktop.png")

    first = urlparse(citations.first.get_attribute("href") or "").path
    assert first.startswith("/practices/")
    citations.first.click()
    page.wait_for_url(f"**{first}")
    assert page.locator("h1").inner_text().strip()
    assert page.locator("h2", has_text="What was done").count() == 1
    shot(page, "practice-desktop.png")

    page.go_back()
    page.wait_for_url("**/?lang=en")
    # the conversation kept for this tab is shown again, and continued
    page.locator(".message-answer").first.wait_for()
    follow_up, sent = ask(page, "and for women?")
    assert sent["conversation_id"] == conversation
    assert follow_up.locator(".answer-text").inner_text().strip()
    assert page.locator(".message-answer").count() == 2
    kept = stored(page)
    assert kept["conversationId"] == conversation and len(kept["turns"]) == 2
    watch.check()


def test_greek_question_gets_a_cited_answer(new_page) -> None:
    page, watch = new_page(locale="el-GR")
    page.goto("/?lang=el")
    assert page.get_attribute("html", "lang") == "el"
    assert page.locator("label[for=question]").inner_text() == "Η ερώτησή σας"

    answer, sent = ask(page, EL_QUESTION)
    assert sent["lang"] == "el"
    assert answer.locator(".answer-text").get_attribute("lang") == "el"
    assert answer.locator(".answer-text a.citation").count() >= 1, answer.inner_text()
    assert answer.locator("h3.sources-heading").inner_text() == "Πηγές"
    links = answer.locator("ol.sources a")
    assert any(urlparse(links.nth(i).get_attribute("href") or "").path.startswith("/practices/")
               for i in range(links.count()))
    watch.check()


def test_keyboard_only(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    for _ in range(40):
        if page.evaluate("() => document.activeElement.id") == "question":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "question"

    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/api/v1/ask") else None)
    page.keyboard.type("How did other regions")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("get refugees into jobs?")
    assert "\n" in page.input_value("#question") and not sent
    page.keyboard.press("Enter")
    page.locator(".message-answer").first.wait_for(timeout=ANSWER_TIMEOUT)
    assert len(sent) == 1
    assert page.evaluate("() => document.activeElement.id") == "question"
    assert page.input_value("#question") == ""
    # a focused control shows a visible focus indicator
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    watch.check()


def test_empty_question_is_refused_without_a_request(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=en")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/api/v1/ask") else None)
    page.press("#question", "Enter")
    assert page.locator("#question-error").inner_text().startswith("Please type a question")
    assert page.get_attribute("#question", "aria-invalid") == "true"
    assert not sent
    watch.check()


def test_phone_widths_have_no_horizontal_scroll(new_page) -> None:
    page, watch = new_page(viewport={"width": 320, "height": 640})
    page.goto("/?lang=en")
    assert no_horizontal_scroll(page)
    answer, _ = ask(page, EN_QUESTION)
    assert no_horizontal_scroll(page)
    href = answer.locator(".answer-text a.citation").first.get_attribute("href") or ""
    page.goto(urlparse(href).path)
    assert no_horizontal_scroll(page)
    page.goto("/practices")
    assert no_horizontal_scroll(page)
    watch.check()

    phone, phone_watch = new_page(viewport=PHONE)
    phone.goto("/?lang=en")
    answer, _ = ask(phone, EN_QUESTION)
    assert no_horizontal_scroll(phone)
    shot(phone, "chat-phone.png")
    phone.goto(urlparse(href).path)
    assert no_horizontal_scroll(phone)
    shot(phone, "practice-phone.png")
    phone_watch.check()


def test_error_messages_and_safe_rendering(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=en")
    replies: list[dict[str, Any]] = []

    def reply(route: Any) -> None:
        if not replies:  # nothing scripted: let the request go out (e.g. while offline)
            route.continue_()
            return
        spec = replies.pop(0)
        if spec.get("abort"):
            route.abort("internetdisconnected")
        else:
            route.fulfill(status=spec["status"], content_type="application/json",
                          body=json.dumps(spec["body"]))

    page.route("**/api/v1/ask", reply)
    cases = [
        ({"status": 429, "body": {"error": {"code": "too_many_requests", "message": "slow"}}},
         "many questions in a short time"),
        ({"status": 400, "body": {"error": {"code": "invalid_field",
                                            "message": "question: is weird"}}},
         "could not be processed: question: is weird"),
        ({"status": 503, "body": {"error": {"code": "index_unavailable", "message": "x"}}},
         "Something went wrong on our side"),
        ({"abort": True}, "could not be reached"),
    ]
    for i, (spec, expected) in enumerate(cases):
        replies.append(spec)
        page.fill("#question", "jobs for refugees")
        page.press("#question", "Enter")
        error = page.locator(".message-error").nth(i)
        error.wait_for()
        assert expected in error.inner_text(), (spec, error.inner_text())
        # the question comes back so it can be sent again
        assert page.input_value("#question") == "jobs for refugees"

    page.context.set_offline(True)
    page.fill("#question", "jobs for refugees")
    page.press("#question", "Enter")
    page.locator(".message-error", has_text="You seem to be offline").wait_for()
    page.context.set_offline(False)

    evil = "<img src=x onerror=\"window.hacked=1\"> see [1] and [2]\nsecond line"
    replies.append({"status": 200, "body": {
        "answer": evil, "lang": "en", "conversation_id": "abcdefgh12345678", "found": True,
        "sources": [
            {"kind": "practice", "id": "p", "title": "<b>Bold</b>", "region": "R",
             "country": "SE", "url": "/practices/p", "score": 1, "lang": "en"},
            {"kind": "glossary", "id": "g", "title": "Term", "region": None, "country": None,
             "url": "javascript:window.hacked=2", "score": 1, "definition": "d"}]}})
    page.fill("#question", "jobs for refugees")
    page.press("#question", "Enter")
    answer = page.locator(".message-answer").first  # the only answer in this test
    answer.wait_for()
    assert answer.locator("img").count() == 0 and answer.locator("b").count() == 0
    assert "<img src=x" in answer.locator(".answer-text").inner_text()
    assert answer.locator(".answer-text br").count() == 1
    assert answer.locator("a.citation").count() == 1  # [2] has an unsafe URL: no link
    assert answer.locator("ol.sources li").nth(0).inner_text() == "<b>Bold</b> — R, Sweden"
    assert answer.locator("ol.sources li").nth(1).inner_text() == "Term — Glossary"
    assert answer.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.hacked === undefined")
    # the aborted and the offline request are the only failures, and expected ones
    assert len(watch.failed) == 2, watch.failed
    assert all("INTERNET_DISCONNECTED" in f for f in watch.failed), watch.failed
    watch.failed.clear()
    watch.check(ignore_http_errors=True)


def test_cancel_and_new_conversation(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=en")
    held: list[Any] = []
    page.route("**/api/v1/ask", lambda route: held.append(route))  # never answered
    page.fill("#question", "jobs for refugees")
    page.press("#question", "Enter")
    page.wait_for_selector("#cancel-button:not([hidden])")
    assert page.locator("#chat-status").inner_text() == "Looking for practices…"
    assert page.is_disabled("#ask-button")
    page.click("#cancel-button")
    page.locator(".message-info", has_text="You cancelled the question.").wait_for()
    assert page.is_enabled("#ask-button") and page.is_hidden("#cancel-button")
    assert page.input_value("#question") == "jobs for refugees"
    assert page.evaluate("() => document.activeElement.id") == "question"
    # the cancelled request is the only failure, and an expected one
    assert all("ERR_ABORTED" in f for f in watch.failed)
    watch.failed.clear()

    page.unroute("**/api/v1/ask")
    page.click("#new-conversation-form button")
    assert page.locator("#chat-log > *").count() == 0
    assert page.locator("#chat-status").inner_text() == "New conversation started."
    assert page.input_value("#conversation-id") == ""
    assert stored(page) == {}
    watch.check()


def test_chat_page_has_no_serious_accessibility_violations(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=el")
    assert axe_violations(page) == []
    ask(page, EN_QUESTION)
    assert axe_violations(page) == []
    watch.check()
