"""KnowledgeBase: database and both indexes written together, or not at all."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from knowledge.errors import IndexError_, NotFoundError
from knowledge.models import Passage, Practice
from knowledge.schema import validate_practice


def _records(raw):
    return [validate_practice(r) for r in raw]


def _practice_docs(stack, pid):
    return stack.vector_index.ids_where({"practice_id": pid})


def test_import_indexes_every_section_and_translation(stack, sample_records):
    summary = stack.kb.import_practices(_records(sample_records))
    assert sorted(summary.added) == ["health-puglia", "housing-catalonia", "jobs-skane"]
    docs = _practice_docs(stack, "housing-catalonia")
    assert any(":en:summary:" in d for d in docs)   # the English translation
    assert any(":es:challenges:" in d for d in docs)
    assert any("evaluation_communication" in d for d in _practice_docs(stack, "jobs-skane"))
    assert stack.kb.verify().ok


def test_contact_is_never_indexed(stack, sample_records):
    stack.kb.import_practices(_records(sample_records))
    with stack.session_factory() as session:
        texts = " ".join(session.scalars(select(Passage.text)))
    assert "anna.secret@example.org" not in texts and "Anna Test" not in texts
    snap = stack.vector_index.snapshot(stack.vector_index.all_ids())
    assert not any("anna.secret" in d for d in snap.documents)
    assert not any("anna.secret" in str(m) for m in snap.metadatas)


def test_reimport_changes_nothing(stack, sample_records, fake_embedder):
    stack.kb.import_practices(_records(sample_records))
    calls = fake_embedder.calls
    summary = stack.kb.import_practices(_records(sample_records))
    assert summary.unchanged == [r["id"] for r in sample_records]
    assert summary.added == summary.updated == []
    assert fake_embedder.calls == calls


def test_update_replaces_old_passages(stack, sample_records):
    stack.kb.import_practices(_records(sample_records))
    sample_records[1].pop("translations")
    summary = stack.kb.import_practices(_records(sample_records))
    assert summary.updated == ["housing-catalonia"]
    assert not any(":en:" in d for d in _practice_docs(stack, "housing-catalonia"))
    assert stack.kb.verify().ok


def test_failure_in_the_index_leaves_nothing_written(stack, sample_records, monkeypatch):
    stack.kb.import_practices(_records(sample_records[:1]))
    before = set(stack.vector_index.all_ids())
    sample_records[0]["summary"] = "Changed summary that must not survive."

    def broken(*args, **kwargs):
        raise IndexError_("Chroma upsert failed: ConnectionError: connection reset")

    monkeypatch.setattr(stack.vector_index, "upsert", broken)
    with pytest.raises(IndexError_):
        stack.kb.import_practices(_records(sample_records))
    monkeypatch.undo()
    with stack.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Practice)) == 1
        assert "Changed" not in session.get(Practice, "jobs-skane").summary
    assert set(stack.vector_index.all_ids()) == before
    assert stack.kb.verify().ok


def test_a_full_disk_is_not_undone_in_the_index_and_verify_finds_what_it_left(
        stack, sample_records, monkeypatch):
    stack.kb.import_practices(_records(sample_records[:1]))
    sample_records[0]["summary"] = "Changed summary that must not survive."
    real_upsert = stack.vector_index.upsert
    deletes: list[list[str]] = []
    real_delete = stack.vector_index.delete

    def half_then_full(ids, embeddings, documents, metadatas):
        # the first half reaches the index, then the disk is full
        half = len(ids) // 2
        real_upsert(ids[:half], embeddings[:half], documents[:half], metadatas[:half])
        raise IndexError_("Chroma upsert failed: InternalError: Query error: Database error: "
                          "error returned from database: (code: 13) database or disk is full")

    def recording_delete(ids):
        deletes.append(list(ids))
        real_delete(ids)

    monkeypatch.setattr(stack.vector_index, "upsert", half_then_full)
    monkeypatch.setattr(stack.vector_index, "delete", recording_delete)
    with pytest.raises(IndexError_) as caught:
        stack.kb.import_practices(_records(sample_records))
    monkeypatch.undo()
    # no undo was tried (a delete on a full disk can hang in Chroma): only the write's own
    # removal of the old passages ran; the message says what happened and what to do
    assert len(deletes) == 1
    assert "full or read-only" in str(caught.value) and "verify" in str(caught.value)
    with stack.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Practice)) == 1
        assert "Changed" not in session.get(Practice, "jobs-skane").summary
    drift = stack.kb.verify()
    assert not drift.ok and "jobs-skane" in drift.missing + drift.stale, drift
    assert drift.orphans  # the other practices' first passages
    stack.kb.reindex()
    assert stack.kb.verify().ok


def test_verify_finds_an_index_text_the_database_does_not_have(stack, sample_records):
    stack.kb.import_practices(_records(sample_records))
    doc_id = _practice_docs(stack, "housing-catalonia")[0]
    snap = stack.vector_index.snapshot([doc_id])
    stack.vector_index.restore(type(snap)(snap.ids, snap.embeddings,
                                          ["A text the database never had."], snap.metadatas))
    drift = stack.kb.verify()
    assert drift.stale == ["housing-catalonia"] and not drift.missing and not drift.orphans
    stack.kb.reindex()
    assert stack.kb.verify().ok


def test_failure_at_commit_undoes_the_index(stack, sample_records):
    stack.kb.import_practices(_records(sample_records[:1]))
    before = set(stack.vector_index.all_ids())

    def crash():
        raise RuntimeError("killed before commit")

    with pytest.raises(RuntimeError):
        stack.kb.import_practices(_records(sample_records), before_commit=crash)
    assert set(stack.vector_index.all_ids()) == before
    with stack.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Practice)) == 1
    assert stack.kb.verify().ok


def test_unpublish_removes_from_index_and_public_reads(stack, sample_records):
    stack.kb.import_practices(_records(sample_records))
    stack.kb.set_status("jobs-skane", "in_review")
    assert _practice_docs(stack, "jobs-skane") == []
    with pytest.raises(NotFoundError):
        stack.kb.store.get("jobs-skane")
    assert stack.kb.store.get("jobs-skane", public=False).status == "in_review"
    stack.kb.set_status("jobs-skane", "published")
    assert _practice_docs(stack, "jobs-skane")


def test_submitted_practices_are_never_indexed(stack, sample_records):
    stack.kb.import_practices(_records(sample_records), status="submitted")
    assert stack.vector_index.count() == 0
    assert stack.kb.store.published() == []


def test_drift_is_reported_and_reindex_repairs_it(stack, sample_records):
    stack.kb.import_practices(_records(sample_records))
    index = stack.vector_index
    index.delete(_practice_docs(stack, "health-puglia"))
    index.upsert(["p:ghost:en:summary:0"], stack.embedder.embed_passages(["ghost"]),
                 ["ghost"], [{"doc_type": "practice", "practice_id": "ghost"}])
    drift = stack.kb.verify()
    assert drift.missing == ["health-puglia"] and drift.orphans == ["p:ghost:en:summary:0"]
    count = stack.kb.reindex()
    assert count == index.count()
    assert stack.kb.verify().ok


def test_delete_practice(stack, sample_records):
    stack.kb.import_practices(_records(sample_records))
    stack.kb.delete_practice("health-puglia")
    assert _practice_docs(stack, "health-puglia") == []
    with pytest.raises(NotFoundError):
        stack.kb.delete_practice("health-puglia")


def test_duplicate_ids_in_one_import_are_refused(stack, sample_records):
    records = _records(sample_records[:1] * 2)
    with pytest.raises(ValueError, match="jobs-skane"):
        stack.kb.import_practices(records)


def test_embedding_cache_spares_reindex(stack, sample_records, fake_embedder):
    stack.kb.import_practices(_records(sample_records))
    calls = fake_embedder.calls
    stack.kb.reindex()
    assert fake_embedder.calls == calls


def test_chroma_default_embedding_function_is_never_used(stack, sample_records, monkeypatch):
    from chromadb.utils import embedding_functions

    def forbidden(self, *args, **kwargs):
        raise AssertionError("Chroma's default embedding function was called")

    monkeypatch.setattr(embedding_functions.DefaultEmbeddingFunction, "__call__", forbidden)
    stack.kb.import_practices(_records(sample_records))
    vector = stack.embedder.embed_queries(["jobs"])[0]
    assert stack.vector_index.query(vector, 3)
    stack.kb.reindex()
    assert stack.kb.verify().ok


def test_a_reindex_on_a_full_disk_says_to_run_it_again(stack, sample_records, monkeypatch):
    stack.kb.import_practices(_records(sample_records))

    def full(*args, **kwargs):
        raise IndexError_("Chroma upsert failed: InternalError: (code: 13) database or disk "
                          "is full")

    monkeypatch.setattr(stack.vector_index, "upsert", full)
    with pytest.raises(IndexError_) as caught:
        stack.kb.reindex()
    monkeypatch.undo()
    assert "full or read-only" in str(caught.value) and "reindex` again" in str(caught.value)
    assert not stack.kb.verify().ok  # emptied, as the message says
    stack.kb.reindex()
    assert stack.kb.verify().ok


def test_an_index_folder_short_of_room_counts_as_a_full_disk(tmp_path, monkeypatch):
    # Chroma does not always name the cause ("Error in compaction: Failed to apply logs to
    # the metadata segment"): the folder's own room and flags decide then
    import os

    from knowledge.vector_index import ChromaIndex, chroma_path, make_chroma_client
    index = ChromaIndex(make_chroma_client(tmp_path), "room_test",
                        path=str(chroma_path(tmp_path)))
    assert not index.storage_trouble()
    assert not ChromaIndex(index.client, "room_test").storage_trouble()  # a server: not ours

    class Stats:
        f_flag, f_bavail, f_frsize = 0, 100, 4096  # 400 KB left

    monkeypatch.setattr("knowledge.vector_index.os.statvfs", lambda path: Stats())
    assert index.storage_trouble()
    Stats.f_bavail, Stats.f_flag = 10**9, os.ST_RDONLY
    assert index.storage_trouble()
    Stats.f_flag = 0
    assert not index.storage_trouble()
