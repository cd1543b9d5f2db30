"""The submission form without JavaScript, through the Flask test client."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import select, text

from knowledge import vocab
from knowledge.models import OutboxMessage, Submission
from tests.conftest import DEMO
from tests.forms import csrf

TABLES = ("practice", "submission", "audit_entry", "outbox_message")
REFERENCE = re.compile(r"IL-\d{4}-[0-9A-HJKMNP-TV-Z]{6}")
FORM: dict[str, Any] = {
    "title": "Κέντρο ένταξης μεταναστών", "region": "Κρήτη", "country": "GR",
    "city_or_area": "", "language": "el", "authority_role": ["leader", "funding"],
    "areas": ["labour_market", "housing"], "target_groups": ["women"],
    "start_year": "2019", "end_year": "2023",
    "summary": "Η περιφέρεια άνοιξε κέντρο συμβουλευτικής.\r\nΔεύτερη παράγραφος.",
    "challenges": "Έλλειψη διερμηνέων.", "solutions": "", "lessons_learnt": "",
    "results": "", "transferability": "", "funding": "ΤΑΜΕ",
    "partners": "Δήμος Ηρακλείου\r\n\r\n  Πανεπιστήμιο Κρήτης  \r\n",
    "source_url": "", "contact.name": "Ελένη Παπαδάκη", "contact.organisation": "",
    "contact.email": "eleni.private@example.org", "consent": "yes", "website": "",
}


class Page(HTMLParser):
    """The elements of a page by id (tag and attributes) and the text inside each of them."""

    VOID = {"input", "br", "meta", "link", "img", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: dict[str, tuple[str, dict[str, str]]] = {}
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: (v if v is not None else "") for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.elements[attributes["id"]] = (tag, attributes)
            self.texts.setdefault(attributes["id"], "")
        if tag not in self.VOID:
            self._open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _tag, element_id in self._open:
            if element_id:
                self.texts[element_id] += data

    def attrs(self, element_id: str) -> dict[str, str]:
        assert element_id in self.elements, f"no element #{element_id}"
        return self.elements[element_id][1]

    def text(self, element_id: str) -> str:
        return " ".join(self.texts[element_id].split())

    def checked(self, name: str) -> list[str]:
        return [a["value"] for t, a in self.tags
                if t == "input" and a.get("name") == name and "checked" in a]


def counts(lab: Any) -> dict[str, int]:
    with lab.session_factory() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABLES}


def post(client: Any, data: dict[str, Any], lang: str = "el", **kwargs: Any) -> Any:
    return client.post(f"/submit?lang={lang}", data=csrf(client, data), **kwargs)


def form(**changes: Any) -> dict[str, Any]:
    return {**FORM, **changes}


def page_of(resp: Any) -> Page:
    return Page(resp.get_data(as_text=True))


# --- the page -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", vocab.LANGS)
def test_form_renders_in_every_language(client, lang):
    resp = client.get(f"/submit?lang={lang}")
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "no-store"
    html = resp.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    page = Page(html)
    options = [a["value"] for t, a in page.tags if t == "option"]
    assert set(vocab.COUNTRIES) <= set(options)
    assert vocab.label("country", "GR", lang) in page.text("f-country")
    assert vocab.label("area", "housing", lang) in html
    assert vocab.label("role", "active_partner", lang) in html
    assert vocab.label("target_group", "unaccompanied_minors", lang) in html
    language = [a["value"] for t, a in page.tags if t == "option" and "selected" in a
                and a["value"] in vocab.LANGS]
    assert language == [lang]  # the practice's language defaults to the page's
    if lang != "en":  # the page is translated, not English with a few words changed
        for english in ("Title of the practice", "Privacy notice", "Send the practice",
                        "Has your region run a practice", "Never published."):
            assert english not in html, f"{english!r} untranslated in {lang}"


def test_every_field_has_help_limits_and_an_accessible_name(client):
    page = page_of(client.get("/submit?lang=en"))
    limits = {"f-title": "300", "f-region": "200", "f-city-or-area": "200",
              "f-contact-name": "200", "f-contact-organisation": "200", "f-summary": "20000",
              "f-challenges": "20000", "f-solutions": "20000", "f-lessons-learnt": "20000",
              "f-results": "20000", "f-transferability": "20000", "f-funding": "20000"}
    for element_id, maxlength in limits.items():
        assert page.attrs(element_id)["maxlength"] == maxlength, element_id
    described = [a for t, a in page.tags if t in ("input", "textarea", "select")
                 and a.get("type") not in ("hidden", "checkbox") and a.get("name") != "website"]
    assert len(described) == 19
    labels = {b.get("for") for t, b in page.tags if t == "label"}
    for a in described:
        for ref in a["aria-describedby"].split():
            assert ref in page.elements, f"#{a['id']} refers to missing #{ref}"
        assert a["id"] in labels
    for group in ("f-authority-role-hint", "f-areas-hint", "f-target-groups-hint"):
        assert page.text(group)
    assert "required" in page.attrs("f-title") and "required" in page.attrs("f-consent")
    assert page.attrs("f-contact-email")["type"] == "email"
    assert page.attrs("f-contact-email")["autocomplete"] == "email"
    assert "Never published." in page.text("f-contact-email-hint")
    notice = page.text("privacy-notice")
    assert "never published" in notice and "delete" in notice
    assert page.attrs("f-consent")["aria-describedby"] == "privacy-notice"
    assert page.attrs("submit-form")["data-msg-year-order"] == \
        "The end year {value} is before the start year {start}."
    assert "novalidate" in page.attrs("submit-form")
    assert page.attrs("error-summary").get("hidden") == ""


def test_roles_are_grouped_direct_and_indirect(client):
    html = client.get("/submit?lang=fr").get_data(as_text=True)
    direct = html.index("Rôle direct")
    indirect = html.index("Rôle indirect")
    assert direct < html.index('value="leader"') < html.index('value="coordinator"') < indirect
    assert indirect < html.index('value="support"') < html.index('value="advisory"')


def test_honeypot_is_hidden_from_people(client):
    page = page_of(client.get("/submit"))
    trap = page.attrs("f-website")
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off" and trap["value"] == ""
    wrapper = [a for t, a in page.tags if a.get("class") == "hp-field"]
    assert wrapper and wrapper[0]["aria-hidden"] == "true"


def test_glossary_links_point_to_real_entries(client, lab):
    from ingest.loader import load_glossary
    assert 'href="/glossary#' not in client.get("/submit").get_data(as_text=True)
    load_glossary(lab.kb, DEMO / "glossary.json")
    page = page_of(client.get("/submit?lang=el"))
    links = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith(
        "/glossary#")]
    assert {"/glossary#integration", "/glossary#third-country-national",
            "/glossary#multi-level-governance"} <= set(links)
    glossary = client.get("/glossary?lang=el").get_data(as_text=True)
    for href in links:
        assert f'id="{href.split("#")[1]}"' in glossary
    assert "Γλωσσάριο: υπήκοος τρίτης χώρας (ανοίγει σε νέα καρτέλα)" in page.text("main")


# --- sending it -----------------------------------------------------------------------------

def test_success_redirects_to_a_thank_you_page_with_the_reference(app, client, lab):
    resp = post(client, FORM)
    assert resp.status_code == 303
    location = resp.headers["Location"]
    assert location.endswith("/submit/thanks?lang=el") and "IL-" not in location
    thanks = client.get(location)
    assert thanks.status_code == 200 and thanks.headers["Cache-Control"] == "no-store"
    page = page_of(thanks)
    reference = page.text("reference")
    assert REFERENCE.fullmatch(reference)
    assert "Ένας συντονιστής ή μια συντονίστρια εξετάζει την πρακτική σας." in page.text("main")
    with lab.session_factory() as session:
        sub = session.get(Submission, reference)
        mail = session.scalar(select(OutboxMessage))
    assert sub is not None and sub.lang == "el"
    assert mail.lang == "el" and mail.to == "eleni.private@example.org"
    record = lab.submissions.detail(sub.practice_id).record
    assert record.title == FORM["title"] and record.country == "GR"
    assert record.authority_role == ["leader", "funding"]
    assert record.areas == ["labour_market", "housing"] and record.target_groups == ["women"]
    assert record.partners == ["Δήμος Ηρακλείου", "Πανεπιστήμιο Κρήτης"]
    assert record.summary == "Η περιφέρεια άνοιξε κέντρο συμβουλευτικής.\nΔεύτερη παράγραφος."
    assert (record.start_year, record.end_year, record.language) == (2019, 2023, "el")
    assert record.contact == {"name": "Ελένη Παπαδάκη", "organisation": None,
                              "email": "eleni.private@example.org"}
    assert record.city_or_area is None and record.solutions is None

    # the reference is in this browser's session only, not in the address
    other = app.test_client()
    assert other.get(location).status_code == 302
    assert reference not in other.get(location, follow_redirects=True).get_data(as_text=True)


def test_thank_you_page_says_what_happens_next(client):
    post(client, FORM, lang="en")
    page = page_of(client.get("/submit/thanks"))
    main = page.text("main")
    for step in ("A coordinator reviews your practice.",
                 "They may send you a short questionnaire to help categorise it.",
                 "We will tell you when it is published."):
        assert step in main
    assert "Thank you: your practice has been received" in main


def test_field_errors_next_to_fields_in_the_page_language_with_values_kept(client, lab):
    data = form(region="", country="", start_year="2020", end_year="2010",
                **{"contact.email": "eleni@"}, consent="")
    resp = post(client, data)
    assert resp.status_code == 422
    page = page_of(resp)
    assert counts(lab) == dict.fromkeys(TABLES, 0)
    summary = page.attrs("error-summary")
    assert summary["role"] == "alert" and "hidden" not in summary
    links = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#f-")]
    assert links == ["#f-region", "#f-country", "#f-end-year", "#f-contact-email", "#f-consent"]
    assert page.text("f-end-year-error") == \
        "Σφάλμα: Το έτος λήξης 2010 είναι πριν από το έτος έναρξης 2020."
    assert page.text("f-region-error") == "Σφάλμα: Αυτό το πεδίο είναι υποχρεωτικό."
    assert "Περιφέρεια: Αυτό το πεδίο είναι υποχρεωτικό." in page.text("error-summary")
    # contact.email is shown on its input
    email = page.attrs("f-contact-email")
    assert email["aria-invalid"] == "true" and email["value"] == "eleni@"
    assert email["aria-describedby"].split() == ["f-contact-email-hint", "f-contact-email-error"]
    assert "eleni@" in page.text("f-contact-email-error")
    assert "aria-invalid" not in page.attrs("f-title")
    assert "hidden" in page.attrs("f-title-error")
    # every value is kept
    assert page.attrs("f-title")["value"] == FORM["title"]
    assert page.attrs("f-start-year")["value"] == "2020"
    assert page.text("f-summary") == " ".join(FORM["summary"].split())
    assert page.texts["f-partners"].startswith("Δήμος Ηρακλείου")
    assert sorted(page.checked("areas")) == ["housing", "labour_market"]
    assert sorted(page.checked("authority_role")) == ["funding", "leader"]
    assert page.checked("target_groups") == ["women"]
    assert page.checked("consent") == []
    assert [a["value"] for t, a in page.tags if t == "option" and "selected" in a] == ["el"]


def test_errors_on_groups_and_the_three_texts(client, lab):
    resp = post(client, form(areas=["astrology"], challenges="", solutions="",
                             lessons_learnt=""), lang="en")
    assert resp.status_code == 422
    page = page_of(resp)
    assert "“astrology” is not one of the choices offered." in page.text("f-areas-error")
    assert page.attrs("f-areas")["aria-invalid"] == "true"
    group = [a for t, a in page.tags if t == "fieldset" and a.get("data-field") == "areas"][0]
    assert group["aria-describedby"].split() == ["f-areas-hint", "f-areas-error"]
    assert page.text("f-challenges-error").startswith("Error: Please describe at least one")
    assert counts(lab) == dict.fromkeys(TABLES, 0)


def test_missing_csrf_token_keeps_the_values(client, lab):
    data = {k: v for k, v in FORM.items()}
    resp = client.post("/submit?lang=fr", data=data)
    assert resp.status_code == 400
    page = page_of(resp)
    assert page.attrs("form-alert")["role"] == "alert"
    assert page.text("form-alert").startswith("Ce formulaire avait expiré")
    assert page.attrs("f-title")["value"] == FORM["title"]
    assert page.text("f-challenges") == FORM["challenges"]
    assert sorted(page.checked("areas")) == ["housing", "labour_market"]
    assert counts(lab) == dict.fromkeys(TABLES, 0)
    # a wrong token is refused the same way; the page carries a fresh one to send again
    data["csrf_token"] = "forged"
    assert client.post("/submit", data=data).status_code == 400
    token = [a["value"] for t, a in page.tags if a.get("name") == "csrf_token"][0]
    assert client.post("/submit", data={**FORM, "csrf_token": token}).status_code == 303


def test_honeypot_gets_a_thank_you_and_nothing_is_stored(client, lab):
    resp = post(client, form(website="https://cheap-pills.example"))
    assert resp.status_code == 303
    page = page_of(client.get(resp.headers["Location"]))
    assert REFERENCE.fullmatch(page.text("reference"))
    assert counts(lab) == dict.fromkeys(TABLES, 0)


def test_duplicate_shows_the_earlier_reference(client, lab):
    first = post(client, FORM)
    reference = page_of(client.get(first.headers["Location"])).text("reference")
    before = counts(lab)
    resp = post(client, form(title=FORM["title"].upper()))
    assert resp.status_code == 409
    page = page_of(resp)
    assert reference in page.text("error-summary")
    assert page.text("f-title-error") == (
        f"Σφάλμα: Αυτή η πρακτική έχει ήδη υποβληθεί (αριθμός αναφοράς {reference}).")
    assert page.attrs("f-title")["value"] == FORM["title"].upper()
    assert counts(lab) == before


def test_script_typed_in_a_field_is_escaped(client, lab):
    evil = '<script>alert("x")</script>'
    resp = post(client, form(title=evil, summary=evil, region="", **{"contact.name": evil}))
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert evil not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    page = Page(html)
    assert page.attrs("f-title")["value"] == evil  # shown back exactly as typed, as text
    assert page.texts["f-summary"] == evil
    # stored as text too: the thank-you page and the e-mail never run it
    resp = post(client, form(title=evil))
    assert resp.status_code == 303
    assert evil not in client.get(resp.headers["Location"]).get_data(as_text=True)


def test_rate_limit_keeps_what_was_typed(tmp_path, fake_embedder):
    from tests.conftest import make_config
    from web import create_app
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=fake_embedder,
                                 LAB_SUBMIT_RATE="2/hour"))
    client, lab = app.test_client(), app.extensions["lab"]
    assert post(client, form(title="Πρώτη πρακτική")).status_code == 303
    assert post(client, form(title="Δεύτερη πρακτική", region="")).status_code == 422
    resp = post(client, form(title="Τρίτη πρακτική"))
    assert resp.status_code == 429
    assert 0 < int(resp.headers["Retry-After"]) <= 3600
    page = page_of(resp)
    assert page.text("form-alert").startswith("Πάρα πολλά αιτήματα")
    assert page.attrs("f-title")["value"] == "Τρίτη πρακτική"
    assert page.text("f-summary") == " ".join(FORM["summary"].split())
    assert counts(lab)["submission"] == 1


def test_thank_you_page_needs_a_submission(client):
    resp = client.get("/submit/thanks?lang=de")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/submit?lang=de")
