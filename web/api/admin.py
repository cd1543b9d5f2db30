"""The coordinators' JSON API (/api/v1/admin): the queue, one practice, the moderation steps.

Signed in with the admin session cookie; every POST and PATCH carries the session's CSRF
token in the X-CSRF-Token header (from GET /api/v1/admin/session).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from flask import jsonify, request

from knowledge.errors import FieldError, RecordError, WorkflowError
from knowledge.models import STATUSES
from knowledge.submissions import Detail, Outcome, QueueItem

from ..admin.auth import WRITER, current_account, login_required
from ..admin.workflow import actor, base_url, index_warning, workflow_message
from ..errors import ApiError
from ..extensions import get_lab
from ..field_errors import localise_all
from ..security import csrf_token
from . import bp
from .routes import _int_param, _json_body

PREFIX = "/api/v1/admin"
MAX_QUERY = 200


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _item(item: QueueItem) -> dict[str, Any]:
    return {"id": item.practice_id, "title": item.title, "region": item.region,
            "country": item.country, "language": item.language, "status": item.status,
            "reference": item.reference, "submitted_at": _iso(item.submitted_at),
            "updated_at": _iso(item.updated_at), "questionnaire": item.questionnaire,
            "index_ok": item.index_ok}


def _detail(detail: Detail) -> dict[str, Any]:
    submission = None
    if detail.submission is not None:
        submission = {key: _iso(value) if isinstance(value, datetime) else value
                      for key, value in detail.submission.items()}
    return {"id": detail.record.id, "status": detail.status,
            "updated_at": _iso(detail.updated_at), "published_at": _iso(detail.published_at),
            "index_ok": detail.index_ok, "record": detail.record.to_dict(),
            "submission": submission,
            "history": [{"at": _iso(h.at), "actor": h.actor, "action": h.action,
                         "details": h.details} for h in detail.history]}


def _outcome(outcome: Outcome, **extra: Any) -> Any:
    body: dict[str, Any] = {"id": outcome.practice_id, "status": outcome.status,
                            "indexed": outcome.indexed, **extra}
    if not outcome.indexed:
        body["warning"] = index_warning()
    return jsonify(body)


def _run(step: Callable[[], Any]) -> Any:
    """Run a service step; workflow and field errors become 409 and 422."""
    try:
        return step()
    except WorkflowError as exc:
        raise ApiError(409, "workflow_conflict", workflow_message(exc)) from None
    except RecordError as exc:
        fields = localise_all(exc.errors)
        raise ApiError(422, "invalid_record", "; ".join(f"{f['field']}: {f['message']}"
                                                        for f in fields), fields) from None


def _optional_body() -> dict[str, Any]:
    return _json_body() if request.get_data(cache=True).strip() else {}


@bp.get(f"{PREFIX}/session")
@login_required()
def admin_session():  # type: ignore[no-untyped-def]
    """Who is signed in, with which role, and the CSRF token for POST and PATCH."""
    account = current_account()
    assert account is not None  # login_required let the request through
    return jsonify({"account": account.email, "name": account.name, "role": account.role,
                    "csrf_token": csrf_token()})


@bp.get(f"{PREFIX}/queue")
@login_required()
def admin_queue():  # type: ignore[no-untyped-def]
    """A page of the queue: ?status=&q=&limit=&offset=, with the count of every status."""
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise FieldError("status", f"unknown status {status!r:.40} (expected one of: "
                         f"{', '.join(STATUSES)})", status, code="unknown_value")
    query = request.args.get("q", "")[:MAX_QUERY]
    limit = _int_param("limit", 50, 1, 200)
    offset = _int_param("offset", 0, 0, 10_000_000)
    service = get_lab().submissions
    total, items = service.queue(status, query, limit, offset)
    return jsonify({"total": total, "counts": service.counts(), "limit": limit,
                    "offset": offset, "items": [_item(i) for i in items]})


@bp.get(f"{PREFIX}/practices/<practice_id>")
@login_required()
def admin_practice(practice_id: str):  # type: ignore[no-untyped-def]
    """One practice with its private contact, submission data and audit history."""
    return jsonify(_detail(get_lab().submissions.detail(practice_id)))


@bp.patch(f"{PREFIX}/practices/<practice_id>")
@login_required(WRITER)
def admin_update(practice_id: str):  # type: ignore[no-untyped-def]
    """Change some fields (a partial contract record; null removes a field)."""
    changes = _json_body()
    return _outcome(_run(lambda: get_lab().submissions.update(practice_id, changes, actor())))


@bp.post(f"{PREFIX}/practices/<practice_id>/<any(publish, reject, unpublish, review, "
         "reindex):action>")
@login_required(WRITER)
def admin_step(practice_id: str, action: str):  # type: ignore[no-untyped-def]
    """Move a practice on: review, publish, reject ({"reason"}), unpublish, or reindex."""
    service = get_lab().submissions
    body = _optional_body()
    who = actor()
    steps: dict[str, Callable[[], Outcome]] = {
        "review": lambda: service.start_review(practice_id, who),
        "publish": lambda: service.publish(practice_id, who, base_url()),
        "reject": lambda: service.reject(practice_id, body.get("reason", ""), who),
        "unpublish": lambda: service.unpublish(practice_id, who),
        "reindex": lambda: service.sync_index(practice_id),
    }
    return _outcome(_run(steps[action]))


@bp.post(f"{PREFIX}/practices/<practice_id>/questionnaire")
@login_required(WRITER)
def admin_questionnaire(practice_id: str):  # type: ignore[no-untyped-def]
    """Send the contributor the follow-up questionnaire; answers with the private link."""
    link = _run(lambda: get_lab().submissions.send_questionnaire(practice_id, actor(),
                                                                 base_url()))
    return jsonify({"id": practice_id, "sent": True, "link": link})


@bp.post(f"{PREFIX}/practices/<practice_id>/apply-questionnaire")
@login_required(WRITER)
def admin_apply_questionnaire(practice_id: str):  # type: ignore[no-untyped-def]
    """Copy the answered role, areas and target groups onto the practice."""
    return _outcome(_run(lambda: get_lab().submissions.apply_questionnaire(practice_id,
                                                                           actor())))
