"""The coordinators' pages and admin API end to end: queue, edit, questionnaire, publish."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from knowledge.models import OutboxMessage
from tests.forms import csrf

PASSWORD = "correct horse battery staple"
COORDINATOR = "coord@example.org"
CONTRIBUTOR = "marie.private@example.org"
BASE = "http://localhost"
SUBMISSION: dict[str, Any] = {
    "title": "Ateliers de conversation pour parents", "region": "Bretagne", "country": "FR",
    "language": "fr", "areas": ["language"], "target_groups": ["families"],
    "summary": "Des bénévoles animent des ateliers de conversation à l'école.",
    "challenges": "Les parents travaillent en horaires décalés.",
    "contact": {"name": "Marie", "organisation": "Région Bretagne", "email": CONTRIBUTOR},
    "consent": True,
}
ANSWERS = {"authority_role": ["leader", "funding"], "areas": ["language", "education"],
           "target_groups": ["families", "women"], "scale": "regional", "stage": "ongoing",
           "beneficiaries": "1 200", "evaluated": "internal",
           "strongest_aspects": ["inclusion", "communication"], "comments": "Merci !"}


def coordinator(app, lab, role: str = "coordinator"):  # type: ignore[no-untyped-def]
    """A client signed in as a new account with this role."""
    email = COORDINATOR if role == "coordinator" else f"{role}@example.org"
    lab.accounts.create(email, PASSWORD, role=role)
    client = app.test_client()
    client.get("/admin/login")
    resp = client.post("/admin/login", data=csrf(client, {"email": email, "password": PASSWORD}))
    assert resp.status_code == 303
    return client


def post(client, url: str, data: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Post a form and follow the redirect to the page with the message."""
    return client.post(url, data=csrf(client, data), follow_redirects=True)


