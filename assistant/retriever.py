"""Hybrid retrieval: dense (Chroma) and lexical (FTS5) candidates fused per practice."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from knowledge.embedder import Embedder
from knowledge.filters import PracticeFilters, matching_ids
from knowledge.lexical import LexicalHit, LexicalIndex
from knowledge.vector_index import VectorIndex


@dataclass
class PassageMatch:
    """One passage that matched, and how."""

    doc_id: str
    kind: str
    lang: str
    dense: float | None = None
    lexical: float | None = None


@dataclass
class PracticeMatch:
    """A practice found for a query, with the passages that brought it."""

    practice_id: str
    score: float = 0.0
    dense: float = 0.0          # best cosine similarity of any of its passages
    dense_rank: int | None = None
    lexical_rank: int | None = None
    passages: list[PassageMatch] = field(default_factory=list)


@dataclass
class GlossaryMatch:
    """A glossary entry close to the query."""

    glossary_id: str
    lang: str
    dense: float


def rrf_fuse(rankings: Sequence[Sequence[str]], weights: Sequence[float],
             k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion of several best-first id lists."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, key in enumerate(ranking):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank + 1)
    return scores


def _doc_parts(doc_id: str) -> tuple[str, str]:
    # ids are p:<practice>:<lang>:<kind>:<n>
    parts = doc_id.split(":")
    return (parts[3], parts[2]) if len(parts) >= 5 else ("", "")


class HybridRetriever:
    """Finds practices for a question; receives its indexes and embedder."""

    def __init__(self, embedder: Embedder, vector_index: VectorIndex, lexical: LexicalIndex,
                 session_factory: sessionmaker[Session], *, candidates: int = 60,
                 rrf_k: int = 60, dense_weight: float = 1.0, lexical_weight: float = 0.5,
                 fusion: str = "score", lexical_bonus: float = 0.02) -> None:
        if candidates <= 0:
            raise ValueError(f"candidates must be greater than 0. Currently, it is {candidates}")
        self.embedder = embedder
        self.vector_index = vector_index
        self.lexical = lexical
        self.session_factory = session_factory
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight
        if fusion not in ("score", "rrf"):
            raise ValueError(f"fusion must be 'score' or 'rrf', got {fusion!r}")
        self.fusion = fusion
        self.lexical_bonus = lexical_bonus

    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector."""
        return self.embedder.embed_queries([query])[0]

    def allowed_ids(self, filters: PracticeFilters | None) -> set[str] | None:
        """Practice ids that pass the filters (None: no filter)."""
        if filters is None or filters.empty:
            return None
        with self.session_factory() as session:
            return matching_ids(session, filters)

    def retrieve(self, query: str, filters: PracticeFilters | None = None, k: int = 5,
                 vector: np.ndarray | None = None,
                 allowed: set[str] | None | bool = False) -> list[PracticeMatch]:
        """The k best practices for the query, best first."""
        if k <= 0:
            raise ValueError(f"k must be greater than 0. Currently, k is {k}")
        ids = self.allowed_ids(filters) if allowed is False else allowed
        if ids is not None and not ids:
            return []
        vector = self.embed_query(query) if vector is None else vector
        where: dict[str, Any] = {"doc_type": "practice"}
        if ids is not None:
            where = {"$and": [where, {"practice_id": {"$in": sorted(ids)}}]}
        matches: dict[str, PracticeMatch] = {}
        dense_order: list[str] = []
        cosine: dict[str, float] = {}
        for hit in self.vector_index.query(vector, self.candidates, where):
            pid = str(hit.metadata.get("practice_id"))
            m = matches.setdefault(pid, PracticeMatch(pid))
            if pid not in dense_order:
                dense_order.append(pid)
            cosine[hit.id] = hit.score
            kind, lang = _doc_parts(hit.id)
            m.passages.append(PassageMatch(hit.id, kind, lang, dense=hit.score))
        lexical_hits = self.lexical.search(query, self.candidates, practice_ids=ids)
        lexical_order: list[str] = []
        top_bm25 = max((h.score for h in lexical_hits), default=0.0) or 1.0
        lexical_best: dict[str, float] = {}
        for hit in lexical_hits:
            pid = str(hit.practice_id)
            m = matches.setdefault(pid, PracticeMatch(pid))
            if pid not in lexical_order:
                lexical_order.append(pid)
            lexical_best[pid] = max(lexical_best.get(pid, 0.0), hit.score / top_bm25)
            kind, lang = _doc_parts(hit.passage_id)
            m.passages.append(PassageMatch(hit.passage_id, kind, lang, lexical=hit.score))
        self._fill_cosines(vector, lexical_hits, cosine)
        for pid, m in matches.items():
            for p in m.passages:
                p.dense = cosine.get(p.doc_id, p.dense)
            m.passages.sort(key=lambda p: -(p.dense or 0.0))
            m.dense = max((p.dense or 0.0) for p in m.passages)
            m.dense_rank = dense_order.index(pid) if pid in dense_order else None
            m.lexical_rank = lexical_order.index(pid) if pid in lexical_order else None
        if self.fusion == "rrf":
            fused = rrf_fuse([dense_order, lexical_order],
                             [self.dense_weight, self.lexical_weight], self.rrf_k)
            for pid, m in matches.items():
                m.score = fused.get(pid, 0.0)
        else:
            # cosine decides; matching words only settle near-ties (cross-lingual safe)
            for pid, m in matches.items():
                m.score = m.dense + self.lexical_bonus * lexical_best.get(pid, 0.0)
        ranked = sorted(matches.values(), key=lambda m: (-m.score, -m.dense, m.practice_id))
        return ranked[:k]

    def _fill_cosines(self, vector: np.ndarray, hits: list[LexicalHit],
                      cosine: dict[str, float]) -> None:
        """Cosine of passages found only by words, so every candidate is comparable."""
        missing = [h.passage_id for h in hits if h.passage_id not in cosine]
        if not missing:
            return
        snap = self.vector_index.snapshot(missing)
        if snap.ids:
            sims = np.asarray(snap.embeddings, dtype=np.float32) @ np.asarray(vector, np.float32)
            cosine.update({i: float(s) for i, s in zip(snap.ids, sims)})

    def similar(self, practice_id: str, k: int = 4) -> list[PracticeMatch]:
        """The k practices nearest to this one (by the centroid of its passages)."""
        if k <= 0:
            raise ValueError(f"k must be greater than 0. Currently, k is {k}")
        snap = self.vector_index.snapshot(self.vector_index.ids_where({"practice_id": practice_id}))
        if not snap.ids:
            return []
        centroid = np.asarray(snap.embeddings, dtype=np.float32).mean(axis=0)
        centroid /= float(np.linalg.norm(centroid)) or 1.0
        where = {"$and": [{"doc_type": "practice"}, {"practice_id": {"$ne": practice_id}}]}
        found: dict[str, PracticeMatch] = {}
        for hit in self.vector_index.query(centroid, self.candidates, where):
            pid = str(hit.metadata.get("practice_id"))
            if pid not in found:
                found[pid] = PracticeMatch(pid, score=hit.score, dense=hit.score)
        return list(found.values())[:k]

    def retrieve_glossary(self, vector: np.ndarray, k: int = 3) -> list[GlossaryMatch]:
        """Glossary entries nearest to the query vector, one per entry."""
        out: dict[str, GlossaryMatch] = {}
        for hit in self.vector_index.query(vector, k * 4, {"doc_type": "glossary"}):
            gid = str(hit.metadata.get("glossary_id"))
            if gid not in out:
                out[gid] = GlossaryMatch(gid, str(hit.metadata.get("lang")), hit.score)
        return list(out.values())[:k]
