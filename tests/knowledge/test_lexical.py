"""Lexical search: accent and tonos folding, filters, stop words."""
from __future__ import annotations

from knowledge.lexical import query_terms
from knowledge.schema import validate_practice
from knowledge.text import fold


def test_fold_strips_accents_and_greek_tonos():
    assert fold("Ελληνικά ΠΡΌΣΦΥΓΕΣ") == fold("ελληνικα προσφυγες")
    assert fold("Integración Straße") == "integracion strasse"


def test_query_terms_drop_function_words():
    assert query_terms("How did other regions get refugees into jobs?") == [
        "get", "refugees", "jobs"]
    assert "πως" not in query_terms("Πώς βρήκαν δουλειά οι πρόσφυγες;")


def test_search_finds_greek_without_tonos(stack, sample_records):
    sample_records[2]["translations"] = {"el": {"title": "Διαμεσολάβηση υγείας",
                                                "summary": "Πολιτισμικοί διαμεσολαβητές "
                                                           "στα νοσοκομεία."}}
    stack.kb.import_practices([validate_practice(r) for r in sample_records])
    hits = stack.lexical.search("ΔΙΑΜΕΣΟΛΑΒΗΤΕΣ νοσοκομεια")
    assert hits and hits[0].practice_id == "health-puglia"


def test_search_matches_inflected_forms(loaded_stack):
    hits = loaded_stack.lexical.search("refugee employer")
    assert hits[0].practice_id == "jobs-skane"


def test_search_restricted_to_practice_ids(loaded_stack):
    hits = loaded_stack.lexical.search("refugiadas refugees", practice_ids={"jobs-skane"})
    assert hits and {h.practice_id for h in hits} == {"jobs-skane"}
    assert loaded_stack.lexical.search("refugees", practice_ids=set()) == []
