"""Coordinators' sign-in: the session rules and the decorators every admin page and API uses."""
from __future__ import annotations

import math
import time
from datetime import datetime
from functools import wraps
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from flask import (Response, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _

from knowledge.accounts import AccountView, as_utc
from knowledge.errors import AuthError
from knowledge.models import utcnow

from ..errors import ApiError
from ..extensions import get_lab
from ..security import check_rate, csrf_exempt, csrf_valid
from . import bp

F = TypeVar("F", bound=Callable[..., Any])
ACCOUNT_KEY, ROLE_KEY, SEEN_KEY = "account_id", "role", "last_seen"
WRITER = "coordinator"
MAX_EMAIL, MAX_PASSWORD = 320, 1024


def safe_next(target: object) -> str | None:
    """The target when it is a path on this site; None for anything that could leave it."""
    if not isinstance(target, str) or not target.startswith("/"):
        return None
    # "//host", "/\host" and control characters are read as another host by some browsers
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _session_expired() -> bool:
    seen = session.get(SEEN_KEY)
    minutes = int(current_app.config.get("LAB_SESSION_MINUTES") or 120)
    # checked here, not only by the cookie's age: a copied cookie must stop working too
    return not isinstance(seen, (int, float)) or time.time() - seen > minutes * 60


def current_account() -> AccountView | None:
    """The signed-in account, re-read from the database on every request; None otherwise."""
    if "admin_account" in g:
        return g.admin_account  # type: ignore[no-any-return]
    account: AccountView | None = None
    account_id = session.get(ACCOUNT_KEY)
    if account_id is not None:
        if _session_expired():
            g.auth_notice = "expired"
        else:
            found = get_lab().accounts.get(int(account_id))
            if found is not None and found.active:
                account = found
            else:
                g.auth_notice = "inactive"
        if account is None:
            session.clear()
        else:
            # the role comes from the database: a change takes effect on the next request
            session[ROLE_KEY] = account.role
            session[SEEN_KEY] = int(time.time())
    g.admin_account = account
    return account


def _notice_text(notice: str | None) -> str | None:
    if notice == "expired":
        return _("Your session has ended after a period of inactivity. Please sign in again.")
    if notice == "inactive":
        return _("Your session has ended. Please sign in again.")
    return None


def _refuse_anonymous() -> Response:
    if request.path.startswith("/api/"):
        raise ApiError(401, "unauthenticated",
                       _("Please sign in as a coordinator to use this part of the API."))
    notice = _notice_text(getattr(g, "auth_notice", None))
    if notice:
        flash(notice, "warning")
    # after signing in, come back to the page (a form's target cannot be opened with GET)
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("admin.login", next=target))


def login_required(role: str | None = None) -> Callable[[F], F]:
    """Decorator: a signed-in, active account; with role="coordinator", a coordinator."""
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return _refuse_anonymous()
            if role is not None and account.role != role:
                raise ApiError(403, "forbidden",
                               _("Your account can read the queue and the practices but "
                                 "not change them. Please ask a coordinator."))
            return view(*args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate


def can_edit() -> bool:
    """True when the signed-in account may change practices."""
    account = current_account()
    return account is not None and account.role == WRITER


@bp.context_processor
def _admin_context() -> dict[str, Any]:
    return {"admin_can_edit": can_edit}


def _minutes_until(moment: object) -> int:
    until = as_utc(moment) if isinstance(moment, datetime) else None
    if until is None:
        return int(current_app.config.get("LAB_LOCKOUT_MINUTES") or 15)
    return max(1, math.ceil((until - utcnow()).total_seconds() / 60))


def _login_page(target: str | None, email: str = "", error: str | None = None,
                status: int = 200, retry_after: int | None = None) -> Any:
    notice = _notice_text(getattr(g, "auth_notice", None))
    body = render_template("admin/login.html", next=target, email=email, error=error,
                           notice=notice)
    response = current_app.make_response((body, status))
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/login", methods=["GET", "POST"])
@csrf_exempt  # checked below, to show the form again with the e-mail kept
def login():  # type: ignore[no-untyped-def]
    """Sign in with e-mail and password."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_account() is not None:
            return redirect(target or url_for("admin.queue"))
        return _login_page(target)
    email = request.form.get("email", "").strip()[:MAX_EMAIL]
    password = request.form.get("password", "")[:MAX_PASSWORD]
    if not csrf_valid():
        return _login_page(target, email, _("This form has expired. Please reload the page "
                                             "and send it again."), 400)
    try:
        check_rate("login", "LAB_LOGIN_RATE")
    except ApiError as exc:
        return _login_page(target, email, exc.message, 429, exc.retry_after)
    if not email or not password:
        return _login_page(target, email, _("Please enter your e-mail address and your "
                                            "password."), 400)
    try:
        account = get_lab().accounts.authenticate(email, password)
    except AuthError as exc:
        if exc.reason == "locked":
            minutes = _minutes_until(exc.locked_until)
            return _login_page(target, email, _(
                "Too many unsuccessful attempts: sign-in is blocked for this account. "
                "Please try again in %(minutes)s minutes.", minutes=minutes), 429, minutes * 60)
        # the same words whether the account is unknown, inactive or the password wrong
        return _login_page(target, email, _("The e-mail address or the password is not "
                                            "right."), 401)
    session.clear()  # a new session: nothing from before signing in carries over
    session[ACCOUNT_KEY] = account.id
    session[ROLE_KEY] = account.role
    session[SEEN_KEY] = int(time.time())
    session.permanent = True
    return redirect(target or url_for("admin.queue"), code=303)


@bp.post("/logout")
@login_required()
def logout():  # type: ignore[no-untyped-def]
    """End the session."""
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("admin.login"), code=303)
