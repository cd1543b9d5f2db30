"""PracticeStore: the database side of practices (upsert, read, public view, status)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .errors import NotFoundError
from .models import (
    PUBLISHED,
    STATUSES,
    EvaluationAspect,
    Practice,
    PracticeContact,
    PracticeTag,
    PracticeTranslation,
    utcnow,
)
from .schema import PracticeRecord
from .vocab import role_group

TAG_KINDS = ("area", "area_tag", "role", "target_group", "target_group_tag")


@dataclass
class UpsertSummary:
    """What an upsert did, by practice id."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        """Ids added or updated."""
        return self.added + self.updated


def record_from_model(p: Practice) -> PracticeRecord:
    """Rebuild the validated record from its stored rows."""
    contact = None
    if p.contact is not None:
        contact = {"name": p.contact.name, "organisation": p.contact.organisation,
                   "email": p.contact.email}
    return PracticeRecord(
        id=p.id, title=p.title, region=p.region, country=p.country, summary=p.summary,
        challenges=p.challenges, solutions=p.solutions, lessons_learnt=p.lessons_learnt,
        language=p.language, authority_role=p.tag_values("role"),
        areas=p.tag_values("area"), area_tags=p.tag_values("area_tag"),
        target_groups=p.tag_values("target_group"),
        target_group_tags=p.tag_values("target_group_tag"),
        evaluation={e.aspect: {"inspiring": e.inspiring, "improvement": e.improvement}
                    for e in p.evaluations},
        start_year=p.start_year, end_year=p.end_year, results=p.results,
        transferability=p.transferability, funding=p.funding, partners=list(p.partners or []),
        city_or_area=p.city_or_area, latitude=p.latitude, longitude=p.longitude,
        source_url=p.source_url, contact=contact,
        translations={t.lang: dict(t.fields) for t in p.translations},
    )


def apply_record(p: Practice, r: PracticeRecord) -> None:
    """Copy a validated record onto a model instance (children replaced)."""
    for name in ("title", "region", "country", "summary", "challenges", "solutions",
                 "lessons_learnt", "language", "start_year", "end_year", "results",
                 "transferability", "funding", "city_or_area", "latitude", "longitude",
                 "source_url"):
        setattr(p, name, getattr(r, name))
    p.region_slug = r.region_slug
    p.partners = list(r.partners)
    values = {"area": r.areas, "area_tag": r.area_tags, "role": r.authority_role,
              "target_group": r.target_groups, "target_group_tag": r.target_group_tags}
    p.tags = [PracticeTag(kind=kind, value=v, position=i)
              for kind in TAG_KINDS for i, v in enumerate(values[kind])]
    p.evaluations = [EvaluationAspect(aspect=k, inspiring=v.get("inspiring"),
                                      improvement=v.get("improvement"), position=i)
                     for i, (k, v) in enumerate(r.evaluation.items())]
    p.translations = [PracticeTranslation(lang=lang, fields=dict(fields))
                      for lang, fields in sorted(r.translations.items())]
    if r.contact:
        p.contact = PracticeContact(**r.contact)
    else:
        p.contact = None
    p.content_hash = r.content_hash()
    p.updated_at = utcnow()


class PracticeStore:
    """Reads and writes practices; callers own the transaction through `session`."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def upsert(self, session: Session, records: Iterable[PracticeRecord],
               status: str = PUBLISHED) -> UpsertSummary:
        """Insert or update records by id inside the caller's transaction."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
        summary = UpsertSummary()
        for record in records:
            existing = session.get(Practice, record.id)
            if existing is not None and existing.content_hash == record.content_hash() \
                    and existing.status == status:
                summary.unchanged.append(record.id)
                continue
            if existing is None:
                existing = Practice(id=record.id, status=status)
                session.add(existing)
                summary.added.append(record.id)
            else:
                summary.updated.append(record.id)
            apply_record(existing, record)
            if status == PUBLISHED and existing.published_at is None:
                existing.published_at = utcnow()
            existing.status = status
        session.flush()
        return summary

    def get(self, practice_id: str, *, public: bool = True) -> Practice:
        """One practice; public=True hides anything not published."""
        with self.session_factory() as session:
            p = session.get(Practice, practice_id)
            if p is None or (public and p.status != PUBLISHED):
                raise NotFoundError("practice", practice_id)
            return p

    def get_many(self, ids: list[str]) -> dict[str, Practice]:
        """Published practices by id (missing or unpublished ids are left out)."""
        if not ids:
            return {}
        with self.session_factory() as session:
            rows = session.scalars(select(Practice).where(
                Practice.id.in_(ids), Practice.status == PUBLISHED)).all()
            return {p.id: p for p in rows}

    def published(self) -> list[Practice]:
        """Every published practice, by id."""
        with self.session_factory() as session:
            return list(session.scalars(
                select(Practice).where(Practice.status == PUBLISHED).order_by(Practice.id)))

    def all(self) -> list[Practice]:
        """Every practice whatever its status (for export)."""
        with self.session_factory() as session:
            return list(session.scalars(select(Practice).order_by(Practice.id)))


def public_practice(p: Practice, base_url: str = "") -> dict[str, Any]:
    """The public JSON view of a practice: every contract field but `contact`."""
    data = record_from_model(p).to_dict(public=True)
    data["status"] = p.status
    data["url"] = f"{base_url}/practices/{p.id}"
    data["region_slug"] = p.region_slug
    data["role_groups"] = sorted({role_group(r) for r in p.tag_values("role")})
    return data
