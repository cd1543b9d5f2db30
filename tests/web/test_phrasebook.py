"""The assistant's fixed phrases through the real compiled catalogs, alone and in the app."""
from __future__ import annotations

import string
import threading
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from flask import has_app_context

from assistant.phrases import PHRASES, render
from assistant.service import AssistantSettings
from tests.conftest import DEMO
from web.phrasebook import DEFAULT_DIRECTORY, BabelPhrasebook, directory_list

OTHERS = ("fr", "de", "es", "it", "el", "pt")
# reviewed translations that happen to be spelt as in English
SAME_AS_ENGLISH = {("solutions", "fr"), ("sources", "fr")}
VALUES = {"count": 3, "language": "LANGNAME", "filters": "FILTERLIST", "url": "/URL",
          "year": 2019}


def fields(text: str) -> set[str]:
    """The str.format field names in text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def book() -> BabelPhrasebook:
    return BabelPhrasebook()


@pytest.fixture(scope="module")
def compiled() -> dict[str, Catalog]:
    """Each language's compiled catalog (the .mo files the app serves)."""
    out = {}
    for lang in OTHERS:
        with (DEFAULT_DIRECTORY / lang / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
            out[lang] = read_mo(fh)
    return out


# --- every phrase in every language, from the real catalogs -------------------------------

@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_is_translated_and_keeps_its_placeholders(book, compiled, key, lang):
    msgid = PHRASES[key]
    message = compiled[lang].get(msgid)
    assert message is not None and message.string, f"{lang}: {msgid!r} is not in the .mo"
    translated = book.phrase(lang, msgid)
    assert translated == message.string
    assert fields(translated) == fields(msgid), f"{lang}: {translated!r} lost a placeholder"
    if (key, lang) not in SAME_AS_ENGLISH:
        assert translated != msgid
    rendered = render(book, key, lang, **VALUES)
    assert "{" not in rendered and "}" not in rendered
    for name in fields(msgid):
        assert str(VALUES[name]) in rendered


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_english_is_the_source_text(book, key):
    assert book.phrase("en", PHRASES[key]) == PHRASES[key]
    assert render(book, key, "en", **VALUES) == PHRASES[key].format(**VALUES)


def test_brace_placeholders_are_not_flagged_python_format():
    # a python-format flag would make pybabel check %-conversions these texts do not have
    for lang in OTHERS:
        text = (DEFAULT_DIRECTORY / lang / "LC_MESSAGES" / "messages.po").read_text("utf-8")
        for key in ("intro", "suggest", "year_from"):
            block = text.split(f'msgid "{PHRASES[key]}"')[0].rsplit("\n\n", 1)[-1]
            assert "python-brace-format" in block and "python-format" not in block.replace(
                "python-brace-format", ""), (lang, key, block)


# --- the loader ---------------------------------------------------------------------------

def test_no_app_context_needed_and_each_language_loaded_once(book):
    assert not has_app_context()
    fresh = BabelPhrasebook()
    seen: list[object] = []

    def worker() -> None:
        for lang in ("el", "pt", "fr", "el"):
            seen.append(fresh.translations(lang))
            assert fresh.phrase(lang, PHRASES["done"]) != PHRASES["done"]

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 32 and len({id(c) for c in seen}) == 3
    assert set(fresh._catalogs) == {"el", "pt", "fr"}


def test_unknown_languages_answer_the_msgid_without_touching_the_disk():
    book = BabelPhrasebook(languages=("fr",))
    assert book.phrase("el", PHRASES["done"]) == PHRASES["done"]
    assert book.phrase("../../fr", PHRASES["done"]) == PHRASES["done"]
    assert book.phrase("fr", PHRASES["done"]) == "Ce qui a été fait"
    assert set(book._catalogs) == {"fr"}


def test_several_folders_later_ones_win(tmp_path: Path):
    catalog = Catalog(locale="fr")
    catalog.add(PHRASES["done"], "Fait")
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "fr" / "LC_MESSAGES" / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    book = BabelPhrasebook(f"{DEFAULT_DIRECTORY};{tmp_path}")
    assert book.phrase("fr", PHRASES["done"]) == "Fait"
    assert book.phrase("fr", PHRASES["challenges"]) == "Défi"
    assert BabelPhrasebook(tmp_path).phrase("fr", PHRASES["challenges"]) == "Challenge"
    assert directory_list(None) == directory_list("") == [DEFAULT_DIRECTORY]
    assert directory_list([tmp_path, str(tmp_path)]) == [tmp_path, tmp_path]


# --- answers composed through the app ----------------------------------------------------

QUESTIONS = {
    "el": "Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;",
    "fr": "Comment les autres régions ont-elles aidé les réfugiés à trouver un emploi ?",
    "pt": "Como é que outras regiões ajudaram os refugiados a encontrar emprego?",
}
# the reviewed texts, written out: the catalogs must serve exactly these
EXPECTED = {
    "el": ["Δείτε πώς το αντιμετώπισαν άλλες περιφέρειες (3 πρακτικές):", "\nΤι έγινε: ",
           "\nΠρόκληση: ", "\nΛύση: ", "\nΔίδαγμα: ", "(κείμενο στα Αγγλικά)"],
    "fr": ["Voici comment d'autres régions ont traité cette question (3 pratiques) :",
           "\nCe qui a été fait: ", "\nDéfi: ", "\nSolution: ", "\nEnseignement tiré: ",
           "(texte en anglais)"],
    "pt": ["Eis como outras regiões abordaram esta questão (3 práticas):",
           "\nO que foi feito: ", "\nDesafio: ", "\nSolução: ", "\nLição aprendida: ",
           "(texto em inglês)"],
}
GLOSSARY = {"el": "Γλωσσάριο — ", "fr": "Glossaire — ", "pt": "Glossário — "}
NOTHING = {
    "el": ("Καμία πρακτική δεν ταιριάζει σε αυτή την ερώτηση με τα φίλτρα που επιλέξατε "
           "(Γαλλία, από το 2015).", "Δοκιμάστε άλλες λέξεις"),
    "fr": ("Aucune pratique ne correspond à cette question avec les filtres choisis "
           "(France, à partir de 2015).", "Essayez d'autres mots"),
    "pt": ("Nenhuma prática corresponde a esta pergunta com os filtros escolhidos "
           "(França, desde 2015).", "Experimente outras palavras"),
}


@pytest.fixture
def cite_everything(loaded_lab):
    """The app's assistant on the fake embedder, citing every practice it retrieves."""
    loaded_lab.assistant.settings = AssistantSettings(
        relevance=-1.0, lexical_relevance=-1.0, floor=-1.0, margin=3.0, glossary_relevance=2.0)
    return loaded_lab


def test_the_app_wires_the_compiled_catalogs(app, lab):
    book = lab.assistant.composer.phrasebook
    assert isinstance(book, BabelPhrasebook)
    assert book.directories == directory_list(app.config["BABEL_TRANSLATION_DIRECTORIES"])


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_an_answer_through_the_app_has_the_translated_phrases(cite_everything, lang):
    answer = cite_everything.assistant.ask(QUESTIONS[lang], lang=lang)
    assert answer.lang == lang and answer.found and len(answer.sources) == 3
    for text in EXPECTED[lang]:
        assert text in answer.answer, (text, answer.answer)
    for english in ("Here is how", "What was done", "Challenge:", "Lesson learnt", "(text in"):
        assert english not in answer.answer


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_a_definition_through_the_app_is_headed_in_the_language(cite_everything, lang):
    from ingest.loader import load_glossary
    load_glossary(cite_everything.kb, DEMO / "glossary.json")
    cite_everything.assistant.settings.glossary_relevance = -1.0
    cite_everything.assistant.settings.glossary_lead = -3.0
    answer = cite_everything.assistant.ask(QUESTIONS[lang], lang=lang)
    assert answer.sources[0]["kind"] == "glossary"
    assert answer.answer.startswith(GLOSSARY[lang] + answer.sources[0]["title"] + " [1]: ")


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_nothing_found_through_the_app_is_in_the_language(cite_everything, lang):
    answer = cite_everything.assistant.ask(QUESTIONS[lang], lang=lang,
                                           filters={"country": "FR", "year_from": 2015})
    assert not answer.found and answer.sources == []
    first, suggestion = NOTHING[lang]
    assert answer.answer.startswith(first) and suggestion in answer.answer
    assert answer.answer.endswith("/practices.")


def test_the_api_answers_with_the_translated_phrases(client, cite_everything):
    body = client.post("/api/v1/ask", json={"question": QUESTIONS["pt"], "lang": "pt"}).get_json()
    assert body["lang"] == "pt" and EXPECTED["pt"][0] in body["answer"]
