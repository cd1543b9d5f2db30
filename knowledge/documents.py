"""Split practices and glossary entries into the passages that get indexed."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema import PracticeRecord
from .text import fold, sentences

SECTIONS = ("summary", "challenges", "solutions", "lessons_learnt", "results", "transferability")
MAX_CHUNK = 1200


@dataclass(frozen=True)
class Document:
    """One unit of the index: the text that is embedded and searched, with its metadata."""

    id: str
    text: str
    kind: str
    lang: str
    practice_id: str | None = None
    glossary_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def folded(self) -> str:
        """The text as the lexical index sees it."""
        return fold(self.text)


def chunk(text: str, max_chars: int = MAX_CHUNK) -> list[str]:
    """Cut long text at sentence boundaries into pieces of at most ~max_chars."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(text):
        if current and len(current) + len(sentence) + 1 > max_chars:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
        while len(current) > max_chars:
            pieces.append(current[:max_chars])
            current = current[max_chars:]
    if current:
        pieces.append(current)
    return pieces


def _practice_doc(r: PracticeRecord, lang: str, kind: str, title: str, body: str,
                  n: int) -> Document:
    # the title travels with every section so a section still says what it is about
    return Document(
        id=f"p:{r.id}:{lang}:{kind}:{n}", text=f"{title}. {body}", kind=kind, lang=lang,
        practice_id=r.id,
        metadata={"doc_type": "practice", "practice_id": r.id, "kind": kind, "lang": lang},
    )


def practice_documents(r: PracticeRecord) -> list[Document]:
    """Every passage of a practice: each section, each evaluation aspect, each translation."""
    docs: list[Document] = []
    versions: list[tuple[str, dict[str, Any]]] = [(r.language, {
        "title": r.title, **{s: getattr(r, s) for s in SECTIONS}})]
    versions += [(lang, fields) for lang, fields in r.translations.items()
                 if lang != r.language]
    for lang, fields in versions:
        title = fields.get("title") or r.title
        for section in SECTIONS:
            body = fields.get(section)
            if not body:
                continue
            for n, piece in enumerate(chunk(body)):
                docs.append(_practice_doc(r, lang, section, title, piece, n))
    for aspect, parts in r.evaluation.items():
        body = " ".join(p for p in (parts.get("inspiring"), parts.get("improvement")) if p)
        if body:
            for n, piece in enumerate(chunk(body)):
                docs.append(_practice_doc(r, r.language, f"evaluation_{aspect}", r.title,
                                          piece, n))
    return docs


def glossary_documents(entry_id: str, terms: dict[str, str],
                       definitions: dict[str, str]) -> list[Document]:
    """One passage per language of a glossary entry: the term and its definition."""
    docs = []
    for lang, term in terms.items():
        definition = definitions.get(lang, "")
        docs.append(Document(
            id=f"g:{entry_id}:{lang}", text=f"{term}: {definition}".strip(), kind="glossary",
            lang=lang, glossary_id=entry_id,
            metadata={"doc_type": "glossary", "glossary_id": entry_id, "kind": "glossary",
                      "lang": lang},
        ))
    return docs
