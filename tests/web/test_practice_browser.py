"""The practice page in Debian's chromium: every section, translations, print, axe."""
from __future__ import annotations

import pytest

from tests.web.browser import PHONE, axe_violations, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

SECTIONS = ("summary", "challenges", "solutions", "lessons_learnt", "results",
            "transferability", "evaluation", "partners", "funding", "similar")


def test_practice_page_shows_every_section(new_page) -> None:
    page, watch = new_page()
    page.goto("/practices/catalonia-refugee-programme?lang=en")
    assert page.locator("h1").inner_text().strip()
    for section in SECTIONS:
        assert page.locator(f"section#{section}").count() == 1, section
    evaluation = page.locator("section#evaluation")
    assert evaluation.locator("h3").count() == 4
    assert evaluation.locator("h4", has_text="Inspiring elements").count() >= 1
    assert evaluation.locator("h4", has_text="Room for improvement").count() >= 1
    facts = page.locator("section.facts").inner_text()
    assert "Catalonia" in facts and "Spain" in facts
    assert page.locator("section#similar li a").count() >= 1
    assert "@example.org" not in page.content()
    assert axe_violations(page) == []
    shot(page, "practice-sections-desktop.png")
    watch.check()


def test_translation_switch_and_original_language(new_page) -> None:
    page, watch = new_page()
    page.goto("/practices/attica-athens-migrant-integration-centre?lang=en")
    assert page.locator("section#summary .prose").get_attribute("lang") == "el"
    page.locator("a[href*='text=en']").first.click()
    page.wait_for_url("**text=en**")
    assert page.locator("section#summary .prose").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() != ""
    watch.check()


def test_greek_interface_and_print_layout(new_page) -> None:
    page, watch = new_page(viewport=PHONE, locale="el-GR")
    page.goto("/practices/flanders-inburgering-civic-integration")
    assert page.get_attribute("html", "lang") == "el"
    assert page.locator("section#evaluation h2").inner_text().strip() != "Evaluation"
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shot(page, "practice-sections-phone.png")
    page.emulate_media(media="print")
    # the printed page keeps the practice and drops the site's navigation
    assert page.locator("nav.site-nav").is_hidden()
    assert page.locator("section#summary").is_visible()
    watch.check()
