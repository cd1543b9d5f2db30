"""The map page in a real browser (Debian chromium through Playwright) on the demo data."""
from __future__ import annotations

import copy
import threading
from typing import Any, Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from tests.web.browser import DESKTOP, PHONE, Watch, axe_violations, launched, \
    no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

EVIL = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>'

VISIBLE_MARKERS = """() => {
  const clusters = [...document.querySelectorAll('#map .map-cluster span[aria-hidden="true"]')];
  const pins = document.querySelectorAll('#map .leaflet-marker-icon.map-pin').length;
  return pins + clusters.reduce((n, span) => n + Number(span.textContent), 0);
}"""


def open_map(page: Any, query: str = "lang=en") -> Any:
    """Go to /map, wait until the countries and markers are drawn; returns the response."""
    page.emulate_media(reduced_motion="reduce")  # no animations: clicks land where they aim
    response = page.goto(f"/map?{query}")
    page.wait_for_selector("#map[data-ready='true']", state="attached")
    return response


def api(page: Any, query: str = "") -> dict[str, Any]:
    """The map API as the page's origin serves it."""
    resp = page.request.get(f"/api/v1/map?{query}")
    assert resp.ok, resp.text()
    return resp.json()  # type: ignore[no-any-return]


def open_a_card(page: Any) -> Any:
    """Click groups until single markers show, then click one; returns the popup card."""
    for _ in range(10):
        pins = page.locator("#map .leaflet-marker-icon.map-pin")
        if pins.count():
            pins.first.click()
            break
        before = page.evaluate("() => window.labMap.map.getZoom()")
        page.locator("#map .map-cluster").first.click()
        page.wait_for_function(f"() => window.labMap.map.getZoom() !== {before} || "
                               "document.querySelector('.leaflet-marker-icon.map-pin')")
    card = page.locator(".leaflet-popup .map-card")
    card.wait_for()
    return card


def test_map_draws_countries_and_every_placed_practice(new_page) -> None:
    page, watch = new_page()
    response = open_map(page)
    assert response.status == 200
    placed = api(page)["placed"]
    assert len(placed) == 36  # 34 with coordinates, 2 placed by the gazetteer
    countries = page.locator("#map path.map-country").count()
    assert countries > 30, countries
    state = page.evaluate("() => ({markers: labMap.markers, countries: labMap.countries})")
    assert state == {"markers": len(placed), "countries": countries}
    assert page.get_attribute("#map", "data-markers") == str(len(placed))
    # what is drawn: single markers plus the practices inside each group, one per practice
    assert page.evaluate(VISIBLE_MARKERS) == len(placed)
    assert page.locator("#map .map-cluster").count() >= 1  # dense places are grouped
    # no tile layer, nothing fetched from another site
    assert page.locator("#map .leaflet-tile").count() == 0
    shot(page, "map-desktop.png")
    watch.check()


def test_only_local_requests(new_page, live_url) -> None:
    page, watch = new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    open_map(page)
    page.wait_for_load_state("networkidle")
    assert urls and all(u.startswith(live_url) or u.startswith("data:") for u in urls), urls
    assert any(u.endswith("/static/vendor/world-atlas/countries-50m.json") for u in urls)
    watch.check()


def test_a_marker_opens_a_card_linking_to_the_practice(new_page) -> None:
    page, watch = new_page()
    open_map(page)
    card = open_a_card(page)
    link = card.locator("a.map-card-link")
    assert link.inner_text() == "Open the practice"
    href = link.get_attribute("href") or ""
    assert href.startswith("/practices/")
    practice_id = href.removeprefix("/practices/")
    item = next(p for p in api(page)["placed"] if p["id"] == practice_id)
    assert card.locator(".map-card-title").inner_text() == item["title"]
    assert item["region"] in card.locator(".map-card-place").inner_text()
    # the popup pans the map into view; a click while it still moves can land on the map
    # (which closes the popup) instead of the link: once it rests, a real click must work
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim, "
                           ".leaflet-pan-anim')")
    page.wait_for_timeout(400)
    try:
        with page.expect_navigation(url=f"**{href}", timeout=5000):
            link.click()
    except Exception:  # the first click met the pan; a second, at rest, must navigate
        card = open_a_card(page) if not link.is_visible() else card
        with page.expect_navigation(url=f"**{href}", timeout=10000):
            card.locator("a.map-card-link").click()
    assert page.locator("h1").inner_text().strip() == item["title"]
    watch.check()


def test_approximate_practices_say_so(new_page) -> None:
    page, watch = new_page()
    open_map(page)
    approximate = [p for p in api(page)["placed"] if p["precision"] != "exact"]
    assert {p["id"] for p in approximate} >= {"puglia-supreme-italia",
                                               "campania-civic-language-training"}
    assert page.locator("#approximate li").count() == len(approximate)
    assert page.locator("#map .map-pin-region, #map .map-pin-country").count() + \
        page.locator("#map .map-cluster").count() >= 1
    watch.check()


def test_filtering_reduces_markers_and_updates_the_url(new_page) -> None:
    page, watch = new_page()
    open_map(page)
    spain = api(page, "country=ES")
    assert 0 < len(spain["placed"]) < 36
    page.locator("#facet-country summary").click()
    page.get_by_label("Spain").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/map?*country=ES*")
    assert parse_qs(urlparse(page.url).query)["country"] == ["ES"]
    page.wait_for_selector("#map[data-ready='true']", state="attached")
    assert page.evaluate("() => labMap.markers") == len(spain["placed"])
    assert page.evaluate(VISIBLE_MARKERS) == len(spain["placed"])
    assert page.locator("#practice-list li").count() == spain["total"]
    assert page.get_by_label("Spain").is_checked()
    # and back to everything
    page.get_by_role("link", name="Clear all").click()
    page.wait_for_selector("#map[data-ready='true']", state="attached")
    assert page.evaluate("() => labMap.markers") == 36
    watch.check()


