"""Error handlers: JSON for API and widget calls, HTML for pages; never a stack trace.

Every message is a msgid. Pages answer in the page language (`?lang=`, cookie,
Accept-Language); API callers in the language they asked for (`?lang=`, else the JSON body's
`lang`, else the page language), so a widget on a Greek site reads its errors in Greek.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from flask import (Flask, Response, current_app, g, jsonify, make_response, render_template,
                   request)
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from knowledge.db import cannot_write
from knowledge.errors import FieldError, IndexError_, KnowledgeError, NotFoundError, RecordError
from knowledge.vocab import LANGS

from .field_errors import localise, localise_all
from .i18n import select_locale

log = logging.getLogger(__name__)

# what werkzeug says in English, said in the user's language; the bad value where there is one
INTERNAL = _l("Something went wrong on our side. Please try again in a few minutes.")
UNAVAILABLE = _l("Part of the service is not available right now. Please try again in a few "
                 "minutes.")
HTTP_MESSAGES = {
    400: _l("Please check what you entered and try again."),
    404: _l("There is nothing at the address %(path)s."),
    405: _l("The address %(path)s does not accept the %(method)s method (it accepts: "
            "%(allowed)s)."),
    413: _l("The request is too large: at most %(size)s MB are accepted."),
    415: _l("Please send the body as JSON, with Content-Type: application/json."),
    429: _l("You have sent many requests in a short time. Please wait a moment and try again."),
    500: INTERNAL,
    503: UNAVAILABLE,
}
OTHER_HTTP = _l("The request could not be processed (error %(status)s).")
NOT_FOUND = {
    "practice": _l("There is no published practice with the identifier “%(key)s”."),
    "region": _l("There is no region “%(key)s”."),
}
NOT_FOUND_OTHER = _l("Nothing was found for “%(key)s”.")
INVALID_RECORD = _l("Some fields are missing or not valid: see the list of fields.")
MAX_SHOWN = 80  # characters of a path or key repeated in a message


class ApiError(Exception):
    """An error answered as {"error": {code, message, fields?}} with an HTTP status.

    `message` may be a lazy string (`_l`): it is then said in the caller's language.
    """

    def __init__(self, status: int, code: str, message: Any,
                 fields: list[dict[str, Any]] | None = None, retry_after: int | None = None
                 ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields
        self.retry_after = retry_after


def wants_json() -> bool:
    """API and widget calls get JSON; pages get HTML."""
    path = request.path
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json") or \
        request.accept_mimetypes.best == "application/json"


def _body_lang() -> Any:
    """The `lang` of a JSON body, when there is one that can be read safely."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    size = request.content_length
    if not request.is_json or size is None or (limit and size > limit):
        return None
    try:
        body = request.get_json(silent=True, cache=True)
    except Exception:  # an unreadable body must not turn one error into another
        return None
    return body.get("lang") if isinstance(body, dict) else None


def error_lang() -> str:
    """The language of an error: ?lang=, a JSON body's lang (API only), the page language."""
    asked = request.args.get("lang")
    if asked in LANGS:
        return str(asked)
    if wants_json():
        body = _body_lang()
        if body in LANGS:
            return str(body)
    if getattr(g, "lang", None) in LANGS:
        return str(g.lang)
    return select_locale()  # an error raised before the language was chosen


def _shown(text: Any) -> str:
    text = str(text)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


Answer = tuple[Response, int] | tuple[str, int]


def respond(status: int, code: str, build: Callable[[], tuple[Any, Any]]) -> Answer:
    """The response for an error: `build` gives (message, fields) in the caller's language."""
    with force_locale(error_lang()):
        message, fields = build()
        text = str(message)
        if wants_json():
            body: dict[str, Any] = {"code": code, "message": text}
            if fields:
                body["fields"] = fields
            return jsonify({"error": body}), status
    return render_template("error.html", status=status, code=code, message=text,
                           fields=fields or []), status


def error_response(status: int, code: str, message: Any,
                   fields: list[dict[str, Any]] | None = None) -> Answer:
    """The response for an error, in the caller's format (a lazy message in its language)."""
    return respond(status, code, lambda: (message, fields))


def http_message(exc: HTTPException) -> str:
    """Werkzeug's error said in the current language, with the address or limit in it."""
    status = exc.code or 500
    if status == 404:
        return str(HTTP_MESSAGES[404]) % {"path": _shown(request.path)}
    if status == 405:
        allowed = getattr(exc, "valid_methods", None) or []
        return str(HTTP_MESSAGES[405]) % {
            "path": _shown(request.path), "method": request.method,
            "allowed": ", ".join(m for m in sorted(allowed) if m not in ("HEAD", "OPTIONS"))}
    if status == 413:
        limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
        return str(HTTP_MESSAGES[413]) % {"size": format_decimal(round(limit / 1_000_000, 3))}
    if status in HTTP_MESSAGES:
        return str(HTTP_MESSAGES[status])
    return str(OTHER_HTTP) % {"status": status}


def field_message(exc: FieldError) -> tuple[str, list[dict[str, Any]]]:
    """One field error: the summary and the localised field, in the current language."""
    field = localise(exc)
    return _("Please check the field “%(field)s”: %(message)s", field=_shown(exc.field),
             message=field["message"]), [field]


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
        return respond(400, "invalid_field", lambda: field_message(exc))

    @app.errorhandler(RecordError)
    def _record(exc: RecordError):  # type: ignore[no-untyped-def]
        return respond(422, "invalid_record", lambda: (INVALID_RECORD, localise_all(exc.errors)))

    @app.errorhandler(NotFoundError)
    def _not_found(exc: NotFoundError):  # type: ignore[no-untyped-def]
        template = NOT_FOUND.get(exc.kind, NOT_FOUND_OTHER)
        return respond(404, "not_found", lambda: (str(template) % {"key": _shown(exc.key)}, None))

    @app.errorhandler(IndexError_)
    def _index(exc: IndexError_):  # type: ignore[no-untyped-def]
        log.error("index unavailable: %s", exc)
        return error_response(503, "index_unavailable", UNAVAILABLE)

    @app.errorhandler(OperationalError)
    def _database(exc: OperationalError):  # type: ignore[no-untyped-def]
        # the database is unreachable (restarting, network) or cannot write (disk full,
        # read-only): a retryable 503, not a 500; the transaction was rolled back
        storage = cannot_write(exc)
        log.error("database %s: %s", "cannot write" if storage else "unavailable",
                  str(exc).splitlines()[0][:300])
        body, status = error_response(503, "storage_unavailable" if storage
                                      else "database_unavailable", UNAVAILABLE)
        response = make_response(body, status)
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(KnowledgeError)
    def _knowledge(exc: KnowledgeError):  # type: ignore[no-untyped-def]
        log.exception("knowledge error")
        return error_response(500, "internal_error", INTERNAL)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = (exc.name or "error").lower().replace(" ", "_")
        return respond(exc.code or 500, code, lambda: (http_message(exc), None))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error on %s", request.path)
        return error_response(500, "internal_error", INTERNAL)
