"""E-mail texts: the mail/*.txt templates rendered in the recipient's language."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from babel.dates import format_date
from flask import Flask, render_template
from flask_babel import force_locale

from knowledge.outbox import KINDS
from knowledge.vocab import LANGS

CONTEXT_KEYS = ("reference", "title", "name", "link", "reason", "expires")
# without these a message of that kind would be wrong, not just plainer
REQUIRED: dict[str, tuple[str, ...]] = {
    "receipt": ("reference", "title"),
    "questionnaire": ("reference", "title", "link"),
    "published": ("reference", "title", "link"),
    "rejected": ("reference", "title"),
}
BLANK_LINES = re.compile(r"\n{3,}")


class BabelComposer:
    """MessageComposer over Flask-Babel; works in or outside a request, from any thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def compose(self, kind: str, lang: str, context: Mapping[str, str]) -> tuple[str, str]:
        """(subject, body) of a `kind` message in `lang` (English when unknown)."""
        if kind not in KINDS:
            raise ValueError(f"unknown e-mail kind {kind!r}; expected one of {KINDS}")
        values = {key: str(context.get(key) or "").strip() for key in CONTEXT_KEYS}
        missing = [key for key in REQUIRED[kind] if not values[key]]
        if missing:
            raise ValueError(f"a {kind!r} e-mail needs {', '.join(missing)}; "
                             f"got {dict(context)!r}")
        lang = lang if lang in LANGS else "en"
        values["expires"] = localised_date(values["expires"], lang)
        # a fresh app context: its own g, so the forced locale never leaks into a request
        with self.app.app_context(), force_locale(lang):
            subject = render_template(f"mail/{kind}.subject.txt", **values)
            body = render_template(f"mail/{kind}.txt", **values)
        return " ".join(subject.split()), tidy(body)


def localised_date(value: str, lang: str) -> str:
    """An ISO date (or date-time) written the way `lang` writes dates; other text unchanged."""
    try:
        day: date = datetime.fromisoformat(value).date()
    except ValueError:
        return value
    return format_date(day, format="long", locale=lang)


def tidy(body: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = "\n".join(line.rstrip() for line in body.splitlines())
    return BLANK_LINES.sub("\n\n", lines).strip() + "\n"
