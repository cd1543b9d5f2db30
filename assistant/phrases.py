"""The assistant's fixed phrases: English msgids, translated by a Phrasebook the caller passes in.

The translations live in the app's gettext catalogs (web/translations); `pybabel extract -k N_`
finds the msgids below. Placeholders are str.format fields (`{count}`), never %-style, so Babel
flags them python-brace-format and every translation must keep them.
"""
from __future__ import annotations

from typing import Protocol


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated later, by a Phrasebook."""
    return message


# key -> English source text (the msgid)
PHRASES: dict[str, str] = {
    "intro": N_("Here is how other regions have handled this ({count} practices):"),
    "intro_one": N_("Here is how another region has handled this:"),
    "done": N_("What was done"),
    "challenges": N_("Challenge"),
    "solutions": N_("Solution"),
    "lessons_learnt": N_("Lesson learnt"),
    "original_language": N_("(text in {language})"),
    "no_answer": N_("I could not find any practice in the Integration Lab that answers this "
                    "question."),
    "no_answer_filtered": N_("No practice matches this question with the filters you chose "
                             "({filters})."),
    "suggest": N_("Try other words, ask about an integration area (jobs, housing, language "
                  "courses, health…), or browse and filter all practices at {url}."),
    "filters": N_("Filters"),
    "definition": N_("Glossary"),
    "sources": N_("Sources"),
    "year_from": N_("from {year}"),
    "year_to": N_("until {year}"),
}


class Phrasebook(Protocol):
    """Translates one msgid into a language; answers the msgid itself when it has no translation."""

    def phrase(self, lang: str, msgid: str) -> str:
        """msgid in lang (the English msgid when untranslated or lang is unknown)."""
        ...


class EnglishPhrasebook:
    """The source texts, whatever the language: the default, and enough for unit tests."""

    def phrase(self, lang: str, msgid: str) -> str:
        """msgid unchanged."""
        return msgid


ENGLISH = EnglishPhrasebook()


def render(book: Phrasebook, key: str, lang: str, **values: object) -> str:
    """The fixed phrase `key` in lang through book, with values filled in."""
    msgid = PHRASES[key]
    try:
        return book.phrase(lang, msgid).format(**values)
    except (KeyError, IndexError, ValueError):
        # a translation with a broken or renamed placeholder must not break the answer
        return msgid.format(**values)
