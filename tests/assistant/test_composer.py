"""Answer composition: structure, citations, language, nothing-found."""
from __future__ import annotations

from assistant.composer import AnswerComposer


def test_structured_cited_answer_in_the_users_language(loaded_stack):
    store = loaded_stack.kb.store
    practices = store.get_many(["jobs-skane", "housing-catalonia"])
    answer = AnswerComposer().compose([(practices["jobs-skane"], 0.9),
                                       (practices["housing-catalonia"], 0.85)], "fr")
    text = answer.text
    assert text.startswith("Voici comment d'autres régions")
    assert "[1] Fast track to jobs for refugees — Skåne (Suède)" in text
    assert "Défi: Employers did not recognise" in text
    assert "Enseignement tiré:" in text
    assert "[2] Vivienda para personas refugiadas" in text and "(texte en espagnol)" in text
    assert [s["id"] for s in answer.sources] == ["jobs-skane", "housing-catalonia"]
    assert answer.sources[0]["url"] == "/practices/jobs-skane"
    assert answer.sources[0]["challenges"].startswith("Employers")


def test_translation_is_used_when_it_exists(loaded_stack):
    p = loaded_stack.kb.store.get_many(["housing-catalonia"])["housing-catalonia"]
    answer = AnswerComposer().compose([(p, 0.9)], "en")
    assert "Housing for refugees" in answer.text
    assert "reception flats" in answer.text
    assert answer.sources[0]["lang"] == "en"


def test_nothing_found_says_so_and_suggests_search():
    for lang, word in (("el", "Δεν βρήκα"), ("pt", "Não encontrei"), ("de", "keine Praxis")):
        answer = AnswerComposer().compose([], lang)
        assert not answer.found and answer.sources == []
        assert word in answer.text and "/practices" in answer.text


def test_html_in_data_is_kept_as_text(loaded_stack):
    p = loaded_stack.kb.store.get_many(["jobs-skane"])["jobs-skane"]
    p.title = "<script>alert(1)</script>"
    answer = AnswerComposer().compose([(p, 0.9)], "en")
    assert "<script>alert(1)</script>" in answer.text  # escaping is the renderer's job
