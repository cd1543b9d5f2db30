"""The interface in each of the seven languages, in Debian's chromium on the demo data.

The chat page in every language (chrome, a question and its answer, axe-core, a screenshot
per language), the language switcher on every page people see, and vocabulary labels in the
page language. Expected texts come from the compiled catalogs and knowledge.vocab.
"""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from babel.support import NullTranslations, Translations

from knowledge import vocab
from tests.web.browser import axe_violations, launched, shot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LANGS = vocab.LANGS
ANSWER_TIMEOUT = 60_000  # ms; the first question also warms the real model up
QUESTIONS = {
    "en": "How did other regions get refugees into jobs?",
    "fr": "Comment les autres régions ont-elles aidé les réfugiés à trouver un emploi ?",
    "de": "Wie haben andere Regionen Geflüchtete in Arbeit gebracht?",
    "es": "¿Cómo ayudaron otras regiones a los refugiados a encontrar empleo?",
    "it": "Come hanno fatto altre regioni a inserire i rifugiati nel mondo del lavoro?",
    "el": "Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;",
    "pt": "Como é que outras regiões ajudaram os refugiados a encontrar emprego?",
}
NAV = ("Chat", "Practices", "Map", "Glossary", "Regions", "Share a practice")
PRACTICE = "catalonia-refugee-programme"  # a demo practice with areas and target groups
# parameters of the public routes (the demo data's ids; a token that is not valid)
ROUTE_VALUES = {"practice_id": PRACTICE, "slug": "catalonia", "token": "not-a-valid-token"}
NOT_PAGES = ("/static", "/api/", "/healthz", "/openapi.json", "/practices/export.",
             "/widget.js")
BROWSER_LOCALE = {"en": "en-GB", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT",
                  "el": "el-GR", "pt": "pt-PT"}


def T(lang: str, msgid: str) -> str:  # noqa: N802 (reads like _())
    """msgid in lang from the compiled catalog; fails if it is not translated there."""
    if lang == "en":
        return NullTranslations().gettext(msgid)
    translations = Translations.load(str(ROOT / "web" / "translations"), [lang])
    assert msgid in translations._catalog, f"{lang}: not in the catalog: {msgid!r}"
    return translations.gettext(msgid)


def texts(locator: Any) -> list[str]:
    return [t.strip() for t in locator.all_inner_texts()]


def content(locator: Any) -> str:
    return str(locator.text_content() or "").strip()


@pytest.mark.parametrize("lang", LANGS)
def test_chat_page_speaks_the_language(new_page, lang: str) -> None:
    page, watch = new_page(locale=BROWSER_LOCALE[lang])
    page.goto(f"/?lang={lang}")
    assert page.get_attribute("html", "lang") == lang
    assert texts(page.locator("nav.site-nav a")) == [T(lang, n) for n in NAV]
    assert page.get_attribute("nav.site-nav", "aria-label") == T(lang, "Main")
    assert page.locator("h1").inner_text() == T(lang, "How did other regions handle it?")
    assert page.locator("label[for=question]").inner_text() == T(lang, "Your question")
    assert page.locator("#ask-button").inner_text() == T(lang, "Ask")

    answers = page.locator(".message-answer")
    page.fill("#question", QUESTIONS[lang])
    with page.expect_request(lambda r: r.url.endswith("/api/v1/ask")) as request:
        page.press("#question", "Enter")
    answer = answers.first
    answer.wait_for(timeout=ANSWER_TIMEOUT)
    assert json.loads(request.value.post_data or "{}")["lang"] == lang
    assert answer.locator(".answer-text").get_attribute("lang") == lang
    assert answer.locator(".answer-text a.citation").count() >= 1, answer.inner_text()
    # text_content: the page's CSS may show these labels in capitals
    assert content(answer.locator(".message-author")) == T(lang, "Answer")
    assert content(answer.locator("h3.sources-heading")) == T(lang, "Sources")
    assert content(page.locator(".message-user .message-author").first) == T(lang, "You asked")
    assert axe_violations(page) == []
    shot(page, f"chat-{lang}.png")
    watch.check()


