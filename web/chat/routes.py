"""The chat page; the same form also works without JavaScript (POST /, answer rendered here)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import g, render_template, request
from flask_babel import gettext as _

from knowledge import vocab
from knowledge.errors import FieldError

from ..extensions import get_lab
from ..security import rate_limited
from ..templating import safe_href
from . import bp

# [n] citations, and the URLs the composer writes into its text (e.g. "browse … at /practices")
TOKEN = re.compile(r"\[(\d{1,3})\]|(https?://[^\s<>\"\[\]]*[^\s<>\"\[\].,;:!?)»]"
                   r"|(?<![\w/])/practices(?:/[\w-]+)?\b)")


@dataclass(frozen=True)
class Piece:
    """A run of answer text; a link when `url` is set (`n` for a citation)."""

    text: str
    url: str | None = None
    n: int | None = None


def answer_blocks(text: str, sources: list[dict[str, Any]]) -> list[list[list[Piece]]]:
    """Paragraphs (split on blank lines) of lines of pieces, citations turned into links."""
    blocks: list[list[list[Piece]]] = [[]]
    for line in text.splitlines():
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        pieces: list[Piece] = []
        at = 0
        for m in TOKEN.finditer(line):
            if m.start() > at:
                pieces.append(Piece(line[at:m.start()]))
            if m.group(1):
                n = int(m.group(1))
                url = safe_href(sources[n - 1].get("url")) if 0 < n <= len(sources) else None
                pieces.append(Piece(m.group(0), url, n if url else None))
            else:
                pieces.append(Piece(m.group(0), safe_href(m.group(0))))
            at = m.end()
        if at < len(line):
            pieces.append(Piece(line[at:]))
        blocks[-1].append(pieces)
    return [b for b in blocks if b]


def country_labels(lang: str) -> dict[str, str]:
    """Every country code's name in lang (the script shows sources' countries with it)."""
    return {code: vocab.label("country", code, lang) for code in vocab.COUNTRIES}


def field_message(exc: FieldError, question: str) -> str:
    """A translated message for the errors a visitor can cause, else the assistant's own."""
    if exc.field == "question":
        limit = get_lab().assistant.settings.max_question_chars
        size = len(" ".join(question.split()))
        if size < get_lab().assistant.settings.min_question_chars:
            return _("Please type a question (at least two characters).")
        if size > limit:
            return _("Your question is too long: please use at most %(limit)s characters.",
                     limit=limit)
    if exc.field == "conversation_id":
        return _("This conversation could not be continued. Please start a new conversation.")
    return exc.message


def render_chat(status: int = 200, **context: Any) -> tuple[str, int]:
    """The chat page with whatever the no-JavaScript form produced."""
    lab = get_lab()
    context.setdefault("question", "")
    context.setdefault("conversation_id", "")
    return render_template(
        "chat/index.html", countries=country_labels(g.lang),
        max_question_chars=lab.assistant.settings.max_question_chars, **context), status


@bp.get("/")
def index() -> tuple[str, int]:
    """The chat page."""
    return render_chat()


@bp.post("/")
@rate_limited("ask", "LAB_ASK_RATE")
def ask() -> tuple[str, int]:
    """Answer the no-JavaScript form: the question and the conversation carried in the form."""
    question = request.form.get("question", "")
    conversation_id = request.form.get("conversation_id", "").strip() or None
    try:
        answer = get_lab().assistant.ask(question, g.lang, None, conversation_id)
    except FieldError as exc:
        keep = "" if exc.field == "conversation_id" else (conversation_id or "")
        return render_chat(400, question=question, conversation_id=keep,
                           error=field_message(exc, question), error_field=exc.field)
    return render_chat(asked=" ".join(question.split()), answer=answer,
                       blocks=answer_blocks(answer.answer, answer.sources),
                       conversation_id=answer.conversation_id)
