"""The practice explorer in a real browser (Debian chromium through Playwright) on the demo data."""
from __future__ import annotations

import csv
import io
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.web.browser import DESKTOP, PHONE, axe_violations, launched, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser


def total(page: Any) -> int:
    """The number of practices the page says it found."""
    text = page.locator(".results-summary strong").inner_text()
    return int(re.search(r"(\d+)", text).group(1))  # type: ignore[union-attr]


def shown_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(".result", "items => items.map(i => i.dataset.id)")


def count_of(page: Any, name: str, value: str) -> int | None:
    label = page.locator(f"label[for='f-{name}-{value}']")
    if label.count() == 0:
        return None
    return int(re.search(r"\((\d+)\)", label.text_content() or "").group(1))  # type: ignore[union-attr]


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def choose(page: Any, name: str, value: str) -> None:
    """Open the facet if needed, tick or untick a value, wait until the page shows it."""
    details = page.locator(f"#facet-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    box = page.locator(f"#f-{name}-{value}")
    was = box.is_checked()
    box.click()
    page.wait_for_function(
        """([name, value, was]) => {
             const on = new URL(location.href).searchParams.getAll(name).includes(value);
             const box = document.getElementById(`f-${name}-${value}`);
             return on === !was && !document.getElementById('explorer-live').hasAttribute('aria-busy')
               && box && box.checked === !was;
           }""", arg=[name, value, was])


def test_facets_update_results_counts_and_url_without_reload(new_page) -> None:
    page, watch = new_page()
    page.goto("/practices?lang=en")
    everything = total(page)
    assert everything == 36 and len(shown_ids(page)) == 20
    page.evaluate("() => { window.notReloaded = true; }")
    women_before = count_of(page, "target_group", "women")

    choose(page, "country", "ES")
    assert query(page)["country"] == ["ES"]
    spain = total(page)
    assert 0 < spain < everything
    assert all(", Spain" in t for t in page.locator(".result-place").all_inner_texts())
    assert count_of(page, "target_group", "women") != women_before  # counts follow the choice
    assert count_of(page, "country", "DE") is not None  # other countries stay offered
    assert page.locator(".chip", has_text="Country: Spain").count() == 1
    assert page.evaluate("() => document.activeElement.id") == "f-country-ES"  # focus kept
    page.wait_for_function("() => document.getElementById('explorer-status').textContent"
                           f" === 'Practices found: {spain}'")

    area = page.locator("#facet-area input[type=checkbox]").first.get_attribute("value")
    choose(page, "area", area)
    assert query(page) == {"lang": ["en"], "country": ["ES"], "area": [area]}
    narrowed = total(page) if page.locator(".results-summary").count() else 0
    assert narrowed <= spain
    assert page.evaluate("() => window.notReloaded") is True

    page.go_back()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('area')")
    page.wait_for_function(f"() => document.querySelector('.results-summary strong')"
                           f"?.textContent.includes('{spain}')")
    assert page.is_checked("#f-country-ES") and not page.is_checked(f"#f-area-{area}")
    page.go_back()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('country')")
    page.wait_for_function("() => document.querySelector('.results-summary strong')"
                           "?.textContent.includes('36')")
    assert not page.is_checked("#f-country-ES")
    page.go_forward()
    page.wait_for_function("() => new URL(location.href).searchParams.get('country') === 'ES'")
    page.wait_for_function(f"() => document.querySelector('.results-summary strong')"
                           f"?.textContent.includes('{spain}')")
    assert page.evaluate("() => window.notReloaded") is True

    # a chip removes its value; the URL loaded afresh shows the same state
    page.locator(".chip", has_text="Country: Spain").click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('country')")
    page.wait_for_function("() => document.querySelector('.results-summary strong')"
                           "?.textContent.includes('36')")
    assert page.evaluate("() => document.activeElement.id") == "results-heading"
    page.goto("/practices?lang=en&country=ES")
    assert total(page) == spain and page.is_checked("#f-country-ES")
    watch.check()


def test_paging_words_and_the_back_button(new_page) -> None:
    page, watch = new_page()
    page.goto("/practices?lang=en")
    first = shown_ids(page)
    page.locator(".pager a[rel=next]").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('page') === '2'")
    page.wait_for_function("() => document.querySelector('ol.results')?.start === 21")
    second = shown_ids(page)
    assert len(second) == 16 and not set(first) & set(second)
    assert page.locator(".pager a[aria-current=page]").inner_text() == "2"
    page.go_back()
    page.wait_for_function("() => document.querySelector('ol.results')?.start === 1")
    assert shown_ids(page) == first

    page.fill("#q", "jobs for refugees")
    page.press("#q", "Enter")
    page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'jobs for refugees'")
    page.wait_for_function("() => document.querySelector('.results-summary')?.textContent"
                           ".includes('best matches first')")
    assert shown_ids(page) and page.evaluate("() => document.activeElement.id") == "q"
    page.go_back()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('q')")
    page.wait_for_function("() => document.getElementById('q').value === ''")
    watch.check()


def test_exports_carry_the_state_and_match_the_list(new_page, demo_practices) -> None:
    page, watch = new_page()
    page.goto("/practices?lang=en")
    choose(page, "country", "DE")
    visible = shown_ids(page)
    assert visible and total(page) == len(visible)
    csv_href = page.get_attribute("#export-csv", "href") or ""
    json_href = page.get_attribute("#export-json", "href") or ""
    assert parse_qs(urlparse(csv_href).query)["country"] == ["DE"]
    assert parse_qs(urlparse(json_href).query)["country"] == ["DE"]

    with page.expect_download() as download:
        page.click("#export-csv")
    assert re.fullmatch(r"integration-lab-practices-\d{4}-\d{2}-\d{2}\.csv",
                        download.value.suggested_filename)
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == visible
    assert all(r["country"] == "DE" for r in rows)

    response = page.request.get(json_href)
    assert response.ok
    data = response.json()
    assert [p["id"] for p in data["practices"]] == visible and data["total"] == len(visible)

    everything = page.request.get("/practices/export.json?lang=en").json()
    assert everything["total"] == 36  # every page, not only the first
    emails = [p["contact"]["email"] for p in demo_practices if p.get("contact")]
    for text in (raw.decode("utf-8-sig"), response.text(),
                 page.request.get("/practices/export.csv").text()):
        assert not [e for e in emails if e in text]
    # a link answered as a download ends its navigation as "aborted": the one expected failure
    assert watch.failed == [f"GET {page.url.split('/practices')[0]}{csv_href}: net::ERR_ABORTED"]
    watch.failed.clear()
    watch.check()


def test_bad_values_get_a_clear_message(new_page) -> None:
    page, watch = new_page()
    response = page.goto("/practices?lang=en&country=Atlantis&area=health")
    assert response is not None and response.status == 400
    summary = page.locator("#error-summary")
    assert "Country: “Atlantis”" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    summary.get_by_text("Show the results without these values").click()
    page.wait_for_function("() => new URL(location.href).search === '?area=health&lang=en'")
    page.wait_for_function("() => !document.getElementById('error-summary')")
    assert total(page) > 0

    # a year range the wrong way round, typed in the form
    page.locator("#facet-period summary").click()
    page.fill("#year-from", "2020")
    page.press("#year-from", "Enter")
    page.wait_for_function("() => new URL(location.href).searchParams.get('year_from') === '2020'")
    assert page.evaluate("() => document.activeElement.id") == "year-from"
    page.fill("#year-to", "2010")
    page.press("#year-to", "Enter")
    page.locator("#error-summary").wait_for()
    assert "To year: “2010”" in page.locator("#error-summary").inner_text()
    assert page.get_attribute("#year-to", "value") == "2010"
    assert page.evaluate("() => document.activeElement.id") == "error-summary"

    response = page.goto("/practices?lang=en&page=99")
    assert response is not None and response.status == 404
    page.get_by_text("Go to the first page of results").click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('page')")
    page.wait_for_function("() => document.querySelector('ol.results')?.start === 1")
    watch.check(ignore_http_errors=True)  # the 400 and 404 answers are the point


def test_works_without_javascript(browser, live_url) -> None:
    context = launched(browser).new_context(java_script_enabled=False, base_url=live_url,
                                            viewport=DESKTOP, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/practices?lang=en")
        assert page.is_visible("button.apply-filters")
        page.locator("#facet-language summary").click()
        page.check("#f-language-de")
        with page.expect_navigation():
            page.click("button.apply-filters")
        assert query(page)["language"] == ["de"]
        assert page.locator(".result-lang", has_text="Language of the record: German").count() \
            == len(shown_ids(page)) > 0
        page.locator(".pager, .results").first.wait_for()
    finally:
        context.close()


def test_phone_layout_and_screenshots(new_page) -> None:
    page, watch = new_page()
    page.goto("/practices?lang=en")
    choose(page, "country", "ES")
    page.locator("#facet-role summary").click()
    shot(page, "explorer-desktop.png")

    phone, phone_watch = new_page(viewport=PHONE)
    phone.goto("/practices?lang=en")
    assert no_horizontal_scroll(phone)
    choose(phone, "target_group", "women")
    assert no_horizontal_scroll(phone)
    # the search row and the first result fit the phone's width
    width = phone.evaluate("() => document.querySelector('.result').getBoundingClientRect().right")
    assert width <= PHONE["width"]
    shot(phone, "explorer-phone.png")

    narrow, narrow_watch = new_page(viewport={"width": 320, "height": 640}, locale="el-GR")
    narrow.goto("/practices?lang=el&country=Atlantis&page=x")
    assert no_horizontal_scroll(narrow)
    for watched in (watch, phone_watch):
        watched.check()
    narrow_watch.check(ignore_http_errors=True)


def test_no_serious_accessibility_violations(new_page) -> None:
    page, watch = new_page()
    page.goto("/practices?lang=en")
    for details in page.locator("details.facet").all():
        details.locator("summary").click()  # every facet open: every control checked
    assert axe_violations(page) == []
    choose(page, "country", "ES")
    assert axe_violations(page) == []
    page.goto("/practices?lang=el&country=Atlantis&year_from=abc")
    assert axe_violations(page) == []
    page.goto("/practices?lang=en&q=zzzzqqq+xxyy")
    assert axe_violations(page) == []

    phone, phone_watch = new_page(viewport=PHONE)
    phone.goto("/practices?lang=fr&page=2")
    assert axe_violations(phone) == []
    watch.check(ignore_http_errors=True)
    phone_watch.check()
