"""The changes coordinators make: edit, evaluate, translate, and move a practice on.

Every form posts, then redirects to the detail page with a message (Post/Redirect/Get);
a form the service refuses is shown again with the values sent and an error by each field.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from knowledge import vocab
from knowledge.errors import RecordError, WorkflowError
from knowledge.submissions import Outcome

from ..extensions import get_lab
from ..field_errors import by_field
from . import bp
from .auth import WRITER, login_required
from .forms import (changes_from_form, evaluation_from_form, form_values, input_name,
                    translation_from_form)
from .views import render_detail
from .workflow import actor, base_url, index_warning, workflow_message


def _back(practice_id: str) -> Any:
    return redirect(url_for("admin.detail", practice_id=practice_id), code=303)


def _done(practice_id: str, outcome: Outcome, message: str) -> Any:
    flash(message, "success")
    if not outcome.indexed:
        flash(index_warning(), "warning")
    return _back(practice_id)


def _step(practice_id: str, run: Callable[[], Outcome], message: str) -> Any:
    try:
        outcome = run()
    except WorkflowError as exc:
        flash(workflow_message(exc), "error")
        return _back(practice_id)
    return _done(practice_id, outcome, message)


def _refused(practice_id: str, form: str, values: dict[str, Any], exc: RecordError) -> Any:
    errors = {input_name(name): message for name, message in by_field(exc.errors).items()}
    return render_detail(practice_id, status=422, form=form, values=values, errors=errors)


@bp.post("/practices/<practice_id>/edit")
@login_required(WRITER)
def edit(practice_id: str):  # type: ignore[no-untyped-def]
    """Save the edit form (every field; only the real changes are recorded)."""
    service = get_lab().submissions
    record = service.detail(practice_id, history_limit=0).record
    try:
        outcome = service.update(practice_id, changes_from_form(request.form, record), actor())
    except RecordError as exc:
        return _refused(practice_id, "edit", form_values(request.form), exc)
    return _done(practice_id, outcome, _("The practice is saved."))


@bp.post("/practices/<practice_id>/evaluation")
@login_required(WRITER)
def evaluation(practice_id: str):  # type: ignore[no-untyped-def]
    """Save the evaluation (the seven REGIN aspects)."""
    try:
        outcome = get_lab().submissions.set_evaluation(
            practice_id, evaluation_from_form(request.form), actor())
    except RecordError as exc:
        return _refused(practice_id, "evaluation", request.form.to_dict(), exc)
    return _done(practice_id, outcome, _("The evaluation is saved."))


@bp.post("/practices/<practice_id>/translation")
@login_required(WRITER)
def translation(practice_id: str):  # type: ignore[no-untyped-def]
    """Add, replace or (all fields empty) remove the translation into one language."""
    lang = request.form.get("lang", "")
    values = request.form.to_dict()
    if lang not in vocab.LANGS:
        return render_detail(practice_id, status=422, form="translation", values=values,
                             errors={"lang": _("Please choose one of the seven languages.")})
    texts = translation_from_form(request.form)
    try:
        outcome = get_lab().submissions.set_translation(practice_id, lang, texts, actor())
    except RecordError as exc:
        return _refused(practice_id, "translation", values, exc)
    language = vocab.label("language", lang, str(getattr(g, "lang", "en")))
    message = (_("The translation into %(language)s is saved.", language=language) if texts
               else _("The translation into %(language)s is removed.", language=language))
    return _done(practice_id, outcome, message)


@bp.post("/practices/<practice_id>/review")
@login_required(WRITER)
def review(practice_id: str):  # type: ignore[no-untyped-def]
    """Move a new submission to "in review"."""
    return _step(practice_id, lambda: get_lab().submissions.start_review(practice_id, actor()),
                 _("The review has started."))


@bp.post("/practices/<practice_id>/publish")
@login_required(WRITER)
def publish(practice_id: str):  # type: ignore[no-untyped-def]
    """Publish: searchable, on the map and on its public page at once."""
    return _step(practice_id,
                 lambda: get_lab().submissions.publish(practice_id, actor(), base_url()),
                 _("The practice is published: it is now in the search, on the map and on "
                   "its public page."))


@bp.post("/practices/<practice_id>/reject")
@login_required(WRITER)
def reject(practice_id: str):  # type: ignore[no-untyped-def]
    """Reject with a reason (required; the contributor is told it)."""
    reason = request.form.get("reason", "")
    try:
        return _step(practice_id,
                     lambda: get_lab().submissions.reject(practice_id, reason, actor()),
                     _("The practice is rejected."))
    except RecordError as exc:
        return _refused(practice_id, "reject", {"reason": reason}, exc)


@bp.post("/practices/<practice_id>/unpublish")
@login_required(WRITER)
def unpublish(practice_id: str):  # type: ignore[no-untyped-def]
    """Take a published practice back to review: out of search, map and pages."""
    return _step(practice_id, lambda: get_lab().submissions.unpublish(practice_id, actor()),
                 _("The practice is unpublished: it is back in review and no longer public."))


@bp.post("/practices/<practice_id>/questionnaire")
@login_required(WRITER)
def questionnaire(practice_id: str):  # type: ignore[no-untyped-def]
    """Send the contributor the follow-up questionnaire (a private, expiring link)."""
    try:
        get_lab().submissions.send_questionnaire(practice_id, actor(), base_url())
    except WorkflowError as exc:
        flash(workflow_message(exc), "error")
        return _back(practice_id)
    flash(_("The questionnaire is on its way to the contributor by e-mail."), "success")
    return _back(practice_id)


@bp.post("/practices/<practice_id>/apply-questionnaire")
@login_required(WRITER)
def apply_questionnaire(practice_id: str):  # type: ignore[no-untyped-def]
    """Copy the answered role, areas and target groups onto the practice."""
    try:
        return _step(practice_id,
                     lambda: get_lab().submissions.apply_questionnaire(practice_id, actor()),
                     _("The questionnaire answers are applied to the practice."))
    except RecordError as exc:
        flash("; ".join(by_field(exc.errors).values()), "error")
        return _back(practice_id)


@bp.post("/practices/<practice_id>/reindex")
@login_required(WRITER)
def reindex(practice_id: str):  # type: ignore[no-untyped-def]
    """Retry indexing a practice after a failure."""
    outcome = get_lab().submissions.sync_index(practice_id)
    if outcome.indexed:
        flash(_("The search index is up to date for this practice."), "success")
    else:
        flash(_("Indexing failed again. Please try later; nothing is lost."), "error")
    return _back(practice_id)
