"""A practice's texts in the reader's language, field by field (pages) or as one language
(answers, search results, the map)."""
from __future__ import annotations

from typing import Any

from knowledge.models import Practice, PracticeTranslation
from knowledge.translated import (TEXT_FIELDS, Text, pick_text, plain_texts, practice_texts,
                                  translation_langs)

ANSWER = ("title", "summary", "challenges", "solutions", "lessons_learnt")


def practice(**translations: dict[str, Any]) -> Practice:
    p = Practice(id="housing-catalonia", language="es", title="Vivienda",
                 summary="Pisos de acogida.", challenges="Falta de vivienda.", solutions=None,
                 lessons_learnt="Coordinación.", results="Cien familias.", transferability=None)
    p.translations = [PracticeTranslation(lang=lang, fields=fields)
                      for lang, fields in translations.items()]
    return p


def test_each_field_is_translated_or_original_with_its_language() -> None:
    p = practice(en={"title": "Housing", "summary": "Reception flats.", "challenges": "  "})
    texts = practice_texts(p, "en")
    assert list(texts) == list(TEXT_FIELDS)
    assert texts["title"] == Text("Housing", "en")
    assert texts["summary"] == Text("Reception flats.", "en")
    assert texts["challenges"] == Text("Falta de vivienda.", "es")  # blank: the original
    assert texts["solutions"] is None and texts["transferability"] is None
    assert practice_texts(p, "es")["title"] == Text("Vivienda", "es")
    assert practice_texts(p, "fr")["title"] == Text("Vivienda", "es")  # no French at all


def test_plain_texts_name_the_reader_s_language_only_when_something_is_in_it() -> None:
    p = practice(en={"summary": "Reception flats."}, fr={"results": "Cent familles."},
                 de={})
    assert plain_texts(p, "en", ANSWER) == ("en", {
        "title": "Vivienda", "summary": "Reception flats.", "challenges": "Falta de vivienda.",
        "solutions": None, "lessons_learnt": "Coordinación."})
    # French only for a field answers do not show: the answer is in Spanish, and says so
    assert plain_texts(p, "fr", ANSWER)[0] == "es"
    assert plain_texts(p, "fr")[0] == "fr"  # ... while the whole record has French in it
    assert plain_texts(p, "de", ANSWER)[0] == "es"  # an empty translation is no translation
    assert plain_texts(p, "es", ANSWER)[0] == "es"


def test_translation_langs_skip_empty_ones_and_the_original() -> None:
    p = practice(en={"title": "Housing"}, es={"title": "Otra"}, de={})
    assert translation_langs(p) == ["en"]


def test_pick_text_prefers_the_language_then_english_then_any() -> None:
    texts = {"el": " Ήπειρος ", "en": "Epirus", "fr": "  "}
    assert pick_text(texts, "el") == Text("Ήπειρος", "el")
    assert pick_text(texts, "fr") == Text("Epirus", "en")  # blank French: English
    assert pick_text({"de": "Epirus"}, "fr") == Text("Epirus", "de")
    assert pick_text(None, "fr") is None and pick_text({"fr": 3}, "fr") is None
