"""Glossary terms found in answers (every language, inflections, no overlaps) and the API field."""
from __future__ import annotations

import json
import urllib.request
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.glossary_links import GlossaryLinker, find_terms, variants
from tests.conftest import DEMO

ENTRIES = [SimpleNamespace(id=e["id"], terms=e["terms"])
           for e in json.loads((DEMO / "glossary.json").read_text(encoding="utf-8"))]


def found(text: str, lang: str, **kwargs: Any) -> dict[str, str]:
    """entry id -> the words linked in text."""
    return {link["id"]: link["text"] for link in find_terms(text, lang, ENTRIES, **kwargs)}


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Refugees and asylum seekers took language courses.",
     {"refugee": "Refugees", "asylum-seeker": "asylum seekers", "language-course": "language courses"}),
    ("fr", "Les réfugiés et les demandeurs d'asile ont suivi une formation professionnelle.",
     {"refugee": "réfugiés", "asylum-seeker": "demandeurs d'asile",
      "vocational-training": "formation professionnelle"}),
    ("de", "Flüchtlingen und Asylbewerbern half ein Sprachkurs; Drittstaatsangehörige auch.",
     {"refugee": "Flüchtlingen", "asylum-seeker": "Asylbewerbern", "language-course": "Sprachkurs",
      "third-country-national": "Drittstaatsangehörige"}),
    ("es", "Los refugiados y solicitantes de asilo recibieron protección internacional.",
     {"refugee": "refugiados", "asylum-seeker": "solicitantes de asilo",
      "international-protection": "protección internacional"}),
    ("it", "I rifugiati e i richiedenti asilo, cittadini di paesi terzi.",
     {"refugee": "rifugiati", "asylum-seeker": "richiedenti asilo",
      "third-country-national": "cittadini di paesi terzi"}),
    ("el", "Οι πρόσφυγες, οι υπήκοοι τρίτων χωρών και η επικουρική προστασία.",
     {"refugee": "πρόσφυγες", "third-country-national": "υπήκοοι τρίτων χωρών",
      "subsidiary-protection": "επικουρική προστασία"}),
    ("pt", "Os refugiados e os requerentes de asilo com proteção internacional.",
     {"refugee": "refugiados", "asylum-seeker": "requerentes de asilo",
      "international-protection": "proteção internacional"}),
])
def test_terms_in_every_language_with_their_inflections(lang: str, text: str,
                                                        expected: dict[str, str]) -> None:
    assert found(text, lang) == expected


def test_greek_matches_whatever_the_tonos_and_case() -> None:
    assert found("ΟΙ ΠΡΟΣΦΥΓΕΣ ΚΑΙ Η ΕΝΤΑΞΗ", "el") == {"refugee": "ΠΡΟΣΦΥΓΕΣ",
                                                          "integration": "ΕΝΤΑΞΗ"}
    assert found("η ενταξη των προσφυγων", "el") == {"integration": "ενταξη",
                                                     "refugee": "προσφυγων"}


def test_longest_term_wins_and_links_never_overlap() -> None:
    links = find_terms("Beneficiaries of international protection and international protection "
                       "in general.", "en", ENTRIES)
    assert [link["id"] for link in links] == ["beneficiary-of-international-protection",
                                              "international-protection"]
    assert links[0]["text"] == "Beneficiaries of international protection"
    # longest first: a script linking each text's first occurrence meets the long one first
    assert len(links[0]["text"]) > len(links[1]["text"])


def test_only_whole_words_in_the_answer_language() -> None:
    assert found("Disintegration and refugeeship are not glossary words.", "en") == {}
    assert found("Refugees", "fr") == {}  # the French glossary says réfugié
    assert found("Das ist ein Flüchtlingsheim.", "de") == {}


def test_each_entry_once_at_its_first_occurrence_and_at_most_the_limit() -> None:
    links = find_terms("Refugee here. Refugees there.", "en", ENTRIES)
    assert links == [{"id": "refugee", "term": "refugee", "text": "Refugee",
                      "url": "/glossary#refugee"}]
    text = ("refugee, asylum seeker, integration, reception, relocation, resettlement, "
            "naturalisation, xenophobia, transferability, sustainability")
    assert len(find_terms(text, "en", ENTRIES)) == 8
    assert len(find_terms(text, "en", ENTRIES, limit=3)) == 3


def test_acronyms_and_alternatives_of_a_term() -> None:
    assert variants("Asylum, Migration and Integration Fund (AMIF)") == [
        "Asylum, Migration and Integration Fund", "AMIF"]
    assert variants("mentoring / buddy scheme") == ["mentoring", "buddy scheme"]
    assert variants("sustainability (of a practice)") == ["sustainability"]
    assert found("Funded by AMIF and the Asylum, Migration and Integration Fund.", "en") == {
        "amif": "AMIF"}
    assert found("The Asylum, Migration and Integration Fund paid.", "en") == {
        "amif": "Asylum, Migration and Integration Fund"}
    assert found("A buddy scheme.", "en") == {"mentoring-buddy-scheme": "buddy scheme"}


def test_urls_and_base_url() -> None:
    assert found("Browse them at /practices/refugee-jobs or https://x.eu/refugee", "en") == {}
    links = find_terms("refugee", "en", ENTRIES, base_url="https://lab.example.eu")
    assert links[0]["url"] == "https://lab.example.eu/glossary#refugee"


def test_linker_loads_once_and_reloads_when_the_glossary_changes(stack) -> None:
    from knowledge.glossary import validate_glossary
    kb = stack.kb
    entry = {"id": "refugee", "terms": {"en": "refugee"}, "definitions": {"en": "A person."}}
    kb.import_glossary([validate_glossary(entry)])
    linker = GlossaryLinker(stack.session_factory)
    assert [link["id"] for link in linker.links("Refugees came.", "en")] == ["refugee"]
    first = linker._matchers["en"]
    linker.links("Refugees again.", "en")
    assert linker._matchers["en"] is first  # unchanged glossary: nothing reloaded

    entry["terms"]["en"] = "displaced person"
    kb.import_glossary([validate_glossary(entry)])
    assert linker.links("Refugees came.", "en") == []
    assert linker.links("Displaced persons came.", "en")[0]["text"] == "Displaced persons"


def _ask(base: str, question: str, lang: str = "en") -> dict[str, Any]:
    body = json.dumps({"question": question, "lang": lang}).encode()
    request = urllib.request.Request(base + "/api/v1/ask", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.mark.integration
def test_api_answers_carry_their_glossary_links(live_url: str) -> None:
    body = _ask(live_url, "What is subsidiary protection?")
    links = {link["id"]: link for link in body["glossary"]}
    assert links["subsidiary-protection"]["url"] == "/glossary#subsidiary-protection"
    for link in body["glossary"]:
        assert set(link) == {"id", "term", "text", "url"}
        assert link["text"] in body["answer"]

    greek = _ask(live_url, "Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;", "el")
    assert greek["lang"] == "el" and greek["glossary"], greek["answer"]
    for link in greek["glossary"]:
        assert link["text"] in greek["answer"]
