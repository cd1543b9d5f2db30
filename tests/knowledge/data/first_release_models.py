"""The data model of the first release (before migrations): kept to test upgrades from it."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STATUSES = ("submitted", "in_review", "published", "rejected")
PUBLISHED = "published"


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Practice(Base):
    """One regional integration practice; only `published` ones are ever indexed or shown."""

    __tablename__ = "practice"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    language: Mapped[str] = mapped_column(String(2), default="en", index=True)
    title: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(200))
    region_slug: Mapped[str] = mapped_column(String(200), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    city_or_area: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    challenges: Mapped[str | None] = mapped_column(Text)
    solutions: Mapped[str | None] = mapped_column(Text)
    lessons_learnt: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    transferability: Mapped[str | None] = mapped_column(Text)
    funding: Mapped[str | None] = mapped_column(Text)
    partners: Mapped[list[Any]] = mapped_column(default=list)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    content_hash: Mapped[str] = mapped_column(String(64))
    # what the index holds for this practice; differs from content_hash when they drifted
    indexed_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    tags: Mapped[list[PracticeTag]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", lazy="selectin",
        order_by="PracticeTag.position",
    )
    evaluations: Mapped[list[EvaluationAspect]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", lazy="selectin",
        order_by="EvaluationAspect.position",
    )
    translations: Mapped[list[PracticeTranslation]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", lazy="selectin",
        order_by="PracticeTranslation.lang",
    )
    contact: Mapped[PracticeContact | None] = relationship(
        back_populates="practice", cascade="all, delete-orphan", lazy="selectin",
        uselist=False,
    )

    def tag_values(self, kind: str) -> list[str]:
        """Values of one tag kind (area, area_tag, role, target_group, target_group_tag)."""
        return [t.value for t in self.tags if t.kind == kind]


class PracticeTag(Base):
    """A controlled-vocabulary value (or a free tag) attached to a practice; drives facets."""

    __tablename__ = "practice_tag"
    __table_args__ = (Index("ix_tag_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[str] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    practice: Mapped[Practice] = relationship(back_populates="tags")


class EvaluationAspect(Base):
    """One of the seven REGIN evaluation aspects of a practice."""

    __tablename__ = "evaluation_aspect"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[str] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    aspect: Mapped[str] = mapped_column(String(40))
    inspiring: Mapped[str | None] = mapped_column(Text)
    improvement: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    practice: Mapped[Practice] = relationship(back_populates="evaluations")


class PracticeTranslation(Base):
    """A practice's main texts in another language."""

    __tablename__ = "practice_translation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[str] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(2))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    practice: Mapped[Practice] = relationship(back_populates="translations")


class PracticeContact(Base):
    """Private contact of a practice: never public, never embedded."""

    __tablename__ = "practice_contact"

    practice_id: Mapped[str] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    practice: Mapped[Practice] = relationship(back_populates="contact")


class GlossaryEntry(Base):
    """One glossary concept with its term and definition in up to seven languages."""

    __tablename__ = "glossary_entry"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    terms: Mapped[dict[str, Any]] = mapped_column(default=dict)
    definitions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    see_also: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[str | None] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    indexed_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Region(Base):
    """A region profile (the REGIN pilot regions, and others that have practices)."""

    __tablename__ = "region"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    country: Mapped[str] = mapped_column(String(2))
    responsible_body: Mapped[str | None] = mapped_column(Text)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    integration_action: Mapped[dict[str, Any]] = mapped_column(default=dict)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    website: Mapped[str | None] = mapped_column(String(2000))
    pilot: Mapped[bool] = mapped_column(Boolean, default=False)


class Passage(Base):
    """One indexed text unit (a section of a practice, or a glossary entry in one language)."""

    __tablename__ = "passage"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    practice_id: Mapped[str | None] = mapped_column(String(80), index=True)
    glossary_id: Mapped[str | None] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)


class EmbeddingCache(Base):
    """Vectors already computed, keyed by model and text hash: reindexing costs no re-embedding."""

    __tablename__ = "embedding_cache"

    model: Mapped[str] = mapped_column(String(300), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Conversation(Base):
    """A chat conversation: the turns kept so follow-up questions are understood."""

    __tablename__ = "conversation"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    turns: Mapped[list[Any]] = mapped_column(default=list)


class IndexState(Base):
    """Counters shared by every process: the index generation tells readers to reload."""

    __tablename__ = "index_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
