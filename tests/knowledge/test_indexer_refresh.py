"""Reloading the embedded Chroma when another process wrote: once, whatever the threads."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from knowledge.indexer import bump_generation


@pytest.fixture
def folder_stack(tmp_path, fake_embedder):  # type: ignore[no-untyped-def]
    """A stack on an embedded Chroma folder (the only kind that ever needs reloading)."""
    from knowledge.wiring import open_stack
    from tests.conftest import make_config
    return open_stack(make_config(tmp_path, CHROMA_HOST=None), fake_embedder)


def test_a_fresh_indexer_does_not_reload_for_nothing(folder_stack) -> None:  # type: ignore[no-untyped-def]
    assert folder_stack.indexer.refresh_if_stale() is False


def test_many_threads_see_one_reload_and_no_error(folder_stack, sample_records) -> None:  # type: ignore[no-untyped-def]
    stack = folder_stack
    from knowledge.schema import validate_practice
    stack.kb.import_practices([validate_practice(r) for r in sample_records])
    stack.indexer.refresh_if_stale()
    with stack.session_factory.begin() as session:
        bump_generation(session)  # as another process's write would
    results: list[object] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        try:
            reloaded = stack.indexer.refresh_if_stale()
            query = stack.embedder.embed_queries(["refugees jobs"])[0]
            hits = stack.vector_index.query(np.asarray(query), 3)
            results.append((reloaded, len(hits)))
        except Exception as exc:  # the assertion below shows it
            results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, tuple) for r in results), results
    assert sum(1 for r in results if r[0]) == 1  # type: ignore[index]
    assert all(r[1] == 3 for r in results)  # type: ignore[index]