def test_the_list_view_has_every_practice(new_page) -> None:
    page, watch = new_page()
    open_map(page)
    body = api(page)
    items = page.locator("#practice-list ol > li")
    assert items.count() == body["total"] == 36
    hrefs = {items.nth(i).locator("a").get_attribute("href") for i in range(items.count())}
    assert hrefs == {p["url"] for p in body["placed"] + body["unplaced"]}
    for pid in ("puglia-supreme-italia", "campania-civic-language-training"):
        assert f"/practices/{pid}" in hrefs
    watch.check()


def test_keyboard_skips_the_map_or_uses_it(new_page) -> None:
    page, watch = new_page()
    open_map(page)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.className") == "map-skip":
            break
    assert page.evaluate("() => document.activeElement.className") == "map-skip"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "practice-list"
    page.keyboard.press("Tab")
    assert (page.evaluate("() => document.activeElement.getAttribute('href')") or ""
            ).startswith("/practices/")

    # a keyboard user can also use the map: Enter on a group zooms in, Enter on a marker
    # opens its card
    page.locator("#map").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        if "map-pin" in focused:
            break
        assert "map-cluster" in focused, focused
        before = page.evaluate("() => labMap.map.getZoom()")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => labMap.map.getZoom() !== {before} || "
                               "document.querySelector('.leaflet-marker-icon.map-pin')")
    assert "map-pin" in page.evaluate("() => document.activeElement.className")
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup .map-card").wait_for()
    assert page.evaluate("() => document.activeElement.className") == "map-card-link"
    watch.check()


def test_no_serious_accessibility_violations(new_page) -> None:
    page, watch = new_page()
    open_map(page)
    assert axe_violations(page) == []
    open_a_card(page)
    assert axe_violations(page) == []
    watch.check()


def test_phone_width(new_page) -> None:
    page, watch = new_page(viewport=PHONE)
    open_map(page)
    assert no_horizontal_scroll(page)
    box = page.locator("#map").bounding_box()
    assert box and box["width"] <= PHONE["width"] and box["height"] >= 250
    assert page.evaluate(VISIBLE_MARKERS) == 36
    assert axe_violations(page) == []
    open_a_card(page)
    # the map pans so the whole card is on the screen
    page.wait_for_function("""() => {
      const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
      return r.left >= 0 && r.right <= window.innerWidth;
    }""")
    shot(page, "map-phone.png")  # with the card open
    watch.check()


def test_unknown_filter_value_is_a_clear_message(new_page) -> None:
    page, watch = new_page()
    response = open_map(page, "lang=en&country=Atlantis")
    assert response.status == 400
    alert = page.get_by_role("alert")
    assert "“Atlantis” is not a value of the filter “Country”" in alert.inner_text()
    assert page.evaluate("() => labMap.markers") == 36  # the other filters (none) still apply
    assert axe_violations(page) == []
    resp = page.request.get("/api/v1/map?country=Atlantis")
    assert resp.status == 400
    error = resp.json()["error"]
    assert error["fields"][0]["field"] == "filters.country" and "Atlantis" in error["message"]
    watch.check(ignore_http_errors=True)


def test_greek_page(new_page) -> None:
    page, watch = new_page(locale="el-GR")
    open_map(page, "lang=el")
    assert page.get_attribute("html", "lang") == "el"
    assert page.locator("h1").inner_text() == "Χάρτης των πρακτικών"
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Μεγέθυνση"
    card = open_a_card(page)
    assert card.locator("a.map-card-link").inner_text() == "Άνοιγμα της πρακτικής"
    watch.check()


# --- titles are text, never markup (a server of its own, with a hostile record) ------------

@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A server whose practices have markup in their titles, regions and summaries."""
    from werkzeug.serving import make_server

    from knowledge.schema import validate_practice
    from tests.conftest import SAMPLE, free_port, make_config
    from tests.fakes import FakeEmbedder
    from web import create_app

    app = create_app(make_config(tmp_path_factory.mktemp("hostile"),
                                 LAB_EMBEDDER=FakeEmbedder()))
    records = copy.deepcopy(SAMPLE)
    for r in records:
        r.update(title=f"{EVIL} {r['id']}", summary=EVIL,
                 region=f"<b onmouseover=\"window.__pwned = 3\">{r['region']}</b>")
    app.extensions["lab"].kb.import_practices([validate_practice(r) for r in records])
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_titles_are_shown_as_text(browser, hostile_url) -> None:
    context = launched(browser).new_context(viewport=DESKTOP, base_url=hostile_url)
    try:
        page = context.new_page()
        watch = Watch(page)
        open_map(page)
        assert page.evaluate("() => labMap.markers") == 3
        pins = page.locator("#map .leaflet-marker-icon.map-pin")
        assert pins.count() == 3
        assert (pins.first.get_attribute("title") or "").startswith(EVIL)
        pins.first.click()
        card = page.locator(".leaflet-popup .map-card")
        card.wait_for()
        assert card.locator(".map-card-title").inner_text().startswith(EVIL)
        assert card.locator(".map-card-snippet").inner_text() == EVIL
        assert card.locator("img, script, b").count() == 0
        assert page.locator("#practice-list img, #practice-list script, #practice-list b"
                            ).count() == 0
        assert page.evaluate("() => window.__pwned") is None
        watch.check()
    finally:
        context.close()
