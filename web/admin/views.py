"""The pages coordinators and observers read: the queue and a practice's detail."""
from __future__ import annotations

import math
from typing import Any

from flask import g, render_template, request

from knowledge import vocab
from knowledge.models import STATUSES
from knowledge.questionnaire import RECORD_FIELDS
from knowledge.schema import TRANSLATABLE
from knowledge.submissions import ALLOWED
from knowledge.text import fold

from ..extensions import get_lab
from ..questionnaire.labels import answer_text, question_label
from . import bp
from .auth import login_required
from .display import field_label, history_rows, readable, when
from .forms import PARTS, edit_values, evaluation_values, translation_values
from .workflow import status_label

PAGE_SIZE = 25
MAX_QUERY = 200
# shown whole in the read view; other values are summarised on one line
LONG_TEXTS = ("summary", "challenges", "solutions", "lessons_learnt", "results",
              "transferability", "funding")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"status_label": status_label, "when": when, "field_label": field_label,
            "readable": readable, "STATUSES": STATUSES}


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


@bp.get("/")
@login_required()
def queue():  # type: ignore[no-untyped-def]
    """The queue: one tab per status, words to look for, pages of 25."""
    service = get_lab().submissions
    status = request.args.get("status") or None
    if status not in STATUSES:
        status = None
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    page = _page_number(request.args.get("page"))
    total, items = service.queue(status, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages and total:
        page = pages
        total, items = service.queue(status, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    counts = service.counts()
    return render_template("admin/queue.html", items=items, total=total, counts=counts,
                           all_count=sum(counts.values()), status=status, query=query,
                           page=page, pages=pages)


def _questionnaire(submission: dict[str, Any] | None) -> list[tuple[str, str]]:
    answers = (submission or {}).get("questionnaire") or {}
    return [(question_label(key), answer_text(key, value)) for key, value in answers.items()]


def render_detail(practice_id: str, *, status: int = 200, form: str | None = None,
                  values: dict[str, Any] | None = None,
                  errors: dict[str, str] | None = None) -> tuple[str, int]:
    """The detail page; after a refused form, that form shows the values sent and the errors."""
    detail = get_lab().submissions.detail(practice_id)
    record = detail.record
    # ?tlang= picks the translation to edit (?lang= is the interface language); after a
    # refused translation form, the language it was for
    requested = request.form.get("lang") if form == "translation" else request.args.get("tlang")
    tlang = requested if requested in vocab.LANGS else \
        next((code for code in vocab.LANGS if code != record.language), "en")
    forms: dict[str, Any] = {
        "edit": edit_values(record),
        "evaluation": evaluation_values(record),
        "translation": translation_values(record, tlang),
        "reject": {"reason": ""},
    }
    if form is not None and values is not None:
        forms[form] = values
    submission = detail.submission
    answers = (submission or {}).get("questionnaire") or {}
    context = {
        "d": detail, "record": record, "practice_id": practice_id,
        "history": history_rows(detail.history),
        "forms": forms, "form": form, "errors": errors or {},
        "tlang": tlang, "translatable": TRANSLATABLE, "parts": PARTS,
        "allowed": {action: detail.status in states for action, states in ALLOWED.items()},
        "contact": record.contact or {},
        "submission": submission,
        "answers": _questionnaire(submission),
        "can_apply": any(answers.get(k) for k in RECORD_FIELDS),
        "can_send": bool(submission and (record.contact or {}).get("email")),
        "record_rows": _record_rows(record.to_dict(public=True)),
        "options": _options(),
        "aspects": [(key, term.label(_lang())) for key, term in vocab.ASPECTS.items()],
        "languages": [(code, vocab.label("language", code, _lang())) for code in vocab.LANGS],
    }
    return render_template("admin/detail.html", **context), status


def _lang() -> str:
    return str(getattr(g, "lang", "en"))


def _options() -> dict[str, list[tuple[str, str]]]:
    """The choices of the edit form, labelled in the interface language."""
    lang = _lang()
    countries = sorted(((code, term.label(lang)) for code, term in vocab.COUNTRIES.items()),
                       key=lambda pair: fold(pair[1]))
    return {"country": countries,
            "language": [(code, vocab.label("language", code, lang)) for code in vocab.LANGS],
            "authority_role": [(k, t.label(lang)) for k, t in vocab.ROLES.items()],
            "areas": [(k, t.label(lang)) for k, t in vocab.AREAS.items()],
            "target_groups": [(k, t.label(lang)) for k, t in vocab.TARGET_GROUPS.items()]}


def _record_rows(data: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(label, value, long text?) for every field the read view lists."""
    rows = []
    for name in ("id", "title", "region", "city_or_area", "country", "language",
                 "authority_role", "areas", "target_groups", "start_year", "end_year",
                 "summary", "challenges", "solutions", "lessons_learnt", "results",
                 "transferability", "funding", "partners", "latitude", "longitude",
                 "source_url"):
        value = data.get(name)
        long_text = isinstance(value, str) and name in LONG_TEXTS
        rows.append((field_label(name), value if long_text else readable(name, value),
                     long_text))
    return rows


@bp.get("/practices/<practice_id>")
@login_required()
def detail(practice_id: str):  # type: ignore[no-untyped-def]
    """Everything about one practice, and (for coordinators) the forms to change it."""
    return render_detail(practice_id)
