"""Form protection: CSRF tokens on every form, per-client rate limits, the client address."""
from __future__ import annotations

import hmac
import logging
import secrets
from functools import wraps
from typing import Any, Callable, TypeVar

from flask import Flask, current_app, request, session
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from knowledge.db import cannot_write
from knowledge.ratelimit import parse_rate

from .errors import ApiError

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
SESSION_KEY = "_csrf"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_EXEMPT_ATTR = "_csrf_exempt"


def csrf_token() -> str:
    """This session's CSRF token (created on first use)."""
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return str(token)


def csrf_valid() -> bool:
    """True when the request carries this session's token (form field or header)."""
    expected = session.get(SESSION_KEY)
    sent = request.form.get(FORM_FIELD) if request.form else None
    sent = sent or request.headers.get(HEADER)
    return bool(expected and sent and hmac.compare_digest(str(expected), str(sent)))


def csrf_exempt(view: F) -> F:
    """Mark a view that checks the token itself (to re-render a form instead of failing)."""
    setattr(view, _EXEMPT_ATTR, True)
    return view


def _needs_csrf() -> bool:
    if request.method not in UNSAFE:
        return False
    # the public JSON API takes no cookies' authority; the admin API does
    if request.path.startswith("/api/") and not request.path.startswith("/api/v1/admin"):
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, _EXEMPT_ATTR, False)


def client_address() -> str:
    """The client's address (ProxyFix has applied LAB_PROXY_HOPS already)."""
    return request.remote_addr or "unknown"


def check_rate(bucket: str, setting: str) -> None:
    """Count this request against the client's limit; raise 429 when over it."""
    rate = parse_rate(str(current_app.config.get(setting) or ""))
    if rate is None:
        return
    try:
        decision = current_app.extensions["lab"].limiter.hit(bucket, client_address(), rate)
    except OperationalError as exc:
        if not cannot_write(exc):
            raise
        # a full or read-only disk must not stop questions and searches, which write
        # nothing else; a request that must write will meet the same error and get its 503
        log.warning("rate limit %r not counted: the database cannot be written", bucket)
        return
    if not decision.allowed:
        minutes = max(1, (decision.retry_after + 59) // 60)
        raise ApiError(429, "rate_limited",
                       _l("Too many requests from your address. Please try again in "
                          "%(minutes)s minutes.", minutes=minutes),
                       retry_after=decision.retry_after)


def rate_limited(bucket: str, setting: str, methods: tuple[str, ...] = ("POST",)) -> Callable[[F], F]:
    """Decorator: apply check_rate to these methods of a view."""
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method in methods:
                check_rate(bucket, setting)
            return view(*args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate


def init_app(app: Flask) -> None:
    """Trust proxy headers only as configured; check CSRF on every unsafe form request."""
    hops = int(app.config.get("LAB_PROXY_HOPS") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    @app.before_request
    def _csrf() -> None:
        if _needs_csrf() and not csrf_valid():
            raise ApiError(400, "csrf_failed",
                           _l("This form has expired. Please reload the page and send it "
                              "again."))

    app.jinja_env.globals["csrf_token"] = csrf_token
