"""The widget: /widget.js (one script with its strings in every language) and /widget (docs)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from knowledge import vocab
from knowledge.vocab import LANGS

from ..extensions import get_lab
from . import bp

STATIC = Path(__file__).resolve().parent.parent / "static"
SOURCE = STATIC / "widget" / "widget.js"
# the chat page's own copy of the answer-link rules, inlined so the widget stays one script
ANSWER_LINKS = STATIC / "js" / "answer-links.js"
# the source keeps valid JavaScript between these markers; the server fills them in
I18N_SLOT = "/*@i18n*/{}/*@end*/"
CONFIG_SLOT = "/*@config*/{}/*@end*/"
LINKS_SLOT = "/*@answer-links*/"
MAX_AGE = 300  # seconds: a new release reaches host pages within minutes
CACHE_KEY = "lab_widget_script"


@dataclass(frozen=True)
class Script:
    """The rendered script and its validator."""

    body: bytes
    etag: str
    source_mtime: int


def interface_strings(max_chars: int) -> dict[str, str]:
    """The widget's texts in the current locale (force_locale picks it)."""
    return {
        "title": _("Integration Lab"),
        "launcher": _("Ask a question"),
        "intro": _("Ask a question about the integration of migrants and refugees, in your own "
                   "language. The answer quotes practices from European regions, with numbered "
                   "sources you can open and check."),
        "close": _("Close"),
        "newConversation": _("New conversation"),
        "newConversationStarted": _("New conversation started."),
        "conversation": _("Conversation"),
        "question": _("Your question"),
        "placeholder": _("Type your question here…"),
        "hint": _("Press Enter to send, Shift+Enter for a new line."),
        "ask": _("Ask"),
        "cancel": _("Cancel"),
        "you": _("You asked"),
        "answer": _("Answer"),
        "sources": _("Sources"),
        "glossary": _("Glossary"),
        "error": _("Error"),
        "newTab": _("(opens in a new tab)"),
        "thinking": _("Looking for practices…"),
        "cancelled": _("You cancelled the question."),
        "empty": _("Please type a question (at least two characters)."),
        "tooLong": _("Your question is too long: please use at most %(limit)s characters.",
                     limit=max_chars),
        "offline": _("You seem to be offline. Check your connection, then ask again."),
        "network": _("The service could not be reached. Check your connection, then ask again."),
        "timeout": _("The answer is taking too long. Please try again in a moment."),
        "rateLimited": _("You have asked many questions in a short time. Please wait a minute, "
                         "then ask again."),
        # {when} is the browser's own wording of the delay, e.g. "in 45 seconds"
        "rateLimitedWhen": _("You have asked many questions in a short time. You can ask again "
                             "{when}."),
        "clientError": _("Your question could not be processed: {message}"),
        "serverError": _("Something went wrong on our side. Please try again in a few minutes."),
        "badConversation": _("This conversation could not be continued. Please start a new "
                             "conversation."),
        "poweredBy": _("Answers quote published practices only. Always check the sources "
                       "before you reuse an idea."),
    }


def _js_json(value: object) -> str:
    """JSON that is also safe inside a script (no </script>, no raw line separators)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_script(app: Flask) -> Script:
    """Fill the source's slots with every language's strings (once per process and source)."""
    mtime = max(SOURCE.stat().st_mtime_ns, ANSWER_LINKS.stat().st_mtime_ns)
    cached: Script | None = app.extensions.get(CACHE_KEY)
    if cached is not None and cached.source_mtime == mtime:
        return cached
    source = SOURCE.read_text(encoding="utf-8")
    for slot in (I18N_SLOT, CONFIG_SLOT, LINKS_SLOT):
        if source.count(slot) != 1:
            raise RuntimeError(f"{SOURCE} must contain {slot!r} exactly once")
    max_chars = get_lab().assistant.settings.max_question_chars
    strings = {}
    for lang in LANGS:
        with force_locale(lang):
            strings[lang] = interface_strings(max_chars)
    config = {"langs": list(LANGS), "maxChars": max_chars}
    text = (source.replace(I18N_SLOT, _js_json(strings))
            .replace(CONFIG_SLOT, _js_json(config))
            .replace(LINKS_SLOT, ANSWER_LINKS.read_text(encoding="utf-8").strip()))
    body = text.encode("utf-8")
    script = Script(body, hashlib.sha256(body).hexdigest()[:32], mtime)
    app.extensions[CACHE_KEY] = script
    return script


@bp.get("/widget.js")
def script() -> Response:
    """The embeddable widget: public, cacheable for a few minutes, revalidated by ETag."""
    rendered = render_script(current_app)  # type: ignore[arg-type]
    response = Response(rendered.body, mimetype="application/javascript")
    response.headers["Content-Type"] = "application/javascript; charset=utf-8"
    response.set_etag(rendered.etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.headers["X-Content-Type-Options"] = "nosniff"
    # any site may load it (also with crossorigin=anonymous, or behind COEP)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response.make_conditional(request)


def base_url() -> str:
    """This service's public address: LAB_BASE_URL, else the address the page was asked at."""
    configured = str(current_app.config.get("LAB_BASE_URL") or "").rstrip("/")
    return configured or request.host_url.rstrip("/")


@bp.get("/widget")
def page() -> str:
    """How to embed the widget, with a snippet for this host and the widget live."""
    host = base_url()
    areas = [(key, vocab.label("area", key, g.lang)) for key in vocab.AREAS]
    return render_template(
        "widget/index.html", host=host, script_url=f"{host}/widget.js",
        snippet=f'<script src="{host}/widget.js" data-lang="{g.lang}" async></script>',
        areas=areas, langs=LANGS)
