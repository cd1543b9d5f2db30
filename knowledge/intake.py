"""Validation of practices sent through the public template (stricter than coordinators' ingest)."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any, Mapping

from . import vocab
from .errors import FieldError, RecordError
from .schema import PracticeRecord, validate_practice
from .text import fold

# what a contributor may send; id, evaluation and translations are the coordinators' work
SUBMISSION_FIELDS = (
    "title", "region", "country", "language", "authority_role", "areas", "target_groups",
    "start_year", "end_year", "summary", "challenges", "solutions", "lessons_learnt",
    "results", "transferability", "funding", "partners", "city_or_area", "source_url",
    "contact", "consent",
)
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
TRUE_WORDS = frozenset({"true", "on", "yes", "1"})


@dataclass
class SubmissionInput:
    """A validated submission: the practice record (contact included) and its fingerprint."""

    record: PracticeRecord
    fingerprint: str


def new_reference(year: int) -> str:
    """A short, unguessable, easy-to-read reference such as IL-2026-7K3Q9X."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"IL-{year}-{code}"


def practice_id_for(title: str, reference: str) -> str:
    """A stable ASCII id from the title and the reference code."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:48].strip("-") or "practice"
    return f"{slug}-{reference.rsplit('-', 1)[-1].lower()}"


def fingerprint(record: PracticeRecord) -> str:
    """Same title, region, country and summary (ignoring case, accents, spacing) = same practice."""
    parts = [record.title, record.region, record.country, record.summary[:2000]]
    blob = "|".join(" ".join(fold(p).split()) for p in parts)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _consent(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in TRUE_WORDS


def _strict_vocab(data: Mapping[str, Any], errors: list[FieldError]) -> None:
    # the form offers the vocabularies as choices; an unknown value is a mistake, not a tag
    for name, normalise in (("areas", vocab.normalise_areas),
                            ("target_groups", vocab.normalise_target_groups)):
        values = data.get(name)
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            continue  # validate_practice reports the wrong type
        for tag in normalise([v for v in values if v.strip()])[1]:
            errors.append(FieldError(name, f"unknown value {tag!r} (expected one of: "
                                     + ", ".join(getattr(vocab, name.upper()).keys()) + ")",
                                     tag, code="unknown_value"))


def _contact(data: Mapping[str, Any], errors: list[FieldError]) -> None:
    contact = data.get("contact")
    if not isinstance(contact, dict):
        if contact in (None, "", {}):
            errors.append(FieldError("contact.email", "is required", None, code="required"))
            errors.append(FieldError("contact.name", "is required", None, code="required"))
        return
    for key in ("name", "email"):
        value = contact.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append(FieldError(f"contact.{key}", "is required", value, code="required"))


def validate_submission(raw: Any, reference: str) -> SubmissionInput:
    """Validate a contributor's submission; raises RecordError listing every bad field."""
    if not isinstance(raw, dict):
        raise RecordError([FieldError("record", f"must be an object, got {type(raw).__name__}",
                                      type(raw).__name__, code="not_object")])
    errors: list[FieldError] = []
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in SUBMISSION_FIELDS:
            errors.append(FieldError(str(key), f"unknown field {key!r}", key,
                                     code="unknown_field"))
        else:
            data[key] = value
    if not _consent(data.pop("consent", None)):
        errors.append(FieldError("consent", "the privacy notice must be accepted",
                                 raw.get("consent"), code="consent_required"))
    _contact(data, errors)
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    data["id"] = practice_id_for(title or "", reference)
    record: PracticeRecord | None = None
    try:
        record = validate_practice(data)
    except RecordError as exc:
        known = {(e.field, e.code) for e in errors}
        errors += [e for e in exc.errors if (e.field, e.code) not in known]
    _strict_vocab(data, errors)
    if errors or record is None:
        raise RecordError(errors)
    return SubmissionInput(record, fingerprint(record))
