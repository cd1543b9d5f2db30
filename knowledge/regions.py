"""Region profiles: validation and the public view."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import vocab
from .errors import FieldError, RecordError
from .models import Region
from .text import slugify


@dataclass
class RegionRecord:
    """One validated region profile."""

    slug: str
    name: str
    country: str
    names: dict[str, str] = field(default_factory=dict)
    responsible_body: str | None = None
    profile: dict[str, str] = field(default_factory=dict)
    integration_action: dict[str, str] = field(default_factory=dict)
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    pilot: bool = False


def validate_region(raw: Any, location: str | None = None) -> RegionRecord:
    """Validate one region profile; raises RecordError listing every bad field."""
    if not isinstance(raw, dict):
        raise RecordError([FieldError("record", f"must be an object, got {raw!r:.60}", raw)],
                          location)
    errors: list[FieldError] = []
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(FieldError("name", f"is required, got {name!r:.60}", name))
        name = ""
    country = ""
    try:
        country = vocab.normalise_country(str(raw.get("country", "")))
    except FieldError as exc:
        errors.append(exc)
    maps = {}
    for key in ("names", "profile", "integration_action"):
        value = raw.get(key) or {}
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict) or any(k not in vocab.LANGS for k in value):
            errors.append(FieldError(key, f"must be an object keyed by language, got "
                                     f"{value!r:.60}", value))
            value = {}
        maps[key] = {k: str(v) for k, v in value.items()}
    coords = []
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = raw.get(key)
        try:
            number = None if value is None else float(value)
            if number is not None and not -bound <= number <= bound:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(FieldError(key, f"must be a number within ±{bound}, got {value!r}",
                                     value))
            number = None
        coords.append(number)
    if errors:
        raise RecordError(errors, location)
    return RegionRecord(
        slug=str(raw.get("slug") or slugify(name)), name=name.strip(), country=country,
        responsible_body=raw.get("responsible_body"), latitude=coords[0],
        longitude=coords[1], website=raw.get("website"), pilot=bool(raw.get("pilot")),
        **maps)


def apply_region(row: Region, r: RegionRecord) -> None:
    """Copy onto a database row."""
    for name in ("name", "names", "country", "responsible_body", "profile",
                 "integration_action", "latitude", "longitude", "website", "pilot"):
        setattr(row, name, getattr(r, name))


def public_region(row: Region, lang: str, practice_count: int = 0) -> dict[str, Any]:
    """A region for the API, texts in the chosen language (English as fallback)."""
    def pick(texts: dict[str, str]) -> str | None:
        return texts.get(lang) or texts.get("en")

    return {"slug": row.slug, "name": pick(row.names) or row.name, "country": row.country,
            "responsible_body": row.responsible_body, "profile": pick(row.profile),
            "integration_action": pick(row.integration_action), "latitude": row.latitude,
            "longitude": row.longitude, "website": row.website, "pilot": row.pilot,
            "practice_count": practice_count, "url": f"/regions/{row.slug}"}
