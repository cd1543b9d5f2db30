"""GET /openapi.json: the OpenAPI 3 description of the HTTP API."""
from __future__ import annotations

from typing import Any

from flask import jsonify

from knowledge.filters import FACETS
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
    string = {"type": "string"}
    source = {"type": "object", "required": ["id", "title", "url", "score"], "properties": {
        "id": string, "kind": {"type": "string", "enum": ["practice", "glossary"]},
        "title": string, "region": {"type": ["string", "null"]},
        "country": {"type": ["string", "null"]}, "url": string, "score": {"type": "number"},
        "summary": string, "challenges": string, "solutions": string,
        "lessons_learnt": string, "definition": string, "lang": string}}
    filters = {"type": "object", "additionalProperties": False, "properties": {
        **{f: {"oneOf": [string, {"type": "array", "items": string}]} for f in FACETS},
        "year_from": {"type": "integer"}, "year_to": {"type": "integer"}}}
    facet_params = [_query(f, string, f"filter by {f} (repeat for several)", multi=True)
                    for f in FACETS]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Integration Lab API", "version": "1.0.0",
                 "description": "Practices of European regions integrating migrants and "
                                "refugees: ask, search, read."},
        "paths": {
            "/healthz": {"get": {"summary": "Health", "responses": {
                "200": _resp("Service is up", {"type": "object", "required": ["status"],
                                               "properties": {"status": string}})}}},
            "/api/v1/ask": {"post": {
                "summary": "Ask the assistant a question",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["question"], "additionalProperties": False,
                    "properties": {"question": {"type": "string", "minLength": 2,
                                                "maxLength": 1000},
                                   "lang": lang, "filters": filters,
                                   "conversation_id": {"type": "string",
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
                               _query("lang", lang), *facet_params,
                               _query("year_from", {"type": "integer"}),
                               _query("year_to", {"type": "integer"}),
                               _query("limit", {"type": "integer", "minimum": 1,
                                                "maximum": 100}),
                               _query("offset", {"type": "integer", "minimum": 0})],
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
                "parameters": [_query("lang", lang), *facet_params,
                               _query("year_from", {"type": "integer"}),
                               _query("year_to", {"type": "integer"})],
                "responses": {"200": _resp("Placed and unplaced practices", {
                    "type": "object", "required": ["total", "placed", "unplaced"],
                    "properties": {"total": {"type": "integer"},
                                   "placed": {"type": "array", "items": {"type": "object"}},
                                   "unplaced": {"type": "array",
                                                "items": {"type": "object"}}}}),
                    **_errors(400)}}},
            "/api/v1/practices/{id}": {"get": {
                "summary": "One published practice (no contact details)",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": string}],
                "responses": {"200": _resp("The practice", {"type": "object"}),
                              **_errors(404)}}},
            "/api/v1/submissions": {"post": {
                "summary": "Send a practice for review (not public until a coordinator "
                           "publishes it)",
                "parameters": [_query("lang", lang, "language of the error messages and the "
                                      "receipt e-mail (else Accept-Language)")],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": request_schema()}}},
                "responses": {"201": _resp("Received; `id` is the reference", receipt_schema()),
                              **_errors(400, 409, 413, 415, 422, 429)}}},
            "/api/v1/glossary": {"get": {
                "summary": "The glossary", "parameters": [_query("lang", lang)],
                "responses": {"200": _resp("Entries", {"type": "object"}), **_errors(400)}}},
            "/api/v1/regions": {"get": {
                "summary": "Regions", "parameters": [_query("lang", lang)],
                "responses": {"200": _resp("Regions", {"type": "object"}), **_errors(400)}}},
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
