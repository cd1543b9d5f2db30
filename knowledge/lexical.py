"""Lexical search over the passage table: SQLite FTS5 on accent-folded text, LIKE elsewhere."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import Engine, delete, or_, select, text
from sqlalchemy.orm import Session

from .db import FTS_TABLE, is_sqlite
from .documents import Document
from .models import Passage
from .text import fold, words

# function words of the seven languages: they match everything and say nothing
STOPWORDS = frozenset(fold(w) for w in """
a an and are as at be by did do does for from had has have how in into is it its of on or
other others our that the their them there these they this to was were what when where which
who why will with would can could about regions region any some
le la les un une des du de et en au aux pour par sur dans est sont ont comment quel quels
quelle quelles autres qui que quoi ou où avec ce ces cette il elles ils leur leurs
der die das den dem des ein eine einer eines und oder in im am an auf für mit von zu zum zur
wie was welche welcher andere anderen haben hat ist sind wurde wurden sie es bei aus
el la los las un una unos unas y o en de del al para por con como qué que cuál cuáles otras
otros han ha es son se su sus lo
il lo gli le un uno una e o di da in con per su come che quali altre altri hanno ha è sono
del della delle dei degli nel nella alle al si loro
ο η το οι τα του της των τον την ένα μια και ή σε στο στη στην στον στα στις για με από
πώς πως τι ποια ποιες ποιοι άλλες άλλοι άλλα έχουν έχει είναι ήταν που να θα
o a os as um uma e ou em no na nos nas de do da dos das para por com como que quais outras
outros têm tem é são foi se seu sua
""".split())


@dataclass(frozen=True)
class LexicalHit:
    """A passage found by words; higher score is better."""

    passage_id: str
    practice_id: str | None
    glossary_id: str | None
    score: float


def query_terms(query: str, max_terms: int = 24) -> list[str]:
    """The folded content words of a query, deduplicated, in order."""
    seen: list[str] = []
    for w in words(query):
        if len(w) < 2 or w in STOPWORDS or w.isdigit() and len(w) < 4:
            continue
        if w not in seen:
            seen.append(w)
    return seen[:max_terms]


def _fts_token(term: str) -> str:
    # a crude stem: a prefix query catches plural and inflected forms in every language
    if len(term) >= 6:
        return f'"{term[:max(5, len(term) - 3)]}"*'
    return f'"{term}"'


class LexicalIndex:
    """Keeps the passage table (and its FTS5 shadow on SQLite) and searches it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.fts = is_sqlite(engine)

    def remove(self, session: Session, *, practice_ids: Iterable[str] = (),
               glossary_ids: Iterable[str] = ()) -> None:
        """Delete the passages of these practices / glossary entries."""
        pids, gids = list(practice_ids), list(glossary_ids)
        for column, ids in (("practice_id", pids), ("glossary_id", gids)):
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                session.execute(delete(Passage).where(getattr(Passage, column).in_(part)))
                if self.fts:
                    marks = ",".join(f":p{n}" for n in range(len(part)))
                    session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE {column} IN ({marks})"),
                                    {f"p{n}": v for n, v in enumerate(part)})

    def add(self, session: Session, docs: Iterable[Document]) -> None:
        """Insert passages (callers removed the old ones first)."""
        rows = [{"id": d.id, "practice_id": d.practice_id, "glossary_id": d.glossary_id,
                 "kind": d.kind, "lang": d.lang, "text": d.text, "folded": d.folded}
                for d in docs]
        if not rows:
            return
        session.execute(Passage.__table__.insert(), rows)
        if self.fts:
            session.execute(text(
                f"INSERT INTO {FTS_TABLE} (folded, passage_id, practice_id, glossary_id) "
                "VALUES (:folded, :id, :practice_id, :glossary_id)"), rows)

    def clear(self, session: Session) -> None:
        """Drop every passage."""
        session.execute(delete(Passage))
        if self.fts:
            session.execute(text(f"DELETE FROM {FTS_TABLE}"))

    def search(self, query: str, k: int = 50, *, doc_type: str = "practice",
               practice_ids: set[str] | None = None) -> list[LexicalHit]:
        """Best passages for the query words, restricted to practice_ids when given."""
        terms = query_terms(query)
        if not terms or k <= 0 or practice_ids is not None and not practice_ids:
            return []
        id_column = "practice_id" if doc_type == "practice" else "glossary_id"
        if self.fts:
            return self._search_fts(terms, k, id_column, practice_ids)
        return self._search_like(terms, k, id_column, practice_ids)

    def _search_fts(self, terms: list[str], k: int, id_column: str,
                    practice_ids: set[str] | None) -> list[LexicalHit]:
        match = " OR ".join(_fts_token(t) for t in terms)
        # fetch more when filtering afterwards, so filters do not starve the result
        limit = k if practice_ids is None else max(k * 4, 200)
        sql = text(
            f"SELECT passage_id, practice_id, glossary_id, bm25({FTS_TABLE}) AS rank "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match AND {id_column} IS NOT NULL "
            "ORDER BY rank LIMIT :limit")
        with self.engine.connect() as conn:
            rows = conn.execute(sql, {"match": match, "limit": limit}).all()
        hits = [LexicalHit(r[0], r[1], r[2], -float(r[3])) for r in rows
                if practice_ids is None or r[1] in practice_ids]
        return hits[:k]

    def _search_like(self, terms: list[str], k: int, id_column: str,
                     practice_ids: set[str] | None) -> list[LexicalHit]:
        column = getattr(Passage, id_column)
        stems = [t[:max(5, len(t) - 3)] if len(t) >= 6 else t for t in terms]
        stmt = select(Passage.id, Passage.practice_id, Passage.glossary_id, Passage.folded
                      ).where(column.is_not(None),
                              or_(*[Passage.folded.contains(s) for s in stems]))
        if practice_ids is not None:
            stmt = stmt.where(Passage.practice_id.in_(practice_ids))
        with Session(self.engine) as session:
            rows = session.execute(stmt).all()
        scored = [LexicalHit(r[0], r[1], r[2], float(sum(r[3].count(s) for s in stems)))
                  for r in rows]
        scored.sort(key=lambda h: -h.score)
        return scored[:k]
