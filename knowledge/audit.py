"""The audit log: every change to a practice, with who, when and what."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .models import AuditEntry, utcnow


@dataclass
class AuditView:
    """One audit entry as plain data."""

    at: datetime
    actor: str
    action: str
    practice_id: str | None
    details: dict[str, Any]


def record(session: Session, actor: str, action: str, practice_id: str | None,
           **details: Any) -> None:
    """Add an audit entry to the caller's transaction."""
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, practice_id=practice_id,
                           details=details))


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Field-by-field changes between two record dicts: {field: {"from": a, "to": b}}."""
    changes: dict[str, dict[str, Any]] = {}
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            changes[key] = {"from": old.get(key), "to": new.get(key)}
    return changes


def history(session_factory: sessionmaker[Session], practice_id: str | None = None,
            limit: int = 200, offset: int = 0) -> list[AuditView]:
    """Newest entries first, for one practice or for everything."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if practice_id is not None:
        query = query.where(AuditEntry.practice_id == practice_id)
    with session_factory() as session:
        rows = session.scalars(query.limit(limit).offset(offset)).all()
        return [AuditView(r.at, r.actor, r.action, r.practice_id, dict(r.details or {}))
                for r in rows]