def page_urls(app: Any) -> list[str]:
    """Every public GET route that people open in a browser, its parameters filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES):
            continue
        try:
            urls.append(rule.build(ROUTE_VALUES, append_unknown=False)[1])
        except Exception:
            raise AssertionError(f"add a value for the parameters of {rule.rule}") from None
    return sorted(set(urls))


def test_every_page_has_the_language_switcher(browser, demo_app, live_url) -> None:
    urls = page_urls(demo_app)
    assert {"/", "/practices", f"/practices/{PRACTICE}", "/map", "/submit", "/glossary",
            "/regions", "/regions/catalonia"} <= set(urls)
    context = launched(browser).new_context(base_url=live_url, locale="en-GB")
    try:
        page = context.new_page()
        problems = []
        for url in urls:
            response = page.goto(url + ("&" if "?" in url else "?") + "lang=fr")
            assert response is not None
            if "text/html" not in response.headers.get("content-type", ""):
                problems.append(f"{url}: not a page ({response.headers.get('content-type')}):"
                                " add it to NOT_PAGES if that is right")
                continue
            switch = page.locator("nav.lang-switch a")
            found = {
                "html lang": page.get_attribute("html", "lang"),
                "languages": [switch.nth(i).get_attribute("hreflang")
                              for i in range(switch.count())],
                "names": texts(switch),
                "current": page.locator("nav.lang-switch a[aria-current=true]")
                               .get_attribute("hreflang") if switch.count() else None,
                "label": page.get_attribute("nav.lang-switch", "aria-label")
                if switch.count() else None,
            }
            expected = {"html lang": "fr", "languages": list(LANGS),
                        "names": [vocab.label("language", c, c) for c in LANGS],
                        "current": "fr", "label": T("fr", "Language")}
            if found != expected:
                problems.append(f"{page.url}: {found}")
            # each link opens the same page in its language
            paths = {urlparse(switch.nth(i).get_attribute("href") or "").path
                     for i in range(switch.count())}
            if paths != {urlparse(page.url).path}:
                problems.append(f"{page.url}: the switcher leads elsewhere: {paths}")
        assert not problems, "\n".join(problems)

        page.goto("/practices?lang=fr")
        page.click("nav.lang-switch a[hreflang=el]")
        page.wait_for_url("**/practices?lang=el")
        assert page.get_attribute("html", "lang") == "el"
        page.goto("/regions")  # the choice is remembered (cookie) on the next page
        assert page.get_attribute("html", "lang") == "el"
        assert page.locator("h1").inner_text() == T("el", "Regions")
    finally:
        context.close()


@pytest.fixture(scope="module")
def practice_terms(live_url) -> dict[str, list[str]]:
    """The vocabulary keys of the demo practice, from the API."""
    with urllib.request.urlopen(f"{live_url}/api/v1/practices/{PRACTICE}", timeout=30) as resp:
        body = json.loads(resp.read())
    assert body["areas"] and body["target_groups"], body
    return {"area": body["areas"], "target_group": body["target_groups"]}


@pytest.mark.parametrize("lang", LANGS)
def test_vocabulary_labels_follow_the_page_language(new_page, practice_terms, lang: str
                                                    ) -> None:
    area, group = practice_terms["area"][0], practice_terms["target_group"][0]
    area_label = vocab.label("area", area, lang)
    group_label = vocab.label("target_group", group, lang)
    if lang != "en":  # the test would prove nothing if the label were the English one
        assert area_label != vocab.label("area", area, "en")
        assert group_label != vocab.label("target_group", group, "en")
    page, watch = new_page(locale=BROWSER_LOCALE[lang])

    page.goto(f"/practices/{PRACTICE}?lang={lang}")
    assert page.get_attribute("html", "lang") == lang
    tags = page.locator("ul.tags li")
    shown = {(t.strip(), tags.nth(i).get_attribute("lang"))
             for i, t in enumerate(tags.all_inner_texts())}
    assert {(area_label, lang), (group_label, lang)} <= shown, shown

    page.goto(f"/practices?lang={lang}")
    assert page.get_attribute("html", "lang") == lang
    page.click("#facet-area summary")  # the filter groups start closed
    page.click("#facet-target_group summary")
    area_options = texts(page.locator("#facet-area label"))
    group_options = texts(page.locator("#facet-target_group label"))
    assert any(o.startswith(area_label) for o in area_options), area_options
    assert any(o.startswith(group_label) for o in group_options), group_options
    watch.check()
