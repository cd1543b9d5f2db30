"""Conversation memory and the reading of follow-up questions in its context."""
from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from knowledge import vocab
from knowledge.db import cannot_write
from knowledge.lexical import query_terms
from knowledge.models import Conversation, utcnow
from knowledge.text import fold

from .errors import QuestionError

log = logging.getLogger(__name__)

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_TURNS = 20
# openings that mark a question as leaning on the previous one, in the seven languages
FOLLOW_UP_OPENINGS = tuple(fold(w) for w in (
    "and ", "what about", "how about", "also", "same ", "only ", "what if",
    "et ", "et pour", "et en", "et dans", "qu'en est-il", "aussi",
    "und ", "was ist mit", "wie ist es", "auch ",
    "y ", "¿y ", "y en", "y para", "qué pasa con", "también",
    "e ", "e per", "e in", "anche", "e se",
    "και ", "κι ", "τι γίνεται", "επίσης",
    "e ", "e para", "e em", "e no", "e na", "também",
))


@dataclass
class Turn:
    """One question as it was understood."""

    question: str
    query: str
    lang: str
    filters: dict[str, Any] = field(default_factory=dict)
    boosts: dict[str, list[str]] = field(default_factory=dict)
    source_ids: list[str] = field(default_factory=list)


@dataclass
class Reading:
    """How a question is read in its conversation: the query to run and what narrows it."""

    query: str
    filters: dict[str, Any]
    boosts: dict[str, list[str]]
    follow_up: bool


class ConversationStore:
    """Keeps conversations in the database (so any worker can continue one)."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def load(self, conversation_id: str | None) -> tuple[str, list[Turn]]:
        """The conversation's id and earlier turns; a new id when none was given."""
        if conversation_id is None:
            return secrets.token_hex(16), []
        if not isinstance(conversation_id, str) or not ID_PATTERN.match(conversation_id):
            raise QuestionError("conversation_id", f"{conversation_id!r:.80} is not a valid "
                                "conversation id (8–64 letters, digits, '-' or '_')",
                                conversation_id)
        with self.session_factory() as session:
            row = session.get(Conversation, conversation_id)
            turns = [Turn(**t) for t in (row.turns if row else [])]
        return conversation_id, turns

    def append(self, conversation_id: str, turn: Turn) -> bool:
        """Add a turn, keeping the last MAX_TURNS; False when the disk cannot take it."""
        try:
            with self.session_factory.begin() as session:
                row = session.get(Conversation, conversation_id)
                if row is None:
                    row = Conversation(id=conversation_id, turns=[])
                    session.add(row)
                row.turns = (list(row.turns) + [turn.__dict__])[-MAX_TURNS:]
                row.updated_at = utcnow()
        except OperationalError as exc:
            if not cannot_write(exc):
                raise
            # a full or read-only disk costs the next question its context, not this answer
            log.warning("conversation %s not saved: the database cannot be written",
                        conversation_id)
            return False
        return True


def is_follow_up(question: str, previous: Turn | None) -> bool:
    """Whether the question leans on the previous one (short, or opens like a follow-up)."""
    if previous is None:
        return False
    folded = fold(question).lstrip("¿¡ ")
    if folded.startswith(FOLLOW_UP_OPENINGS) or ("¿" + folded).startswith(FOLLOW_UP_OPENINGS):
        return True
    return len(query_terms(question)) <= 3


def read_question(question: str, previous: Turn | None,
                  filters: dict[str, Any]) -> Reading:
    """The query and narrowing for a question, in the context of the previous turn."""
    countries = vocab.find_countries(question)
    groups = vocab.find_target_groups(question)
    areas = vocab.find_areas(question)
    boosts = {"target_group": groups, "area": areas, "country": countries}
    if not is_follow_up(question, previous):
        return Reading(question, dict(filters), boosts, False)
    assert previous is not None
    merged = dict(previous.filters)
    merged.update(filters)
    if countries:
        # "what about in Spain?" moves the same question to another country
        merged["country"] = countries
    query = f"{previous.query} {question}"
    kept = {k: v for k, v in previous.boosts.items() if k != "country"}
    for key, values in boosts.items():
        if values:
            kept[key] = values
    return Reading(query, merged, kept, True)
