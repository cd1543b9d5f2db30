"""API views: ask, search, practices, glossary, regions, health.

Every bad request names the field and the value, with a FieldError code that web.errors says
in the caller's language (web.field_errors), and the English detail kept for the log.
"""
from __future__ import annotations

import json
import re
import time
from typing import Any

from flask import g, jsonify, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from assistant.conversation import ID_PATTERN as CONVERSATION_ID
from knowledge.errors import FieldError
from knowledge.filters import FACETS, PracticeFilters, known_region_slugs, parse_filters
from knowledge.glossary import public_glossary_entry
from knowledge.models import PUBLISHED, GlossaryEntry, Practice, Region
from knowledge.regions import public_region
from knowledge.schema import MAX_YEAR, MIN_YEAR
from knowledge.store import public_practice
from knowledge.vocab import LANGS

from ..errors import ApiError
from ..extensions import get_lab
from ..security import rate_limited
from . import bp

STARTED = time.time()
JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
              bool: "boolean", type(None): "null"}
FILTER_NAMES = frozenset(FACETS) | {"year_from", "year_to"}
ASK_FIELDS = ("question", "lang", "filters", "conversation_id")
MAX_Q = 500
LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                            r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _invalid_json(line: int, column: int) -> ApiError:
    return ApiError(400, "invalid_json", _l(
        "The body is not valid JSON (line %(line)s, column %(column)s).",
        line=line, column=column))


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       _l("Please send the body as JSON, with Content-Type: application/json."))
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_encoding", _l(
            "The body is not valid UTF-8 (byte %(position)s: %(byte)s).",
            position=exc.start, byte=repr(raw[exc.start:exc.start + 1]))) from None
    try:
        body = json.loads(raw)  # bytes, as request.get_json reads them (a BOM is allowed)
    except RecursionError:
        raise _invalid_json(1, 1) from None
    except ValueError as exc:
        raise _invalid_json(getattr(exc, "lineno", 1), getattr(exc, "colno", 1)) from None
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escape such as \ud800: not a character
        match = LONE_SURROGATE.search(text)
        offset = match.start() if match else 0
        raise _invalid_json(text.count("\n", 0, offset) + 1,
                            offset - text.rfind("\n", 0, offset)) from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", _l(
            "The body must be a JSON object, not of JSON type “%(type)s”.",
            type=JSON_TYPES.get(type(body), type(body).__name__)))
    return body


def _unknown_lang(name: str, value: Any) -> FieldError:
    return FieldError(name, f"unknown language {value!r:.20} (expected one of: "
                      f"{', '.join(LANGS)})", value, code="unknown_value")


def _lang_param(value: Any, name: str = "lang") -> str:
    if value in (None, ""):
        return str(getattr(g, "lang", "en"))
    if value not in LANGS:
        raise _unknown_lang(name, value)
    return str(value)


def _int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise FieldError(name, f"must be a whole number, got {raw!r:.20}", raw,
                         code="not_number") from None
    if not low <= value <= high:
        raise FieldError(name, f"must be between {low} and {high}, got {value}", value,
                         code="number_range", params={"min": low, "max": high})
    return value


def _filter_error(exc: FieldError, raw: Any) -> FieldError:
    """A FieldError of knowledge.filters with the code that says it in the user's language."""
    name = exc.field.removeprefix("filters.")
    params: dict[str, object] = {}
    if exc.field == "filters":
        code = "not_object"
    elif name not in FILTER_NAMES:
        code = "unknown_field"
    elif name in ("year_from", "year_to"):
        try:
            year = int(exc.value)  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            code = "not_year"
        else:
            in_range = MIN_YEAR <= year <= MAX_YEAR
            code = "year_order" if in_range else "year_range"
            params = {"start": raw.get("year_from", "")} if in_range else \
                {"min": MIN_YEAR, "max": MAX_YEAR}
    elif not isinstance(exc.value, str):
        code = "not_list"
    else:
        code = "unknown_value"
    return FieldError(exc.field, exc.message, exc.value, code=code, params=params)


def checked_filters(raw: Any, regions: set[str] | None) -> PracticeFilters:
    """parse_filters, its errors coded so that the user reads them in their language."""
    try:
        return parse_filters(raw, regions)
    except FieldError as exc:
        raise _filter_error(exc, raw if isinstance(raw, dict) else {}) from None


