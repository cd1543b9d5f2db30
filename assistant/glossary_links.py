"""Glossary terms used in an answer, so the chat can link each one to its glossary entry."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.indexer import read_generation
from knowledge.models import GlossaryEntry
from knowledge.text import fold

MAX_LINKS = 8
MIN_STEM = 3
# Inflections one ending away from the glossary form (folded: no accents, final sigma is σ).
# A text word and a term word match when they are equal once one of these is cut from either,
# so "refugees", "Flüchtlingen", "rifugiati", "πρόσφυγες" meet "refugee", "Flüchtling", ...
ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("ies", "es", "s", "y"),
    "fr": ("es", "s", "x", "e"),
    "de": ("ern", "en", "er", "es", "em", "e", "n", "s"),
    "es": ("es", "as", "os", "s", "a", "o"),
    "it": ("i", "e", "a", "o"),
    "pt": ("oes", "ao", "es", "as", "os", "s", "a", "o"),
    "el": ("ιων", "ιασ", "ιεσ", "ουσ", "εισ", "εων", "ια", "ων", "εσ", "ασ", "ησ", "οσ", "ου",
           "οι", "α", "η", "ο", "ι", "σ"),
}
_TOKEN = re.compile(r"\w+")
# only spaces, hyphens and apostrophes may sit between the words of one term
_GAP = re.compile(r"[ \t\u00a0\-\u2010\u2011'\u2019]{1,3}")
# links the chat already makes (URLs, /practices) are no place for another link
_URL = re.compile(r"https?://\S+|(?<![\w/])/practices\S*")
_PAREN = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"^[A-ZΑ-Ω][A-ZΑ-Ω0-9+]{2,}$")


def forms(word: str, lang: str) -> frozenset[str]:
    """A folded word and the stems left when one inflection ending is cut."""
    out = {word}
    for ending in ENDINGS.get(lang, ("s",)):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            out.add(word[: -len(ending)])
    return frozenset(out)


def variants(term: str) -> list[str]:
    """The phrasings of a glossary term worth finding in prose.

    "Asylum, Migration and Integration Fund (AMIF)" -> the name and "AMIF";
    "mentoring / buddy scheme" -> "mentoring", "buddy scheme"; a parenthesis that only
    qualifies the term ("sustainability (of a practice)") is dropped.
    """
    acronyms = [a.strip() for a in _PAREN.findall(term) if _ACRONYM.match(a.strip())]
    main = _PAREN.sub(" ", term).strip(" «»\"“”„'")
    parts = [p.strip(" «»\"“”„'") for p in main.split("/")] + acronyms
    return [p for p in dict.fromkeys(" ".join(p.split()) for p in parts) if len(p) >= 3]


@dataclass(frozen=True)
class _Variant:
    """One phrasing of an entry's term as folded words, each with its inflected forms."""

    entry_id: str
    term: str
    words: tuple[frozenset[str], ...]
    gaps: tuple[str, ...]  # the term's own separators, spaces removed ("," in "Asylum, Migration")


