"""Sign-in and access rules of every /admin page and /api/v1/admin call (web/admin/auth.py)."""
from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import quote, urlsplit

from sqlalchemy import update
from werkzeug.routing.converters import AnyConverter

from knowledge.models import Account
from tests.conftest import make_config
from tests.forms import csrf

PASSWORD = "correct horse battery staple"
COORDINATOR, OBSERVER = "coord@example.org", "observer@example.org"
CONTRIBUTOR = "contributor.private@example.org"
PREFIXES = ("/admin", "/api/v1/admin")
PUBLIC = {"admin.login"}           # the sign-in form itself is open to everyone
SESSION_ENDS = {"admin.logout"}    # a write, but not a change to any practice
GENERIC = "The e-mail address or the password is not right."
SUBMISSION = {
    "title": "Mentoring for newly arrived women", "region": "Attica", "country": "GR",
    "language": "en", "areas": ["language"], "target_groups": ["women"],
    "summary": "Volunteer mentors meet newly arrived women every week.",
    "challenges": "Few mentors speak Arabic or Farsi.",
    "contact": {"name": "Eleni", "email": CONTRIBUTOR}, "consent": True,
}


def make_app(tmp_path, fake_embedder, **settings: Any):  # type: ignore[no-untyped-def]
    """An app on temporary stores with these settings."""
    from web import create_app
    return create_app(make_config(tmp_path, LAB_EMBEDDER=fake_embedder, **settings))


def accounts(lab) -> None:  # type: ignore[no-untyped-def]
    lab.accounts.create(COORDINATOR, PASSWORD, name="Coordinator", role="coordinator")
    lab.accounts.create(OBSERVER, PASSWORD, name="Observer", role="observer")


def sign_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):  # type: ignore[no-untyped-def]
    """Open the sign-in form (for its CSRF token) and send it."""
    client.get("/admin/login")
    target = "/admin/login" + (f"?next={quote(next_url, safe='')}" if next_url else "")
    return client.post(target, data=csrf(client, {"email": email, "password": password}))


def token(client) -> str:  # type: ignore[no-untyped-def]
    return str(csrf(client)["csrf_token"])