def _check_ask(body: dict[str, Any]) -> None:
    """The assistant's checks, made first with codes the user can read in their language."""
    unknown = set(body) - set(ASK_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise FieldError(name, f"unknown field {name!r} (expected {', '.join(ASK_FIELDS)})",
                         name, code="unknown_field")
    if "question" not in body:
        raise FieldError("question", "is required", code="required")
    settings = get_lab().assistant.settings
    question = body["question"]
    if not isinstance(question, str):
        raise FieldError("question", f"must be text, got {type(question).__name__}", question,
                         code="not_text")
    size = len(" ".join(question.split()))
    if size == 0:
        raise FieldError("question", "is empty", question, code="required")
    if size < settings.min_question_chars:
        raise FieldError("question", f"is too short ({question!r:.20})", question,
                         code="too_short", params={"min": settings.min_question_chars})
    if size > settings.max_question_chars:
        raise FieldError("question", f"is {size} characters long (at most "
                         f"{settings.max_question_chars})", question[:40], code="too_long",
                         params={"length": size, "max": settings.max_question_chars})
    if body.get("lang") is not None and body["lang"] not in LANGS:
        raise _unknown_lang("lang", body["lang"])
    filters = body.get("filters")
    if filters is not None and not isinstance(filters, dict):
        raise FieldError("filters", f"must be an object, got {type(filters).__name__}",
                         filters, code="not_object")
    if filters:
        checked_filters(filters, _known_regions())
    cid = body.get("conversation_id")
    if cid is not None and not (isinstance(cid, str) and CONVERSATION_ID.match(cid)):
        raise FieldError("conversation_id", "is not a valid conversation id (8–64 letters, "
                         "digits, '-' or '_')", cid, code="invalid_id")


def _known_regions() -> set[str]:
    with get_lab().session_factory() as session:
        return known_region_slugs(session)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Liveness and a few facts about the stores."""
    lab = get_lab()
    with lab.session_factory() as session:
        practices = session.scalar(select(func.count()).select_from(Practice).where(
            Practice.status == PUBLISHED))
    return jsonify({"status": "ok", "practices": practices,
                    "indexed_documents": lab.stack.vector_index.count(),
                    "embedding_model": lab.stack.embedder.name,
                    "uptime_s": round(time.time() - STARTED, 1)})


@bp.post("/api/v1/ask")
@rate_limited("ask", "LAB_ASK_RATE")
def ask():  # type: ignore[no-untyped-def]
    """Answer a question with cited practices."""
    body = _json_body()
    _check_ask(body)
    answer = get_lab().assistant.ask(body["question"], body.get("lang"), body.get("filters"),
                                     body.get("conversation_id"))
    return jsonify(answer.as_dict())


@bp.get("/api/v1/search")
def search():  # type: ignore[no-untyped-def]
    """Ranked or filtered practices with facet counts."""
    args = request.args
    raw = {name: args.getlist(name) for name in FACETS if args.getlist(name)}
    for name in ("year_from", "year_to"):
        if args.get(name):
            raw[name] = args.get(name)
    filters = checked_filters(raw, _known_regions())
    lang = _lang_param(args.get("lang"))
    q = args.get("q", "")
    if len(q) > MAX_Q:
        raise FieldError("q", f"is {len(q)} characters long (at most {MAX_Q})", q[:40],
                         code="too_long", params={"length": len(q), "max": MAX_Q})
    limit = _int_param("limit", 20, 1, 100)
    offset = _int_param("offset", 0, 0, 100_000)
    result = get_lab().search.search(q, filters, lang, limit, offset)
    if result.total and offset >= result.total:
        raise FieldError("offset", f"{offset} is past the end of the results (total "
                         f"{result.total}: use an offset from 0 to {result.total - 1})", offset,
                         code="number_range", params={"min": 0, "max": result.total - 1})
    return jsonify(result.as_dict())


@bp.get("/api/v1/practices/<practice_id>")
def practice(practice_id: str):  # type: ignore[no-untyped-def]
    """One published practice, without its private contact."""
    return jsonify(public_practice(get_lab().store.get(practice_id)))


@bp.get("/api/v1/glossary")
def glossary():  # type: ignore[no-untyped-def]
    """Every glossary entry, in the chosen language."""
    lang = _lang_param(request.args.get("lang"))
    with get_lab().session_factory() as session:
        rows = list(session.scalars(select(GlossaryEntry)))
    entries = sorted((public_glossary_entry(r, lang) for r in rows),
                     key=lambda e: e["term"].casefold())
    return jsonify({"lang": lang, "total": len(entries), "entries": entries})


@bp.get("/api/v1/regions")
def regions():  # type: ignore[no-untyped-def]
    """Pilot regions and every region with published practices."""
    lang = _lang_param(request.args.get("lang"))
    with get_lab().session_factory() as session:
        counts = dict(session.execute(select(Practice.region_slug, func.count()).where(
            Practice.status == PUBLISHED).group_by(Practice.region_slug)).all())
        profiles = {r.slug: r for r in session.scalars(select(Region))}
        names = dict(session.execute(select(Practice.region_slug, Practice.region)).all())
        countries = dict(session.execute(select(Practice.region_slug, Practice.country)).all())
    out = [public_region(r, lang, counts.get(slug, 0)) for slug, r in profiles.items()]
    for slug, count in counts.items():
        if slug not in profiles:
            out.append({"slug": slug, "name": names[slug], "country": countries[slug],
                        "pilot": False, "practice_count": count, "url": f"/regions/{slug}"})
    out.sort(key=lambda r: (not r["pilot"], r["name"]))
    return jsonify({"lang": lang, "total": len(out), "regions": out})