class _Matcher:
    """Every entry's term variants in one language, indexed by the forms of their first word."""

    def __init__(self, entries: Iterable[Any], lang: str) -> None:
        self.lang = lang
        self.by_first: dict[str, list[_Variant]] = {}
        for entry in entries:
            term = (entry.terms or {}).get(lang)
            if not isinstance(term, str) or not term.strip():
                continue
            for phrase in variants(term):
                folded = fold(phrase)
                ws = tuple(forms(w, lang) for w in _TOKEN.findall(folded))
                if not ws:
                    continue
                gaps = tuple("".join(g.split()) for g in _TOKEN.split(folded)[1:-1])
                v = _Variant(entry.id, term, ws, gaps)
                for form in ws[0]:
                    self.by_first.setdefault(form, []).append(v)

    def find(self, text: str, base_url: str = "", limit: int = MAX_LINKS) -> list[dict[str, str]]:
        """First occurrence of each entry's term, no two overlapping.

        Offsets are taken in the text as given, so each "text" is a substring of it.
        """
        blocked = [m.span() for m in _URL.finditer(text)]
        tokens = [m for m in _TOKEN.finditer(text)
                  if not any(a <= m.start() < b for a, b in blocked)]
        token_forms = [forms(fold(m.group()), self.lang) for m in tokens]
        found: dict[str, dict[str, str]] = {}
        i = 0
        while i < len(tokens) and len(found) < limit:
            hit = self._match_at(text, tokens, token_forms, i)
            if hit is None:
                i += 1
                continue
            variant, n = hit
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            if variant.entry_id not in found:
                found[variant.entry_id] = {
                    "id": variant.entry_id, "term": variant.term, "text": text[start:end],
                    "url": f"{base_url}/glossary#{variant.entry_id}"}
            i += n
        # longest first, so a script linking the first occurrence of each text links
        # "international protection" before it looks for "protection"
        return sorted(found.values(), key=lambda link: -len(link["text"]))

    def _match_at(self, text: str, tokens: list[re.Match[str]],
                  token_forms: list[frozenset[str]], i: int) -> tuple[_Variant, int] | None:
        candidates = {id(v): v for form in token_forms[i] for v in self.by_first.get(form, ())}
        for v in sorted(candidates.values(), key=lambda v: -len(v.words)):
            n = len(v.words)
            if i + n > len(tokens):
                continue
            if all(token_forms[i + k] & v.words[k] for k in range(1, n)) and all(
                    self._gap_ok(text[tokens[i + k - 1].end():tokens[i + k].start()],
                                 v.gaps[k - 1]) for k in range(1, n)):
                return v, n
        return None

    @staticmethod
    def _gap_ok(gap: str, own: str) -> bool:
        """Words of one term are apart by spaces, hyphens, apostrophes or the term's own marks."""
        return bool(_GAP.fullmatch(gap)) or (bool(own) and "".join(gap.split()) == own
                                             and len(gap) <= 3)


def find_terms(text: str, lang: str, entries: Iterable[Any], base_url: str = "",
               limit: int = MAX_LINKS) -> list[dict[str, str]]:
    """Glossary terms (in `lang`) used in text: [{"id", "term", "text", "url"}], longest first.

    `entries` are objects with `id` and `terms` ({lang: term}), e.g. GlossaryEntry rows;
    "text" is the words as they appear in the answer (an inflected form, say).
    """
    return _Matcher(entries, lang).find(text, base_url, limit)


@dataclass(frozen=True)
class _Term:
    """The part of a glossary entry the matcher needs, detached from any session."""

    id: str
    terms: dict[str, str]


class GlossaryLinker:
    """find_terms over the stored glossary, loaded once and reloaded when it changes."""

    def __init__(self, session_factory: sessionmaker[Session], base_url: str = "",
                 limit: int = MAX_LINKS) -> None:
        self.session_factory = session_factory
        self.base_url = base_url.rstrip("/")
        self.limit = limit
        self._key: tuple[Any, ...] | None = None
        self._matchers: dict[str, _Matcher] = {}
        self._entries: list[_Term] = []
        self._lock = threading.Lock()

    def _current(self, lang: str) -> _Matcher:
        with self.session_factory() as session:
            # every glossary write bumps the index generation; count and date are a backstop
            count, newest = session.execute(select(func.count(), func.max(
                GlossaryEntry.updated_at)).select_from(GlossaryEntry)).one()
            key = (read_generation(session), count, newest)
            with self._lock:
                if key != self._key:
                    self._entries = [_Term(e.id, dict(e.terms or {}))
                                     for e in session.scalars(select(GlossaryEntry))]
                    self._matchers = {}
                    self._key = key
                matcher = self._matchers.get(lang)
                if matcher is None:
                    matcher = self._matchers[lang] = _Matcher(self._entries, lang)
                return matcher

    def links(self, text: str, lang: str) -> list[dict[str, str]]:
        """The glossary links of an answer written in lang."""
        if not text:
            return []
        return self._current(lang).find(text, self.base_url, self.limit)
