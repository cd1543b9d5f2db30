"""POST /api/v1/submissions: the contract, the bad-input suite, privacy until publication."""
from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select, text

from knowledge import vocab
from knowledge.intake import SUBMISSION_FIELDS
from knowledge.models import OutboxMessage, Practice, Submission

URL = "/api/v1/submissions"
REFERENCE = re.compile(r"^IL-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$")
TABLES = ("practice", "submission", "audit_entry", "outbox_message")
EMAIL = "eleni.private@example.org"
GREEK: dict[str, Any] = {
    "title": "Κέντρο ένταξης μεταναστών στο Ηράκλειο",
    "region": "Κρήτη", "country": "GR", "city_or_area": "Ηράκλειο", "language": "el",
    "authority_role": ["leader", "funding"], "areas": ["labour_market", "language"],
    "target_groups": ["asylum_seekers", "women"], "start_year": 2019, "end_year": 2023,
    "summary": "Η περιφέρεια άνοιξε κέντρο συμβουλευτικής και μαθημάτων ελληνικών.",
    "challenges": "Έλλειψη διερμηνέων.", "solutions": "Δίκτυο εθελοντών διερμηνέων.",
    "lessons_learnt": "Η συνεργασία με τους δήμους είναι απαραίτητη.",
    "results": "450 άτομα ολοκλήρωσαν τα μαθήματα.", "transferability": "Εύκολα μεταφέρσιμο.",
    "funding": "ΤΑΜΕ", "partners": ["Δήμος Ηρακλείου", "Πανεπιστήμιο Κρήτης"],
    "source_url": "https://www.crete.gov.gr/",
    "contact": {"name": "Ελένη Παπαδάκη", "organisation": "Περιφέρεια Κρήτης",
                "email": EMAIL},
    "consent": True,
}
REQUIRED = {"el": "Αυτό το πεδίο είναι υποχρεωτικό.", "fr": "Ce champ est obligatoire.",
            "en": "This field is required."}


def record(**changes: Any) -> dict[str, Any]:
    """The valid Greek submission with some fields changed (None removes a field)."""
    body = copy.deepcopy(GREEK)
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def counts(lab: Any) -> dict[str, int]:
    """Rows in every table a submission writes to."""
    with lab.session_factory() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABLES}


