"""The glossary and regions pages, and glossary links in chat answers, in Debian's chromium."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.web.browser import PHONE, axe_violations, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000  # ms; the first question also warms the real model up
TOTAL = 57


def visible_entries(page: Any) -> int:
    return int(page.locator("article.g-entry:visible").count())


def wait_for_count(page: Any, pattern: str) -> str:
    """The announced count once it matches (the script updates it when typing pauses)."""
    page.wait_for_function(
        "p => new RegExp(p).test(document.getElementById('glossaryCount').textContent)",
        arg=pattern)
    return str(page.locator("#glossaryCount").inner_text())


def test_glossary_search_filters_entries_and_announces_the_count(new_page) -> None:
    page, watch = new_page()
    page.goto("/glossary?lang=en")
    assert visible_entries(page) == TOTAL
    assert page.get_attribute("#glossaryCount", "role") == "status"
    assert axe_violations(page) == []
    shot(page, "glossary-desktop.png")

    page.locator("#glossaryQuery").press_sequentially("Flüchtling")  # German on the English page
    count = wait_for_count(page, r"^Entries shown: (?!57 )\d+ of 57$")
    shown = int(re.search(r"(\d+) of", count).group(1))
    assert 0 < shown < TOTAL and visible_entries(page) == shown
    assert page.locator("article#refugee").is_visible()
    assert page.locator("article#xenophobia").is_hidden()
    assert "q=Fl%C3%BCchtling" in page.url  # the filtered list can be shared
    assert page.locator("#glossaryClear").is_visible()
    shot(page, "glossary-search-desktop.png")

    page.fill("#glossaryQuery", "προσφυγας")  # Greek, typed without the tonos
    wait_for_count(page, r"^Entries shown: [1-9]\d* of 57$")
    assert page.locator("article#refugee").is_visible()

    page.fill("#glossaryQuery", "zzzqqq")
    wait_for_count(page, r"^Entries shown: 0 of 57$")
    assert visible_entries(page) == 0
    assert page.locator("#glossaryEmpty").inner_text().startswith(
        "No glossary entry matches “zzzqqq”")
    assert page.locator("nav.g-letters li:visible").count() == 0
    assert axe_violations(page) == []

    page.click("#glossaryClear")
    wait_for_count(page, r"^Entries shown: 57 of 57$")
    assert visible_entries(page) == TOTAL and page.locator("#glossaryEmpty").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "glossaryQuery"
    watch.check()


def test_search_works_without_javascript_too(browser, live_url) -> None:
    from tests.web.browser import launched
    context = launched(browser).new_context(java_script_enabled=False, base_url=live_url)
    try:
        page = context.new_page()
        page.goto("/glossary?lang=en")
        page.fill("#glossaryQuery", "subsidiary")
        page.press("#glossaryQuery", "Enter")
        page.wait_for_url("**/glossary?q=subsidiary")
        assert page.locator("article#subsidiary-protection").is_visible()
        assert 0 < visible_entries(page) < TOTAL
    finally:
        context.close()


def test_anchors_and_the_other_languages_one_click_away(new_page) -> None:
    page, watch = new_page()
    page.goto("/glossary?lang=en#subsidiary-protection")
    entry = page.locator("article#subsidiary-protection")
    assert page.evaluate("() => document.querySelector(':target').id") == "subsidiary-protection"
    assert entry.is_visible() and entry.locator("h3").inner_text() == "subsidiary protection"
    assert entry.evaluate("e => { const r = e.getBoundingClientRect();"
                          " return r.top >= 0 && r.top < window.innerHeight; }")

    french = entry.locator('dd[lang="fr"]')
    assert french.is_hidden()
    entry.locator("summary").click()  # one click
    assert french.is_visible() and "protection subsidiaire" in french.inner_text()
    assert entry.locator('dd[lang="el"]').inner_text().startswith("επικουρική προστασία")
    assert entry.locator("dd").count() == 6

    page.click("nav.g-letters a >> text=T")
    assert page.evaluate("() => document.querySelector(':target').tagName") == "SECTION"

    # see-also links land on their entries
    link = entry.locator(".g-see a").first
    target = urlparse(link.get_attribute("href") or "").fragment
    link.click()
    assert page.evaluate("() => document.querySelector(':target').id") == target

    # a link to an entry the current filter hides lifts the filter
    page.fill("#glossaryQuery", "subsidiary")
    wait_for_count(page, r"^Entries shown: (?!57 )\d+ of 57$")
    assert page.locator("article#xenophobia").is_hidden()
    page.evaluate("() => { location.hash = '#xenophobia'; }")
    page.locator("article#xenophobia").wait_for(state="visible")
    wait_for_count(page, r"^Entries shown: 57 of 57$")
    assert page.input_value("#glossaryQuery") == ""
    assert page.locator("article#xenophobia").evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    watch.check()


def test_glossary_in_greek(new_page) -> None:
    page, watch = new_page(locale="el-GR")
    page.goto("/glossary?lang=el")
    assert page.get_attribute("html", "lang") == "el"
    assert page.locator("h1").inner_text() == "Γλωσσάριο"
    assert page.locator("#glossaryCount").inner_text() == "Εμφανίζονται λήμματα: 57 από 57"
    assert page.locator("article#refugee h3").inner_text() == "πρόσφυγας"
    assert page.locator("nav.g-letters a").first.inner_text() == "Α"
    assert axe_violations(page) == []
    watch.check()


def test_regions_list_the_six_pilots_and_a_region_shows_its_practices(new_page) -> None:
    page, watch = new_page()
    page.goto("/regions?lang=en")
    cards = page.locator(".r-card h3 a")
    assert sorted(cards.all_inner_texts()) == ["Azores", "Campania", "Catalonia", "Murcia",
                                               "Puglia", "Skåne"]
    assert page.locator(".r-list li").count() >= 10
    assert axe_violations(page) == []
    shot(page, "regions-desktop.png")

    page.click(".r-card h3 a >> text=Skåne")
    page.wait_for_url("**/regions/skane")
    assert page.locator("h1").inner_text() == "Skåne"
    assert page.locator("h2", has_text="Profile").count() == 1
    assert page.locator("h2", has_text="Integration action").count() == 1
    practices = page.locator(".r-practices h3 a")
    assert practices.count() == 3
    assert axe_violations(page) == []
    shot(page, "region-desktop.png")

    title = practices.first.inner_text()
    practices.first.click()
    page.wait_for_url(re.compile(r".*/practices/[\w-]+$"))
    assert page.locator("h1").inner_text() == title
    watch.check()


def test_region_built_from_practices_and_unknown_region(new_page) -> None:
    page, watch = new_page()
    page.goto("/regions/attica?lang=en")
    assert page.locator("h1").inner_text() == "Attica"
    assert page.locator(".r-practices h3 a").count() == 1
    assert axe_violations(page) == []

    response = page.goto("/regions/atlantis?lang=en")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Region not found"
    assert "There is no region “atlantis”" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    shot(page, "region-not-found-desktop.png")
    page.click("text=See all regions")
    page.wait_for_url("**/regions")

    page.goto("/regions?lang=xx")
    assert page.locator("#langNotice").inner_text().startswith("The language “xx” is not")
    assert page.locator(".r-card").count() == 6
    watch.check(ignore_http_errors=True)  # the 404 above is logged by the browser


@pytest.mark.parametrize("path, name", [("/glossary?lang=en", "glossary"),
                                        ("/regions?lang=en", "regions"),
                                        ("/regions/azores?lang=pt", "region")])
def test_phone_width(new_page, path: str, name: str) -> None:
    page, watch = new_page(viewport=PHONE)
    page.goto(path)
    assert no_horizontal_scroll(page)
    if name == "glossary":
        entry = page.locator("article#refugee")
        entry.locator("summary").click()
        assert entry.locator('dd[lang="el"]').is_visible()
        assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shot(page, f"{name}-phone.png")
    watch.check()


def ask(page: Any, question: str) -> Any:
    """Ask on the chat page; the new answer."""
    answers = page.locator(".message-answer")
    before = answers.count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    answers.nth(before).wait_for(timeout=ANSWER_TIMEOUT)
    return answers.nth(before)


def test_chat_answers_link_glossary_terms(new_page) -> None:
    page, watch = new_page()
    page.goto("/?lang=en")
    answer = ask(page, "What is subsidiary protection?")
    links = answer.locator(".answer-text a.glossary-term")
    hrefs = [urlparse(h or "").path + "#" + urlparse(h or "").fragment
             for h in (links.nth(i).get_attribute("href") for i in range(links.count()))]
    assert "/glossary#subsidiary-protection" in hrefs, answer.inner_text()
    assert len(hrefs) == len(set(hrefs))  # each term linked once
    # the answer text is unchanged: links only wrap words that were there
    assert "subsidiary protection" in answer.locator(".answer-text").inner_text().lower()

    jobs = ask(page, "How did other regions get refugees into jobs?")
    assert jobs.locator(".answer-text a.glossary-term").count() >= 1, jobs.inner_text()
    assert jobs.locator(".answer-text a.citation").count() >= 1

    link = answer.locator('.answer-text a.glossary-term[href$="#subsidiary-protection"]')
    link.click()
    page.wait_for_url("**/glossary#subsidiary-protection")
    assert page.locator("article#subsidiary-protection").is_visible()
    assert page.evaluate("() => document.querySelector(':target').id") == "subsidiary-protection"

    page.go_back()  # the kept conversation is drawn again, links included
    page.locator(".answer-text a.glossary-term").first.wait_for()
    assert axe_violations(page) == []
    watch.check()
