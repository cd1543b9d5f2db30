"""Deterministic test doubles (a fake embedder: hashed folded words, no model)."""
from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np

from knowledge.text import words


class FakeEmbedder:
    """Bag of hashed word stems in 64 dimensions: same words, close vectors."""

    def __init__(self, dim: int = 64) -> None:
        self.name = f"fake/hash-{dim}"
        self.dim = dim
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for w in words(text):
            stem = w[:6]
            h = int(hashlib.md5(stem.encode()).hexdigest(), 16)
            v[h % self.dim] += 1.0
        v[0] += 0.05  # never the zero vector
        return v / np.linalg.norm(v)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim))
