"""Indexer: keeps Chroma and the passage table in step with the database, or undoes itself."""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .db import cannot_write
from .documents import Document
from .embedder import Embedder
from .errors import IndexError_
from .lexical import LexicalIndex
from .models import EmbeddingCache, IndexState
from .vector_index import ChromaIndex, Snapshot

Progress = Callable[[int], None]
GENERATION = "generation"
REFRESH_ATTEMPTS = 3


def read_generation(session: Session) -> int:
    """The index generation committed so far (0 before any write)."""
    row = session.get(IndexState, GENERATION)
    return row.value if row else 0


def bump_generation(session: Session) -> None:
    """Count one more index write, in the writer's transaction."""
    row = session.get(IndexState, GENERATION)
    if row is None:
        session.add(IndexState(key=GENERATION, value=1))
    else:
        row.value += 1


def text_hash(text: str) -> str:
    """Key of a text in the embedding cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def disk_trouble(index: ChromaIndex, exc: BaseException) -> bool:
    """True when a failed index write is down to a full or read-only disk: the error says so,
    or (Chroma's messages do not always) the embedded folder is read-only or nearly full."""
    return cannot_write(exc) or index.storage_trouble()


@dataclass
class IndexChange:
    """What one write did to the vector index, so it can be undone if the commit fails."""

    index: ChromaIndex
    snapshot: Snapshot
    added_ids: list[str] = field(default_factory=list)

    def undo(self, cause: BaseException | None = None) -> bool:
        """Remove what was added and put back what was replaced; False, and left alone, when
        `cause` says the disk is full or read-only (`verify` reports it, `reindex` repairs)."""
        if cause is not None and disk_trouble(self.index, cause):
            # Chroma can hang in a delete on a full disk (seen with an embedded folder): an
            # undo that may never return is worse than drift that verify finds
            return False
        self.index.delete(self.added_ids)
        self.index.restore(self.snapshot)
        return True


class Indexer:
    """Embeds documents (through a cache) and writes them to both indexes."""

    def __init__(self, session_factory: sessionmaker[Session], embedder: Embedder,
                 vector_index: ChromaIndex, lexical: LexicalIndex) -> None:
        self.session_factory = session_factory
        self.embedder = embedder
        self.vector_index = vector_index
        self.lexical = lexical
        # the index was opened just now: it already shows every write made so far
        with session_factory() as session:
            self._seen_generation = read_generation(session)
        self._refresh_lock = threading.Lock()

    def embed(self, docs: Sequence[Document], progress: Progress | None = None,
              batch: int = 64) -> np.ndarray:
        """Vectors of docs, from the cache where the same text was embedded before."""
        if not docs:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        keys = [text_hash(d.text) for d in docs]
        cached = self._cached(set(keys))
        todo = sorted({k: d.text for k, d in zip(keys, docs) if k not in cached}.items())
        counts = Counter(keys)
        uses = {k: counts[k] for k, _ in todo}
        if progress:
            progress(len(docs) - sum(uses.values()))
        for i in range(0, len(todo), batch):
            part = todo[i:i + batch]
            vectors = self.embedder.embed_passages([t for _, t in part])
            new = {k: v for (k, _), v in zip(part, vectors)}
            self._store_cache(new)
            cached.update(new)
            if progress:
                progress(sum(uses[k] for k in new))
        return np.vstack([cached[k] for k in keys]).astype(np.float32)

    def _cached(self, keys: set[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        key_list = list(keys)
        with self.session_factory() as session:
            for i in range(0, len(key_list), 500):
                rows = session.execute(select(EmbeddingCache.text_hash, EmbeddingCache.vector)
                                       .where(EmbeddingCache.model == self.embedder.name,
                                              EmbeddingCache.text_hash.in_(key_list[i:i + 500])))
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape[0] == self.embedder.dim:
                        found[key] = vector
        return found

    def _store_cache(self, vectors: dict[str, np.ndarray]) -> None:
        # the cache is only an accelerator: its own short transaction, never the caller's
        with self.session_factory.begin() as session:
            for key, vector in vectors.items():
                session.merge(EmbeddingCache(model=self.embedder.name, text_hash=key,
                                             vector=np.asarray(vector, np.float32).tobytes()))

    def replace(self, session: Session, docs: Sequence[Document], vectors: np.ndarray, *,
                practice_ids: Sequence[str] = (), glossary_ids: Sequence[str] = ()
                ) -> IndexChange:
        """Swap the documents of these owners for docs, in the session and in Chroma."""
        old_ids = self._owned_ids(practice_ids, glossary_ids)
        snapshot = self.vector_index.snapshot(old_ids)
        change = IndexChange(self.vector_index, snapshot)
        self.lexical.remove(session, practice_ids=practice_ids, glossary_ids=glossary_ids)
        self.lexical.add(session, docs)
        bump_generation(session)
        session.flush()
        try:
            self.vector_index.delete(old_ids)
            change.added_ids = [d.id for d in docs]
            self.vector_index.upsert(change.added_ids, vectors, [d.text for d in docs],
                                     [d.metadata for d in docs])
        except Exception as exc:
            if not change.undo(exc):
                raise IndexError_(
                    f"the index cannot be written ({exc}): is its disk full or read-only? The "
                    "database was not changed; once there is room, `python -m ingest verify` "
                    "shows and `reindex` removes what reached the index") from exc
            raise
        return change

    def _owned_ids(self, practice_ids: Sequence[str], glossary_ids: Sequence[str]) -> list[str]:
        ids: list[str] = []
        for key, values in (("practice_id", list(practice_ids)),
                            ("glossary_id", list(glossary_ids))):
            for i in range(0, len(values), 200):
                ids += self.vector_index.ids_where({key: {"$in": values[i:i + 200]}})
        return ids

    def refresh_if_stale(self) -> bool:
        """Reload an embedded Chroma when another process wrote to it; True if reloaded."""
        with self.session_factory() as session:
            generation = read_generation(session)
        if generation == self._seen_generation:
            return False
        # one thread reloads; the others wait and then see it done (two reloads at once
        # race inside Chroma's client cache and fail with "could not connect to tenant")
        with self._refresh_lock:
            if generation == self._seen_generation:
                return False
            for attempt in range(REFRESH_ATTEMPTS):
                try:
                    reloaded = self.vector_index.refresh()
                    break
                except IndexError_:
                    # another process may be creating the store's files at this moment
                    if attempt == REFRESH_ATTEMPTS - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
            self._seen_generation = generation
        return reloaded
