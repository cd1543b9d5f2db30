"""KnowledgeBase: the operations coordinators and the web app run on practices and glossary."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .documents import Document, glossary_documents, practice_documents
from .errors import IndexError_, NotFoundError
from .glossary import GlossaryRecord
from .indexer import IndexChange, Indexer, Progress, bump_generation, disk_trouble
from .models import PUBLISHED, STATUSES, GlossaryEntry, Practice, Region
from .regions import RegionRecord, apply_region
from .schema import PracticeRecord
from .store import PracticeStore, UpsertSummary, record_from_model


@dataclass
class DriftReport:
    """Differences between the database (the truth) and the vector index."""

    missing: list[str] = field(default_factory=list)   # published, not (fully) indexed
    stale: list[str] = field(default_factory=list)     # indexed from an older version
    orphans: list[str] = field(default_factory=list)   # index documents with no owner

    @property
    def ok(self) -> bool:
        """True when database and index agree."""
        return not (self.missing or self.stale or self.orphans)


def _commit_or_undo(session: Session, change: IndexChange,
                    last_steps: Callable[[], None] | None = None) -> None:
    """Commit the database; on any failure roll it back and undo the index change."""
    try:
        if last_steps:
            last_steps()
        session.commit()
    except BaseException as exc:
        session.rollback()
        change.undo(exc)
        raise


class KnowledgeBase:
    """Writes practices, glossary and regions to the database and both indexes as one unit."""

    def __init__(self, session_factory: sessionmaker[Session], indexer: Indexer) -> None:
        self.session_factory = session_factory
        self.indexer = indexer
        self.store = PracticeStore(session_factory)

    # -- practices -------------------------------------------------------------------------
    def changed_records(self, records: Sequence[PracticeRecord],
                        status: str = PUBLISHED) -> list[PracticeRecord]:
        """The records whose stored version (content or status) differs."""
        ids = [r.id for r in records]
        stored: dict[str, tuple[str, str]] = {}
        with self.session_factory() as session:
            for i in range(0, len(ids), 500):
                rows = session.execute(select(Practice.id, Practice.content_hash,
                                              Practice.status)
                                       .where(Practice.id.in_(ids[i:i + 500])))
                stored.update({pid: (h, s) for pid, h, s in rows})
        return [r for r in records if stored.get(r.id) != (r.content_hash(), status)]

    def import_practices(self, records: Sequence[PracticeRecord], *, status: str = PUBLISHED,
                         progress: Progress | None = None,
                         before_commit: Callable[[], None] | None = None) -> UpsertSummary:
        """Upsert records and index the published ones; all or nothing."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
        seen: set[str] = set()
        for r in records:
            if r.id in seen:
                raise ValueError(f"id {r.id!r} appears twice in the same import")
            seen.add(r.id)
        changed = self.changed_records(records, status)
        docs = [d for r in changed if status == PUBLISHED for d in practice_documents(r)]
        vectors = self.indexer.embed(docs, progress)  # slow part: before any write
        with self.session_factory() as session:
            summary = self.store.upsert(session, records, status)
            ids = [r.id for r in changed]
            change = self.indexer.replace(session, docs, vectors, practice_ids=ids)

            def finish() -> None:
                self._mark_indexed(session, ids, indexed=status == PUBLISHED)
                if before_commit:
                    before_commit()

            _commit_or_undo(session, change, finish)
        return summary

    def set_status(self, practice_id: str, status: str) -> None:
        """Change a practice's status; publishing indexes it, anything else unindexes it."""
        with self.session_factory() as session:
            p = session.get(Practice, practice_id)
            if p is None:
                raise NotFoundError("practice", practice_id)
            record = record_from_model(p)
        self.import_practices([record], status=status)

    def sync_index(self, practice_ids: Sequence[str]) -> None:
        """Bring both indexes in line with the database for these practices (after a commit)."""
        ids = list(dict.fromkeys(practice_ids))
        with self.session_factory() as session:
            rows = session.scalars(select(Practice).where(Practice.id.in_(ids))).all()
            records = [record_from_model(p) for p in rows if p.status == PUBLISHED]
        hashes = {r.id: r.content_hash() for r in records}
        docs = [d for r in records for d in practice_documents(r)]
        vectors = self.indexer.embed(docs)
        with self.session_factory() as session:
            change = self.indexer.replace(session, docs, vectors, practice_ids=ids)

            def mark() -> None:
                for pid in ids:
                    p = session.get(Practice, pid)
                    if p is not None:
                        # the hash of what was embedded: an edit made meanwhile stays stale
                        p.indexed_hash = hashes.get(pid)

            _commit_or_undo(session, change, mark)

    def delete_practice(self, practice_id: str) -> None:
        """Remove a practice from the database and both indexes."""
        with self.session_factory() as session:
            p = session.get(Practice, practice_id)
            if p is None:
                raise NotFoundError("practice", practice_id)
            change = self.indexer.replace(session, [], self.indexer.embed([]),
                                          practice_ids=[practice_id])
            _commit_or_undo(session, change, lambda: session.delete(p))

    def _mark_indexed(self, session: Session, ids: Iterable[str], indexed: bool) -> None:
        for pid in ids:
            p = session.get(Practice, pid)
            if p is not None:
                p.indexed_hash = p.content_hash if indexed else None

    # -- glossary and regions --------------------------------------------------------------
    def import_glossary(self, entries: Sequence[GlossaryRecord],
                        progress: Progress | None = None) -> UpsertSummary:
        """Upsert glossary entries and index them; all or nothing."""
        summary = UpsertSummary()
        with self.session_factory() as session:
            existing = {e.id: e for e in session.scalars(
                select(GlossaryEntry).where(GlossaryEntry.id.in_([e.id for e in entries])))}
        changed = [e for e in entries
                   if e.id not in existing or existing[e.id].content_hash != e.content_hash()]
        docs = [d for e in changed for d in glossary_documents(e.id, e.terms, e.definitions)]
        vectors = self.indexer.embed(docs, progress)
        with self.session_factory() as session:
            for e in entries:
                row = session.get(GlossaryEntry, e.id)
                if row is not None and row.content_hash == e.content_hash():
                    summary.unchanged.append(e.id)
                    continue
                if row is None:
                    row = GlossaryEntry(id=e.id)
                    session.add(row)
                    summary.added.append(e.id)
                else:
                    summary.updated.append(e.id)
                e.apply(row)
                row.indexed_hash = row.content_hash
            change = self.indexer.replace(session, docs, vectors,
                                          glossary_ids=[e.id for e in changed])
            _commit_or_undo(session, change)
        return summary

    def import_regions(self, regions: Sequence[RegionRecord]) -> UpsertSummary:
        """Upsert region profiles (not indexed: they describe, practices answer)."""
        summary = UpsertSummary()
        with self.session_factory.begin() as session:
            for r in regions:
                row = session.get(Region, r.slug)
                if row is None:
                    row = Region(slug=r.slug)
                    session.add(row)
                    summary.added.append(r.slug)
                else:
                    summary.updated.append(r.slug)
                apply_region(row, r)
        return summary

    # -- whole index -----------------------------------------------------------------------
    def all_documents(self) -> list[Document]:
        """Every document the index should hold, from the database."""
        docs: list[Document] = []
        with self.session_factory() as session:
            for p in session.scalars(select(Practice).where(Practice.status == PUBLISHED)):
                docs += practice_documents(record_from_model(p))
            for g in session.scalars(select(GlossaryEntry)):
                docs += glossary_documents(g.id, g.terms, g.definitions)
        return docs

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild both indexes from the database; returns the number of documents."""
        docs = self.all_documents()
        vectors = self.indexer.embed(docs, progress)
        index = self.indexer.vector_index
        with self.session_factory() as session:
            self.indexer.lexical.clear(session)
            self.indexer.lexical.add(session, docs)
            try:
                index.reset()
                index.upsert([d.id for d in docs], vectors, [d.text for d in docs],
                             [d.metadata for d in docs])
            except IndexError_ as exc:
                if not disk_trouble(index, exc):
                    raise
                raise IndexError_(f"the index cannot be written ({exc}): is its disk full or "
                                  "read-only? It may now be incomplete: run `python -m ingest "
                                  "reindex` again once there is room (the database is "
                                  "unchanged)") from exc
            for p in session.scalars(select(Practice)):
                p.indexed_hash = p.content_hash if p.status == PUBLISHED else None
            for g in session.scalars(select(GlossaryEntry)):
                g.indexed_hash = g.content_hash
            bump_generation(session)
            session.commit()
        return len(docs)

    def verify(self) -> DriftReport:
        """Compare what the database says the index should hold with what it holds."""
        docs = self.all_documents()
        expected = {d.id: (d.practice_id or d.glossary_id) for d in docs}
        stored = self.indexer.vector_index.all_texts()
        actual = set(stored)
        report = DriftReport()
        owners_missing = {owner for doc_id, owner in expected.items() if doc_id not in actual}
        report.missing = sorted(o for o in owners_missing if o)
        report.orphans = sorted(actual - set(expected))
        with self.session_factory() as session:
            rows = session.execute(select(Practice.id, Practice.content_hash,
                                          Practice.indexed_hash)
                                   .where(Practice.status == PUBLISHED)).all()
        stale = {pid for pid, h, ih in rows if h != ih}
        # a text the index holds that is not the database's (a write whose database commit
        # failed after its vectors were stored, and whose undo was not attempted)
        stale |= {owner for d in docs if d.id in stored and stored[d.id] != d.text
                  for owner in [d.practice_id or d.glossary_id] if owner}
        report.stale = sorted(stale - owners_missing)
        return report
