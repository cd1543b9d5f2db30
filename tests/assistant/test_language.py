"""Offline language identification of questions."""
from __future__ import annotations

import pytest

from assistant.language import detect_language


@pytest.mark.parametrize("text,lang", [
    ("How did other regions get refugees into jobs?", "en"),
    ("Comment les autres régions ont-elles aidé les réfugiés à trouver un emploi ?", "fr"),
    ("Wie haben andere Regionen Geflüchtete in Arbeit gebracht?", "de"),
    ("¿Cómo ayudaron otras regiones a los refugiados a encontrar empleo?", "es"),
    ("Come hanno fatto altre regioni a inserire i rifugiati nel lavoro?", "it"),
    ("Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;", "el"),
    ("Como é que outras regiões ajudaram os refugiados a encontrar emprego?", "pt"),
])
def test_seven_languages(text, lang):
    assert detect_language(text) == lang


def test_short_or_empty_text_falls_back():
    assert detect_language("Jobs", fallback="de") == "de"
    assert detect_language("123 ?", fallback="it") == "it"