def admin_calls(app, practice_id: str) -> Iterator[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(endpoint, method, url) for every method of every admin rule of the app."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIXES):
            continue
        variants: list[dict[str, str]] = [{}]
        for arg in sorted(rule.arguments):
            converter = rule._converters.get(arg)
            choices = sorted(converter.items) if isinstance(converter, AnyConverter) \
                else [practice_id]
            variants = [{**v, arg: choice} for v in variants for choice in choices]
        for values in variants:
            url = adapter.build(rule.endpoint, values)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url


def call(client, method: str, url: str):  # type: ignore[no-untyped-def]
    """A request as a browser or script would send it: with this session's CSRF token."""
    sent = token(client)
    if url.startswith("/api/"):
        body = {"json": {}} if method != "GET" else {}
        return client.open(url, method=method, headers={"X-CSRF-Token": sent}, **body)
    return client.open(url, method=method, data={"csrf_token": sent} if method != "GET" else None)


def is_write(method: str) -> bool:
    return method not in ("GET", "HEAD", "OPTIONS")


def test_every_admin_route_refuses_anonymous_and_observers(app, client, lab):
    accounts(lab)
    pid = lab.submissions.submit(SUBMISSION, lang="en").practice_id
    calls = [c for c in admin_calls(app, pid) if c[0] not in PUBLIC]
    endpoints = {endpoint for endpoint, _m, _u in calls}
    # the enumeration itself must find the whole area, or this test proves nothing
    assert {"admin.queue", "admin.detail", "admin.edit", "admin.publish", "admin.reject",
            "admin.logout", "api.admin_queue", "api.admin_update", "api.admin_step"} <= endpoints
    assert len(calls) >= 24

    for endpoint, method, url in calls:
        resp = call(client, method, url)
        where = f"anonymous {method} {url}"
        if url.startswith("/api/"):
            assert resp.status_code == 401, where
            assert resp.get_json()["error"]["code"] == "unauthenticated", where
        else:
            assert resp.status_code == 302, where
            assert urlsplit(resp.location).path == "/admin/login", where
        assert CONTRIBUTOR not in resp.get_data(as_text=True), where

    observer = app.test_client()
    assert sign_in(observer, OBSERVER).status_code == 303
    for endpoint, method, url in calls:
        if endpoint in SESSION_ENDS:
            continue
        resp = call(observer, method, url)
        where = f"observer {method} {url}"
        assert resp.status_code == (403 if is_write(method) else 200), where
    assert lab.submissions.detail(pid).status == "submitted"  # nothing changed
    assert [h.action for h in lab.submissions.detail(pid).history] == ["submitted"]

    coordinator = app.test_client()
    sign_in(coordinator, COORDINATOR)
    for endpoint, method, url in calls:
        if endpoint in SESSION_ENDS:
            continue
        resp = call(coordinator, method, url)
        where = f"coordinator {method} {url}"
        assert resp.status_code not in (401, 403, 500), where
        assert "/admin/login" not in (resp.location or ""), where
    assert len(lab.submissions.detail(pid).history) > 1  # the coordinator's steps were done

    for signed_in in (observer, coordinator):
        resp = call(signed_in, "POST", "/admin/logout")
        assert resp.status_code == 303
        assert call(signed_in, "GET", "/admin/").status_code == 302
        assert call(signed_in, "GET", "/api/v1/admin/queue").status_code == 401


def test_wrong_password_unknown_and_inactive_accounts_get_the_same_answer(client, lab):
    accounts(lab)
    lab.accounts.create("gone@example.org", PASSWORD, role="coordinator")
    lab.accounts.set_active("gone@example.org", False)
    answers = [sign_in(client, COORDINATOR, "wrong password 123"),
               sign_in(client, "nobody@example.org", PASSWORD),
               sign_in(client, "gone@example.org", PASSWORD)]
    for resp in answers:
        assert resp.status_code == 401
        page = resp.get_data(as_text=True)
        assert GENERIC in page
        assert "inactive" not in page.lower() and "unknown" not in page.lower()
    assert answers[0].get_data(as_text=True).count(GENERIC) == 1
    assert f'value="{COORDINATOR}"' in answers[0].get_data(as_text=True)  # e-mail kept
    assert client.get("/admin/").status_code == 302


def test_lockout_after_repeated_failures_even_with_the_right_password(tmp_path, fake_embedder):
    app = make_app(tmp_path, fake_embedder, LAB_LOGIN_MAX_FAILURES=3, LAB_LOCKOUT_MINUTES=15)
    accounts(app.extensions["lab"])
    client = app.test_client()
    for _attempt in range(2):
        assert sign_in(client, COORDINATOR, "not the password").status_code == 401
    third = sign_in(client, COORDINATOR, "not the password")
    assert third.status_code == 429
    resp = sign_in(client, COORDINATOR, PASSWORD)
    assert resp.status_code == 429
    page = resp.get_data(as_text=True)
    assert "try again in 15 minutes" in page
    assert int(resp.headers["Retry-After"]) == 15 * 60
    assert client.get("/admin/").status_code == 302


def test_login_is_rate_limited_per_address(tmp_path, fake_embedder):
    app = make_app(tmp_path, fake_embedder, LAB_LOGIN_RATE="3/hour")
    accounts(app.extensions["lab"])
    client = app.test_client()
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        assert sign_in(client, email, "whatever password").status_code == 401
    resp = sign_in(client, COORDINATOR, PASSWORD)
    assert resp.status_code == 429
    assert "Too many requests from your address" in resp.get_data(as_text=True)
    assert int(resp.headers["Retry-After"]) > 0
    assert client.get("/admin/").status_code == 302  # not signed in


def test_session_expires_after_inactivity_on_the_server(tmp_path, fake_embedder):
    app = make_app(tmp_path, fake_embedder, LAB_SESSION_MINUTES=5)
    accounts(app.extensions["lab"])
    client = app.test_client()
    sign_in(client, COORDINATOR)
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        session["last_seen"] -= 4 * 60          # active four minutes ago: still signed in
        before = session["last_seen"]
    assert client.get("/api/v1/admin/queue").status_code == 200
    with client.session_transaction() as session:
        assert session["last_seen"] > before    # every request counts as activity
        session["last_seen"] -= 6 * 60          # idle longer than LAB_SESSION_MINUTES
    resp = client.get("/admin/practices/anything")
    assert resp.status_code == 302 and urlsplit(resp.location).path == "/admin/login"
    assert "inactivity" in client.get(resp.location).get_data(as_text=True)
    assert client.get("/api/v1/admin/queue").status_code == 401
    with client.session_transaction() as session:
        assert "account_id" not in session


def test_deactivated_account_and_changed_role_take_effect_at_once(app, client, lab):
    accounts(lab)
    pid = lab.submissions.submit(SUBMISSION, lang="en").practice_id
    sign_in(client, COORDINATOR)
    assert client.get("/api/v1/admin/session").get_json()["role"] == "coordinator"
    with lab.session_factory.begin() as db:
        db.execute(update(Account).where(Account.email == COORDINATOR).values(role="observer"))
    assert call(client, "POST", f"/admin/practices/{pid}/publish").status_code == 403
    assert lab.submissions.detail(pid).status == "submitted"
    lab.accounts.set_active(COORDINATOR, False)
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/admin/session").status_code == 401


def test_missing_csrf_token_is_refused_and_changes_nothing(app, client, lab):
    accounts(lab)
    pid = lab.submissions.submit(SUBMISSION, lang="en").practice_id
    sign_in(client, COORDINATOR)
    assert client.post(f"/admin/practices/{pid}/publish").status_code == 400
    assert client.post(f"/admin/practices/{pid}/edit", data={"title": "Changed"}).status_code == 400
    assert client.post(f"/admin/practices/{pid}/publish",
                       data={"csrf_token": "forged"}).status_code == 400
    api = f"/api/v1/admin/practices/{pid}"
    assert client.post(f"{api}/publish", json={}).status_code == 400
    assert client.patch(api, json={"title": "Changed"}).status_code == 400
    assert client.patch(api, json={"title": "Changed"},
                        headers={"X-CSRF-Token": "forged"}).status_code == 400
    detail = lab.submissions.detail(pid)
    assert detail.status == "submitted" and detail.record.title == SUBMISSION["title"]
    assert [h.action for h in detail.history] == ["submitted"]
    fresh = app.test_client()   # the sign-in form is protected too
    fresh.get("/admin/login")
    resp = fresh.post("/admin/login", data={"email": COORDINATOR, "password": PASSWORD})
    assert resp.status_code == 400 and fresh.get("/admin/").status_code == 302


def test_next_only_leads_to_pages_of_this_site(app, lab):
    accounts(lab)
    for evil in ("//evil.example", "https://evil.example/admin", "/\\evil.example",
                 "javascript:alert(1)", "///evil.example"):
        client = app.test_client()
        resp = sign_in(client, COORDINATOR, next_url=evil)
        assert resp.status_code == 303, evil
        assert resp.location == "/admin/", evil
    client = app.test_client()
    target = client.get("/admin/?status=published").location
    assert urlsplit(target).path == "/admin/login" and "next=" in target
    resp = sign_in(client, COORDINATOR, next_url="/admin/?status=published")
    assert resp.location == "/admin/?status=published"


def test_signing_in_starts_a_new_session(client, lab):
    accounts(lab)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, COORDINATOR)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent and session["role"] == "coordinator"
    assert sign_in(client, COORDINATOR).status_code == 303  # signed in again: same rules
