"""The contributor's questionnaire page (web/questionnaire): language, answers, bad links."""
from __future__ import annotations

import time
from typing import Any

from itsdangerous.timed import TimestampSigner

from tests.forms import csrf

BASE = "http://localhost"
SUBMISSION: dict[str, Any] = {
    "title": "Ateliers de conversation pour parents", "region": "Bretagne", "country": "FR",
    "language": "fr", "areas": ["language"], "target_groups": ["families"],
    "summary": "Des bénévoles animent des ateliers de conversation à l'école.",
    "challenges": "Les parents travaillent en horaires décalés.",
    "contact": {"name": "Marie", "email": "marie@example.org"}, "consent": True,
}
ANSWERS = {"authority_role": ["coordinator"], "areas": ["language", "education"],
           "target_groups": ["families"], "scale": "local", "stage": "pilot",
           "beneficiaries": "1 500", "budget": "under_50k", "funding_sources": ["eu"],
           "evaluated": "planned", "strongest_aspects": ["inclusion"],
           "comments": "<script>alert(1)</script>"}


def send_link(lab, lang: str = "fr") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A submission in `lang` and the path of its questionnaire link."""
    pid = lab.submissions.submit(SUBMISSION, lang=lang, base_url=BASE).practice_id
    link = lab.submissions.send_questionnaire(pid, "coord@example.org", BASE)
    return pid, link.removeprefix(BASE)


def test_the_form_speaks_the_submission_language(client, lab):
    _pid, path = send_link(lab, "fr")
    resp = client.get(path, headers={"Accept-Language": "de"})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Quelques questions sur votre pratique" in html
    assert SUBMISSION["title"] in html and "IL-" in html
    assert "Quel rôle l’autorité régionale joue-t-elle dans la pratique ?" in html
    assert ">Familles</label>" in html            # vocabulary options in French too
    assert ">Projet pilote</label>" in html        # and the questionnaire's own options
    german = client.get(f"{path}?lang=de").get_data(as_text=True)
    assert '<html lang="de">' in german and "Einige Fragen zu Ihrem Praxisbeispiel" in german


def test_answers_are_stored_and_the_link_is_then_used_up(client, lab):
    pid, path = send_link(lab, "fr")
    client.get(path)
    resp = client.post(path, data=csrf(client, ANSWERS))
    assert resp.status_code == 303 and resp.location == "/questionnaire/thanks"
    thanks = client.get(resp.location).get_data(as_text=True)
    assert '<html lang="fr">' in thanks and "Merci pour vos réponses" in thanks
    answers = lab.submissions.detail(pid).submission["questionnaire"]
    assert answers["beneficiaries"] == 1500 and answers["areas"] == ["language", "education"]
    assert answers["comments"] == "<script>alert(1)</script>"   # stored as text

    again = client.get(path, headers={"Accept-Language": "en"})
    assert again.status_code == 410
    html = again.get_data(as_text=True)
    assert '<html lang="fr">' in html and "Vous avez déjà répondu" in html
    assert client.post(path, data=csrf(client, ANSWERS)).status_code == 410
    assert lab.submissions.detail(pid).submission["questionnaire"] == answers


def test_errors_are_shown_next_to_the_questions_in_the_page_language(client, lab):
    pid, path = send_link(lab, "fr")
    client.get(path)
    sent = {"areas": ["language"], "beneficiaries": "beaucoup", "comments": "Déjà 3 écoles"}
    resp = client.post(path, data=csrf(client, sent))
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="q-authority_role-error">Ce champ est obligatoire.' in html
    assert 'id="q-beneficiaries-error">« beaucoup »' in html
    assert 'value="language" checked' in html and 'value="beaucoup"' in html
    assert "Déjà 3 écoles</textarea>" in html
    assert 'id="q-scale-error"' in html and 'id="q-comments-error"' not in html
    assert lab.submissions.detail(pid).submission["questionnaire"] == {}
    forged = client.post(path, data=csrf(client, dict(ANSWERS, scale="galactic")))
    assert forged.status_code == 422 and 'id="q-scale-error"' in forged.get_data(as_text=True)


def test_limits_of_choices_numbers_and_comments_are_field_errors(client, lab):
    pid, path = send_link(lab, "fr")
    client.get(path)
    sent = dict(ANSWERS, strongest_aspects=["inclusion", "innovation", "communication",
                                            "monitoring_evaluation"],
                beneficiaries="-5", comments="mot " * 600)
    resp = client.post(path, data=csrf(client, sent))
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="q-strongest_aspects-error">Veuillez en choisir au plus 3.' in html
    assert 'id="q-beneficiaries-error">' in html and 'id="q-comments-error">' in html
    assert lab.submissions.detail(pid).submission["questionnaire"] == {}


def test_a_post_without_the_form_token_is_refused_with_the_answers_kept(client, lab):
    pid, path = send_link(lab, "fr")
    client.get(path)
    resp = client.post(path, data=ANSWERS)
    assert resp.status_code == 400
    assert 'value="under_50k" checked' in resp.get_data(as_text=True)
    assert lab.submissions.detail(pid).submission["questionnaire"] == {}


def test_forged_or_garbled_links_are_not_found(client, lab):
    _pid, path = send_link(lab, "fr")
    token = path.rsplit("/", 1)[1]
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in ("garbage", flipped, token[:20], "x" * 300):
        resp = client.get(f"/questionnaire/{bad}", headers={"Accept-Language": "en"})
        assert resp.status_code == 404, bad
        html = resp.get_data(as_text=True)
        assert "This link does not work" in html and "Traceback" not in html
    from knowledge.questionnaire import QuestionnaireLinks
    other_secret = QuestionnaireLinks("another secret").make("IL-2026-AAAAAA", "nonce")
    assert client.get(f"/questionnaire/{other_secret}").status_code == 404


def test_an_expired_link_gets_a_friendly_page(client, lab, monkeypatch):
    days_ago = int(time.time()) - 31 * 86400
    with monkeypatch.context() as patch:  # the link was made 31 days ago (valid for 30)
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: days_ago)
        pid, path = send_link(lab, "fr")
    resp = client.get(path, headers={"Accept-Language": "es"})
    assert resp.status_code == 410
    html = resp.get_data(as_text=True)
    assert '<html lang="es">' in html and "Este enlace ha caducado" in html
    resp = client.post(path, data=csrf(client, ANSWERS))
    assert resp.status_code == 410
    assert lab.submissions.detail(pid).submission["questionnaire"] == {}
