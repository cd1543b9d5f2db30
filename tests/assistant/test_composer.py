"""Answer composition: structure, citations, language, nothing-found, phrasebook."""
from __future__ import annotations

from assistant.composer import AnswerComposer
from assistant.phrases import ENGLISH, PHRASES
from tests.assistant.phrasebooks import DictPhrasebook


def test_structured_cited_answer_in_the_users_language(loaded_stack, catalogs):
    store = loaded_stack.kb.store
    practices = store.get_many(["jobs-skane", "housing-catalonia"])
    answer = AnswerComposer(phrasebook=catalogs).compose([(practices["jobs-skane"], 0.9),
                                                          (practices["housing-catalonia"], 0.85)],
                                                         "fr")
    text = answer.text
    assert text.startswith("Voici comment d'autres régions ont traité cette question "
                           "(2 pratiques) :")
    assert "[1] Fast track to jobs for refugees — Skåne (Suède)" in text
    assert "Défi: Employers did not recognise" in text
    assert "Enseignement tiré:" in text
    assert "[2] Vivienda para personas refugiadas" in text and "(texte en espagnol)" in text
    assert [s["id"] for s in answer.sources] == ["jobs-skane", "housing-catalonia"]
    assert answer.sources[0]["url"] == "/practices/jobs-skane"
    assert answer.sources[0]["challenges"].startswith("Employers")


def test_english_is_the_default_phrasebook(loaded_stack):
    p = loaded_stack.kb.store.get_many(["jobs-skane"])["jobs-skane"]
    composer = AnswerComposer()
    assert composer.phrasebook is ENGLISH
    text = composer.compose([(p, 0.9)], "fr").text
    # without a catalog every language reads the English source text, never a KeyError
    assert text.startswith("Here is how another region has handled this:")
    assert "Challenge: Employers did not recognise" in text
    assert "Lesson learnt: Involve employers" in text


def test_every_phrase_goes_through_the_phrasebook_it_was_given(loaded_stack):
    p = loaded_stack.kb.store.get_many(["housing-catalonia"])["housing-catalonia"]
    book = DictPhrasebook({"de": {PHRASES["intro_one"]: "EINS:", PHRASES["solutions"]: "LÖS",
                                  PHRASES["original_language"]: "(auf {language})"}})
    text = AnswerComposer(phrasebook=book).compose([(p, 0.9)], "de").text
    assert text.startswith("EINS:")
    assert "LÖS: Acuerdos con municipios." in text and "(auf Spanisch)" in text
    assert {lang for lang, _ in book.asked} == {"de"}
    assert {msgid for _, msgid in book.asked} <= set(PHRASES.values())


def test_translation_is_used_when_it_exists(loaded_stack, catalogs):
    p = loaded_stack.kb.store.get_many(["housing-catalonia"])["housing-catalonia"]
    answer = AnswerComposer(phrasebook=catalogs).compose([(p, 0.9)], "en")
    assert "Housing for refugees" in answer.text
    assert "reception flats" in answer.text
    assert answer.sources[0]["lang"] == "en"


def test_nothing_found_says_so_and_suggests_search(catalogs):
    for lang, word in (("el", "Δεν βρήκα"), ("pt", "Não encontrei"), ("de", "keine Praxis")):
        answer = AnswerComposer(phrasebook=catalogs).compose([], lang)
        assert not answer.found and answer.sources == []
        assert word in answer.text and "/practices" in answer.text


def test_nothing_found_with_filters_names_them_in_the_language(catalogs):
    composer = AnswerComposer("https://lab.example", phrasebook=catalogs)
    label = composer.filters_label({"country": ["FR"], "region": ["skane"], "year_from": 2015,
                                    "year_to": 2020}, "pt")
    assert label == "França, skane, desde 2015, até 2020"
    text = composer.compose([], "pt", filters_label=label).text
    assert text.startswith("Nenhuma prática corresponde a esta pergunta com os filtros "
                           "escolhidos (França, skane, desde 2015, até 2020).")
    assert "https://lab.example/practices." in text
    assert AnswerComposer().filters_label({"year_to": 2020}, "el") == "until 2020"


def test_html_in_data_is_kept_as_text(loaded_stack):
    p = loaded_stack.kb.store.get_many(["jobs-skane"])["jobs-skane"]
    p.title = "<script>alert(1)</script>"
    answer = AnswerComposer().compose([(p, 0.9)], "en")
    assert "<script>alert(1)</script>" in answer.text  # escaping is the renderer's job
