"""The embeddable widget in Debian's chromium, on host pages served from other local origins."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest

from tests.conftest import free_port
from tests.web.browser import (DESKTOP, PHONE, Watch, axe_violations, launched,
                               no_horizontal_scroll, shot)

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000  # ms; the first question also warms the real model up
W = "integration-lab-widget"
QUESTIONS = {
    "en": "How did other regions help refugees find jobs?",
    "fr": "Comment d'autres régions ont-elles aidé les réfugiés à trouver un emploi ?",
    "de": "Wie haben andere Regionen Geflüchteten geholfen, Arbeit zu finden?",
    "es": "¿Cómo ayudaron otras regiones a las personas refugiadas a encontrar empleo?",
    "it": "Come hanno aiutato altre regioni i rifugiati a trovare lavoro?",
    "el": "Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;",
    "pt": "Como é que outras regiões ajudaram os refugiados a encontrar emprego?",
}
HOSTILE_CSS = """
* { all: unset !important; }
html { font-size: 40px !important; line-height: 3 !important; color: #0f0 !important; }
body { font-family: fantasy !important; letter-spacing: 6px !important; }
button, textarea, input { display: none !important; }
div, span, p { visibility: hidden !important; }
*, *::before, *::after { text-transform: uppercase !important; z-index: 99 !important; }
:root { color-scheme: dark; }
body > *:not(main) { visibility: hidden !important; filter: blur(1px) !important; }
"""

# what a widget must leave alone on the host page: its globals, style sheets and styles
HOST_STATE = """() => ({globals: Object.getOwnPropertyNames(window),
    sheets: document.styleSheets.length, html: document.documentElement.getAttribute('style'),
    body: document.body.getAttribute('style'), font: getComputedStyle(document.body).fontSize})"""


class HostSite:
    """A tiny web server on its own local origin that serves the host pages a test registers."""

    def __init__(self, port: int) -> None:
        pages: dict[str, str] = {}
        self.pages = pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                body = pages.get(self.path.split("?")[0])
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write((body or "not found").encode("utf-8"))

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, html: str) -> str:
        """Serve html at path; returns its absolute URL."""
        self.pages[path] = html
        return self.origin + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def host_site(widget_host_port: int) -> Iterator[HostSite]:
    """The second origin, allowed by the demo app's LAB_WIDGET_ORIGINS."""
    site = HostSite(widget_host_port)
    yield site
    site.close()


@pytest.fixture(scope="module")
def foreign_site(widget_host_port: int) -> Iterator[HostSite]:
    """A third origin that the demo app does not allow."""
    site = HostSite(free_port())
    assert site.origin != f"http://127.0.0.1:{widget_host_port}"
    yield site
    site.close()


def host_page(live_url: str, lang: str = "en", attrs: str = "", css: str = "",
              tag: bool = True) -> str:
    """A regional portal's page with the widget's tag (or without it, to add it later)."""
    script = (f'<script src="{live_url}/widget.js" data-lang="{lang}" {attrs} async></script>'
              if tag else "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regional integration portal</title><link rel="icon" href="data:,">
<style>{css}</style></head>
<body><header><a id="host-home" href="#main">Regional portal</a></header>
<main id="main"><h1>Integration services of the region</h1>
<p>Welcome centres, language courses and job counselling for newcomers.</p>
<button id="host-button" type="button">A host page button</button>
<p><a id="host-news" href="#news">News</a></p></main>
{script}</body></html>"""


def open_widget(page: Any) -> None:
    """Click the launcher and wait for the panel."""
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} .panel").wait_for()


def ask(page: Any, question: str) -> tuple[Any, dict[str, Any], Any]:
    """Type a question in the widget and press Enter; (answer, request body, request)."""
    answers = page.locator(f"{W} .msg-answer")
    before = answers.count()
    field = page.locator(f"{W} textarea")
    field.fill(question)
    with page.expect_request(lambda r: r.url.endswith("/api/v1/ask") and r.method == "POST"
                             ) as request:
        field.press("Enter")
    answers.nth(before).wait_for(timeout=ANSWER_TIMEOUT)
    return answers.nth(before), json.loads(request.value.post_data or "{}"), request.value


def assert_cited(answer: Any, live_url: str) -> list[str]:
    """The answer has numbered citations and sources linking to the practice pages on HOST."""
    citations = answer.locator(".txt a.cite")
    assert citations.count() >= 1, answer.inner_text()
    hrefs = []
    for i in range(citations.count()):
        link = citations.nth(i)
        assert link.inner_text().strip("[]").isdigit()
        hrefs.append(link.get_attribute("href") or "")
        assert link.get_attribute("target") == "_blank"
        assert "noopener" in (link.get_attribute("rel") or "")
    assert all(h.startswith(f"{live_url}/practices/") for h in hrefs), hrefs
    sources = answer.locator("ol.srcs > li > a")
    assert sources.count() >= 1
    source_hrefs = [sources.nth(i).get_attribute("href") or "" for i in range(sources.count())]
    assert any(h.startswith(f"{live_url}/practices/") for h in source_hrefs), source_hrefs
    return hrefs


def shadow_focus(page: Any) -> str:
    """What has the focus inside the widget ('' when the focus is elsewhere)."""
    return str(page.evaluate("""() => {
        const host = document.querySelector('integration-lab-widget');
        if (!host || document.activeElement !== host) return '';
        const el = host.shadowRoot.activeElement;
        return el ? (el.id || el.className) : '';
    }"""))


def stored(page: Any, live_url: str) -> dict[str, Any]:
    raw = page.evaluate("k => sessionStorage.getItem(k)", f"integration-lab.widget:{live_url}")
    return json.loads(raw) if raw else {}


def test_greek_then_portuguese_from_a_second_origin(new_page, host_site, live_url) -> None:
    page, watch = new_page(locale="el-GR")
    page.goto(host_site.add("/el.html", host_page(live_url, "el")))
    launcher = page.locator(f"{W} .launcher")
    assert launcher.inner_text() == "Κάντε μια ερώτηση"
    assert launcher.get_attribute("aria-expanded") == "false"
    open_widget(page)
    assert launcher.get_attribute("aria-expanded") == "true"
    placeholder = page.locator(f"{W} textarea").get_attribute("placeholder")
    assert placeholder == "Γράψτε εδώ την ερώτησή σας…"

    answer, sent, request = ask(page, QUESTIONS["el"])
    assert request.header_value("origin") == host_site.origin  # a real cross-origin call
    assert sent == {"question": QUESTIONS["el"], "lang": "el"}
    assert answer.locator(".txt").get_attribute("lang") == "el"
    assert answer.locator(".srcs-h").inner_text() == "Πηγές"
    assert_cited(answer, live_url)
    first_id = stored(page, live_url)["conversationId"]
    assert first_id
    watch.check()

    # another page of the site, in Portuguese, pre-filtered on an area, at the bottom left
    page.goto(host_site.add("/pt.html", host_page(
        live_url, "pt", 'data-area="labour_market" data-position="bottom-left" '
                        'data-title="Pergunte às outras regiões"')))
    launcher = page.locator(f"{W} .launcher")
    assert launcher.inner_text() == "Pergunte às outras regiões"
    assert launcher.bounding_box()["x"] < 100  # bottom left
    # the conversation of this tab came along (same host, same browser session)
    assert page.locator(f"{W} .msg-answer").count() == 1
    if page.locator(f"{W} .panel").is_hidden():
        open_widget(page)
    assert page.locator(f"{W} #ilw-title").inner_text() == "Pergunte às outras regiões"
    page.locator(f"{W} button.tool", has_text="Nova conversa").click()
    assert page.locator(f"{W} .msg-answer").count() == 0
    answer, sent, _ = ask(page, QUESTIONS["pt"])
    assert sent == {"question": QUESTIONS["pt"], "lang": "pt",
                    "filters": {"area": "labour_market"}}
    assert answer.locator(".txt").get_attribute("lang") == "pt"
    assert answer.locator(".srcs-h").inner_text() == "Fontes"
    assert_cited(answer, live_url)
    assert stored(page, live_url)["conversationId"] not in ("", first_id)
    watch.check()


def test_aggressive_host_css_leaves_the_widget_intact(new_page, host_site, live_url) -> None:
    page, watch = new_page()
    page.goto(host_site.add("/hostile.html", host_page(live_url, "fr", css=HOSTILE_CSS)))
    assert page.evaluate("() => getComputedStyle(document.getElementById('host-button')).display"
                         ) == "none"  # the host's rules are in force on the host's own elements
    launcher = page.locator(f"{W} .launcher")
    launcher.wait_for()
    box = launcher.bounding_box()
    assert 120 <= box["width"] <= 360 and 44 <= box["height"] <= 80, box
    assert box["x"] + box["width"] <= DESKTOP["width"]
    assert box["y"] + box["height"] <= DESKTOP["height"]
    styles = launcher.evaluate("el => { const s = getComputedStyle(el); return [s.fontSize, "
                               "s.textTransform, s.letterSpacing, s.visibility]; }")
    assert styles == ["15px", "none", "normal", "visible"]
    open_widget(page)
    panel = page.locator(f"{W} .panel").bounding_box()
    assert 300 <= panel["width"] <= 420 and 300 <= panel["height"] <= 640, panel
    field = page.locator(f"{W} textarea")
    assert field.is_visible() and field.evaluate("el => getComputedStyle(el).fontSize") == "15px"
    answer, _, _ = ask(page, QUESTIONS["fr"])
    text = answer.locator(".txt p").first
    assert text.is_visible()
    assert text.evaluate("el => [getComputedStyle(el).fontSize, getComputedStyle(el).color]"
                         ) == ["15px", "rgb(27, 31, 36)"]
    assert_cited(answer, live_url)
    shot(page, "widget-hostile-css.png")
    watch.check()


def test_the_widget_touches_nothing_of_the_host_page(new_page, host_site, live_url) -> None:
    page, watch = new_page()
    page.goto(host_site.add("/late.html", host_page(live_url, tag=False)))
    before = page.evaluate(HOST_STATE)
    # added after the page loaded, as tag managers do: document.currentScript still finds it
    page.evaluate("""live => { const s = document.createElement('script');
        s.src = live + '/widget.js'; s.async = true; s.dataset.lang = 'de';
        document.body.appendChild(s); }""", live_url)
    page.locator(f"{W} .launcher").wait_for()
    open_widget(page)
    after = page.evaluate(HOST_STATE)
    assert set(after["globals"]) - set(before["globals"]) == set()
    assert {k: v for k, v in after.items() if k != "globals"} == \
        {k: v for k, v in before.items() if k != "globals"}
    assert page.locator(W).count() == 1
    assert page.locator(f"{W} .launcher").inner_text() == "Eine Frage stellen"
    # a second tag on the same page does not add a second widget
    page.evaluate("""live => { const s = document.createElement('script');
        s.id = 'second-tag'; s.src = live + '/widget.js';
        s.addEventListener('load', () => { s.dataset.ran = 'yes'; });
        document.body.appendChild(s); }""", live_url)
    page.wait_for_selector("#second-tag[data-ran=yes]", state="attached")
    assert page.locator(W).count() == 1
    watch.check()


def test_a_site_not_allowed_is_refused_by_the_browser(new_page, foreign_site, live_url) -> None:
    page, _ = new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(foreign_site.add("/not-allowed.html", host_page(live_url, "en")))
    open_widget(page)
    page.locator(f"{W} textarea").fill(QUESTIONS["en"])
    page.locator(f"{W} textarea").press("Enter")
    error = page.locator(f"{W} .msg-error")
    error.wait_for(timeout=ANSWER_TIMEOUT)
    assert "The service could not be reached" in error.inner_text()
    assert page.locator(f"{W} .msg-answer").count() == 0
    assert any(url.endswith("/api/v1/ask") for url in failed), failed
    # the question comes back so it can be sent again
    assert page.locator(f"{W} textarea").input_value() == QUESTIONS["en"]


def test_keyboard_only(new_page, host_site, live_url) -> None:
    page, watch = new_page()
    page.goto(host_site.add("/keyboard.html", host_page(live_url, "en")))
    page.locator(f"{W} .launcher").wait_for()
    for _ in range(10):
        page.keyboard.press("Tab")
        if shadow_focus(page) == "launcher":
            break
    assert shadow_focus(page) == "launcher"
    outline = page.evaluate("() => getComputedStyle(document.querySelector("
                            "'integration-lab-widget').shadowRoot.activeElement).outlineStyle")
    assert outline not in ("", "none")

    page.keyboard.press("Enter")
    assert page.locator(f"{W} .panel").is_visible()
    assert page.locator(f"{W} .panel").get_attribute("role") == "dialog"
    assert shadow_focus(page) == "ilw-q"  # the question field
    page.keyboard.type("How did other regions")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("help refugees find jobs?")
    page.keyboard.press("Enter")
    page.locator(f"{W} .msg-answer").first.wait_for(timeout=ANSWER_TIMEOUT)
    assert shadow_focus(page) == "ilw-q"
    assert page.locator(f"{W} textarea").input_value() == ""
    assert page.locator(f"{W} .log").get_attribute("aria-live") == "polite"
    # Tab moves on to the send button, then to the launcher (the panel's toggle)
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "send"
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "launcher"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert shadow_focus(page) == "ilw-q"

    page.keyboard.press("Escape")
    assert page.locator(f"{W} .panel").is_hidden()
    assert shadow_focus(page) == "launcher"
    assert page.locator(f"{W} .launcher").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")  # and back again
    assert shadow_focus(page) == "ilw-q"
    assert page.locator(f"{W} .msg-answer").count() == 1
    watch.check()


def test_fits_at_320_px_and_at_200_percent_zoom(new_page, browser, host_site, live_url) -> None:
    url = host_site.add("/narrow.html", host_page(live_url, "el"))
    page, watch = new_page(viewport={"width": 320, "height": 640})
    page.goto(url)
    open_widget(page)
    panel = page.locator(f"{W} .panel").bounding_box()
    assert panel["x"] == 0 and panel["width"] == 320, panel
    animation = "el => getComputedStyle(el).animationName"
    assert page.locator(f"{W} .panel").evaluate(animation) == "ilw-in"
    page.emulate_media(reduced_motion="reduce")
    assert page.locator(f"{W} .panel").evaluate(animation) == "none"
    assert page.locator(f"{W} .spin").evaluate(animation) == "none"
    ask(page, QUESTIONS["el"])
    assert no_horizontal_scroll(page)
    assert page.locator(f"{W} .log").evaluate("el => el.scrollWidth <= el.clientWidth")
    for part in ("textarea", ".send", ".close"):
        box = page.locator(f"{W} {part}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (part, box)
    watch.check()

    # 200 % zoom of a 1280 × 800 window: 640 × 400 CSS pixels at twice the pixel density
    context = launched(browser).new_context(viewport={"width": 640, "height": 400},
                                            device_scale_factor=2)
    try:
        zoomed = context.new_page()
        zoom_watch = Watch(zoomed)
        zoomed.goto(url)
        open_widget(zoomed)
        ask(zoomed, QUESTIONS["el"])
        assert no_horizontal_scroll(zoomed)
        for part in (".panel", "textarea", ".send", ".close", ".tool"):
            box = zoomed.locator(f"{W} {part}").first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 640, (part, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 400, (part, box)
        assert zoomed.locator(f"{W} .log").evaluate("el => el.scrollWidth <= el.clientWidth")
        shot(zoomed, "widget-zoom-200.png")
        zoom_watch.check()
    finally:
        context.close()


def test_cancel_a_slow_answer_and_readable_refusals(new_page, host_site, live_url) -> None:
    page, _ = new_page()
    page.goto(host_site.add("/errors.html", host_page(live_url, "en")))
    open_widget(page)
    held: list[Any] = []
    replies: list[dict[str, Any]] = []
    cors = {"Access-Control-Allow-Origin": host_site.origin}

    def reply(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif not replies:
            held.append(route)  # a slow answer: never answered
        else:
            spec = replies.pop(0)
            route.fulfill(status=spec["status"], headers={**cors, **spec.get("headers", {})},
                          content_type="application/json", body=json.dumps(spec["body"]))

    page.route(f"{live_url}/api/v1/ask", reply)
    field = page.locator(f"{W} textarea")
    field.fill("jobs for refugees")
    field.press("Enter")
    status = page.locator(f"{W} .status-text")
    cancel = page.locator(f"{W} button.cancel")
    cancel.wait_for()
    assert status.inner_text() == "Looking for practices…"
    assert page.locator(f"{W} .send").is_disabled()
    assert page.locator(f"{W} .log").get_attribute("aria-busy") == "true"
    cancel.click()
    page.locator(f"{W} .msg-info", has_text="You cancelled the question.").wait_for()
    assert cancel.is_hidden() and status.inner_text() == ""
    assert field.input_value() == "jobs for refugees" and shadow_focus(page) == "ilw-q"

    cases = [
        ({"status": 429, "headers": {"Retry-After": "42",
                                     "Access-Control-Expose-Headers": "Retry-After"},
          "body": {"error": {"code": "rate_limited", "message": "slow down"}}},
         "You have asked many questions in a short time. You can ask again in 42 seconds."),
        ({"status": 429, "headers": {"Retry-After": "150",
                                     "Access-Control-Expose-Headers": "Retry-After"},
          "body": {"error": {"code": "rate_limited", "message": "slow down"}}},
         "You can ask again in 3 minutes."),
        # a server that does not expose Retry-After: the general advice
        ({"status": 429, "headers": {"Retry-After": "42"},
          "body": {"error": {"code": "rate_limited", "message": "slow down"}}},
         "Please wait a minute, then ask again."),
        ({"status": 503, "body": {"error": {"code": "index_unavailable", "message": "x"}}},
         "Something went wrong on our side"),
        ({"status": 400, "body": {"error": {"code": "invalid_field", "message": "question: odd"}}},
         "Your question could not be processed: question: odd"),
    ]
    for i, (spec, expected) in enumerate(cases):
        replies.append(spec)
        field.fill("jobs for refugees")
        field.press("Enter")
        error = page.locator(f"{W} .msg-error").nth(i)
        error.wait_for()
        assert expected in error.inner_text(), (spec, error.inner_text())
        assert field.input_value() == "jobs for refugees"

    page.context.set_offline(True)
    field.press("Enter")
    page.locator(f"{W} .msg-error", has_text="You seem to be offline").wait_for()
    page.context.set_offline(False)
    shot(page, "widget-errors.png")
    for route in held:
        try:
            route.abort()
        except Exception:  # noqa: BLE001 (already cancelled by the page)
            pass


def test_the_conversation_survives_a_reload(new_page, host_site, live_url) -> None:
    page, watch = new_page()
    page.goto(host_site.add("/reload.html", host_page(live_url, "es")))
    open_widget(page)
    first, _, _ = ask(page, QUESTIONS["es"])
    first_text = first.locator(".txt").inner_text()
    conversation = stored(page, live_url)["conversationId"]

    page.reload()
    page.locator(f"{W} .panel").wait_for()  # it was open: it opens again, without the focus
    assert shadow_focus(page) == ""
    kept = page.locator(f"{W} .msg-answer")
    assert kept.count() == 1 and kept.first.locator(".txt").inner_text() == first_text
    assert_cited(kept.first, live_url)
    assert page.locator(f"{W} .msg-user .q").inner_text() == QUESTIONS["es"]

    _, sent, _ = ask(page, "¿Y para las mujeres?")
    assert sent["conversation_id"] == conversation
    assert page.locator(f"{W} .msg-answer").count() == 2
    assert len(stored(page, live_url)["turns"]) == 2

    page.locator(f"{W} button.tool", has_text="Nueva conversación").click()
    assert page.locator(f"{W} .msg-answer").count() == 0
    started = page.locator(f"{W} .status-text").inner_text()
    assert started == "Se ha iniciado una nueva conversación."
    assert shadow_focus(page) == "ilw-q"
    assert stored(page, live_url)["turns"] == [] and stored(page, live_url)["conversationId"] == ""
    page.reload()
    page.locator(f"{W} .panel").wait_for()
    assert page.locator(f"{W} .msg-answer").count() == 0
    watch.check()


def test_axe_finds_nothing_serious_in_the_widget_or_on_its_page(new_page, browser, host_site,
                                                                 live_url) -> None:
    page, watch = new_page()
    page.goto(host_site.add("/axe.html", host_page(live_url, "it")))
    page.locator(f"{W} .launcher").wait_for()
    assert axe_violations(page) == []
    open_widget(page)
    ask(page, QUESTIONS["it"])
    assert axe_violations(page) == []
    watch.check()

    # our own pages forbid inline scripts (CSP); axe is injected as one, so this context lets it
    context = launched(browser).new_context(viewport=DESKTOP, base_url=live_url, bypass_csp=True)
    try:
        own = context.new_page()
        own_watch = Watch(own)
        own.goto("/widget?lang=el")
        assert own.locator("h1").inner_text() == "Προσθέστε τον βοηθό στον ιστότοπό σας"
        own.locator(f"{W} .launcher").wait_for()
        assert axe_violations(own) == []
        open_widget(own)
        answer, _, request = ask(own, QUESTIONS["el"])  # same origin here: no CORS needed
        assert request.url == f"{live_url}/api/v1/ask"
        assert context.cookies(live_url)  # the page's language cookie exists...
        assert request.header_value("cookie") is None  # ...and the widget never sends it
        assert_cited(answer, live_url)
        assert axe_violations(own) == []
        shot(own, "widget-page-el.png")
        own_watch.check()
    finally:
        context.close()


def test_copy_button_on_the_widget_page(new_page, live_url) -> None:
    page, watch = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto("/widget?lang=fr")
    snippet = page.locator("#wgSnippet").inner_text()
    assert snippet == f'<script src="{live_url}/widget.js" data-lang="fr" async></script>'
    page.locator("#wgCopy").click()
    page.locator("#wgCopyStatus", has_text="Copié dans le presse-papiers.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == snippet
    assert no_horizontal_scroll(page)
    watch.check()

    phone, phone_watch = new_page(viewport={"width": 320, "height": 640})
    phone.goto("/widget?lang=de")
    assert no_horizontal_scroll(phone)
    shot(phone, "widget-page-phone.png")
    phone_watch.check()


@pytest.mark.parametrize("lang", list(QUESTIONS))
def test_screenshot_with_an_answer_in_each_language(new_page, host_site, live_url,
                                                    lang: str) -> None:
    page, watch = new_page(locale=lang)
    page.goto(host_site.add(f"/shot-{lang}.html", host_page(live_url, lang)))
    open_widget(page)
    answer, sent, _ = ask(page, QUESTIONS[lang])
    assert sent["lang"] == lang
    assert_cited(answer, live_url)
    assert page.locator(f"{W} .w").get_attribute("lang") == lang
    shot(page, f"widget-{lang}.png")
    watch.check()
    if lang == "el":
        phone, phone_watch = new_page(viewport=PHONE, locale=lang)
        phone.goto(host_site.add("/shot-phone.html", host_page(live_url, lang)))
        open_widget(phone)
        ask(phone, QUESTIONS[lang])
        assert no_horizontal_scroll(phone)
        shot(phone, "widget-phone-el.png")
        phone_watch.check()
