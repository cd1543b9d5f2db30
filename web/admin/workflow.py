"""What the admin pages and the admin API share: who acts, the site address, the messages."""
from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from knowledge.errors import WorkflowError

from .auth import current_account

STATUS_LABELS = {
    "submitted": _l("New"),
    "in_review": _l("In review"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
}
# the special "statuses" SubmissionService reports when a step lacks what it needs
NO_EMAIL, NO_ANSWERS = "no contributor e-mail", "no answers"


def status_label(status: str) -> str:
    """A practice status in the interface language."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def actor() -> str:
    """Who is acting, as the audit log records it: the account's e-mail address."""
    account = current_account()
    if account is None:  # the views are all behind login_required; this is a programming error
        raise RuntimeError("no signed-in account for an admin action")
    return account.email


def base_url() -> str:
    """The site's address for links in e-mails: LAB_BASE_URL, else the address used now."""
    configured = str(current_app.config.get("LAB_BASE_URL") or "").strip()
    return (configured or request.url_root).rstrip("/")


def workflow_message(exc: WorkflowError) -> str:
    """Why a step is not possible now, in the interface language."""
    if exc.status == NO_EMAIL:
        return _("The questionnaire cannot be sent: this practice has no contributor e-mail "
                 "address.")
    if exc.status == NO_ANSWERS:
        return _("There are no questionnaire answers to apply yet.")
    return _("This step is not possible while the practice is “%(status)s”.",
             status=status_label(exc.status))


def index_warning() -> str:
    """What to say when a change is saved but the search index could not follow it."""
    return _("The change is saved, but the search index could not be updated yet. Use "
             "“Retry indexing” on this page to try again.")
