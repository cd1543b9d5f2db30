"""The fixed phrases: English msgids, brace placeholders, rendering through a phrasebook."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import assistant.phrases as phrases_module
from assistant.phrases import ENGLISH, N_, PHRASES, render
from tests.assistant.phrasebooks import DictPhrasebook

PLACEHOLDERS = {"intro": {"count"}, "original_language": {"language"},
                "no_answer_filtered": {"filters"}, "suggest": {"url"}, "year_from": {"year"},
                "year_to": {"year"}}


def fields(text: str) -> set[str]:
    """The str.format field names in text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_marker_and_english_phrasebook_change_nothing():
    assert N_("What was done") == "What was done"
    assert all(ENGLISH.phrase(lang, msgid) == msgid
               for msgid in PHRASES.values() for lang in ("en", "el", "xx"))


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_placeholders_are_brace_fields_never_percent(key):
    msgid = PHRASES[key]
    assert fields(msgid) == PLACEHOLDERS.get(key, set())
    # a % would make Babel flag python-format and Flask-Babel %-format the text
    assert "%" not in msgid


def test_every_msgid_is_a_literal_inside_the_extraction_marker():
    # pybabel extract -k N_ sees only literal arguments of N_(...)
    tree = ast.parse(Path(phrases_module.__file__).read_text(encoding="utf-8"))
    marked = {node.args[0].value for node in ast.walk(tree)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "N_"
              and node.args and isinstance(node.args[0], ast.Constant)}
    assert set(PHRASES.values()) <= marked


def test_render_fills_values_in_the_translation():
    book = DictPhrasebook({"it": {PHRASES["intro"]: "Ecco ({count})"}})
    assert render(book, "intro", "it", count=3) == "Ecco (3)"
    assert render(book, "intro", "en", count=3) == ("Here is how other regions have handled "
                                                    "this (3 practices):")


@pytest.mark.parametrize("broken", ["Ecco ({numero})", "Ecco ({count)", "Ecco ({0})"])
def test_a_broken_translation_falls_back_to_english(broken):
    book = DictPhrasebook({"it": {PHRASES["intro"]: broken}})
    assert re.fullmatch(r"Here is how .* \(3 practices\):", render(book, "intro", "it", count=3))


def test_unknown_key_names_it():
    with pytest.raises(KeyError, match="nonsense"):
        render(ENGLISH, "nonsense", "en")
