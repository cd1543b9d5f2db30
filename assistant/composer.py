"""Extractive, structured, cited answers composed from retrieved practices."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from knowledge import vocab
from knowledge.models import GlossaryEntry, Practice
from knowledge.text import first_sentences
from knowledge.translated import plain_texts

from .phrases import ENGLISH, Phrasebook, render

PARTS = ("summary", "challenges", "solutions", "lessons_learnt")
ANSWER_FIELDS = ("title", *PARTS)
PART_PHRASE = {"summary": "done", "challenges": "challenges", "solutions": "solutions",
               "lessons_learnt": "lessons_learnt"}


@dataclass
class ComposedAnswer:
    """The answer text and its numbered sources (sources[n-1] is citation [n])."""

    text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    found: bool = True


def language_name(code: str, lang: str) -> str:
    """A language's name as it reads inside a sentence of lang."""
    name = vocab.label("language", code, lang)
    # Romance languages write language names in lower case mid-sentence
    return name.lower() if lang in ("fr", "es", "it", "pt") else name


class AnswerComposer:
    """Turns retrieved practices into an answer in the user's language."""

    def __init__(self, base_url: str = "", max_chars: int = 280,
                 phrasebook: Phrasebook = ENGLISH) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_chars = max_chars
        self.phrasebook = phrasebook

    def phrase(self, key: str, lang: str, **values: object) -> str:
        """A fixed phrase in lang, through this composer's phrasebook."""
        return render(self.phrasebook, key, lang, **values)

    def compose(self, practices: list[tuple[Practice, float]], lang: str,
                glossary: GlossaryEntry | None = None, glossary_score: float = 0.0,
                filters_label: str = "") -> ComposedAnswer:
        """A cited answer, or a plain 'nothing found' with a way forward."""
        if not practices and glossary is None:
            return self.nothing_found(lang, filters_label)
        lines: list[str] = []
        sources: list[dict[str, Any]] = []
        if glossary is not None:
            term = glossary.terms.get(lang) or glossary.terms.get("en", glossary.id)
            definition = glossary.definitions.get(lang) or glossary.definitions.get("en", "")
            sources.append({"kind": "glossary", "id": glossary.id, "title": term,
                            "region": None, "country": None,
                            "url": f"{self.base_url}/glossary#{glossary.id}",
                            "score": round(glossary_score, 4), "definition": definition})
            lines += [f"{self.phrase('definition', lang)} — {term} [1]: {definition}", ""]
        if practices:
            count = len(practices)
            lines.append(self.phrase("intro", lang, count=count) if count > 1
                         else self.phrase("intro_one", lang))
        for p, score in practices:
            n = len(sources) + 1
            text_lang, texts = plain_texts(p, lang, ANSWER_FIELDS)
            country = vocab.label("country", p.country, lang)
            lines += ["", f"[{n}] {texts['title']} — {p.region} ({country})"]
            if text_lang != lang:
                lines.append(self.phrase("original_language", lang,
                                         language=language_name(text_lang, lang)))
            source: dict[str, Any] = {
                "kind": "practice", "id": p.id, "title": texts["title"], "region": p.region,
                "country": p.country, "url": f"{self.base_url}/practices/{p.id}",
                "score": round(score, 4), "lang": text_lang}
            for part in PARTS:
                body = texts.get(part)
                if not body:
                    continue
                excerpt = first_sentences(body, self.max_chars)
                lines.append(f"{self.phrase(PART_PHRASE[part], lang)}: {excerpt}")
                source[part] = excerpt
            sources.append(source)
        return ComposedAnswer("\n".join(lines).strip(), sources, True)

    def nothing_found(self, lang: str, filters_label: str = "") -> ComposedAnswer:
        """Say plainly that nothing relevant is known, and how to search instead."""
        first = (self.phrase("no_answer_filtered", lang, filters=filters_label) if filters_label
                 else self.phrase("no_answer", lang))
        suggestion = self.phrase("suggest", lang, url=f"{self.base_url}/practices")
        return ComposedAnswer(f"{first} {suggestion}", [], False)

    def filters_label(self, filters: Mapping[str, Any], lang: str) -> str:
        """The active filters in words of lang, for 'nothing matches with these filters'."""
        parts = []
        for key, values in filters.items():
            if isinstance(values, list):
                # filter names are vocabulary names, but regions are free slugs
                parts += [v if key == "region" else vocab.label(key, v, lang) for v in values]
            elif key in ("year_from", "year_to"):
                parts.append(self.phrase(key, lang, year=values))
            else:
                parts.append(f"{key.replace('_', ' ')} {values}")
        return ", ".join(parts)
