"""POST /api/v1/submissions: the submission template as JSON, with the form's validation.

The answer's language (error messages, the receipt e-mail) is `?lang=`, then the cookie, then
Accept-Language. A `website` key is the form's honeypot: when it is not empty the request is
answered like a success (201 with a reference) and nothing is stored.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from knowledge import vocab
from knowledge.errors import DuplicateError, FieldError, RecordError
from knowledge.intake import new_reference, validate_submission
from knowledge.models import utcnow
from knowledge.schema import MAX_SHORT, MAX_TEXT, MAX_TITLE, MAX_YEAR, MIN_YEAR

from ..errors import ApiError
from ..extensions import get_lab
from ..field_errors import localise, localise_all
from ..security import rate_limited
from . import bp
from .routes import _json_body, _lang_param

HONEYPOT = "website"
TEXTS = ("title", "region", "country", "language", "city_or_area", "summary", "challenges",
         "solutions", "lessons_learnt", "results", "transferability", "funding", "source_url")
LONG_TEXTS = ("summary", "challenges", "solutions", "lessons_learnt", "results",
              "transferability", "funding")
CONTACT = ("name", "organisation", "email")
DRY_RUN_REFERENCE = "IL-0000-000000"  # validation only: never stored


def _base_url() -> str:
    return str(current_app.config.get("LAB_BASE_URL") or request.url_root).rstrip("/")


def _type_errors(body: dict[str, Any]) -> list[FieldError]:
    """Numbers where JSON should carry text (the core would accept them, as spreadsheets do)."""
    found: list[tuple[str, Any]] = [(name, body.get(name)) for name in TEXTS]
    contact = body.get("contact")
    if isinstance(contact, dict):
        found += [(f"contact.{key}", contact.get(key)) for key in CONTACT]
    return [FieldError(name, f"must be text, got the number {value!r}", value, code="not_text")
            for name, value in found
            if isinstance(value, (int, float)) and not isinstance(value, bool)]


def _invalid(errors: list[FieldError]) -> ApiError:
    return ApiError(422, "invalid_record", _("Some fields are missing or not valid: see the "
                                             "list of fields."), localise_all(errors))


def _created(reference: str) -> tuple[Any, int]:
    return jsonify({"id": reference, "reference": reference, "status": "submitted"}), 201


@bp.post("/api/v1/submissions")
@rate_limited("submit", "LAB_SUBMIT_RATE")
def submit_practice():  # type: ignore[no-untyped-def]
    """Receive a practice for review; it stays private until a coordinator publishes it."""
    lang = _lang_param(request.args.get("lang"))
    body = _json_body()
    if body.pop(HONEYPOT, None) not in (None, ""):
        return _created(new_reference(utcnow().year))
    errors = _type_errors(body)
    if errors:
        # report every problem at once: the core's findings on the other fields too
        try:
            validate_submission(body, DRY_RUN_REFERENCE)
        except RecordError as exc:
            named = {e.field for e in errors}
            errors += [e for e in exc.errors if e.field not in named]
        raise _invalid(errors)
    try:
        receipt = get_lab().submissions.submit(body, lang=lang, base_url=_base_url())
    except RecordError as exc:
        raise _invalid(exc.errors) from None
    except DuplicateError as exc:
        field = localise(FieldError("title", f"already submitted as {exc.reference}",
                                    exc.reference, code="duplicate"))
        raise ApiError(409, "duplicate", field["message"], [field]) from None
    return _created(receipt.reference)


def request_schema() -> dict[str, Any]:
    """The JSON Schema of a submission, for /openapi.json."""
    def text(limit: int, **extra: Any) -> dict[str, Any]:
        return {"type": "string", "maxLength": limit, **extra}

    def keys(terms: dict[str, Any], what: str) -> dict[str, Any]:
        return {"type": "array", "uniqueItems": True,
                "items": {"type": "string", "enum": list(terms)},
                "description": f"{what}: keys, or their labels in any of the seven languages; "
                               "a single string separated by ';' is accepted too"}

    year = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
    return {
        "type": "object", "additionalProperties": False,
        "required": ["title", "region", "country", "summary", "contact", "consent"],
        "anyOf": [{"required": [name]} for name in ("challenges", "solutions",
                                                    "lessons_learnt")],
        "properties": {
            "title": text(MAX_TITLE, minLength=1), "region": text(MAX_SHORT, minLength=1),
            "country": {"type": "string", "enum": list(vocab.COUNTRIES),
                        "description": "ISO 3166-1 alpha-2 code (a country name in any of "
                                       "the seven languages is accepted too)"},
            "city_or_area": text(MAX_SHORT),
            "language": {"type": "string", "enum": list(vocab.LANGS), "default": "en",
                         "description": "language of the texts"},
            "authority_role": keys(vocab.ROLES, "role of the regional authority (direct: "
                                   "leader, active_partner, coordinator; indirect: support, "
                                   "funding, advisory)"),
            "areas": keys(vocab.AREAS, "integration areas"),
            "target_groups": keys(vocab.TARGET_GROUPS, "target groups"),
            "start_year": year, "end_year": {**year, "description": "not before start_year"},
            **{name: text(MAX_TEXT) for name in LONG_TEXTS},
            "partners": {"type": "array", "items": {"type": "string", "maxLength": 400}},
            "source_url": text(2000, format="uri", pattern="^https?://"),
            "contact": {"type": "object", "additionalProperties": False,
                        "required": ["name", "email"],
                        "description": "never published",
                        "properties": {"name": text(MAX_SHORT), "organisation": text(MAX_SHORT),
                                       "email": text(320, format="email")}},
            "consent": {"const": True, "description": "the privacy notice is accepted"},
            HONEYPOT: {"type": "string", "maxLength": 0,
                       "description": "the form's bot trap: omit it or leave it empty; when "
                                      "not empty the answer looks like a success (201) but "
                                      "nothing is stored"},
        },
    }


def receipt_schema() -> dict[str, Any]:
    """The JSON Schema of the 201 answer."""
    reference = {"type": "string", "pattern": "^IL-[0-9]{4}-[0-9A-Z]{6}$"}
    return {"type": "object", "required": ["id", "reference", "status"],
            "properties": {"id": reference, "reference": reference,
                           "status": {"type": "string", "enum": ["submitted"]}}}
