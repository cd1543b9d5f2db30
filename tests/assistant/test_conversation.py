"""Reading follow-up questions in the context of the conversation."""
from __future__ import annotations

import pytest

from assistant.conversation import ConversationStore, Turn, is_follow_up, read_question
from assistant.errors import QuestionError

FIRST = Turn(question="How did other regions get refugees into jobs?",
             query="How did other regions get refugees into jobs?", lang="en")


@pytest.mark.parametrize("question", [
    "and for women?", "what about in Spain?", "et pour les femmes ?", "und in Italien?",
    "¿y en España?", "e per i giovani?", "και για τις γυναίκες;", "e em Portugal?",
])
def test_follow_ups_are_recognised(question):
    assert is_follow_up(question, FIRST)


def test_a_new_topic_is_not_a_follow_up():
    assert not is_follow_up("Which regions offer housing support to asylum seekers?", FIRST)
    assert not is_follow_up("and for women?", None)


def test_country_in_follow_up_becomes_a_filter_on_the_same_topic():
    reading = read_question("what about in Spain?", FIRST, {})
    assert reading.follow_up
    assert reading.filters["country"] == ["ES"]
    assert "refugees into jobs" in reading.query


def test_target_group_in_follow_up_is_a_boost_not_a_filter():
    reading = read_question("και για τις γυναίκες;", FIRST, {})
    assert reading.boosts["target_group"] == ["women"]
    assert "country" not in reading.filters


def test_previous_filters_carry_over_and_new_ones_win():
    previous = Turn("q", "jobs for refugees", "en", filters={"country": ["IT"], "area": ["health"]})
    reading = read_question("and in Sweden?", previous, {})
    assert reading.filters == {"country": ["SE"], "area": ["health"]}


def test_store_round_trip_and_bad_ids(stack):
    store = ConversationStore(stack.session_factory)
    cid, turns = store.load(None)
    assert turns == [] and len(cid) == 32
    store.append(cid, FIRST)
    again, turns = store.load(cid)
    assert again == cid and turns[0].query == FIRST.query
    with pytest.raises(QuestionError) as info:
        store.load("bad id!")
    assert info.value.field == "conversation_id" and "bad id!" in str(info.value)
