"""The Assistant: one question in, a grounded, cited answer out."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from sqlalchemy.orm import Session, sessionmaker

from knowledge import vocab
from knowledge.errors import FieldError
from knowledge.filters import parse_filters
from knowledge.models import GlossaryEntry
from knowledge.store import PracticeStore

from .composer import AnswerComposer
from .conversation import ConversationStore, Turn, read_question
from .errors import QuestionError
from .glossary_links import GlossaryLinker
from .language import detect_language
from .retriever import HybridRetriever, PracticeMatch


@dataclass
class AssistantSettings:
    """Thresholds and sizes; the similarity thresholds are cosine values of the embedder."""

    max_practices: int = 4
    min_question_chars: int = 2
    max_question_chars: int = 1000
    # calibrated on the demo set with e5-small: relevant practices score 0.83-0.87, the best
    # match of off-topic questions (cake recipes, football, tax rates) 0.75-0.80
    relevance: float = 0.82        # the best practice must be this close to answer at all
    lexical_relevance: float = 0.80  # ... or this close when its words match too
    floor: float = 0.80            # other cited practices are at least this close
    margin: float = 0.06           # ... and stay this close to the best one
    glossary_relevance: float = 0.86
    glossary_lead: float = 0.01    # a definition leads only when the term fits better than any practice


@dataclass
class Answer:
    """What /api/v1/ask returns."""

    answer: str
    lang: str
    conversation_id: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    found: bool = True
    query: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    glossary: list[dict[str, str]] = field(default_factory=list)  # terms to link, longest first

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (plus a few extras)."""
        return {"answer": self.answer, "lang": self.lang,
                "conversation_id": self.conversation_id, "sources": self.sources,
                "found": self.found, "understood": {"query": self.query,
                                                    "filters": self.filters},
                "glossary": self.glossary}


class Assistant:
    """Answers questions from the knowledge base; receives every collaborator."""

    def __init__(self, retriever: HybridRetriever, store: PracticeStore,
                 conversations: ConversationStore, composer: AnswerComposer,
                 session_factory: sessionmaker[Session],
                 settings: AssistantSettings | None = None,
                 glossary_links: GlossaryLinker | None = None) -> None:
        self.retriever = retriever
        self.store = store
        self.conversations = conversations
        self.composer = composer
        self.session_factory = session_factory
        self.settings = settings or AssistantSettings()
        self.glossary_links = glossary_links or GlossaryLinker(session_factory,
                                                               composer.base_url)

    def _validate(self, question: Any, lang: Any) -> tuple[str, str | None]:
        s = self.settings
        if not isinstance(question, str):
            raise QuestionError("question", f"must be text, got {type(question).__name__} "
                                f"{question!r:.40}", question)
        question = " ".join(question.split())
        if len(question) < s.min_question_chars:
            raise QuestionError("question", f"is empty or too short ({question!r}); ask a "
                                "question in a few words", question)
        if len(question) > s.max_question_chars:
            raise QuestionError("question", f"is {len(question)} characters long (at most "
                                f"{s.max_question_chars})", question[:40])
        if lang is not None and lang not in vocab.LANGS:
            raise QuestionError("lang", f"unknown language {lang!r:.20} (expected one of: "
                                f"{', '.join(vocab.LANGS)})", lang)
        return question, lang

    def ask(self, question: Any, lang: Any = None, filters: Mapping[str, Any] | None = None,
            conversation_id: Any = None) -> Answer:
        """Answer a question (in any of the seven languages), in the context of a conversation."""
        question, ui_lang = self._validate(question, lang)
        try:
            parse_filters(filters)  # fail fast on bad filter values, before any work
        except FieldError as exc:
            raise QuestionError(exc.field, exc.message, exc.value) from None
        answer_lang = detect_language(question, fallback=ui_lang or "en")
        cid, turns = self.conversations.load(conversation_id)
        previous = turns[-1] if turns else None
        reading = read_question(question, previous, dict(filters or {}))
        parsed = parse_filters(reading.filters)
        vector = self.retriever.embed_query(reading.query[-1000:])
        matches = self.retriever.retrieve(reading.query[-1000:], parsed,
                                          k=self.settings.max_practices * 3, vector=vector)
        chosen = self._select(self._boost(matches, reading.boosts))
        practices = self.store.get_many([m.practice_id for m in chosen])
        ranked = [(practices[m.practice_id], m.dense) for m in chosen if m.practice_id in practices]
        best = max((m.dense for m in chosen), default=0.0)
        glossary, g_score = self._glossary(vector, best, previous is not None)
        label = self.composer.filters_label(parsed.as_dict(), answer_lang)
        composed = self.composer.compose(ranked, answer_lang, glossary, g_score, label)
        self.conversations.append(cid, Turn(
            question=question, query=reading.query[-1000:], lang=answer_lang,
            filters=parsed.as_dict(), boosts=reading.boosts,
            source_ids=[s["id"] for s in composed.sources]))
        return Answer(composed.text, answer_lang, cid, composed.sources, composed.found,
                      reading.query[-1000:], parsed.as_dict(),
                      self.glossary_links.links(composed.text, answer_lang))

    def _boost(self, matches: list[PracticeMatch],
               boosts: dict[str, list[str]]) -> list[PracticeMatch]:
        """Practices for the target groups or areas just asked about come first."""
        wanted = {k: set(v) for k, v in boosts.items() if v and k != "country"}
        if not wanted or not matches:
            return matches
        practices = self.store.get_many([m.practice_id for m in matches])
        hits: dict[str, int] = {}
        for m in matches:
            p = practices.get(m.practice_id)
            hits[m.practice_id] = 0 if p is None else sum(
                len(set(p.tag_values(kind)) & values) for kind, values in wanted.items())
        # "and for women?" asks for a different set, not a slightly different order
        return sorted(matches, key=lambda m: (-hits[m.practice_id], -m.score))

    def _select(self, matches: list[PracticeMatch]) -> list[PracticeMatch]:
        """Keep only practices relevant enough to cite; none when nothing is."""
        s = self.settings
        if not matches:
            return []
        best = max(matches, key=lambda m: m.dense)
        # the best match decides whether anything relevant is known at all ...
        if best.dense < s.relevance and not (best.lexical_rank is not None
                                             and best.dense >= s.lexical_relevance):
            return []
        # ... then close runners-up join, even across languages (their cosines run lower)
        floor = max(s.floor, best.dense - s.margin)
        return [m for m in matches if m.dense >= floor][:s.max_practices]

    def _glossary(self, vector: Any, best_practice: float, follow_up: bool
                  ) -> tuple[GlossaryEntry | None, float]:
        if follow_up:
            return None, 0.0
        hits = self.retriever.retrieve_glossary(vector, k=1)
        s = self.settings
        if not hits or hits[0].dense < max(s.glossary_relevance, best_practice + s.glossary_lead):
            return None, 0.0
        with self.session_factory() as session:
            return session.get(GlossaryEntry, hits[0].glossary_id), hits[0].dense
