"""The Content-Security-Policy in a real browser: every page runs its scripts, none is blocked.

Each public page (found from the URL map, so a new page is covered the day it is added) is
opened in Debian's chromium on the demo app, with a listener for `securitypolicyviolation`
installed before any page script runs and the console watched for "Content Security Policy"
messages. Then the pages whose scripts matter are used: the chat answers, the map draws its
markers, the explorer filters and pages without a reload, the submission form checks its
fields, the coordinators sign in, and the widget answers on its own page and on another
site's page that has a strict policy of its own and requires CORP (COEP require-corp).
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest

from tests.web.browser import Watch

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000  # ms; the first question may warm the real model up
W = "integration-lab-widget"
COORDINATOR = ("csp.coordinator@example.org", "a long enough passphrase for csp 7")
SKIP_PREFIXES = ("/static", "/api/v1/admin")
REPORT = """(() => {
  document.addEventListener('securitypolicyviolation', (e) => {
    window.labCspViolation({directive: e.violatedDirective, blocked: e.blockedURI,
                            source: e.sourceFile, line: e.lineNumber, sample: e.sample,
                            page: location.href});
  }, true);
})();"""


class Csp:
    """CSP violations seen by one page, across its navigations."""

    def __init__(self, page: Any) -> None:
        self.violations: list[Any] = []
        page.expose_function("labCspViolation", lambda found: self.violations.append(found))
        page.add_init_script(REPORT)
        page.on("console", lambda m: self.violations.append(f"console: {m.text}")
                if "Content Security Policy" in m.text else None)

    def check(self) -> None:
        assert self.violations == [], f"CSP violations: {self.violations}"


@pytest.fixture
def csp_page(new_page) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A page watched for CSP violations: yields make(**new_page args) -> (page, watch, csp)."""
    def make(**kwargs: Any) -> tuple[Any, Watch, Csp]:
        page, watch = new_page(**kwargs)
        return page, watch, Csp(page)
    yield make


def public_pages(app: Any, practice_id: str) -> list[str]:
    """Every GET route that is not a file or the admin API, its parameters filled in."""
    values = {"practice_id": practice_id, "slug": "catalonia", "token": "no-such-token"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIP_PREFIXES):
            continue
        try:
            urls.append(rule.build(values, append_unknown=False)[1])
        except Exception:
            raise AssertionError(f"add a value for the parameters of {rule.rule}")
    return sorted(set(urls)) + ["/no-such-page", "/regions/no-such-region"]


def test_every_page_loads_and_runs_under_the_policy(csp_page, demo_app, demo_practices
                                                    ) -> None:
    page, watch, csp = csp_page()
    urls = public_pages(demo_app, demo_practices[0]["id"])
    html_pages = []
    for url in urls:
        head = page.request.get(url)
        if not head.headers.get("content-type", "").startswith("text/html"):
            # JSON, scripts, downloads: nothing to run, but the strict policy is there
            assert head.headers["content-security-policy"].startswith("default-src 'none'"), url
            continue
        response = page.goto(url)
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        page.wait_for_load_state("load")
        html_pages.append(url)
    assert {"/", "/practices", "/map", "/submit", "/glossary", "/regions", "/widget",
            "/admin/login", "/no-such-page"} <= set(html_pages), html_pages
    assert len(html_pages) >= 15, html_pages
    csp.check()
    watch.check(ignore_http_errors=True)  # the 404 pages log their status


def test_chat_answers(csp_page) -> None:
    page, watch, csp = csp_page()
    page.goto("/?lang=en")
    page.fill("#question", "How did other regions get refugees into jobs?")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/ask")) as answered:
        page.press("#question", "Enter")
    assert answered.value.status == 200
    answer = page.locator(".message-answer").first
    answer.wait_for(timeout=ANSWER_TIMEOUT)
    assert answer.locator(".answer-text a.citation").count() >= 1, answer.inner_text()
    # the answer came from the script (fetch), not from a form post and a new page
    assert page.evaluate("() => window.sessionStorage.getItem('integration-lab.chat')")
    csp.check()
    watch.check()


def test_map_draws_countries_and_markers(csp_page) -> None:
    page, watch, csp = csp_page()
    page.emulate_media(reduced_motion="reduce")
    page.goto("/map?lang=en")
    page.wait_for_selector("#map[data-ready='true']", state="attached")
    assert int(page.get_attribute("#map", "data-markers") or 0) == 36
    assert page.locator("#map path.map-country").count() > 30
    assert page.locator("#map .leaflet-marker-icon").count() >= 1
    # Leaflet positions its panes and markers through the CSSOM, which the policy allows
    assert "translate3d" in (page.get_attribute("#map .leaflet-map-pane", "style") or "")
    page.locator("#map .leaflet-control-zoom-in").click()
    page.wait_for_timeout(300)
    for _ in range(10):  # open a card: click groups until single markers show
        pins = page.locator("#map .leaflet-marker-icon.map-pin")
        if pins.count():
            pins.first.click()
            break
        page.locator("#map .map-cluster").first.click()
        page.wait_for_timeout(300)
    page.locator(".leaflet-popup .map-card").wait_for()
    csp.check()
    watch.check()


