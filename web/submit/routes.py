"""The public submission template: /submit (works without JavaScript) and the thank-you page.

Every answer that does not store the practice shows the form again with what the user typed:
a stale CSRF token, the rate limit, field errors and duplicates never lose their work.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

from flask import (Response, current_app, g, make_response, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _

from knowledge.errors import DuplicateError, FieldError, RecordError
from knowledge.intake import new_reference
from knowledge.models import utcnow

from ..errors import ApiError
from ..extensions import get_lab
from ..field_errors import MESSAGES, by_field
from ..security import check_rate, csrf_exempt, csrf_valid
from . import bp
from .form import (FIELDS, HONEYPOT, YEARS, choices, empty_values, glossary_links,
                   record_from_values, values_from_form)

log = logging.getLogger(__name__)
RECEIPT_KEY = "submit_reference"  # the reference lives in the signed session, not the URL


def base_url() -> str:
    """Prefix for links in e-mails: LAB_BASE_URL, else this request's host."""
    return str(current_app.config.get("LAB_BASE_URL") or request.url_root).rstrip("/")


def _lang_arg() -> str | None:
    """?lang= when the page was opened with it, so the form posts back in that language."""
    lang = request.args.get("lang")
    return lang if lang == getattr(g, "lang", None) else None


def _client_messages() -> dict[str, str]:
    """The client-side checks' messages in the page language, with {placeholders} for JS."""
    def msg(code: str, **params: object) -> str:
        base = {"value": "{value}", "min": "{min}", "max": "{max}", "start": "{start}",
                "length": "{length}"}
        return str(MESSAGES[code]) % (base | params)
    return {"required": msg("required"), "year": msg("not_year"),
            "year-range": msg("year_range", min=YEARS["min"], max=YEARS["max"]),
            "year-order": msg("year_order"), "email": msg("invalid_email"),
            "url": msg("invalid_url"), "one-text": msg("one_text_required"),
            "consent": msg("consent_required"),
            "count": _("%(count)s of %(max)s characters", count="{count}", max="{max}"),
            "restored": _("A draft of your answers was restored from this browser."),
            "cleared": _("The draft has been cleared.")}


def _summary(errors: dict[str, str]) -> list[tuple[str | None, str, str]]:
    """(element id or None, field label, message) in the order of the form."""
    items = [(FIELDS[name].id, FIELDS[name].title, errors[name])
             for name in FIELDS if name in errors]
    items += [(None, name, message) for name, message in errors.items() if name not in FIELDS]
    return items


def _page(values: dict[str, Any], *, errors: Iterable[FieldError] = (), alert: str = "",
          status: int = 200, retry_after: int | None = None) -> Response:
    """The form with the user's values, its errors next to each field and a summary on top."""
    lang = getattr(g, "lang", "en")
    field_errors = by_field(errors)
    with get_lab().session_factory() as db:
        glossary = glossary_links(db, lang)
    html = render_template(
        "submit/form.html", fields=FIELDS, values=values, errors=field_errors,
        summary=_summary(field_errors), alert=alert, choices=choices(lang), glossary=glossary,
        years=YEARS, honeypot=HONEYPOT, messages=_client_messages(), lang_arg=_lang_arg(),
        fresh=request.method == "GET")
    response = make_response(html, status)
    # the page holds what the user typed and a CSRF token: keep it out of every cache
    response.headers["Cache-Control"] = "no-store"
    if retry_after is not None:
        response.headers["Retry-After"] = str(max(1, retry_after))
    return response


def _thank(reference: str) -> Response:
    """Post/Redirect/Get: the thank-you page reads the reference from the session."""
    session[RECEIPT_KEY] = reference
    return redirect(url_for("submit.thanks", lang=_lang_arg()), 303)  # type: ignore[return-value]


@bp.route("/submit", methods=["GET", "POST"])
@csrf_exempt
def form() -> Response:
    """The template; on POST: check, store, and redirect to the thank-you page."""
    if request.method == "GET":
        return _page(empty_values(getattr(g, "lang", "en")))
    values = values_from_form(request.form)
    if not csrf_valid():
        return _page(values, status=400, alert=_(
            "This form had expired, so it was not sent. What you typed is kept below: "
            "please check it and send it again."))
    try:
        check_rate("submit", "LAB_SUBMIT_RATE")
    except ApiError as exc:
        return _page(values, status=429, retry_after=exc.retry_after,
                     alert=exc.message + " " + _("What you typed is kept below."))
    if request.form.get(HONEYPOT, "").strip():
        # a bot: it sees the usual answer, with a reference that exists nowhere
        log.info("submission discarded: honeypot field filled in from %s", request.remote_addr)
        return _thank(new_reference(utcnow().year))
    try:
        receipt = get_lab().submissions.submit(record_from_values(values),
                                               lang=getattr(g, "lang", "en"),
                                               base_url=base_url())
    except RecordError as exc:
        return _page(values, errors=exc.errors, status=422)
    except DuplicateError as exc:
        duplicate = FieldError("title", f"already submitted as {exc.reference}", exc.reference,
                               code="duplicate")
        return _page(values, errors=[duplicate], status=409)
    return _thank(receipt.reference)


@bp.get("/submit/thanks")
def thanks() -> Response:
    """The reference number and what happens next (only right after a submission)."""
    reference = session.get(RECEIPT_KEY)
    if not reference:
        return redirect(url_for("submit.form", lang=_lang_arg()))  # type: ignore[return-value]
    response = make_response(render_template("submit/thanks.html", reference=reference))
    response.headers["Cache-Control"] = "no-store"
    return response
