"""GET /openapi.json: the OpenAPI 3 description of the HTTP API."""
from __future__ import annotations

from typing import Any

from flask import jsonify

from knowledge.filters import FACETS
from knowledge.schema import ID_PATTERN, MAX_YEAR, MIN_YEAR
from knowledge.vocab import LANGS

from . import bp
from .submissions import receipt_schema, request_schema

ERROR = {"$ref": "#/components/schemas/Error"}


def _resp(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): _resp("Error", ERROR) for c in codes}


def _query(name: str, schema: dict[str, Any], description: str = "",
           multi: bool = False) -> dict[str, Any]:
    if multi:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description, **({"style": "form", "explode": True} if multi else {})}


def spec() -> dict[str, Any]:
    """The OpenAPI document."""
    lang = {"type": "string", "enum": list(LANGS)}
    # ?lang= may be empty: the page language then (cookie, Accept-Language)
    lang_param = {"type": "string", "enum": [*LANGS, ""]}
    string = {"type": "string"}
    source = {"type": "object", "required": ["id", "title", "url", "score"], "properties": {
        "id": string, "kind": {"type": "string", "enum": ["practice", "glossary"]},
        "title": string, "region": {"type": ["string", "null"]},
        "country": {"type": ["string", "null"]}, "url": string, "score": {"type": "number"},
        "summary": string, "challenges": string, "solutions": string,
        "lessons_learnt": string, "definition": string, "lang": string}}
    null = {"type": "null"}
    empty = {"type": "string", "maxLength": 0}
    year = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
    # null, "" (and, in a query, an empty parameter) mean "not filtered"
    year_param = {"anyOf": [year, empty]}
    filters = {"type": ["object", "null"], "additionalProperties": False, "properties": {
        **{f: {"anyOf": [string, {"type": "array", "items": string}, null]} for f in FACETS},
        "year_from": {"anyOf": [year, empty, null]},
        "year_to": {"anyOf": [year, empty, null]}}}
    texts = {"type": "object", "additionalProperties": string}
    map_item = {"type": "object", "required": ["id", "title", "region", "country", "url",
                                               "lang"],
                "properties": {"id": string, "title": string, "region": string,
                               "country": string, "url": string, "lang": lang,
                               "snippet": string, "lat": {"type": "number"},
                               "lon": {"type": "number"},
                               "precision": string}}
    practice = {"type": "object", "required": ["id", "title", "region", "country", "summary",
                                               "language", "url"],
                "not": {"required": ["contact"]},  # never the private contact
                "properties": {"id": string, "title": string, "region": string,
                               "country": string, "summary": string, "language": lang,
                               "url": string,
                               "areas": {"type": "array", "items": string},
                               "target_groups": {"type": "array", "items": string},
                               "authority_role": {"type": "array", "items": string},
                               "start_year": {"type": ["integer", "null"]},
                               "end_year": {"type": ["integer", "null"]},
                               "latitude": {"type": ["number", "null"]},
                               "longitude": {"type": ["number", "null"]}}}
    glossary_entry = {"type": "object", "required": ["id", "term", "definition", "url"],
                      "properties": {"id": string, "term": string, "definition": string,
                                     "lang": lang, "terms": texts, "definitions": texts,
                                     "url": string}}
    region = {"type": "object", "required": ["slug", "name", "country", "pilot",
                                             "practice_count", "url"],
              "properties": {"slug": string, "name": string, "country": string,
                             "pilot": {"type": "boolean"},
                             "practice_count": {"type": "integer", "minimum": 0},
                             "url": string}}

    def listing(key: str, item: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "required": ["lang", "total", key],
                "properties": {"lang": lang, "total": {"type": "integer", "minimum": 0},
                               key: {"type": "array", "items": item}}}

    facet_params = [_query(f, string, f"filter by {f} (repeat for several)", multi=True)
                    for f in FACETS]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Integration Lab API", "version": "1.0.0",
                 "description": "Practices of European regions integrating migrants and "
                                "refugees: ask, search, read."},
        "paths": {
            "/healthz": {"get": {"summary": "Health", "responses": {
                "200": _resp("Service is up", {
                    "type": "object", "required": ["status"],
                    "properties": {"status": {"const": "ok"},
                                   "practices": {"type": "integer", "minimum": 0},
                                   "indexed_documents": {"type": "integer", "minimum": 0},
                                   "embedding_model": string,
                                   "uptime_s": {"type": "number"}}}),
                **_errors(503)}}},
            "/api/v1/ask": {"post": {
                "summary": "Ask the assistant a question",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["question"], "additionalProperties": False,
                    "properties": {"question": {
                                       "type": "string",
                                       # counted once whitespace runs are collapsed, which a
                                       # JSON Schema length cannot say
                                       "description": "2 to 1000 characters once runs of "
                                                      "whitespace count as one space"},
                                   "lang": {**lang, "type": ["string", "null"],
                                            "enum": [*LANGS, None]},
                                   "filters": filters,
                                   "conversation_id": {"type": ["string", "null"],
                                                       "pattern": "^[A-Za-z0-9_-]{8,64}$"}}}}}},
                "responses": {"200": _resp("A cited answer", {
                    "type": "object",
                    "required": ["answer", "lang", "conversation_id", "sources"],
                    "properties": {"answer": string, "lang": lang,
                                   "conversation_id": string, "found": {"type": "boolean"},
                                   "sources": {"type": "array", "items": source},
                                   "glossary": {"type": "array", "items": {
                                       "type": "object", "required": ["id", "term", "url"],
                                       "properties": {"id": string, "term": string,
                                                      "text": string, "url": string}}},
                                   "understood": {"type": "object"}}}),
                              **_errors(400, 404, 413, 415, 422, 503)}}},
            "/api/v1/search": {"get": {
                "summary": "Search and filter practices",
                "parameters": [_query("q", {"type": "string", "maxLength": 500}),
                               _query("lang", lang_param), *facet_params,
                               _query("year_from", year_param),
                               _query("year_to", year_param),
                               _query("limit", {"anyOf": [{"type": "integer", "minimum": 1,
                                                           "maximum": 100}, empty]},
                                      "results per page (default 20)"),
                               _query("offset", {"anyOf": [{"type": "integer", "minimum": 0,
                                                            "maximum": 100_000}, empty]},
                                      "results to skip (default 0); past the end is a 400")],
                "responses": {"200": _resp("Results", {
                    "type": "object", "required": ["total", "results", "facets"],
                    "properties": {"total": {"type": "integer"},
                                   "results": {"type": "array", "items": {
                                       "type": "object",
                                       "required": ["id", "title", "region", "country",
                                                    "score", "snippet"],
                                       "properties": {k: string for k in (
                                           "id", "title", "region", "country", "snippet",
                                           "url", "lang")} | {"score": {"type": "number"}}}},
                                   "facets": {"type": "object", "additionalProperties": {
                                       "type": "object",
                                       "additionalProperties": {"type": "integer"}}}}}),
                    **_errors(400)}}},
            "/api/v1/map": {"get": {
                "summary": "Published practices placed on the map (same filters as search)",
                "parameters": [_query("lang", lang_param), *facet_params,
                               _query("year_from", year_param),
                               _query("year_to", year_param)],
                "responses": {"200": _resp("Placed and unplaced practices", {
                    "type": "object", "required": ["total", "placed", "unplaced"],
                    "properties": {"total": {"type": "integer"},
                                   "placed": {"type": "array", "items": {
                                       **map_item,
                                       "required": [*map_item["required"], "lat", "lon",
                                                    "precision"]}},
                                   "unplaced": {"type": "array", "items": map_item}}}),
                    **_errors(400)}}},
            "/api/v1/practices/{id}": {"get": {
                "summary": "One published practice (no contact details)",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string",
                                           "pattern": ID_PATTERN.pattern}}],
                "responses": {"200": _resp("The practice", practice),
                              **_errors(404)}}},
            "/api/v1/submissions": {"post": {
                "summary": "Send a practice for review (not public until a coordinator "
                           "publishes it)",
                "parameters": [_query("lang", lang_param, "language of the error messages and the "
                                      "receipt e-mail (else Accept-Language)")],
                "description": "Texts are trimmed before their length is checked; null for "
                               "an optional field is the same as leaving it out; a list "
                               "field may also be one text separated by ';' or '|'.",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": request_schema()}}},
                "responses": {"201": _resp("Received; `id` is the reference", receipt_schema()),
                              **_errors(400, 409, 413, 415, 422, 429)}}},
            "/api/v1/glossary": {"get": {
                "summary": "The glossary", "parameters": [_query("lang", lang_param)],
                "responses": {"200": _resp("Entries", listing("entries", glossary_entry)),
                              **_errors(400)}}},
            "/api/v1/regions": {"get": {
                "summary": "Regions", "parameters": [_query("lang", lang_param)],
                "responses": {"200": _resp("Regions", listing("regions", region)),
                              **_errors(400)}}},
        },
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"], "properties": {
                    "code": string, "message": string,
                    "fields": {"type": "array", "items": {
                        "type": "object", "properties": {"field": string,
                                                         "message": string}}}}}}}}},
    }


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    """The OpenAPI 3 description of the API."""
    return jsonify(spec())
