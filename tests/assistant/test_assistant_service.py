"""The Assistant on the fake embedder: validation, nothing-found, filters, memory."""
from __future__ import annotations

import pytest

from assistant.composer import AnswerComposer
from assistant.errors import QuestionError
from assistant.phrases import PHRASES
from assistant.service import AssistantSettings
from tests.assistant.phrasebooks import DictPhrasebook


@pytest.fixture
def assistant(lab):
    # the fake embedder's cosines are not e5's: thresholds for this embedder
    lab.assistant.settings = AssistantSettings(relevance=0.3, lexical_relevance=0.2, floor=0.2,
                                               margin=0.5, glossary_relevance=0.99)
    return lab.assistant


def test_answer_cites_practices_and_remembers_the_turn(assistant, loaded_lab):
    answer = assistant.ask("refugees jobs employers mentoring placements")
    assert answer.found and answer.sources[0]["id"] == "jobs-skane"
    assert "[1]" in answer.answer
    cid, turns = assistant.conversations.load(answer.conversation_id)
    assert turns[0].source_ids[0] == "jobs-skane"


def test_filters_with_no_match_say_so_with_the_filters(assistant, loaded_lab):
    answer = assistant.ask("refugees jobs employers", lang="en", filters={"country": "FR"})
    assert not answer.found and answer.sources == []
    assert "France" in answer.answer and "/practices" in answer.answer


def test_the_answer_is_phrased_by_the_composers_phrasebook(assistant, loaded_lab):
    book = DictPhrasebook({"it": {PHRASES["no_answer_filtered"]: "Niente ({filters}).",
                                  PHRASES["year_to"]: "fino al {year}"}})
    assistant.composer = AnswerComposer("https://lab.example", phrasebook=book)
    answer = assistant.ask("lavoro per i rifugiati con i datori di lavoro",
                           filters={"country": "FR", "year_to": 2020})
    assert answer.lang == "it" and not answer.found
    assert answer.answer.startswith("Niente (Francia, fino al 2020). ")
    assert answer.answer.endswith("https://lab.example/practices.")  # untranslated: English
    assert {lang for lang, _ in book.asked} == {"it"}


def test_follow_up_country_filter(assistant, loaded_lab):
    first = assistant.ask("refugees jobs employers mentoring")
    second = assistant.ask("what about in Italy?", conversation_id=first.conversation_id)
    assert second.filters == {"country": ["IT"]}
    assert {s["country"] for s in second.sources} <= {"IT"}


@pytest.mark.parametrize("question,field", [("", "question"), ("x" * 1001, "question"),
                                            (None, "question"), (["a"], "question")])
def test_bad_questions(assistant, question, field):
    with pytest.raises(QuestionError) as info:
        assistant.ask(question)
    assert info.value.field == field


def test_bad_language_and_filters(assistant):
    with pytest.raises(QuestionError, match="'klingon'"):
        assistant.ask("jobs for refugees", lang="klingon")
    with pytest.raises(QuestionError, match="Narnia"):
        assistant.ask("jobs for refugees", filters={"country": "Narnia"})
