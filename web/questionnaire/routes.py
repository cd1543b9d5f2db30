"""The follow-up questionnaire: a contributor's private link to the categorising questions.

The page speaks the language the contributor submitted in (unless ?lang= asks for another)
and works without JavaScript; a bad, used or expired link gets a friendly page, never a trace.
"""
from __future__ import annotations

from typing import Any

from flask import g, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from knowledge.errors import RecordError, TokenError
from knowledge.models import Submission
from knowledge.questionnaire import QUESTIONS
from knowledge.vocab import LANGS

from ..extensions import get_lab
from ..field_errors import by_field
from ..security import csrf_exempt, csrf_valid
from . import bp
from .labels import described_questions

DONE_KEY = "questionnaire_done"
MAX_TEXT = 5000
# digit-group separators people type in numbers ("12 000"): not part of the number
GROUPING = str.maketrans("", "", " \u00a0\u202f'’")
TOKEN_STATUS = {"invalid": 404, "expired": 410, "used": 410}


def _page_lang(submission_lang: str | None) -> str:
    asked = request.args.get("lang")
    if asked in LANGS:
        return str(asked)
    return submission_lang if submission_lang in LANGS else str(getattr(g, "lang", "en"))


def _render(template: str, lang: str, status: int = 200, **context: Any) -> tuple[str, int]:
    g.lang = lang  # base.html and the vocabulary labels read the page language from g
    with force_locale(lang):
        return render_template(template, **context), status


def answers_from_form(form: Any) -> dict[str, Any]:
    """The answers as the form sent them: lists for several choices, text for the others."""
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.kind == "multi":
            values = [v for v in form.getlist(question.key) if v]
            if values:
                answers[question.key] = values
            continue
        value = str(form.get(question.key, ""))[:MAX_TEXT].strip()
        if question.kind == "number":
            value = value.translate(GROUPING)
        if value:
            answers[question.key] = value
    return answers


def _lang_of_used_link(token: str) -> str | None:
    # the link is spent, but still names its submission: thank them in their language
    try:
        reference, _nonce = get_lab().submissions.links.read(token)
    except TokenError:
        return None
    with get_lab().session_factory() as db:
        return db.scalar(select(Submission.lang).where(Submission.reference == reference))


def _link_problem(token: str, exc: TokenError) -> tuple[str, int]:
    lang = _page_lang(_lang_of_used_link(token) if exc.reason == "used" else None)
    return _render("questionnaire/link_problem.html", lang, TOKEN_STATUS.get(exc.reason, 404),
                   reason=exc.reason)


@bp.route("/questionnaire/<token>", methods=["GET", "POST"])
@csrf_exempt  # checked below, so that an expired form is shown again with the answers kept
def answer(token: str):  # type: ignore[no-untyped-def]
    """The questionnaire form; answering it stores the answers and uses the link up."""
    service = get_lab().submissions
    try:
        submission, record = service.open_questionnaire(token)
    except TokenError as exc:
        return _link_problem(token, exc)
    lang = _page_lang(submission.lang)
    context = {"token": token, "title": record.title, "reference": submission.reference,
               "record_lang": record.language, "asked_lang": request.args.get("lang")}
    if request.method == "GET":
        return _render("questionnaire/form.html", lang, answers={}, errors={}, **context)
    answers = answers_from_form(request.form)
    with force_locale(lang):
        if not csrf_valid():
            return _render("questionnaire/form.html", lang, 400, answers=answers, errors={},
                           problem=_("This form has expired. Please check your answers and "
                                     "send them again."), **context)
        try:
            service.answer_questionnaire(token, answers)
        except TokenError as exc:
            return _link_problem(token, exc)
        except RecordError as exc:
            return _render("questionnaire/form.html", lang, 422, answers=answers,
                           errors=by_field(exc.errors), **context)
    session[DONE_KEY] = {"lang": lang, "title": record.title,
                         "reference": submission.reference}
    return redirect(url_for("questionnaire.thanks"), code=303)


@bp.get("/questionnaire/thanks")
def thanks():  # type: ignore[no-untyped-def]
    """Thank-you page after answering (in the language the questionnaire was answered in)."""
    done = session.get(DONE_KEY) or {}
    lang = _page_lang(done.get("lang"))
    return _render("questionnaire/thanks.html", lang, title=done.get("title"),
                   reference=done.get("reference"))


@bp.context_processor
def _questions() -> dict[str, Any]:
    return {"described_questions": described_questions}
