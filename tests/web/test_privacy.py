"""Contact details and unpublished submissions never reach a public output; HTML is never live.

Every public route of the app is fetched (found from the URL map, so a new page is covered
the day it is added) with a published practice whose contact is a seeded address and whose
title carries a <script>, next to a submission that was never published.
"""
from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import select

from knowledge.models import OutboxMessage, Passage
from tests.forms import csrf

SECRET_EMAIL = "seeded.secret.contact@example.org"
SECRET_NAME = "Zacharias Hiddenname"
UNPUBLISHED_MARKER = "Quokkaflux"
HOSTILE = '<script>alert("pwned")</script>'
PUBLISHED = {
    "id": "hostile-title", "title": f"Mentoring {HOSTILE} for newcomers",
    "region": "Skåne", "country": "SE", "language": "en", "areas": ["employment"],
    "target_groups": ["women"], "authority_role": "leader",
    "summary": f"Mentors <img src=x onerror=alert(2)> help newcomers find work. {HOSTILE}",
    "challenges": "Employers hesitated.", "solutions": "Paid mentors.",
    "lessons_learnt": "Start small.", "latitude": 55.6, "longitude": 13.0,
    "contact": {"name": SECRET_NAME, "organisation": "Secret Org", "email": SECRET_EMAIL},
}
SUBMITTED = {
    "title": f"{UNPUBLISHED_MARKER} language cafés", "region": "Attica", "country": "GR",
    "summary": f"{UNPUBLISHED_MARKER} cafés where newcomers practise Greek.",
    "challenges": "Volunteers were scarce.", "areas": ["language"],
    "contact": {"name": "Other Person", "email": "other.private@example.org"},
    "consent": True,
}
SKIP_PREFIXES = ("/admin", "/api/v1/admin", "/questionnaire", "/static")


@pytest.fixture
def seeded(lab):  # type: ignore[no-untyped-def]
    from knowledge.schema import validate_practice
    lab.kb.import_practices([validate_practice(copy.deepcopy(PUBLISHED))])
    receipt = lab.submissions.submit(copy.deepcopy(SUBMITTED), lang="en")
    return receipt


def public_urls(app: Any) -> list[str]:
    """Every GET route that is public, with its parameters filled in."""
    values = {"practice_id": "hostile-title", "slug": "skane"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIP_PREFIXES):
            continue
        try:
            url = rule.build(values, append_unknown=False)[1]
        except Exception:
            raise AssertionError(f"add a value for the parameters of {rule.rule}")
        urls.append(url)
    return sorted(set(urls))


def searchable_outputs(client: Any, app: Any) -> dict[str, str]:
    outputs: dict[str, str] = {}
    for url in public_urls(app):
        outputs[url] = client.get(url).get_data(as_text=True)
    for url in ("/api/v1/search?q=mentoring", f"/api/v1/search?q={UNPUBLISHED_MARKER}",
                "/api/v1/search?q=", "/practices?q=mentoring", "/practices?q=cafés",
                "/practices/export.csv", "/practices/export.json",
                "/practices/export.csv?q=" + UNPUBLISHED_MARKER,
                "/api/v1/map", "/map?country=SE", "/regions/attica",
                "/practices/" + "quokkaflux", "/api/v1/glossary?lang=en"):
        outputs[url] = client.get(url).get_data(as_text=True)
    for question in ("How do mentors help newcomers find work?",
                     f"{UNPUBLISHED_MARKER} language cafés", f"Who is {SECRET_NAME}?"):
        # the question is echoed back; what matters is what the answer adds to it
        answer = client.post("/api/v1/ask", json={"question": question, "lang": "en"})
        outputs[f"ask:{question}"] = answer.get_data(as_text=True).replace(question, "")
        page = client.post("/", data=csrf(client, {"question": question}))
        outputs[f"chat:{question}"] = page.get_data(as_text=True).replace(question, "")
    return outputs


def test_contact_details_never_leave_the_coordinators_view(app, client, lab, seeded) -> None:
    outputs = searchable_outputs(client, app)
    assert len(outputs) > 25
    leaks = [url for url, body in outputs.items()
             if SECRET_EMAIL in body or SECRET_NAME in body or "Secret Org" in body
             or "other.private@example.org" in body]
    assert leaks == []
    # the practice itself is public, so the check above looked at pages that show it
    assert "Mentoring" in outputs["/practices/hostile-title"]
    assert "Mentoring" in outputs["/api/v1/search?q=mentoring"]


def test_contact_details_are_not_in_either_index(lab, seeded) -> None:
    index = lab.stack.vector_index
    snap = index.snapshot(index.all_ids())
    blob = json.dumps([snap.documents, snap.metadatas], ensure_ascii=False)
    with lab.session_factory() as session:
        blob += json.dumps([p.text for p in session.scalars(select(Passage))],
                           ensure_ascii=False)
    assert "Mentoring" in blob
    assert SECRET_EMAIL not in blob and SECRET_NAME not in blob and "Secret Org" not in blob
    assert UNPUBLISHED_MARKER not in blob and "other.private" not in blob


def test_unpublished_submission_is_nowhere_public(app, client, seeded) -> None:
    outputs = searchable_outputs(client, app)
    assert [url for url, body in outputs.items()
            if UNPUBLISHED_MARKER in body and not url.startswith(("ask:", "chat:"))] == []
    # the questions quote the marker back; the answers must not cite the submission
    for key in (f"ask:{UNPUBLISHED_MARKER} language cafés",):
        assert seeded.practice_id not in outputs[key]
    assert client.get(f"/practices/{seeded.practice_id}").status_code == 404
    assert client.get(f"/api/v1/practices/{seeded.practice_id}").status_code == 404


def test_markup_in_a_practice_is_text_on_every_page(app, client, seeded) -> None:
    outputs = searchable_outputs(client, app)
    html_pages = {url: body for url, body in outputs.items()
                  if body.lstrip().startswith("<!doctype html")}
    assert len(html_pages) >= 10
    for url, body in html_pages.items():
        assert HOSTILE not in body, url
        assert "<img src=x" not in body, url
    assert "&lt;script&gt;alert(" in html_pages["/practices/hostile-title"]
    # JSON carries the text as data, labelled as JSON so no browser renders it as a page
    for url in ("/api/v1/search?q=mentoring", "/api/v1/map", "/practices/export.json"):
        response = client.get(url)
        assert response.mimetype == "application/json", url
    csv_text = outputs["/practices/export.csv"]
    assert "Mentoring" in csv_text


def test_e_mails_carry_the_title_as_plain_text(lab, seeded) -> None:
    with lab.session_factory() as session:
        message = session.scalar(select(OutboxMessage))
    assert message.to == "other.private@example.org"
    assert UNPUBLISHED_MARKER in message.subject + message.body
