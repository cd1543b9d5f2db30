"""API views: ask, search, practices, glossary, regions, health."""
from __future__ import annotations

import time
from typing import Any

from flask import g, jsonify, request
from sqlalchemy import func, select

from knowledge.errors import FieldError
from knowledge.filters import FACETS, known_region_slugs, parse_filters
from knowledge.glossary import public_glossary_entry
from knowledge.models import PUBLISHED, GlossaryEntry, Practice, Region
from knowledge.regions import public_region
from knowledge.store import public_practice
from knowledge.vocab import LANGS

from ..errors import ApiError
from ..extensions import get_lab
from ..security import rate_limited
from . import bp

STARTED = time.time()


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "send the body as JSON with Content-Type: application/json")
    try:
        raw = request.get_data(cache=True)
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_encoding", f"the body is not valid UTF-8 (byte "
                       f"{exc.start}: {raw[exc.start:exc.start + 1]!r})") from None
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", "the body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json",
                       f"the body must be a JSON object, got {type(body).__name__}")
    return body


def _lang_param(value: Any, name: str = "lang") -> str:
    if value in (None, ""):
        return str(getattr(g, "lang", "en"))
    if value not in LANGS:
        raise FieldError(name, f"unknown language {value!r:.20} (expected one of: "
                         f"{', '.join(LANGS)})", value)
    return str(value)


def _int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise FieldError(name, f"must be a whole number, got {raw!r:.20}", raw) from None
    if not low <= value <= high:
        raise FieldError(name, f"must be between {low} and {high}, got {value}", value)
    return value


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
    unknown = set(body) - {"question", "lang", "filters", "conversation_id"}
    if unknown:
        name = sorted(unknown)[0]
        raise FieldError(name, f"unknown field {name!r} (expected question, lang, filters, "
                         "conversation_id)", name)
    if "question" not in body:
        raise FieldError("question", "is required")
    filters = body.get("filters")
    if filters is not None and not isinstance(filters, dict):
        raise FieldError("filters", f"must be an object, got {type(filters).__name__}",
                         filters)
    if filters:
        parse_filters(filters, _known_regions())
    answer = get_lab().assistant.ask(body["question"], body.get("lang"), filters,
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
    filters = parse_filters(raw, _known_regions())
    lang = _lang_param(args.get("lang"))
    q = args.get("q", "")
    if len(q) > 500:
        raise FieldError("q", f"is {len(q)} characters long (at most 500)", q[:40])
    limit = _int_param("limit", 20, 1, 100)
    offset = _int_param("offset", 0, 0, 100_000)
    result = get_lab().search.search(q, filters, lang, limit, offset)
    if result.total and offset >= result.total:
        raise FieldError("offset", f"{offset} is past the end of the results (total "
                         f"{result.total}: use an offset from 0 to {result.total - 1})", offset)
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
