"""Bad requests are answered in the asker's language: JSON for the API, a page for people.

Each expected message is read from the compiled catalogs (never written out here), so the
test checks that the right msgid reached the user in the right language, with the bad value.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from tests.conftest import make_config
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "fr", "de", "es", "it", "el", "pt")
ASKED = ("en", "fr", "el", "pt")  # the full table in these; the other three in a sample
MAX_BODY = 1_500_000  # 1.5 MB: the limit is shown with the language's decimal separator
NOT_VALUE = "“%(value)s” is not one of the choices offered."
NOT_NUMBER = "“%(value)s” is not a number."
RANGE = "%(value)s is not between %(min)s and %(max)s."
CHECK_FIELD = "Please check the field “%(field)s”: %(message)s"


def T(lang: str, msgid: str, **params: Any) -> str:  # noqa: N802 (reads like _())
    """msgid in lang from the compiled catalog; fails if it is not translated there."""
    if lang == "en":
        translations: NullTranslations = NullTranslations()
    else:
        translations = Translations.load(str(ROOT / "web" / "translations"), [lang])
        assert msgid in translations._catalog, f"{lang}: not in the catalog: {msgid!r}"
    text = translations.gettext(msgid)
    return text % params if params else text


@pytest.fixture(scope="module")
def app(tmp_path_factory):  # type: ignore[no-untyped-def]
    from knowledge.schema import validate_practice
    from tests.conftest import SAMPLE
    from web import create_app
    app = create_app(make_config(tmp_path_factory.mktemp("errors"), LAB_EMBEDDER=FakeEmbedder(),
                                 MAX_CONTENT_LENGTH=MAX_BODY, LAB_ASK_RATE="off"))
    app.extensions["lab"].kb.import_practices([validate_practice(dict(r)) for r in SAMPLE])
    return app


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


def big_body() -> bytes:
    return json.dumps({"question": "x" * (MAX_BODY + 10)}).encode()


# name -> (request(client, lang), status, code, expected message(lang), expected field or None)
Case = tuple[Callable[[Any, str], Any], int, str, Callable[[str], str], dict[str, Any] | None]
API_CASES: dict[str, Case] = {
    "unknown practice": (
        lambda c, lang: c.get(f"/api/v1/practices/no-such-practice?lang={lang}"),
        404, "not_found",
        lambda lang: T(lang, "There is no published practice with the identifier “%(key)s”.",
                       key="no-such-practice"), None),
    "unknown route": (
        lambda c, lang: c.get("/api/v1/nothing-here", headers={"Accept-Language": lang}),
        404, "not_found",
        lambda lang: T(lang, "There is nothing at the address %(path)s.",
                       path="/api/v1/nothing-here"), None),
    "wrong method": (
        lambda c, lang: c.get(f"/api/v1/ask?lang={lang}"),
        405, "method_not_allowed",
        lambda lang: T(lang, "The address %(path)s does not accept the %(method)s method (it "
                       "accepts: %(allowed)s).", path="/api/v1/ask", method="GET",
                       allowed="POST"), None),
    "malformed JSON": (
        lambda c, lang: c.post("/api/v1/ask", data='{"question": "jobs",,}',
                               content_type="application/json",
                               headers={"Accept-Language": f"{lang};q=0.9, en;q=0.1"}),
        400, "invalid_json",
        lambda lang: T(lang, "The body is not valid JSON (line %(line)s, column %(column)s).",
                       line=1, column=21), None),
    "not a JSON object": (
        lambda c, lang: c.post(f"/api/v1/ask?lang={lang}", json=["jobs"]),
        400, "invalid_json",
        lambda lang: T(lang, "The body must be a JSON object, not of JSON type “%(type)s”.",
                       type="array"), None),
    "wrong content type": (
        lambda c, lang: c.post(f"/api/v1/ask?lang={lang}", data={"question": "jobs"}),
        415, "unsupported_media_type",
        lambda lang: T(lang, "Please send the body as JSON, with Content-Type: "
                       "application/json."), None),
    "body too large": (
        lambda c, lang: c.post(f"/api/v1/ask?lang={lang}", data=big_body(),
                               content_type="application/json"),
        413, "request_entity_too_large",
        lambda lang: T(lang, "The request is too large: at most %(size)s MB are accepted.",
                       size=format_decimal(1.5, locale=lang)), None),
    "bad filter value": (
        lambda c, lang: c.get(f"/api/v1/search?country=Atlantis&lang={lang}"),
        400, "invalid_field",
        lambda lang: T(lang, NOT_VALUE, value="Atlantis"),
        {"field": "filters.country", "code": "unknown_value", "value": "Atlantis"}),
    "bad filter value in a question": (
        lambda c, lang: c.post("/api/v1/ask", json={"question": "jobs for refugees",
                                                    "lang": lang,
                                                    "filters": {"area": "astrology"}}),
        400, "invalid_field",
        lambda lang: T(lang, NOT_VALUE, value="astrology"),
        {"field": "filters.area", "code": "unknown_value", "value": "astrology"}),
    "bad filter on the map": (
        lambda c, lang: c.get(f"/api/v1/map?role=emperor&lang={lang}"),
        400, "invalid_field",
        lambda lang: T(lang, NOT_VALUE, value="emperor"),
        {"field": "filters.role", "code": "unknown_value", "value": "emperor"}),
    "years in the wrong order": (
        lambda c, lang: c.get(f"/api/v1/search?year_from=2020&year_to=2010&lang={lang}"),
        400, "invalid_field",
        lambda lang: T(lang, "The end year %(value)s is before the start year %(start)s.",
                       value=2010, start=2020),
        {"field": "filters.year_to", "code": "year_order", "value": "2010"}),
    "limit not a number": (
        lambda c, lang: c.get(f"/api/v1/search?limit=abc&lang={lang}"),
        400, "invalid_field",
        lambda lang: T(lang, NOT_NUMBER, value="abc"),
        {"field": "limit", "code": "not_number", "value": "abc"}),
    "limit out of range": (
        lambda c, lang: c.get(f"/api/v1/search?limit=0&lang={lang}"),
        400, "invalid_field",
        lambda lang: T(lang, RANGE, value=0, min=1, max=100),
        {"field": "limit", "code": "number_range", "value": "0"}),
    "unknown language (the header decides)": (
        lambda c, lang: c.get("/api/v1/glossary?lang=tlh", headers={"Accept-Language": lang}),
        400, "invalid_field",
        lambda lang: T(lang, NOT_VALUE, value="tlh"),
        {"field": "lang", "code": "unknown_value", "value": "tlh"}),
    "question too long": (
        lambda c, lang: c.post("/api/v1/ask", json={"question": "jobs " * 400, "lang": lang}),
        400, "invalid_field",
        lambda lang: T(lang, "This text is %(length)s characters long; the limit is %(max)s.",
                       length=1999, max=1000),
        {"field": "question", "code": "too_long"}),
    "unknown field in a question": (
        lambda c, lang: c.post("/api/v1/ask", json={"question": "jobs?", "colour": "red",
                                                    "lang": lang}),
        400, "invalid_field",
        lambda lang: T(lang, "“%(value)s” is not a field of this form.", value="colour"),
        {"field": "colour", "code": "unknown_field", "value": "colour"}),
}
TABLE = [(name, lang) for name in API_CASES for lang in ASKED] + \
    [(name, lang) for name, lang in zip(API_CASES, ("de", "es", "it") * len(API_CASES))]


@pytest.mark.parametrize("name, lang", TABLE)
def test_api_errors_speak_the_asker_language(client, name: str, lang: str) -> None:
    send, status, code, expected, field = API_CASES[name]
    response = send(client, lang)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == code
    if field is None:
        assert error["message"] == expected(lang)
        assert "fields" not in error
        return
    assert len(error["fields"]) == 1
    got = error["fields"][0]
    assert {k: got[k] for k in field} == field  # the field, the code and the bad value stay
    assert got["message"] == expected(lang)
    assert error["message"] == T(lang, CHECK_FIELD, field=field["field"], message=got["message"])


def test_the_query_lang_wins_over_the_body_and_the_body_over_the_header(app) -> None:
    body = {"question": "jobs?", "lang": "pt", "filters": {"country": "Atlantis"}}
    header = {"Accept-Language": "de"}

    def message(url: str, payload: dict[str, Any]) -> str:
        # a fresh client each time: ?lang= also sets the language cookie
        response = app.test_client().post(url, json=payload, headers=header)
        return str(response.get_json()["error"]["fields"][0]["message"])

    assert message("/api/v1/ask?lang=el", body) == T("el", NOT_VALUE, value="Atlantis")
    assert message("/api/v1/ask", body) == T("pt", NOT_VALUE, value="Atlantis")
    assert message("/api/v1/ask", {**body, "lang": None}) == T("de", NOT_VALUE, value="Atlantis")
    assert message("/api/v1/ask?lang=xx", body) == T("pt", NOT_VALUE, value="Atlantis")


def test_an_unreadable_body_is_refused_in_the_header_language(client) -> None:
    response = client.post("/api/v1/ask", data=b'{"question": "\xff\xfe", "lang": "el"}',
                           content_type="application/json", headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_encoding"
    assert error["message"] == T("fr", "The body is not valid UTF-8 (byte %(position)s: "
                                 "%(byte)s).", position=14, byte=repr(b"\xff"))


def page_text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def html_lang(text: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', text)
    assert match, text[:200]
    return match.group(1)


PAGE_CASES: dict[str, tuple[Callable[[Any, str], Any], int, str, Callable[[str], str]]] = {
    "unknown page": (
        lambda c, lang: c.get(f"/no-such-page?lang={lang}"), 404, "Page not found",
        lambda lang: T(lang, "There is nothing at the address %(path)s.",
                       path="/no-such-page")),
    "unknown practice": (
        lambda c, lang: c.get("/practices/no-such-practice",
                              headers={"Accept-Language": lang}), 404, "Page not found",
        lambda lang: T(lang, "There is no published practice with the identifier “%(key)s”.",
                       key="no-such-practice")),
    "wrong method": (
        lambda c, lang: c.get(f"/admin/logout?lang={lang}"), 405,
        "The request could not be processed",
        lambda lang: T(lang, "The address %(path)s does not accept the %(method)s method (it "
                       "accepts: %(allowed)s).", path="/admin/logout", method="GET",
                       allowed="POST")),
    "form too large": (
        lambda c, lang: c.post(f"/?lang={lang}", data={"question": "x" * (MAX_BODY + 10)}),
        413, "The request could not be processed",
        lambda lang: T(lang, "The request is too large: at most %(size)s MB are accepted.",
                       size=format_decimal(1.5, locale=lang))),
}


@pytest.mark.parametrize("name, lang", [(n, lang) for n in PAGE_CASES for lang in LANGS])
def test_error_pages_are_in_the_page_language(client, name: str, lang: str) -> None:
    send, status, heading, expected = PAGE_CASES[name]
    response = send(client, lang)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    text = page_text(response)
    assert html_lang(text) == lang
    assert f"<h1>{T(lang, heading)}</h1>" in text
    assert T(lang, "Error %(status)s", status=status) in text
    assert expected(lang) in text
    # the page keeps its language switcher, so the visitor can change it from here
    assert 'class="lang-switch"' in text


def test_every_language_has_every_error_message() -> None:
    from web import errors
    msgids = [m._args[0] for m in (*errors.HTTP_MESSAGES.values(), errors.OTHER_HTTP,
                                   *errors.NOT_FOUND.values(), errors.NOT_FOUND_OTHER,
                                   errors.INVALID_RECORD)]
    for lang in LANGS:
        for msgid in msgids:
            assert T(lang, msgid)


def test_server_failures_are_explained_in_the_asker_language(tmp_path) -> None:
    from knowledge.errors import IndexError_
    from web import create_app
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=FakeEmbedder()))

    def index_down() -> None:
        raise IndexError_("chroma is not answering")

    def crash() -> None:
        raise RuntimeError("a bug with a secret detail")

    app.add_url_rule("/api/v1/test-index-down", "index_down", index_down)
    app.add_url_rule("/api/v1/test-crash", "api_crash", crash)
    app.add_url_rule("/test-crash", "page_crash", crash)
    client = app.test_client  # a fresh client each time: ?lang= also sets the cookie

    down = client().get("/api/v1/test-index-down?lang=el")
    assert down.status_code == 503 and down.get_json()["error"] == {
        "code": "index_unavailable", "message": T("el", "Part of the service is not available "
                                                  "right now. Please try again in a few minutes.")}
    crashed = client().get("/api/v1/test-crash", headers={"Accept-Language": "pt-PT,pt;q=0.9"})
    assert crashed.status_code == 500 and crashed.get_json()["error"] == {
        "code": "internal_error", "message": T("pt", "Something went wrong on our side. Please "
                                               "try again in a few minutes.")}
    page = client().get("/test-crash?lang=fr")
    text = page_text(page)
    assert page.status_code == 500 and html_lang(text) == "fr"
    assert f"<h1>{T('fr', 'Something went wrong')}</h1>" in text
    assert "secret detail" not in text and "Traceback" not in text
