"""The widget script (/widget.js), its documentation page (/widget) and CORS for the widget."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from knowledge.vocab import LANGS
from tests.conftest import make_config
from tests.fakes import FakeEmbedder
from web import create_app
from web.widget.routes import CACHE_KEY, SOURCE

ROOT = Path(__file__).resolve().parents[2]
ROUTES = ROOT / "web" / "widget" / "routes.py"
TEMPLATE = ROOT / "web" / "widget" / "templates" / "widget" / "index.html"
TRANSLATIONS = ROOT / "web" / "translations"
PLACEHOLDER = {
    "en": "Type your question here…", "fr": "Écrivez votre question ici…",
    "de": "Schreiben Sie Ihre Frage hier…", "es": "Escriba aquí su pregunta…",
    "it": "Scrivi qui la tua domanda…", "el": "Γράψτε εδώ την ερώτησή σας…",
    "pt": "Escreva aqui a sua pergunta…",
}
HEADING = {
    "en": "Add the assistant to your website", "fr": "Ajouter l'assistant à votre site web",
    "de": "Den Assistenten in Ihre Website einbinden", "es": "Añada el asistente a su sitio web",
    "it": "Aggiungi l'assistente al tuo sito web", "el": "Προσθέστε τον βοηθό στον ιστότοπό σας",
    "pt": "Adicione o assistente ao seu sítio web",
}
ALLOWED = "https://host.example"


def strings(script: str) -> dict[str, dict[str, str]]:
    """The I18N object the server wrote into the script."""
    match = re.search(r"var I18N = (\{.*?\});\n", script)
    assert match, "no I18N object in the script"
    return json.loads(match.group(1))


def widget_msgids() -> list[str]:
    """Every msgid of the widget and of its page (extracted as Babel does)."""
    found = [m[1] for m in extract_from_file("python", str(ROUTES), keywords={"_": None})]
    found += [m[1] for m in extract_from_file("jinja2.ext:babel_extract", str(TEMPLATE),
                                              keywords={"_": None})]
    return sorted({m if isinstance(m, str) else m[0] for m in found})


def test_script_is_javascript_with_a_short_public_cache_and_no_cookie(client) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # public, credential-free
    assert "Set-Cookie" not in response.headers
    assert re.fullmatch(r'"[0-9a-f]{32}"', response.headers["ETag"])
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith("/* Integration Lab widget")
    assert "/*@i18n*/" not in body and "/*@config*/" not in body  # every slot filled


def test_etag_answers_304_and_changes_with_the_script(client, app) -> None:
    first = client.get("/widget.js")
    etag = first.headers["ETag"]
    again = client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=300"
    other = client.get("/widget.js", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data
    # rendered once per process: the same object serves every request
    cached = app.extensions[CACHE_KEY]
    client.get("/widget.js")
    assert app.extensions[CACHE_KEY] is cached
    # a different source (a new release) gives a different validator
    app.extensions[CACHE_KEY] = type(cached)(b"x", "0" * 32, cached.source_mtime)
    assert client.get("/widget.js").headers["ETag"] == '"' + "0" * 32 + '"'


def test_strings_for_every_language_come_from_the_catalogs(client) -> None:
    texts = strings(client.get("/widget.js").get_data(as_text=True))
    assert list(texts) == sorted(LANGS)
    keys = set(texts["en"])
    for lang in LANGS:
        assert set(texts[lang]) == keys, lang
        assert texts[lang]["placeholder"] == PLACEHOLDER[lang]
        assert all(isinstance(v, str) and v.strip() for v in texts[lang].values()), lang
        assert "{when}" in texts[lang]["rateLimitedWhen"], lang
        assert "{message}" in texts[lang]["clientError"], lang
        assert "1000" in texts[lang]["tooLong"] and "%(" not in texts[lang]["tooLong"], lang
    assert texts["el"]["launcher"] == "Κάντε μια ερώτηση"
    assert texts["de"]["cancel"] == "Abbrechen"
    assert texts["pt"]["sources"] == "Fontes"


def test_every_widget_msgid_is_translated_in_every_catalog() -> None:
    msgids = widget_msgids()
    assert len(msgids) >= 60
    for lang in LANGS[1:]:
        with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for msgid in msgids:
            message = catalog.get(msgid)
            assert message is not None and message.string and not message.fuzzy, (lang, msgid)


def test_script_names_no_third_party_host_and_loads_nothing(client) -> None:
    body = client.get("/widget.js").get_data(as_text=True)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", body))
    # the SVG namespace is an identifier, never fetched; HOST is the tag example in the comment
    assert urls <= {"http://www.w3.org/2000/svg", "https://HOST/widget.js"}, urls
    for pattern in (r"@import", r"\burl\(", r"\bimport\(", r"\.innerHTML\b", r"\bXMLHttpRequest\b",
                    r"\bdocument\.cookie\b", r"\beval\(", r"new Function\b"):
        assert not re.search(pattern, body), pattern
    # the only request it makes goes to the host it was loaded from
    assert re.findall(r"fetch\(([^,]+),", body) == ['BASE + "/api/v1/ask"']
    assert 'credentials: "omit"' in body


def test_rendered_script_and_source_are_valid_javascript(client, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed (README: installed with npm)"
    rendered = tmp_path / "widget.js"
    rendered.write_bytes(client.get("/widget.js").data)
    for path in (rendered, SOURCE):
        result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_the_filters_the_tag_can_set_are_accepted_by_the_api(client, loaded_lab) -> None:
    body = client.get("/widget.js").get_data(as_text=True)
    assert '["region", "area"]' in body  # data-region and data-area become filters
    ok = client.post("/api/v1/ask", json={"question": "jobs for refugees", "lang": "en",
                                          "filters": {"region": "Skåne", "area": "labour_market"}})
    assert ok.status_code == 200, ok.json
    assert [s["id"] for s in ok.json["sources"]] in ([], ["jobs-skane"])
    bad = client.post("/api/v1/ask", json={"question": "jobs", "filters": {"area": "x" * 5}})
    assert bad.status_code == 400 and bad.json["error"]["fields"][0]["field"] == "filters.area"


def cors_client(tmp_path: Path, origins: str) -> Any:
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=FakeEmbedder(), LAB_WIDGET_ORIGINS=origins))
    return app.test_client()


def preflight(client: Any, origin: str) -> Any:
    return client.options("/api/v1/ask", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})


def test_cors_allows_the_configured_origins_only(tmp_path: Path) -> None:
    client = cors_client(tmp_path, f"{ALLOWED}, https://other.example/")
    answer = preflight(client, ALLOWED)
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    assert "content-type" in answer.headers["Access-Control-Allow-Headers"].lower()
    assert "Origin" in answer.headers.get("Vary", "")
    assert "Access-Control-Allow-Credentials" not in answer.headers
    post = client.post("/api/v1/ask", json={"question": "jobs for refugees", "lang": "el"},
                       headers={"Origin": ALLOWED})
    assert post.status_code == 200 and post.json["answer"]
    assert post.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Access-Control-Allow-Credentials" not in post.headers
    assert preflight(client, "https://other.example").headers[
        "Access-Control-Allow-Origin"] == "https://other.example"

    for stranger in ("https://evil.example", "http://host.example", "https://host.example:8443"):
        refused = preflight(client, stranger)
        assert "Access-Control-Allow-Origin" not in refused.headers, stranger
        post = client.post("/api/v1/ask", json={"question": "jobs"}, headers={"Origin": stranger})
        # the server still answers; the browser refuses to hand the answer to the page
        assert "Access-Control-Allow-Origin" not in post.headers, stranger


def test_cors_star_allows_every_origin(tmp_path: Path) -> None:
    client = cors_client(tmp_path, "*")
    for origin in ("https://anywhere.example", "http://127.0.0.1:9"):
        assert preflight(client, origin).headers["Access-Control-Allow-Origin"] == "*"
        post = client.post("/api/v1/ask", json={"question": "jobs"}, headers={"Origin": origin})
        assert post.status_code == 200 and post.headers["Access-Control-Allow-Origin"] == "*"


def test_without_configured_origins_nobody_is_allowed(tmp_path: Path) -> None:
    client = cors_client(tmp_path, "")
    assert "Access-Control-Allow-Origin" not in preflight(client, ALLOWED).headers


def snippet_of(page: str) -> str:
    match = re.search(r'<code id="wgSnippet">(.*?)</code>', page, re.S)
    assert match, "no snippet on the page"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_widget_page_in_every_language(client, lang: str) -> None:
    response = client.get(f"/widget?lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{html.escape(HEADING[lang], quote=False)}</h1>" in page.replace("&#39;", "'")
    assert snippet_of(page) == (f'<script src="http://localhost/widget.js" data-lang="{lang}" '
                                'async></script>')
    assert "LAB_WIDGET_ORIGINS" in page
    for attribute in ("data-lang", "data-region", "data-area", "data-position", "data-title"):
        assert f"<code>{attribute}</code>" in page
    assert 'id="wgCopy"' in page
    # the widget is live on the page, loaded with the same kind of tag
    assert f'<script src="/widget.js" data-lang="{lang}" async></script>' in page
    # no inline script or inline handler (a CSP without unsafe-inline is coming)
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    assert not re.search(r"\son[a-z]+=", page)


def test_widget_page_snippet_uses_the_configured_public_address(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=FakeEmbedder(),
                                 LAB_BASE_URL="https://lab.example.eu/"))
    page = app.test_client().get("/widget?lang=fr").get_data(as_text=True)
    assert snippet_of(page) == ('<script src="https://lab.example.eu/widget.js" data-lang="fr" '
                                'async></script>')