def error(resp: Any, status: int, code: str) -> dict[str, Any]:
    """The error body, checked for the contract's shape, status and code."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    assert body["error"]["code"] == code, body
    return body["error"]


def by_field(err: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["field"]: f for f in err.get("fields", [])}


# --- valid submissions ----------------------------------------------------------------------

def test_greek_submission_is_stored_private_and_acknowledged_in_greek(client, loaded_lab):
    before = counts(loaded_lab)
    resp = client.post(f"{URL}?lang=el", json=GREEK)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"id", "reference", "status"} and body["status"] == "submitted"
    assert body["id"] == body["reference"] and REFERENCE.match(body["id"])
    after = counts(loaded_lab)
    assert after == {t: before[t] + 1 for t in TABLES}

    with loaded_lab.session_factory() as session:
        sub = session.get(Submission, body["reference"])
        practice = session.get(Practice, sub.practice_id)
        mail = session.scalar(select(OutboxMessage).where(
            OutboxMessage.practice_id == sub.practice_id))
        assert practice.status == "submitted" and practice.title == GREEK["title"]
        assert sub.lang == "el" and sub.consent_at is not None
        assert (mail.kind, mail.to, mail.lang) == ("receipt", EMAIL, "el")
        assert mail.subject == f"Λάβαμε την πρακτική σας ({body['reference']})"
        assert "Ελένη Παπαδάκη" in mail.body and body["reference"] in mail.body
    detail = loaded_lab.submissions.detail(sub.practice_id)
    assert detail.record.contact == GREEK["contact"]
    assert detail.record.areas == ["labour_market", "language"]
    assert detail.record.partners == GREEK["partners"]

    pid = sub.practice_id
    public = [client.get(f"/api/v1/practices/{pid}"),
              client.get("/api/v1/search", query_string={"q": "Ηράκλειο διερμηνέων"}),
              client.get("/api/v1/search", query_string={"country": "GR"}),
              client.get("/api/v1/map"), client.get("/practices"),
              client.get("/practices", query_string={"q": "Ηράκλειο"})]
    assert public[0].status_code == 404
    for resp in public[1:]:
        assert resp.status_code == 200
        page = resp.get_data(as_text=True)
        assert pid not in page and GREEK["title"] not in page and EMAIL not in page
        assert "Ηρακλείου" not in page  # a partner's name
    assert client.get("/api/v1/search", query_string={"country": "GR"}).get_json()["total"] == 0

    # the checks above can fail: once published the practice is public (its contact is not)
    assert loaded_lab.submissions.publish(pid, "coordinator@example.org").indexed
    shown = client.get(f"/api/v1/practices/{pid}")
    assert shown.status_code == 200 and EMAIL not in shown.get_data(as_text=True)
    found = client.get("/api/v1/search", query_string={"country": "GR"}).get_json()
    assert [r["id"] for r in found["results"]] == [pid]


def test_lists_may_be_sent_as_one_string_and_labels_in_any_language(client, lab):
    # the decision: a list field also takes "a; b" (as in the CSV import) and labels
    resp = client.post(URL, json=record(areas="labour_market; Στέγαση",
                                        target_groups="Demandeurs d'asile",
                                        authority_role="leader and funder",
                                        country="Ελλάδα", start_year="2019"))
    assert resp.status_code == 201, resp.get_data(as_text=True)
    with lab.session_factory() as session:
        pid = session.scalar(select(Submission.practice_id))
    stored = lab.submissions.detail(pid).record
    assert stored.areas == ["labour_market", "housing"]
    assert stored.target_groups == ["asylum_seekers"]
    assert stored.authority_role == ["leader", "funding"]
    assert (stored.country, stored.start_year) == ("GR", 2019)


def test_longest_accepted_texts(client, lab):
    resp = client.post(URL, json=record(title="Τ" * 300, summary="σ" * 20_000,
                                        region="Ρ" * 200))
    assert resp.status_code == 201, resp.get_data(as_text=True)[:500]
    assert counts(lab)["practice"] == 1


def test_honeypot_answers_like_success_and_stores_nothing(client, lab):
    before = counts(lab)
    resp = client.post(URL, json=record(website="https://cheap-pills.example"))
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["status"] == "submitted" and REFERENCE.match(body["reference"])
    assert counts(lab) == before
    # an empty honeypot is what people send: the practice is stored
    assert client.post(URL, json=record(website="")).status_code == 201
    assert counts(lab)["submission"] == 1


def test_duplicate_names_the_earlier_reference(client, lab):
    first = client.post(URL, json=GREEK).get_json()["reference"]
    before = counts(lab)
    again = record(title="  ΚΈΝΤΡΟ ένταξης  μεταναστών στο Ηράκλειο ", summary=GREEK["summary"])
    err = error(client.post(f"{URL}?lang=el", json=again), 409, "duplicate")
    assert counts(lab) == before
    field = by_field(err)["title"]
    assert field["code"] == "duplicate" and field["value"] == first
    assert field["message"] == f"Αυτή η πρακτική έχει ήδη υποβληθεί (αριθμός αναφοράς {first})."
    assert first in err["message"]


# --- the bad-input suite --------------------------------------------------------------------

BAD: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    # name, changes to the valid record, {field: code} expected among the errors
    ("missing title", {"title": None}, {"title": "required"}),
    ("blank region", {"region": "   "}, {"region": "required"}),
    ("missing country", {"country": None}, {"country": "required"}),
    ("missing summary", {"summary": None}, {"summary": "required"}),
    ("none of the three texts", {"challenges": None, "solutions": None, "lessons_learnt": None},
     {"challenges": "one_text_required"}),
    ("missing contact", {"contact": None}, {"contact.name": "required",
                                             "contact.email": "required"}),
    ("contact without e-mail", {"contact": {"name": "Ελένη"}}, {"contact.email": "required"}),
    ("number for title", {"title": 2024}, {"title": "not_text"}),
    ("number for the e-mail", {"contact": {"name": "Ε", "email": 42}},
     {"contact.email": "not_text"}),
    ("object for summary", {"summary": {"el": "κείμενο"}}, {"summary": "not_text"}),
    ("boolean for region", {"region": True}, {"region": "not_text"}),
    ("number for areas", {"areas": 5}, {"areas": "not_list"}),
    ("object for a role", {"authority_role": {"leader": True}}, {"authority_role": "not_list"}),
    ("text for contact", {"contact": EMAIL}, {"contact": "not_object"}),
    ("list for a year", {"start_year": [2019]}, {"start_year": "not_year"}),
    ("unknown area", {"areas": ["labour_market", "astrology"]}, {"areas": "unknown_value"}),
    ("unknown target group", {"target_groups": ["martians"]},
     {"target_groups": "unknown_value"}),
    ("unknown role", {"authority_role": ["emperor"]}, {"authority_role": "unknown_value"}),
    ("unknown country", {"country": "Atlantis"}, {"country": "unknown_value"}),
    ("unknown language", {"language": "tlh"}, {"language": "unknown_value"}),
    ("title of 301 characters", {"title": "Τ" * 301}, {"title": "too_long"}),
    ("summary of 20,001 characters", {"summary": "σ" * 20_001}, {"summary": "too_long"}),
    ("region of 201 characters", {"region": "Ρ" * 201}, {"region": "too_long"}),
    ("invalid e-mail", {"contact": {"name": "Ε", "email": "eleni@"}},
     {"contact.email": "invalid_email"}),
    ("e-mail with a space", {"contact": {"name": "Ε", "email": "eleni @example.org"}},
     {"contact.email": "invalid_email"}),
    ("year abc", {"start_year": "abc"}, {"start_year": "not_year"}),
    ("year 1800", {"start_year": 1800}, {"start_year": "year_range"}),
    ("year 2101", {"end_year": 2101}, {"end_year": "year_range"}),
    ("end before start", {"start_year": 2020, "end_year": 2010}, {"end_year": "year_order"}),
    ("javascript link", {"source_url": "javascript:alert(1)"}, {"source_url": "invalid_url"}),
    ("consent missing", {"consent": None}, {"consent": "consent_required"}),
    ("consent false", {"consent": False}, {"consent": "consent_required"}),
    ("consent as text no", {"consent": "no"}, {"consent": "consent_required"}),
    ("unknown field", {"colour": "blue"}, {"colour": "unknown_field"}),
    ("an id chosen by the sender", {"id": "my-own-id"}, {"id": "unknown_field"}),
    ("an evaluation (coordinators' work)", {"evaluation": {"inclusion": "x"}},
     {"evaluation": "unknown_field"}),
]


@pytest.mark.parametrize("changes,expected", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_422_with_field_errors_and_nothing_stored(client, lab, changes, expected):
    before = counts(lab)
    err = error(client.post(URL, json=record(**changes)), 422, "invalid_record")
    assert counts(lab) == before
    fields = by_field(err)
    assert {name: fields[name]["code"] for name in expected if name in fields} == expected, \
        err["fields"]
    for f in err["fields"]:
        assert set(f) == {"field", "code", "message", "value"} and f["message"]


def test_every_problem_is_reported_at_once(client, lab):
    err = error(client.post(URL, json={}), 422, "invalid_record")
    codes = {f["field"]: f["code"] for f in err["fields"]}
    assert codes == {"title": "required", "region": "required", "country": "required",
                     "summary": "required", "challenges": "one_text_required",
                     "contact.name": "required", "contact.email": "required",
                     "consent": "consent_required"}
    # a type error does not hide the other problems
    err = error(client.post(URL, json=record(title=7, region=None)), 422, "invalid_record")
    assert {f["field"]: f["code"] for f in err["fields"]} == {"title": "not_text",
                                                              "region": "required"}
    assert counts(lab) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize("lang,how", [("el", "query"), ("fr", "query"), ("fr", "header"),
                                      ("el", "header"), ("en", "none")])
def test_messages_in_the_requested_language(client, lab, lang, how):
    url = f"{URL}?lang={lang}" if how == "query" else URL
    headers = {"Accept-Language": f"{lang}-XX,{lang};q=0.9,en;q=0.5"} if how == "header" else {}
    body = record(title=None, start_year=1800, areas=["astrology"],
                  contact={"name": "Ε", "email": "eleni@"})
    err = error(client.post(url, json=body, headers=headers), 422, "invalid_record")
    fields = by_field(err)
    assert fields["title"]["message"] == REQUIRED[lang]
    expected = {
        "el": ("Το 1800 δεν είναι μεταξύ 1950 και 2100.",
               "Το «astrology» δεν είναι μία από τις προσφερόμενες επιλογές.",
               "Το «eleni@» δεν είναι έγκυρη διεύθυνση ηλεκτρονικού ταχυδρομείου."),
        "fr": ("1800 n'est pas compris entre 1950 et 2100.",
               "« astrology » ne fait pas partie des choix proposés.",
               "« eleni@ » n'est pas une adresse e-mail valide."),
        "en": ("1800 is not between 1950 and 2100.",
               "“astrology” is not one of the choices offered.",
               "“eleni@” is not a valid e-mail address."),
    }[lang]
    assert (fields["start_year"]["message"], fields["areas"]["message"],
            fields["contact.email"]["message"]) == expected
    assert counts(lab) == dict.fromkeys(TABLES, 0)


def test_greek_messages_for_lengths_years_and_unknown_fields(client):
    err = error(client.post(f"{URL}?lang=el", json=record(
        title="Τ" * 301, start_year="abc", end_year=2010, colour="blue")), 422, "invalid_record")
    fields = by_field(err)
    assert fields["title"]["message"] == ("Αυτό το κείμενο έχει 301 χαρακτήρες· το όριο "
                                          "είναι 300.")
    assert fields["start_year"]["message"] == "Το «abc» δεν είναι έτος· γράψτε το όπως 2019."
    assert fields["colour"]["message"] == "Το «colour» δεν είναι πεδίο αυτής της φόρμας."
    err = error(client.post(f"{URL}?lang=el", json=record(start_year=2020, end_year=2010)),
                422, "invalid_record")
    assert by_field(err)["end_year"]["message"] == ("Το έτος λήξης 2010 είναι πριν από το "
                                                    "έτος έναρξης 2020.")


RAW: list[tuple[str, bytes, str, int, str]] = [
    # name, body, content type, status, code
    ("text/plain", json.dumps(GREEK).encode(), "text/plain", 415, "unsupported_media_type"),
    ("form-encoded", b"title=x&region=y", "application/x-www-form-urlencoded", 415,
     "unsupported_media_type"),
    ("no content type", json.dumps(GREEK).encode(), "", 415, "unsupported_media_type"),
    ("malformed JSON", b'{"title": "x", ', "application/json", 400, "invalid_json"),
    ("empty body", b"", "application/json", 400, "invalid_json"),
    ("JSON array", json.dumps([GREEK]).encode(), "application/json", 400, "invalid_json"),
    ("JSON string", b'"a practice"', "application/json", 400, "invalid_json"),
    ("JSON null", b"null", "application/json", 400, "invalid_json"),
    ("non-UTF-8 bytes", '{"title": "Κέντρο"}'.encode("iso-8859-7"), "application/json", 400,
     "invalid_encoding"),
    ("Latin-1 declared", '{"title": "Café"}'.encode("latin-1"),
     "application/json; charset=latin-1", 400, "invalid_encoding"),
]


@pytest.mark.parametrize("data,ctype,status,code", [r[1:] for r in RAW], ids=[r[0] for r in RAW])
def test_unreadable_bodies_are_refused_and_nothing_stored(client, lab, data, ctype, status,
                                                          code):
    headers = {"Content-Type": ctype} if ctype else {}
    err = error(client.post(URL, data=data, headers=headers), status, code)
    assert err["message"]
    assert counts(lab) == dict.fromkeys(TABLES, 0)


def test_body_over_the_size_limit_is_413_json(client, lab, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    big = json.dumps(record(summary="σ" * limit)).encode("utf-8")
    assert len(big) > limit
    err = error(client.post(URL, data=big, content_type="application/json"), 413,
                "request_entity_too_large")
    assert err["message"]
    assert counts(lab) == dict.fromkeys(TABLES, 0)


def test_unknown_lang_parameter_is_400(client, lab):
    err = error(client.post(f"{URL}?lang=xx", json=GREEK), 400, "invalid_field")
    assert err["fields"][0]["field"] == "lang"
    assert counts(lab) == dict.fromkeys(TABLES, 0)


def test_rate_limit_per_address(tmp_path, fake_embedder):
    from tests.conftest import make_config
    from web import create_app
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=fake_embedder,
                                 LAB_SUBMIT_RATE="2/hour"))
    client, lab = app.test_client(), app.extensions["lab"]
    for n in (1, 2):
        resp = client.post(URL, json=record(title=f"Πρακτική αριθμός {n}"))
        assert resp.status_code == 201
    before = counts(lab)
    resp = client.post(f"{URL}?lang=el", json=record(title="Πρακτική αριθμός 3"))
    err = error(resp, 429, "rate_limited")
    assert 0 < int(resp.headers["Retry-After"]) <= 3600
    assert "Πάρα πολλά αιτήματα" in err["message"]
    assert counts(lab) == before and before["practice"] == 2
    # another address has its own allowance
    other = client.post(URL, json=record(title="Από αλλού"),
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 201


def test_openapi_describes_the_submission(client):
    import jsonschema

    op = client.get("/openapi.json").get_json()["paths"][URL]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    props = schema["properties"]
    assert set(SUBMISSION_FIELDS) | {"website"} == set(props)
    assert props["title"]["maxLength"] == 300 and props["region"]["maxLength"] == 200
    assert all(props[n]["maxLength"] == 20_000 for n in ("summary", "challenges", "solutions",
                                                         "lessons_learnt", "results"))
    assert props["areas"]["items"]["enum"] == list(vocab.AREAS)
    assert props["target_groups"]["items"]["enum"] == list(vocab.TARGET_GROUPS)
    assert props["authority_role"]["items"]["enum"] == list(vocab.ROLES)
    assert props["country"]["enum"] == list(vocab.COUNTRIES)
    assert props["language"]["enum"] == list(vocab.LANGS)
    assert {"201", "400", "409", "413", "415", "422", "429"} <= set(op["responses"])
    jsonschema.validate(GREEK, schema)
    for bad in (record(title="Τ" * 301), record(areas=["astrology"]), record(consent=False),
                record(colour="blue"), record(challenges=None, solutions=None,
                                              lessons_learnt=None)):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    created = op["responses"]["201"]["content"]["application/json"]["schema"]
    jsonschema.validate({"id": "IL-2026-7K3Q9X", "reference": "IL-2026-7K3Q9X",
                         "status": "submitted"}, created)


def test_nothing_is_written_by_any_bad_request(app, client, lab):
    """One pass over the whole suite on one database: still empty afterwards."""
    app.config["LAB_SUBMIT_RATE"] = "off"  # every request must reach validation
    statuses = [client.post(URL, json=record(**changes)).status_code
                for _name, changes, _expected in BAD]
    statuses += [client.post(URL, data=data,
                             headers={"Content-Type": ctype} if ctype else {}).status_code
                 for _name, data, ctype, _status, _code in RAW]
    assert set(statuses) == {400, 415, 422}
    with lab.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Practice)) == 0
    assert counts(lab) == dict.fromkeys(TABLES, 0)
