"""The long-lived objects of the app, built once in the factory (app.extensions['lab'])."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from flask import Flask, current_app, request
from sqlalchemy.orm import Session, sessionmaker

from assistant.composer import AnswerComposer
from assistant.conversation import ConversationStore
from assistant.retriever import HybridRetriever
from assistant.search import PracticeSearch
from assistant.service import Assistant
from datetime import timedelta

from knowledge.accounts import AccountStore
from knowledge.embedder import Embedder
from knowledge.outbox import MessageComposer, Outbox, mailer_from_settings
from knowledge.ratelimit import RateLimiter
from knowledge.service import KnowledgeBase
from knowledge.submissions import SubmissionService
from knowledge.store import PracticeStore
from knowledge.wiring import KnowledgeStack, open_stack

from .phrasebook import BabelPhrasebook


@dataclass
class Lab:
    """Everything the views need, wired together."""

    stack: KnowledgeStack
    store: PracticeStore
    retriever: HybridRetriever
    assistant: Assistant
    search: PracticeSearch
    accounts: AccountStore
    limiter: RateLimiter
    outbox: Outbox
    submissions: SubmissionService

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """The database session factory."""
        return self.stack.session_factory

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base (writes)."""
        return self.stack.kb


def build_lab(config: Mapping[str, Any], mail_composer: MessageComposer,
              embedder: Embedder | None = None) -> Lab:
    """Build the stores, the embedder, the indexes, the assistant and moderation from settings."""
    stack = open_stack(config, embedder)
    retriever = HybridRetriever(stack.embedder, stack.vector_index, stack.lexical,
                                stack.session_factory)
    composer = AnswerComposer(str(config.get("LAB_BASE_URL") or ""), phrasebook=BabelPhrasebook(
        config.get("BABEL_TRANSLATION_DIRECTORIES")))
    assistant = Assistant(retriever, stack.kb.store, ConversationStore(stack.session_factory),
                          composer, stack.session_factory)
    sessions = stack.session_factory
    accounts = AccountStore(sessions, max_failures=int(config["LAB_LOGIN_MAX_FAILURES"]),
                            lockout=timedelta(minutes=int(config["LAB_LOCKOUT_MINUTES"])))
    outbox = Outbox(sessions, mailer_from_settings(config))
    submissions = SubmissionService(
        sessions, stack.kb, outbox, mail_composer, token_secret=str(config["SECRET_KEY"]),
        token_max_age_days=int(config["LAB_QUESTIONNAIRE_DAYS"]))
    return Lab(stack, stack.kb.store, retriever, assistant,
               PracticeSearch(retriever, sessions), accounts, RateLimiter(sessions), outbox,
               submissions)


def init_app(app: Flask) -> Lab:
    """Build the Lab once and register it on the app."""
    from .mail import BabelComposer

    lab = build_lab(app.config, BabelComposer(app), app.config.get("LAB_EMBEDDER"))
    app.extensions["lab"] = lab

    @app.before_request
    def _see_other_writers() -> None:
        # ingest runs and other workers write to the index; an embedded Chroma only
        # shows their writes once reopened (one small query tells whether it must be)
        if request.endpoint != "static":
            lab.stack.indexer.refresh_if_stale()

    return lab


def get_lab() -> Lab:
    """The current app's Lab."""
    return current_app.extensions["lab"]  # type: ignore[no-any-return]
