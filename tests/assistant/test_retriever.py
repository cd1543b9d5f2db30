"""Hybrid retrieval: fusion, grouping by practice, filters."""
from __future__ import annotations

import pytest

from assistant.retriever import HybridRetriever, rrf_fuse
from knowledge.filters import parse_filters


def test_rrf_rewards_agreement():
    scores = rrf_fuse([["a", "b", "c"], ["b", "a"]], [1.0, 1.0], k=60)
    assert scores["a"] == pytest.approx(scores["b"])
    assert scores["a"] > scores["c"]
    weighted = rrf_fuse([["a", "b"], ["b", "a"]], [1.0, 0.5])
    assert weighted["a"] > weighted["b"]


def _retriever(stack):
    return HybridRetriever(stack.embedder, stack.vector_index, stack.lexical,
                           stack.session_factory)


def test_results_are_grouped_by_practice(loaded_stack):
    matches = _retriever(loaded_stack).retrieve("refugees employers jobs mentoring", k=10)
    ids = [m.practice_id for m in matches]
    assert ids[0] == "jobs-skane" and len(ids) == len(set(ids))
    assert matches[0].lexical_rank == 0 and matches[0].passages


def test_filters_restrict_both_searches(loaded_stack):
    r = _retriever(loaded_stack)
    matches = r.retrieve("refugees jobs", parse_filters({"country": "IT"}), k=10)
    assert {m.practice_id for m in matches} == {"health-puglia"}
    assert r.retrieve("refugees", parse_filters({"country": "FR"}), k=10) == []


def test_bad_arguments_name_the_value(loaded_stack):
    with pytest.raises(ValueError, match="Currently, k is 0"):
        _retriever(loaded_stack).retrieve("x", k=0)
    with pytest.raises(ValueError, match="it is -1"):
        HybridRetriever(loaded_stack.embedder, loaded_stack.vector_index,
                        loaded_stack.lexical, loaded_stack.session_factory, candidates=-1)


def test_similar_practices_exclude_the_practice_itself(loaded_stack):
    r = _retriever(loaded_stack)
    similar = r.similar("jobs-skane", k=5)
    ids = [m.practice_id for m in similar]
    assert "jobs-skane" not in ids and set(ids) == {"housing-catalonia", "health-puglia"}
    assert similar[0].dense >= similar[-1].dense
    assert r.similar("no-such-practice") == []
