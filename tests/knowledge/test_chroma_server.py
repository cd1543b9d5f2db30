"""The same knowledge stack against a real `chroma run` server (CHROMA_HOST/CHROMA_PORT)."""
from __future__ import annotations

import pytest

from knowledge.schema import validate_practice
from knowledge.vector_index import ChromaIndex, make_chroma_client
from knowledge.wiring import open_stack
from tests.conftest import make_config

pytestmark = [pytest.mark.integration, pytest.mark.server]


def test_ingest_search_and_verify_on_a_chroma_server(tmp_path, chroma_server, real_embedder,
                                                     sample_records):
    host, port = chroma_server
    stack = open_stack(make_config(tmp_path, CHROMA_HOST=host, CHROMA_PORT=port),
                       real_embedder)
    assert stack.vector_index.client.get_settings().chroma_server_host == host
    stack.kb.import_practices([validate_practice(r) for r in sample_records])
    assert stack.kb.verify().ok
    vector = real_embedder.embed_queries(["jobs for refugees with employers"])[0]
    hits = stack.vector_index.query(vector, 3, {"doc_type": "practice"})
    assert hits[0].metadata["practice_id"] == "jobs-skane"
    assert 0.0 < hits[0].score <= 1.0
    # the server holds the data: a second client sees it
    other = ChromaIndex(make_chroma_client(host=host, port=port), stack.vector_index.name)
    assert other.count() == stack.vector_index.count()
    stack.kb.reindex()
    assert stack.kb.verify().ok
