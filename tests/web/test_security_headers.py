"""Security headers on every response; SECRET_KEY required outside debug; secrets from the
environment only."""
from __future__ import annotations

import ast
import inspect
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_config
from tests.fakes import FakeEmbedder
from tests.forms import csrf
from web import config as config_module
from web import create_app
from web.config import Config

ALLOWED = "https://host.example"
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# variables whose values are credentials: never a default, only the environment
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|CREDENTIAL|PRIVATE")
ENV_FLAGS = ("SECRET_KEY", "FLASK_DEBUG", "LAB_DEMO", "LAB_SECURE_COOKIES")


def policy(response: Any) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]} (exactly one header)."""
    values = response.headers.getlist("Content-Security-Policy")
    assert len(values) == 1, values
    directives: dict[str, list[str]] = {}
    for part in values[0].split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = sources
    return directives


def assert_common(response: Any) -> None:
    for name, value in COMMON.items():
        assert response.headers.getlist(name) == [value], (name, response.headers)
    assert "Strict-Transport-Security" not in response.headers


def assert_page_policy(response: Any) -> None:
    assert response.mimetype == "text/html"
    assert_common(response)
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]  # no unsafe-inline, no unsafe-eval, no host
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in s for sources in csp.values() for s in sources)


def assert_resource_policy(response: Any) -> None:
    assert response.mimetype != "text/html"
    assert_common(response)
    csp = policy(response)
    assert csp["default-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]


@pytest.fixture
def cors_app(tmp_path: Path, fake_embedder: FakeEmbedder):  # type: ignore[no-untyped-def]
    return create_app(make_config(tmp_path, LAB_EMBEDDER=fake_embedder,
                                  LAB_WIDGET_ORIGINS=ALLOWED))


@pytest.mark.parametrize("url", ["/", "/practices", "/practices/jobs-skane", "/map", "/submit",
                                 "/glossary", "/regions", "/widget", "/admin/login",
                                 "/practices?country=Atlantis"])
def test_pages(client, loaded_lab, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 400), response.status_code
    assert_page_policy(response)


@pytest.mark.parametrize("url", ["/api/v1/search?q=jobs", "/api/v1/practices/jobs-skane",
                                 "/api/v1/glossary", "/api/v1/regions", "/api/v1/map",
                                 "/healthz", "/openapi.json", "/practices/export.csv"])
def test_api_and_downloads(client, loaded_lab, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert_resource_policy(response)


def test_post_api(client, loaded_lab) -> None:
    response = client.post("/api/v1/ask", json={"question": "jobs for refugees"})
    assert response.status_code == 200
    assert_resource_policy(response)


@pytest.mark.parametrize("url", ["/static/css/lab.css", "/static/js/chat.js",
                                 "/static/vendor/leaflet/leaflet.js"])
def test_static_files(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert_resource_policy(response)
    assert "Cross-Origin-Resource-Policy" not in response.headers
    response.close()


def test_widget_script_stays_loadable_from_any_site(client) -> None:
    response = client.get("/widget.js", headers={"Origin": "https://any.example"})
    assert response.status_code == 200
    assert_resource_policy(response)
    # a plain <script> from another site: CORP must allow it (also behind COEP require-corp)
    assert response.headers.getlist("Cross-Origin-Resource-Policy") == ["cross-origin"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get("/widget.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers.getlist("Cross-Origin-Resource-Policy") == ["cross-origin"]
    assert_common(again)
    # a 304 updates the cached response's headers: it must not bring another policy
    assert "Content-Security-Policy" not in again.headers


def test_api_keeps_its_cors_headers(cors_app) -> None:
    client = cors_app.test_client()
    response = client.get("/api/v1/regions", headers={"Origin": ALLOWED})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert_resource_policy(response)
    preflight = client.options("/api/v1/ask", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert_common(preflight)
    answer = client.post("/api/v1/ask", json={"question": "jobs for refugees"},
                         headers={"Origin": ALLOWED})
    assert answer.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert_resource_policy(answer)


def test_error_responses(app, client) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert_page_policy(page)
    api = client.get("/api/v1/practices/no-such-practice")
    assert api.status_code == 404 and api.is_json
    assert_resource_policy(api)
    wrong_method = client.delete("/api/v1/search")
    assert wrong_method.status_code == 405
    assert_resource_policy(wrong_method)
    too_big = client.post("/api/v1/ask", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                          content_type="application/json")
    assert too_big.status_code == 413
    assert_resource_policy(too_big)
    no_token = client.post("/submit", data={"title": "x"})
    assert no_token.status_code == 400
    assert_page_policy(no_token)


def test_server_errors(app, client) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug")

    app.view_functions["api.healthz"] = boom
    app.view_functions["regions.index"] = boom
    api = client.get("/healthz")
    assert api.status_code == 500 and api.json["error"]["code"] == "internal_error"
    assert_resource_policy(api)
    page = client.get("/regions")
    assert page.status_code == 500
    assert_page_policy(page)


def test_redirects_and_forms(client, loaded_lab) -> None:
    redirect = client.get("/admin/")
    assert redirect.status_code in (302, 303)
    assert_common(redirect)
    posted = client.post("/", data=csrf(client, {"question": "jobs for refugees"}))
    assert posted.status_code == 200
    assert_page_policy(posted)


def test_hsts_only_with_secure_cookies(tmp_path: Path, fake_embedder, client,
                                       monkeypatch) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    monkeypatch.setenv("LAB_SECURE_COOKIES", "1")
    app = create_app(make_config(tmp_path / "secure", LAB_EMBEDDER=fake_embedder))
    secure = app.test_client()
    for url in ("/", "/api/v1/regions", "/widget.js", "/no-such-page"):
        hsts = secure.get(url, base_url="https://lab.example").headers.getlist(
            "Strict-Transport-Security")
        assert hsts == ["max-age=31536000"], url


# --- SECRET_KEY and the other secrets ----------------------------------------------------

@pytest.fixture
def clean_env(monkeypatch):  # type: ignore[no-untyped-def]
    for name in ENV_FLAGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def production_config(tmp: Path, **extra: Any) -> dict[str, Any]:
    settings = make_config(tmp, LAB_EMBEDDER=FakeEmbedder())
    settings.update({"TESTING": False, "DEBUG": False, "LAB_DEMO": False})
    settings.pop("SECRET_KEY")
    return {**settings, **extra}


def test_secret_key_is_required_outside_debug(tmp_path: Path, clean_env) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY") as raised:
        create_app(production_config(tmp_path))
    assert "SECRET_KEY must be set" in str(raised.value)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production_config(tmp_path, SECRET_KEY=""))
    assert not (tmp_path / "lab.db").exists()  # refused before opening anything


def test_secret_key_from_the_environment(tmp_path: Path, clean_env) -> None:
    clean_env.setenv("SECRET_KEY", "from-the-environment-0123456789abcdef")
    app = create_app(production_config(tmp_path))
    assert app.config["SECRET_KEY"] == "from-the-environment-0123456789abcdef"
    assert app.test_client().get("/healthz").status_code == 200


def test_secret_key_from_the_config_mapping(tmp_path: Path, clean_env) -> None:
    app = create_app(production_config(tmp_path, SECRET_KEY="given-by-the-caller"))
    assert app.config["SECRET_KEY"] == "given-by-the-caller"


@pytest.mark.parametrize("flag", ["TESTING", "DEBUG", "LAB_DEMO"])
def test_random_secret_key_in_debug_tests_and_demo(tmp_path: Path, clean_env,
                                                   flag: str) -> None:
    keys = set()
    for n in range(2):
        app = create_app({**production_config(tmp_path / str(n)), flag: True})
        keys.add(app.config["SECRET_KEY"])
    assert len(keys) == 2 and all(re.fullmatch(r"[0-9a-f]{64}", k) for k in keys)


def test_flask_debug_from_the_environment_allows_a_random_key(tmp_path: Path,
                                                               clean_env) -> None:
    clean_env.setenv("FLASK_DEBUG", "1")
    app = create_app(production_config(tmp_path) | {"DEBUG": True})
    assert len(app.config["SECRET_KEY"]) == 64


def test_config_defaults_hold_no_secret(clean_env) -> None:
    for name in list(os.environ):
        if SECRET_NAMES.search(name) or name.startswith(("SMTP_", "LAB_", "DATABASE_")):
            clean_env.delenv(name)
    settings = Config().as_mapping()
    secret_like = {k: v for k, v in settings.items() if SECRET_NAMES.search(k)}
    assert {"SECRET_KEY", "SMTP_PASSWORD"} <= set(secret_like)
    assert all(v in (None, "") for v in secret_like.values()), secret_like
    assert settings["SMTP_USER"] is None
    # no credentials in the default database address either
    assert "@" not in str(settings["DATABASE_URL"])


def test_secrets_come_from_the_environment(clean_env) -> None:
    clean_env.setenv("SMTP_PASSWORD", "smtp-pass-from-env")
    clean_env.setenv("SMTP_USER", "mailer")
    clean_env.setenv("SECRET_KEY", "key-from-env")
    settings = Config().as_mapping()
    assert settings["SMTP_PASSWORD"] == "smtp-pass-from-env"
    assert settings["SMTP_USER"] == "mailer"
    assert settings["SECRET_KEY"] == "key-from-env"


def test_config_source_reads_secrets_from_the_environment_only() -> None:
    """Each secret-named setting is `env.get(ITS OWN NAME) or None`: no literal fallback."""
    tree = ast.parse(inspect.getsource(config_module))
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Attribute) and SECRET_NAMES.search(target.attr):
                literals = [c.value for c in ast.walk(node.value)
                            if isinstance(c, ast.Constant) and c.value is not None]
                found[target.attr] = literals
    assert {"SECRET_KEY", "SMTP_PASSWORD"} <= set(found)
    for name, literals in found.items():
        assert literals == [name], f"{name} has a literal besides its variable: {literals}"


def test_no_hard_coded_credentials_in_the_source() -> None:
    """No `password = "..."`/`secret_key = "..."` style literal in the service's code."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(
        r"""(?ix)\b(secret_key|password|passwd|api_key|smtp_password|access_token)\b
            \s*[:=]\s*[rbuf]?["'][^"'\s]{6,}["']""")
    hits = []
    for package in ("web", "knowledge", "assistant", "ingest"):
        for path in (root / package).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    hits.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert hits == []