def test_explorer_filters_pages_and_searches_without_reload(csp_page) -> None:
    page, watch, csp = csp_page()
    page.goto("/practices?lang=en")
    page.evaluate("() => { window.notReloaded = true; }")
    details = page.locator("#facet-country")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.locator("#f-country-ES").click()
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('country') === 'ES' && "
        "!document.getElementById('explorer-live').hasAttribute('aria-busy')")
    page.locator(".chip", has_text="Country: Spain").click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('country')")
    page.locator(".pager a[rel=next]").click()
    page.wait_for_function("() => document.querySelector('ol.results')?.start === 21")
    page.fill("#q", "jobs for refugees")
    page.press("#q", "Enter")
    page.wait_for_function("() => document.querySelector('.results-summary')?.textContent"
                           ".includes('best matches first')")
    assert page.evaluate("() => window.notReloaded") is True  # the script did it all
    csp.check()
    watch.check()


def test_submit_form_checks_fields_in_the_page(csp_page) -> None:
    page, watch, csp = csp_page()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto("/submit?lang=en")
    page.fill("#f-title", "Language cafés")
    page.fill("#f-summary", "Volunteers host weekly conversation evenings.")
    assert "of 20,000 characters" in page.locator("#f-summary-count").inner_text()
    page.fill("#f-start-year", "2020")
    page.fill("#f-end-year", "2010")
    page.click("button[type=submit]")
    assert page.locator("#error-summary").is_visible()
    assert posts == []  # the script stopped the form
    csp.check()
    watch.check()


def test_coordinators_sign_in_and_review(csp_page, demo_app, demo_practices) -> None:
    lab = demo_app.extensions["lab"]
    if lab.accounts.find(COORDINATOR[0]) is None:
        lab.accounts.create(COORDINATOR[0], COORDINATOR[1], name="CSP test")
    page, watch, csp = csp_page()
    page.goto("/admin/login?lang=en")
    page.fill("#loginEmail", COORDINATOR[0])
    page.fill("#loginPassword", COORDINATOR[1])
    page.locator('form.login-form button[type="submit"]').click()
    page.wait_for_load_state()
    assert "/admin/login" not in page.url
    response = page.goto(f"/admin/practices/{demo_practices[0]['id']}?lang=en")
    assert response is not None and response.status == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.goto("/admin/?lang=en")
    page.wait_for_load_state("load")
    csp.check()
    watch.check()


def ask_widget(page: Any, question: str) -> Any:
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} .panel").wait_for()
    page.locator(f"{W} textarea").fill(question)
    page.locator(f"{W} textarea").press("Enter")
    answer = page.locator(f"{W} .msg-answer").first
    answer.wait_for(timeout=ANSWER_TIMEOUT)
    return answer


def test_widget_on_its_own_page(csp_page) -> None:
    page, watch, csp = csp_page()
    page.goto("/widget?lang=en")
    answer = ask_widget(page, "How did other regions get refugees into jobs?")
    assert answer.locator(".txt a.cite").count() >= 1, answer.inner_text()
    csp.check()
    watch.check()


@pytest.fixture
def strict_host(live_url: str, widget_host_port: int) -> Iterator[str]:
    """A regional portal on the second local origin (allowed by the demo app's CORS) whose
    page has a strict policy of its own and requires CORP (COEP require-corp)."""
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A strict regional portal</title></head><body><main><h1>Portal</h1></main>
<script src="{live_url}/widget.js" data-lang="en" async></script></body></html>""".encode()
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
               "Content-Security-Policy": f"default-src 'self'; script-src {live_url}; "
                                          f"connect-src {live_url}; style-src 'self'",
               "Cross-Origin-Embedder-Policy": "require-corp"}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", widget_host_port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{widget_host_port}/portal.html"
    server.shutdown()
    server.server_close()


def test_widget_on_a_strict_site_of_another_origin(csp_page, strict_host) -> None:
    """/widget.js carries CORP cross-origin (never same-origin) and needs nothing inline, so
    it runs on another site's page that has a strict CSP and COEP require-corp."""
    page, watch, csp = csp_page()
    response = page.goto(strict_host)
    assert response is not None and "require-corp" in str(response.headers)
    answer = ask_widget(page, "How did other regions get refugees into jobs?")
    assert answer.locator(".txt a.cite").count() >= 1, answer.inner_text()
    csp.check()
    watch.check()
