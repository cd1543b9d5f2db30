"""Field errors in the user's language: each FieldError code has one translatable message."""
from __future__ import annotations

from typing import Any, Iterable

from flask_babel import lazy_gettext as _l

from knowledge.errors import FieldError

MESSAGES = {
    "required": _l("This field is required."),
    "not_text": _l("Please enter text here."),
    "too_long": _l("This text is %(length)s characters long; the limit is %(max)s."),
    "not_list": _l("Please choose from the list."),
    "not_year": _l("“%(value)s” is not a year; write it like 2019."),
    "year_range": _l("%(value)s is not between %(min)s and %(max)s."),
    "year_order": _l("The end year %(value)s is before the start year %(start)s."),
    "not_number": _l("“%(value)s” is not a number."),
    "number_range": _l("%(value)s is not between %(min)s and %(max)s."),
    "unknown_value": _l("“%(value)s” is not one of the choices offered."),
    "not_object": _l("This value does not have the expected form."),
    "unknown_field": _l("“%(value)s” is not a field of this form."),
    "invalid_email": _l("“%(value)s” is not a valid e-mail address."),
    "invalid_url": _l("“%(value)s” is not a web address (it should start with https://)."),
    "invalid_id": _l("“%(value)s” is not a valid identifier."),
    "one_text_required": _l("Please describe at least one of: challenges faced, solutions "
                            "found, lessons learnt."),
    "coordinates_pair": _l("Give both latitude and longitude, or neither."),
    "consent_required": _l("Please accept the privacy notice to send your practice."),
    "duplicate": _l("This practice has already been submitted (reference %(value)s)."),
    "too_many": _l("Please choose at most %(max)s."),
    "read_only": _l("This field cannot be changed."),
    "too_short": _l("This text is too short: please write at least %(min)s characters."),
    "duplicate_field": _l("“%(value)s” and “%(other)s” are the same field with different "
                          "values: please keep only one."),
    "invalid": _l("This value is not valid: “%(value)s”."),
}
MAX_VALUE_CHARS = 80


def _value(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def localise(error: FieldError) -> dict[str, Any]:
    """One error as {field, code, message (user's language), value}."""
    template = MESSAGES.get(error.code, MESSAGES["invalid"])
    params: dict[str, Any] = {"value": _value(error.value), "min": "", "max": "",
                              "length": "", "start": ""}
    params.update({k: _value(v) for k, v in error.params.items()})
    return {"field": error.field, "code": error.code, "message": str(template) % params,
            "value": _value(error.value)}


def localise_all(errors: Iterable[FieldError]) -> list[dict[str, Any]]:
    """Every error localised, in order."""
    return [localise(e) for e in errors]


def by_field(errors: Iterable[FieldError]) -> dict[str, str]:
    """Field name -> first localised message, for forms that show one message per field."""
    messages: dict[str, str] = {}
    for e in errors:
        messages.setdefault(e.field, localise(e)["message"])
    return messages
