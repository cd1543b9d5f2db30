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
from knowledge.embedder import Embedder
from knowledge.service import KnowledgeBase
from knowledge.store import PracticeStore
from knowledge.wiring import KnowledgeStack, open_stack


@dataclass
class Lab:
    """Everything the views need, wired together."""

    stack: KnowledgeStack
    store: PracticeStore
    retriever: HybridRetriever
    assistant: Assistant
    search: PracticeSearch

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """The database session factory."""
        return self.stack.session_factory

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base (writes)."""
        return self.stack.kb


def build_lab(config: Mapping[str, Any], embedder: Embedder | None = None) -> Lab:
    """Build the stores, the embedder, the indexes and the assistant from settings."""
    stack = open_stack(config, embedder)
    retriever = HybridRetriever(stack.embedder, stack.vector_index, stack.lexical,
                                stack.session_factory)
    composer = AnswerComposer(str(config.get("LAB_BASE_URL") or ""))
    assistant = Assistant(retriever, stack.kb.store, ConversationStore(stack.session_factory),
                          composer, stack.session_factory)
    return Lab(stack, stack.kb.store, retriever, assistant,
               PracticeSearch(retriever, stack.session_factory))


def init_app(app: Flask) -> Lab:
    """Build the Lab once and register it on the app."""
    lab = build_lab(app.config, app.config.get("LAB_EMBEDDER"))
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
