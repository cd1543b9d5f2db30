"""Practice search for the explorer and the API: hybrid ranking, filters, facets, snippets."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.filters import PracticeFilters, facet_counts, filter_clauses
from knowledge.models import Passage, Practice
from knowledge.text import first_sentences
from knowledge.translated import plain_texts

from .composer import ANSWER_FIELDS
from .retriever import HybridRetriever, PracticeMatch

MAX_LIMIT = 100


@dataclass
class SearchResult:
    """One page of results with the total and the facet counts."""

    total: int
    results: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        return {"total": self.total, "results": self.results, "facets": self.facets}


class PracticeSearch:
    """Searches published practices; receives the retriever and the session factory."""

    def __init__(self, retriever: HybridRetriever, session_factory: sessionmaker[Session],
                 min_dense: float = 0.78, candidates: int = 300) -> None:
        self.retriever = retriever
        self.session_factory = session_factory
        self.min_dense = min_dense
        self.candidates = candidates

    def search(self, q: str, filters: PracticeFilters, lang: str = "en", limit: int = 20,
               offset: int = 0) -> SearchResult:
        """Ranked (q given) or alphabetical (q empty) practices passing the filters."""
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
        if offset < 0:
            raise ValueError(f"offset must be 0 or more, got {offset}")
        q = " ".join(q.split())
        with self.session_factory() as session:
            matched_by_words: set[str] | None = None
            if q:
                vector = self.retriever.embed_query(q)
                allowed = self.retriever.allowed_ids(filters)
                kept = self._relevant(q, vector, allowed)
                order = [m.practice_id for m in kept]
                # facet counts: what the words match under the *other* facets, so choosing a
                # country does not hide the counts of every other country
                matched_by_words = set(order) if allowed is None else \
                    {m.practice_id for m in self._relevant(q, vector, None)}
                scores = {m.practice_id: m.score for m in kept}
                best_doc = {m.practice_id: m.passages[0].doc_id for m in kept if m.passages}
            else:
                order = list(session.scalars(select(Practice.id).where(
                    and_(*filter_clauses(filters))).order_by(Practice.title, Practice.id)))
                scores, best_doc = {}, {}
            page_ids = order[offset:offset + limit]
            rows = {p.id: p for p in session.scalars(
                select(Practice).where(Practice.id.in_(page_ids)))}
            passages = {p.id: p.text for p in session.scalars(
                select(Passage).where(Passage.id.in_(list(best_doc.get(i, "")
                                                          for i in page_ids))))}
            results = []
            for pid in page_ids:
                p = rows[pid]
                text_lang, texts = plain_texts(p, lang, ANSWER_FIELDS)
                snippet = passages.get(best_doc.get(pid, "")) or texts["summary"] or ""
                if snippet.startswith(f"{p.title}. "):
                    snippet = snippet[len(p.title) + 2:]
                results.append({"id": p.id, "title": texts["title"], "region": p.region,
                                "country": p.country, "score": round(scores.get(pid, 0.0), 5),
                                "snippet": first_sentences(snippet, 240), "lang": text_lang,
                                "url": f"/practices/{p.id}"})
            facets = facet_counts(session, filters, restrict=matched_by_words)
        return SearchResult(len(order), results, facets)

    def _relevant(self, q: str, vector: Any, allowed: set[str] | None) -> list[PracticeMatch]:
        """Practices the words match well enough to list, best first."""
        matches = self.retriever.retrieve(q, k=self.candidates, vector=vector, allowed=allowed)
        return [m for m in matches if m.dense >= self.min_dense or m.lexical_rank is not None]