def api(client, method: str, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    token = client.get("/api/v1/admin/session").get_json()["csrf_token"]
    return client.open(url, method=method, headers={"X-CSRF-Token": token}, **kwargs)


def mails(lab) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with lab.session_factory() as db:
        return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def public_ids(client, words: str) -> tuple[set[str], set[str], int]:  # type: ignore[no-untyped-def]
    """What the public sees: ids found by search, ids on the map."""
    found = {r["id"] for r in client.get(f"/api/v1/search?q={words}").get_json()["results"]}
    data = client.get("/api/v1/map").get_json()
    on_map = {p["id"] for p in data["placed"] + data["unplaced"]}
    return found, on_map, data["total"]


def test_a_submission_from_queue_to_publication_and_back(app, lab):
    client = coordinator(app, lab)
    public = app.test_client()
    receipt = lab.submissions.submit(SUBMISSION, lang="fr", base_url=BASE)
    pid, page = receipt.practice_id, f"/admin/practices/{receipt.practice_id}"

    queue = client.get("/admin/?status=submitted").get_data(as_text=True)
    assert receipt.reference in queue and SUBMISSION["title"] in queue
    assert "New <span class=\"count\">(1)</span>" in queue
    assert CONTRIBUTOR in client.get(page).get_data(as_text=True)  # the contact, only here
    assert receipt.reference in client.get("/admin/?q=conversation").get_data(as_text=True)
    assert receipt.reference not in client.get("/admin/?q=zzz").get_data(as_text=True)

    # edit: every field is in the form; the audit shows who changed what
    form = dict(SUBMISSION, title="Ateliers de conversation pour parents d'élèves",
                results="Quarante familles", **{"contact.name": "Marie",
                                                "contact.organisation": "Région Bretagne",
                                                "contact.email": CONTRIBUTOR})
    del form["contact"], form["consent"]
    resp = post(client, f"{page}/edit", form)
    html = resp.get_data(as_text=True)
    assert "The practice is saved." in html
    detail = lab.submissions.detail(pid)
    assert detail.record.results == "Quarante familles"
    edited = detail.history[0]
    assert edited.actor == COORDINATOR and edited.action == "edited"
    assert set(edited.details["changes"]) == {"title", "results"}  # nothing else "changed"
    history = html[html.index('id="historyHeading"'):]
    assert COORDINATOR in history and "Results" in history and "Quarante familles" in history

    resp = post(client, f"{page}/evaluation", {
        "evaluation.inclusion.inspiring": "Parents lead the sessions.",
        "evaluation.inclusion.improvement": "Reach fathers too."})
    assert "The evaluation is saved." in resp.get_data(as_text=True)
    assert lab.submissions.detail(pid).record.evaluation == {
        "inclusion": {"inspiring": "Parents lead the sessions.",
                      "improvement": "Reach fathers too."}}

    resp = post(client, f"{page}/translation", {"lang": "en", "title": "Conversation workshops",
                                                 "summary": "Volunteers run workshops."})
    assert "The translation into English is saved." in resp.get_data(as_text=True)
    assert lab.submissions.detail(pid).record.translations["en"]["title"] == \
        "Conversation workshops"
    assert "Conversation workshops" in client.get(f"{page}?tlang=en").get_data(as_text=True)

    # the questionnaire: link by e-mail, answered on its page, applied to the practice
    resp = post(client, f"{page}/questionnaire")
    assert "The questionnaire is on its way" in resp.get_data(as_text=True)
    sent = [m for m in mails(lab) if m.kind == "questionnaire"][-1]
    link = re.search(r"https?://\S+/questionnaire/\S+", sent.body).group(0)
    contributor = app.test_client()
    path = link.removeprefix(BASE)
    assert contributor.get(path).status_code == 200
    data: dict[str, Any] = csrf(contributor, ANSWERS)
    assert contributor.post(path, data=data).status_code == 303
    html = client.get(page).get_data(as_text=True)
    assert "Answered on" in html and "1200" in html
    resp = post(client, f"{page}/apply-questionnaire")
    assert "The questionnaire answers are applied" in resp.get_data(as_text=True)
    record = lab.submissions.detail(pid).record
    assert record.authority_role == ["leader", "funding"]
    assert set(record.areas) == {"language", "education"}
    assert set(record.target_groups) == {"families", "women"}

    # not public before publication
    assert pid not in public_ids(public, "conversation")[0]
    resp = post(client, f"{page}/publish")
    assert "The practice is published" in resp.get_data(as_text=True)
    found, on_map, _total = public_ids(public, "conversation")
    assert pid in found and pid in on_map
    assert public.get(f"/practices/{pid}").status_code == 200
    assert CONTRIBUTOR not in public.get(f"/practices/{pid}").get_data(as_text=True)

    # editing a published practice updates the search at once
    form["title"] = "Cafés des parents multilingues"
    post(client, f"{page}/edit", form)
    assert pid in public_ids(public, "multilingues")[0]

    resp = post(client, f"{page}/unpublish")
    assert "The practice is unpublished" in resp.get_data(as_text=True)
    found, on_map, _total = public_ids(public, "multilingues")
    assert pid not in found and pid not in on_map
    assert public.get(f"/practices/{pid}").status_code == 404
    assert lab.submissions.detail(pid).status == "in_review"

    sent = mails(lab)
    assert [m.kind for m in sent] == ["receipt", "questionnaire", "published"]
    assert {m.to for m in sent} == {CONTRIBUTOR} and {m.lang for m in sent} == {"fr"}
    assert all(m.body.startswith("Bonjour Marie") for m in sent)
    assert f"{BASE}/practices/{pid}" in sent[-1].body


def test_reject_needs_a_reason_which_the_contributor_is_told(app, lab):
    client = coordinator(app, lab)
    pid = lab.submissions.submit(SUBMISSION, lang="fr", base_url=BASE).practice_id
    page = f"/admin/practices/{pid}"
    resp = client.post(f"{page}/reject", data=csrf(client, {"reason": "  "}))
    assert resp.status_code == 422
    assert 'id="reject-reason-error">This field is required.' in resp.get_data(as_text=True)
    assert lab.submissions.detail(pid).status == "submitted"
    resp = post(client, f"{page}/reject", {"reason": "Pas assez de détails sur les résultats."})
    assert "The practice is rejected." in resp.get_data(as_text=True)
    detail = lab.submissions.detail(pid)
    assert detail.status == "rejected"
    assert detail.submission["rejection_reason"] == "Pas assez de détails sur les résultats."
    rejected = mails(lab)[-1]
    assert rejected.kind == "rejected" and rejected.lang == "fr"
    assert "Pas assez de détails" in rejected.body
    assert "Rejected" in client.get("/admin/?status=rejected").get_data(as_text=True)
    resp = post(client, f"{page}/unpublish")  # not published: a clear message, nothing done
    assert "not possible while the practice is “Rejected”" in resp.get_data(as_text=True)


def test_a_refused_edit_keeps_the_values_and_says_what_is_wrong(app, lab):
    client = coordinator(app, lab)
    pid = lab.submissions.submit(SUBMISSION, lang="fr", base_url=BASE).practice_id
    form = {"title": "Un titre <b>nouveau</b>", "region": "Bretagne", "country": "FR",
            "language": "fr", "summary": SUBMISSION["summary"], "challenges": "x",
            "start_year": "deux mille", "contact.email": "not-an-address"}
    resp = client.post(f"/admin/practices/{pid}/edit?lang=fr", data=csrf(client, form))
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'value="Un titre &lt;b&gt;nouveau&lt;/b&gt;"' in html     # kept, and escaped
    # next to its field, in the coordinator's language (?lang=fr)
    assert 'id="edit-start_year-error">« deux mille » n&#39;est pas une année' in html
    assert 'id="edit-contact-email-error"' in html and 'aria-invalid="true"' in html
    assert lab.submissions.detail(pid).record.title == SUBMISSION["title"]


def test_a_failed_indexing_keeps_the_publication_and_can_be_retried(app, lab, monkeypatch):
    client = coordinator(app, lab)
    public = app.test_client()
    pid = lab.submissions.submit(SUBMISSION, lang="fr", base_url=BASE).practice_id
    page = f"/admin/practices/{pid}"

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("vector store unavailable")

    monkeypatch.setattr(lab.stack.vector_index, "upsert", broken)
    html = post(client, f"{page}/publish").get_data(as_text=True)
    assert "The practice is published" in html
    assert "The change is saved, but the search index could not be updated" in html
    assert "Retry indexing" in html
    detail = lab.submissions.detail(pid)
    assert detail.status == "published" and not detail.index_ok
    assert "index out of date" in client.get("/admin/?status=published").get_data(as_text=True)

    html = post(client, f"{page}/reindex").get_data(as_text=True)
    assert "Indexing failed again" in html
    monkeypatch.undo()
    html = post(client, f"{page}/reindex").get_data(as_text=True)
    assert "The search index is up to date for this practice." in html
    assert lab.submissions.detail(pid).index_ok
    assert "index out of date" not in client.get(page).get_data(as_text=True)
    assert pid in public_ids(public, "conversation")[0]


def test_imported_practices_are_in_the_queue_and_can_be_edited_and_unpublished(app, loaded_lab):
    lab = loaded_lab
    client = coordinator(app, lab)
    public = app.test_client()
    queue = client.get("/admin/?status=published").get_data(as_text=True)
    assert "Fast track to jobs for refugees" in queue and "imported" in queue
    page = client.get("/admin/practices/jobs-skane").get_data(as_text=True)
    assert "anna.secret@example.org" in page and "did not come through the form" in page
    resp = api(client, "PATCH", "/api/v1/admin/practices/jobs-skane",
               json={"title": "Fast track to jobs with apprenticeships"})
    assert resp.status_code == 200 and resp.get_json()["indexed"] is True
    assert "jobs-skane" in public_ids(public, "apprenticeships")[0]
    html = post(client, "/admin/practices/jobs-skane/unpublish").get_data(as_text=True)
    assert "The practice is unpublished" in html
    assert "jobs-skane" not in public_ids(public, "apprenticeships")[0]
    assert mails(lab) == []  # no contributor to tell


def test_admin_api(app, lab):
    client = coordinator(app, lab)
    receipt = lab.submissions.submit(SUBMISSION, lang="fr", base_url=BASE)
    url = f"/api/v1/admin/practices/{receipt.practice_id}"
    session = client.get("/api/v1/admin/session").get_json()
    assert session["account"] == COORDINATOR and session["role"] == "coordinator"
    queue = client.get("/api/v1/admin/queue?status=submitted&limit=5").get_json()
    assert queue["total"] == 1 and queue["counts"]["submitted"] == 1
    assert queue["items"][0]["reference"] == receipt.reference
    assert client.get("/api/v1/admin/queue?status=nonsense").status_code == 400
    detail = client.get(url).get_json()
    assert detail["record"]["contact"]["email"] == CONTRIBUTOR
    assert detail["submission"]["lang"] == "fr" and detail["history"][0]["action"] == "submitted"
    assert client.get("/api/v1/admin/practices/nope").status_code == 404

    token = session["csrf_token"]
    resp = client.patch(url, json={"start_year": "soon", "title": ""},
                        headers={"X-CSRF-Token": token, "Accept-Language": "fr"})
    assert resp.status_code == 422
    fields = {f["field"]: f for f in resp.get_json()["error"]["fields"]}
    assert set(fields) == {"start_year", "title"}
    assert fields["title"]["message"] == "Ce champ est obligatoire."
    assert client.post(f"{url}/reject", json={"reason": ""},
                       headers={"X-CSRF-Token": token}).status_code == 422
    assert client.post(f"{url}/unpublish", headers={"X-CSRF-Token": token}).status_code == 409
    assert client.post(f"{url}/review", headers={"X-CSRF-Token": token}).get_json() == \
        {"id": receipt.practice_id, "status": "in_review", "indexed": True}
    sent = client.post(f"{url}/questionnaire", headers={"X-CSRF-Token": token}).get_json()
    assert sent["link"].startswith(f"{BASE}/questionnaire/")
    published = client.post(f"{url}/publish", headers={"X-CSRF-Token": token})
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    assert client.post(f"{url}/publish", headers={"X-CSRF-Token": token}).status_code == 409
    assert client.get("/api/v1/practices/" + receipt.practice_id).status_code == 200
