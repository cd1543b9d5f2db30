"""The glossary page: anchors, A–Z in the page language, seven languages, search, bad values."""
from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import DEMO

DEMO_ENTRIES = json.loads((DEMO / "glossary.json").read_text(encoding="utf-8"))


def body(response: Any) -> str:
    return str(response.get_data(as_text=True))


def articles(html: str) -> dict[str, str]:
    """Entry id -> the article's HTML."""
    return dict(re.findall(r'<article id="([a-z0-9_-]+)"[^>]*>(.*?)</article>', html, re.S))


def shown_ids(html: str) -> list[str]:
    """Ids of the entries not hidden, in page order."""
    return re.findall(r'<article id="([a-z0-9_-]+)" class="g-entry"[^>]*?(?<!hidden)>', html)


def term_of(html: str) -> str:
    return re.search(r'<h3[^>]*class="g-term"[^>]*>(.*?)</h3>', html, re.S).group(1)


@pytest.fixture
def glossary_lab(lab):  # type: ignore[no-untyped-def]
    """The app's Lab with the 57 demo glossary entries."""
    from ingest.loader import load_glossary
    load_glossary(lab.kb, DEMO / "glossary.json")
    return lab


def test_every_entry_has_its_stable_anchor(client, glossary_lab) -> None:
    response = client.get("/glossary?lang=en")
    html = body(response)
    assert response.status_code == 200
    found = articles(html)
    assert set(found) == {e["id"] for e in DEMO_ENTRIES} and len(found) == 57
    assert shown_ids(html) == list(found)  # nothing hidden without a search
    assert "Entries shown: 57 of 57" in html
    assert "/static/js/glossary.js" in html and "/static/css/pages-extra.css" in html
    # the same anchor whatever the language, e.g. the chat's /glossary#subsidiary-protection
    assert 'id="subsidiary-protection"' in body(client.get("/glossary?lang=el"))


@pytest.mark.parametrize("lang", ["en", "fr", "de", "el"])
def test_alphabetical_in_the_page_language_with_a_letter_index(client, glossary_lab,
                                                               lang: str) -> None:
    from knowledge.text import fold
    html = body(client.get(f"/glossary?lang={lang}"))
    assert f'<html lang="{lang}">' in html
    terms = [re.sub(r"^\W+", "", fold(term_of(a))) for a in articles(html).values()]
    assert terms == sorted(terms)
    letters = re.findall(r'<li><a href="#(Letter-\d+)">(.+?)</a></li>', html)
    assert letters and all(f'id="{anchor}"' in html for anchor, _ in letters)
    assert {letter for _, letter in letters} == {t[0].upper() for t in terms}


def test_entry_in_the_page_language_and_the_six_others_one_click_away(client,
                                                                      glossary_lab) -> None:
    html = body(client.get("/glossary?lang=fr"))
    refugee = articles(html)["refugee"]
    assert re.search(r'<h3[^>]*lang="fr"[^>]*>réfugié</h3>', refugee)
    assert re.search(r'<p class="g-def" lang="fr">Ressortissant de pays tiers', refugee)
    details = re.search(r"<details.*?</details>", refugee, re.S).group(0)
    assert "<summary>Dans les autres langues" in details
    assert re.findall(r'<dd lang="(\w\w)">', details) == ["en", "de", "es", "it", "el", "pt"]
    assert "Flüchtling" in details and "πρόσφυγας" in details
    assert "<dt>Allemand</dt>" in details  # language names in the page language
    # see-also links go to the anchors, named in the page language
    assert re.search(r'<a href="#asylum-seeker" lang="fr">demandeur d&#39;asile</a>', refugee)
    assert "Source :" in refugee and "Geneva Convention" in refugee


def test_search_filters_on_the_server_in_any_language(client, glossary_lab) -> None:
    html = body(client.get("/glossary?lang=en&q=Fl%C3%BCchtling"))  # German, on the English page
    assert "refugee" in shown_ids(html)
    assert len(articles(html)) == 57  # the others are hidden, so the script can show them again
    assert len(shown_ids(html)) < 57
    assert re.search(r"Entries shown: \d+ of 57", html)
    assert re.search(r'<a id="glossaryClear" href="/glossary">', html)
    assert 'value="Flüchtling"' in html
    # see-also links leave the filter, so a hidden entry is reachable without the script
    assert 'href="/glossary#' in articles(html)["refugee"]


def test_search_ignores_accents_case_and_greek_tonos(client, glossary_lab) -> None:
    with_tonos = shown_ids(body(client.get("/glossary?lang=el&q=πρόσφυγας")))
    without = shown_ids(body(client.get("/glossary?lang=el&q=ΠΡΟΣΦΥΓΑΣ")))
    assert "refugee" in with_tonos and with_tonos == without
    assert shown_ids(body(client.get("/glossary?q=reunification familiale"))) == [
        "family-reunification"]  # every word must match, in any language
    assert "refugee" in shown_ids(body(client.get("/glossary?q=REFUGIE")))


def test_no_match_says_so(client, glossary_lab) -> None:
    html = body(client.get("/glossary?lang=en&q=zzzqqq"))
    assert shown_ids(html) == []
    assert re.search(r'<p id="glossaryEmpty" class="g-empty">No glossary entry matches '
                     r'“zzzqqq”', html)
    assert "Entries shown: 0 of 57" in html
    greek = body(client.get("/glossary?lang=el&q=zzzqqq"))
    assert "Κανένα λήμμα του γλωσσαρίου δεν αντιστοιχεί στο «zzzqqq»" in greek


def test_search_text_is_escaped_and_bounded(client, glossary_lab) -> None:
    html = body(client.get("/glossary?q=%3Cscript%3Ealert(1)%3C/script%3E"))
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    response = client.get("/glossary?q=" + "a" * 500)
    assert response.status_code == 200
    assert "Your search is too long" in body(response)
    assert len(shown_ids(body(response))) == 57


def test_bad_language_gives_a_clear_message_never_an_error(client, glossary_lab) -> None:
    response = client.get("/glossary?lang=zz")
    html = body(response)
    assert response.status_code == 200
    assert "The language “zz” is not available, so this page is shown in English." in html
    assert len(articles(html)) == 57
    assert "is not available" not in body(client.get("/glossary?lang="))
    api = client.get("/api/v1/glossary?lang=zz")
    assert api.status_code == 400 and api.get_json()["error"]["fields"][0]["field"] == "lang"


def test_missing_translation_falls_back_to_english_marked(client, lab) -> None:
    from knowledge.glossary import validate_glossary
    lab.kb.import_glossary([validate_glossary({
        "id": "only-english", "terms": {"en": "only English"},
        "definitions": {"en": "Defined in English only."}})])
    html = body(client.get("/glossary?lang=de"))
    entry = articles(html)["only-english"]
    assert '<h3 id="Term-only-english" class="g-term" lang="en">only English</h3>' in entry
    assert '<p class="g-def" lang="en">Defined in English only.</p>' in entry
    assert "Noch nicht auf Deutsch übersetzt" in entry
    assert "<details" not in entry  # no other language to show


def test_empty_glossary(client) -> None:
    html = body(client.get("/glossary"))
    assert "The glossary has no entries yet." in html and "<article" not in html


def test_script_strings_come_translated(client, glossary_lab) -> None:
    html = body(client.get("/glossary?lang=el"))
    blob = re.search(r'<script type="application/json" id="glossaryI18n">(.*?)</script>',
                     html, re.S)
    strings = json.loads(blob.group(1))
    assert strings["shown"] == "Εμφανίζονται λήμματα: {shown} από {total}"
    assert "{query}" in strings["none"]
