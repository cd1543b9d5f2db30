"""Glossary records: validation, hashing and the public view of an entry."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import FieldError, RecordError
from .models import GlossaryEntry
from .schema import ID_PATTERN
from .vocab import LANGS


@dataclass
class GlossaryRecord:
    """One validated glossary concept."""

    id: str
    terms: dict[str, str]
    definitions: dict[str, str]
    see_also: list[str] = field(default_factory=list)
    source: str | None = None

    def content_hash(self) -> str:
        """Stable hash of the entry."""
        blob = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def apply(self, row: GlossaryEntry) -> None:
        """Copy onto a database row."""
        row.terms, row.definitions = dict(self.terms), dict(self.definitions)
        row.see_also, row.source = list(self.see_also), self.source
        row.content_hash = self.content_hash()


def _lang_map(raw: Any, name: str, errors: list[FieldError], max_len: int) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        errors.append(FieldError(name, f"must be an object keyed by language, got {raw!r:.60}",
                                 raw))
        return {}
    out = {}
    for lang, value in raw.items():
        if lang not in LANGS:
            errors.append(FieldError(f"{name}.{lang}", f"unknown language {lang!r} (expected "
                                     f"one of: {', '.join(LANGS)})", lang))
        elif not isinstance(value, str) or not value.strip():
            errors.append(FieldError(f"{name}.{lang}", f"must be non-empty text, got "
                                     f"{value!r:.60}", value))
        elif len(value) > max_len:
            errors.append(FieldError(f"{name}.{lang}", f"is {len(value)} characters long "
                                     f"(at most {max_len})", value[:40]))
        else:
            out[lang] = value.strip()
    return out


def validate_glossary(raw: Any, location: str | None = None) -> GlossaryRecord:
    """Validate one glossary entry; raises RecordError listing every bad field."""
    if not isinstance(raw, dict):
        raise RecordError([FieldError("record", f"must be an object, got {raw!r:.60}", raw)],
                          location)
    errors: list[FieldError] = []
    unknown = set(raw) - {"id", "terms", "definitions", "see_also", "source"}
    for key in sorted(unknown):
        errors.append(FieldError(key, f"unknown field {key!r}", key))
    gid = raw.get("id")
    if not isinstance(gid, str) or not ID_PATTERN.match(gid):
        errors.append(FieldError("id", f"{gid!r} must match [a-z0-9][a-z0-9_-]{{0,79}}", gid))
    terms = _lang_map(raw.get("terms"), "terms", errors, 200)
    definitions = _lang_map(raw.get("definitions"), "definitions", errors, 4000)
    if terms and "en" not in terms:
        errors.append(FieldError("terms.en", "the English term is required"))
    see_also = raw.get("see_also") or []
    if not isinstance(see_also, list) or not all(isinstance(s, str) for s in see_also):
        errors.append(FieldError("see_also", f"must be a list of ids, got {see_also!r:.60}",
                                 see_also))
        see_also = []
    source = raw.get("source")
    if source is not None and not isinstance(source, str):
        errors.append(FieldError("source", f"must be text, got {source!r:.60}", source))
    if errors:
        raise RecordError(errors, location)
    return GlossaryRecord(gid, terms, definitions, see_also, source)


def public_glossary_entry(row: GlossaryEntry, lang: str) -> dict[str, Any]:
    """An entry for the API: the chosen language first, every language available."""
    term = row.terms.get(lang) or row.terms.get("en") or next(iter(row.terms.values()), "")
    definition = row.definitions.get(lang) or row.definitions.get("en", "")
    return {"id": row.id, "term": term, "definition": definition,
            "lang": lang if lang in row.terms else "en", "terms": row.terms,
            "definitions": row.definitions, "see_also": row.see_also, "source": row.source,
            "url": f"/glossary#{row.id}"}
