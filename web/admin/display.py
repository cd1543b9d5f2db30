"""How the admin pages show fields, values and the audit history, in the interface language."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import g
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from knowledge import vocab
from knowledge.audit import AuditView

from ..questionnaire.labels import answer_text, question_label
from .workflow import status_label

FIELD_LABELS = {
    "id": _l("Identifier"),
    "title": _l("Title"),
    "region": _l("Region"),
    "country": _l("Country"),
    "city_or_area": _l("City or area"),
    "language": _l("Language of the record"),
    "authority_role": _l("Role of the regional authority"),
    "areas": _l("Areas"),
    "target_groups": _l("Target groups"),
    "start_year": _l("Start year"),
    "end_year": _l("End year"),
    "summary": _l("Summary"),
    "challenges": _l("Challenges"),
    "solutions": _l("Solutions"),
    "lessons_learnt": _l("Lessons learnt"),
    "results": _l("Results"),
    "transferability": _l("Transferability"),
    "funding": _l("Funding"),
    "partners": _l("Partners"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "source_url": _l("Source (web address)"),
    "contact": _l("Contributor's contact"),
    "contact.name": _l("Name"),
    "contact.organisation": _l("Organisation"),
    "contact.email": _l("E-mail"),
    "evaluation": _l("Evaluation"),
    "translations": _l("Translations"),
    "reason": _l("Reason"),
}
ACTION_LABELS = {
    "submitted": _l("Sent by the contributor"),
    "edited": _l("Edited"),
    "review_started": _l("Review started"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
    "unpublished": _l("Unpublished"),
    "questionnaire_sent": _l("Questionnaire sent"),
    "questionnaire_answered": _l("Questionnaire answered"),
}
VOCAB_FIELDS = {"authority_role": "role", "areas": "area", "target_groups": "target_group",
                "country": "country", "language": "language"}
MAX_SHOWN = 400


def field_label(name: str) -> str:
    """A record field's name in the interface language (dotted names for nested fields)."""
    label = FIELD_LABELS.get(name)
    if label is not None:
        return str(label)
    parts = name.split(".")
    if parts[0] == "evaluation" and len(parts) >= 2:
        return f"{_('Evaluation')}: {vocab.label('aspect', parts[1], _lang())}"
    if parts[0] == "translations" and len(parts) >= 3:
        return f"{field_label(parts[2])} ({vocab.label('language', parts[1], _lang())})"
    return name


def _lang() -> str:
    return str(getattr(g, "lang", "en"))


def when(moment: datetime | None) -> str:
    """A date and time in the interface language ("" for none); stored times are UTC."""
    return format_datetime(moment, "medium") if moment is not None else ""


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def readable(name: str, value: Any) -> str:
    """A field's value as one line of text: vocabulary labels, nested values spelt out."""
    if value in (None, "", [], {}):
        return _("(empty)")
    lang = _lang()
    if name in VOCAB_FIELDS:
        items = value if isinstance(value, list) else [value]
        return ", ".join(vocab.label(VOCAB_FIELDS[name], str(v), lang) for v in items)
    if name == "evaluation" and isinstance(value, dict):
        return "; ".join(f"{vocab.label('aspect', str(k), lang)}: {readable('', v)}"
                         for k, v in value.items())
    if name == "translations" and isinstance(value, dict):
        return "; ".join(f"{vocab.label('language', str(k), lang)}: {readable('', v)}"
                         for k, v in value.items())
    if isinstance(value, dict):
        return _shorten(" · ".join(f"{field_label(str(k)) if k in FIELD_LABELS else k}: "
                                   f"{readable('', v)}" for k, v in value.items()
                                   if v not in (None, "", [], {})))
    if isinstance(value, list):
        return _shorten(", ".join(str(v) for v in value))
    return _shorten(str(value))


@dataclass
class HistoryRow:
    """One audit entry as the detail page shows it."""

    at: str
    actor: str
    action: str
    label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, before, after
    notes: list[tuple[str, str]] = field(default_factory=list)


def history_rows(entries: list[AuditView]) -> list[HistoryRow]:
    """The audit history, newest first, with every change spelt out."""
    rows = []
    for entry in entries:
        label = ACTION_LABELS.get(entry.action)
        row = HistoryRow(when(entry.at), entry.actor, entry.action,
                         str(label) if label is not None else entry.action)
        details = dict(entry.details)
        for name, change in (details.pop("changes", None) or {}).items():
            if isinstance(change, dict):
                row.changes.append((field_label(name), readable(name, change.get("from")),
                                    readable(name, change.get("to"))))
        if "from" in details or "to" in details:
            row.notes.append((_("Status"), f"{status_label(str(details.pop('from', '')))} → "
                                           f"{status_label(str(details.pop('to', '')))}"))
        for key, value in (details.pop("answers", None) or {}).items():
            row.notes.append((question_label(key), answer_text(key, value)))
        if "lang" in details:
            row.notes.append((_("Language"), vocab.label("language", str(details.pop("lang")),
                                                         _lang())))
        for key, value in details.items():
            row.notes.append((field_label(key) if key in FIELD_LABELS else
                              _("Reference") if key == "reference" else key,
                              readable("", value)))
        rows.append(row)
    return rows
