"""Error handlers: JSON for API and widget calls, HTML for pages; never a stack trace."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from knowledge.errors import FieldError, IndexError_, KnowledgeError, NotFoundError, RecordError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answered as {"error": {code, message, fields?}} with an HTTP status."""

    def __init__(self, status: int, code: str, message: str,
                 fields: list[dict[str, str]] | None = None, retry_after: int | None = None
                 ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields
        self.retry_after = retry_after


def wants_json() -> bool:
    """API and widget calls get JSON; pages get HTML."""
    path = request.path
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json") or \
        request.accept_mimetypes.best == "application/json"


def error_response(status: int, code: str, message: str,
                   fields: list[dict[str, str]] | None = None) -> tuple[Response, int] | tuple[str, int]:
    """The response for an error, in the caller's format."""
    if wants_json():
        body: dict[str, Any] = {"code": code, "message": message}
        if fields:
            body["fields"] = fields
        return jsonify({"error": body}), status
    return render_template("error.html", status=status, code=code, message=message,
                           fields=fields or []), status


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(ApiError)
    def _api(exc: ApiError):  # type: ignore[no-untyped-def]
        body, status = error_response(exc.status, exc.code, exc.message, exc.fields)
        response = make_response(body, status)
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(max(1, exc.retry_after))
        return response

    @app.errorhandler(FieldError)
    def _field(exc: FieldError):  # type: ignore[no-untyped-def]
        return error_response(400, "invalid_field", str(exc), [exc.as_dict()])

    @app.errorhandler(RecordError)
    def _record(exc: RecordError):  # type: ignore[no-untyped-def]
        return error_response(422, "invalid_record", str(exc), [e.as_dict() for e in exc.errors])

    @app.errorhandler(NotFoundError)
    def _not_found(exc: NotFoundError):  # type: ignore[no-untyped-def]
        return error_response(404, "not_found", str(exc))

    @app.errorhandler(IndexError_)
    def _index(exc: IndexError_):  # type: ignore[no-untyped-def]
        log.error("index unavailable: %s", exc)
        return error_response(503, "index_unavailable",
                              "The search index is unavailable; please try again shortly.")

    @app.errorhandler(KnowledgeError)
    def _knowledge(exc: KnowledgeError):  # type: ignore[no-untyped-def]
        log.exception("knowledge error")
        return error_response(500, "internal_error", "Something went wrong on our side.")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = (exc.name or "error").lower().replace(" ", "_")
        return error_response(exc.code or 500, code, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error on %s", request.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")
