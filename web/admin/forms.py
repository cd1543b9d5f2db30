"""The admin forms: a practice's values for the form, and the form's values for the service."""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from knowledge import vocab
from knowledge.schema import TRANSLATABLE, PracticeRecord

TEXTS = ("title", "region", "summary", "challenges", "solutions", "lessons_learnt", "results",
         "transferability", "funding", "city_or_area", "source_url")
SCALARS = ("country", "language", "start_year", "end_year", "latitude", "longitude")
CONTACT = ("name", "organisation", "email")
PARTS = ("inspiring", "improvement")
# the edit form's input for each field an error may name ("" when it has none)
EDIT_INPUTS = (*TEXTS, *SCALARS, "authority_role", "areas", "area_tags", "target_groups",
               "target_group_tags", "partners", *(f"contact.{k}" for k in CONTACT))


def _text(value: object) -> str | None:
    # browsers send textarea line breaks as CRLF; stored texts use LF (no false "changes")
    if not isinstance(value, str):
        return None
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() or None


def _ordered(chosen: list[str], current: list[str]) -> list[str]:
    # keep the stored order for what stays chosen, so an unchanged list is not a change
    return [k for k in current if k in chosen] + [k for k in dict.fromkeys(chosen)
                                                  if k not in current]


def _tags(value: object) -> list[str]:
    return [t.strip() for t in str(value or "").split(";") if t.strip()]


def edit_values(record: PracticeRecord) -> dict[str, Any]:
    """The edit form filled from a practice."""
    values: dict[str, Any] = {name: getattr(record, name) or "" for name in TEXTS}
    for name in SCALARS:
        value = getattr(record, name)
        values[name] = "" if value is None else str(value)
    values.update(authority_role=list(record.authority_role), areas=list(record.areas),
                  area_tags="; ".join(record.area_tags),
                  target_groups=list(record.target_groups),
                  target_group_tags="; ".join(record.target_group_tags),
                  partners="\n".join(record.partners))
    contact = record.contact or {}
    for key in CONTACT:
        values[f"contact.{key}"] = contact.get(key) or ""
    return values


def form_values(form: MultiDict[str, str]) -> dict[str, Any]:
    """The edit form as the coordinator filled it in (to show it again after an error)."""
    values: dict[str, Any] = {name: form.get(name, "") for name in EDIT_INPUTS}
    for name in ("authority_role", "areas", "target_groups"):
        values[name] = form.getlist(name)
    return values


def changes_from_form(form: MultiDict[str, str], record: PracticeRecord) -> dict[str, Any]:
    """A full set of changes from the edit form (None removes a field); the service diffs it."""
    changes: dict[str, Any] = {name: _text(form.get(name)) for name in (*TEXTS, *SCALARS)}
    changes["authority_role"] = _ordered(form.getlist("authority_role"), record.authority_role)
    changes["areas"] = _ordered(form.getlist("areas"), record.areas) + \
        _tags(form.get("area_tags"))
    changes["target_groups"] = _ordered(form.getlist("target_groups"), record.target_groups) + \
        _tags(form.get("target_group_tags"))
    changes["partners"] = [line.strip() for line in str(form.get("partners") or "").splitlines()
                           if line.strip()]
    contact = {key: _text(form.get(f"contact.{key}")) for key in CONTACT}
    changes["contact"] = contact if any(contact.values()) else None
    return changes


def evaluation_values(record: PracticeRecord) -> dict[str, str]:
    """The evaluation form filled from a practice: `evaluation.<aspect>.<part>` -> text."""
    return {f"evaluation.{aspect}.{part}": (record.evaluation.get(aspect) or {}).get(part) or ""
            for aspect in vocab.ASPECTS for part in PARTS}


def evaluation_from_form(form: MultiDict[str, str]) -> dict[str, dict[str, str]]:
    """The seven aspects from the evaluation form; aspects left empty are left out."""
    evaluation: dict[str, dict[str, str]] = {}
    for aspect in vocab.ASPECTS:
        parts = {part: _text(form.get(f"evaluation.{aspect}.{part}")) for part in PARTS}
        if any(parts.values()):
            evaluation[aspect] = {k: v for k, v in parts.items() if v}
    return evaluation


def translation_values(record: PracticeRecord, lang: str) -> dict[str, str]:
    """The translation form for one language, filled from the practice."""
    texts = record.translations.get(lang) or {}
    return {name: texts.get(name) or "" for name in TRANSLATABLE}


def translation_from_form(form: MultiDict[str, str]) -> dict[str, str]:
    """The translatable texts from the translation form (empty ones left out)."""
    texts = {name: _text(form.get(name)) for name in TRANSLATABLE}
    return {k: v for k, v in texts.items() if v}


def input_name(error_field: str) -> str:
    """The form input a service error names (translations.fr.title -> title)."""
    parts = error_field.split(".")
    if parts[0] == "translations" and len(parts) == 3:
        return parts[2]
    return error_field
