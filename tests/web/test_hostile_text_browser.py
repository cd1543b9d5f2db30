"""Markup in a practice is shown as text in a real browser: no script ever runs, anywhere."""
from __future__ import annotations

import copy
from typing import Any

import pytest

from knowledge.schema import validate_practice

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000
TITLE = 'Welcome desk <script>alert("title")</script><img src=x onerror=alert("img")>'
HOSTILE = {
    "id": "hostile-markup-e2e", "title": TITLE, "region": "Skåne", "country": "SE",
    "language": "en", "areas": ["reception"], "target_groups": ["newcomers"],
    "summary": 'A welcome desk for newcomers <svg onload=alert("svg")> in the town hall '
               'that explains housing, schools and work in twelve languages.',
    "challenges": "<b>Queues</b> were long.", "solutions": "Appointments by phone.",
    "lessons_learnt": "Train the staff <iframe src=javascript:alert(1)></iframe>.",
    "latitude": 55.7, "longitude": 13.2,
}


@pytest.fixture
def hostile(demo_app):  # type: ignore[no-untyped-def]
    lab = demo_app.extensions["lab"]
    lab.kb.import_practices([validate_practice(copy.deepcopy(HOSTILE))])
    yield HOSTILE["id"]
    lab.kb.delete_practice(HOSTILE["id"])


def guard(page: Any) -> list[str]:
    """Every dialog a script opens (none may)."""
    dialogs: list[str] = []

    def record(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return dialogs


def test_markup_never_runs_on_pages_map_or_chat(new_page, hostile) -> None:
    page, watch = new_page()
    dialogs = guard(page)
    page.goto(f"/practices/{hostile}?lang=en")
    assert '<script>alert("title")</script>' in page.locator("h1").inner_text()
    page.goto("/practices?lang=en&q=welcome+desk")
    assert page.locator(f'a[href*="/practices/{hostile}"]').count() >= 1
    page.goto("/regions/skane?lang=en")
    page.goto("/map?lang=en&country=SE")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon, "
                           ".marker-cluster').length > 0")
    pin = page.locator('.leaflet-marker-icon[title^="Welcome desk"]')
    for _ in range(6):  # zoom into clusters until the practice has a pin of its own
        if pin.count():
            break
        page.locator(".leaflet-marker-icon.map-cluster").first.click()
        page.wait_for_timeout(600)
    pin.first.click()
    card = page.locator(".map-card-title")
    card.wait_for()
    assert '<script>alert("title")</script>' in card.inner_text()
    page.goto("/?lang=en")
    page.fill("#question", "How did a region run a welcome desk for newcomers in the town hall?")
    page.press("#question", "Enter")
    answer = page.locator(".message-answer").first
    answer.wait_for(timeout=ANSWER_TIMEOUT)
    page.wait_for_timeout(300)
    assert dialogs == []
    # nothing the practice carried became an element
    for url in (f"/practices/{hostile}?lang=en", "/?lang=en"):
        page.goto(url)
        assert page.evaluate("() => document.querySelectorAll('iframe, svg[onload], "
                             "img[onerror]').length") == 0
    assert dialogs == []
    watch.check()
