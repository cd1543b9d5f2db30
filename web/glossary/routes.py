"""The glossary page: every entry A–Z in the page language, the six others one click away."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import g, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from knowledge.models import GlossaryEntry
from knowledge.text import fold
from knowledge.translated import Text, pick_text
from knowledge.vocab import LANGS

from ..extensions import get_lab
from ..templating import language_name
from . import bp

MAX_QUERY = 200
_LEADING_MARKS = re.compile(r"^\W+")


@dataclass(frozen=True)
class Translation:
    """An entry's term and definition in one language."""

    lang: str
    term: str
    definition: str | None


@dataclass
class Entry:
    """One glossary entry as the page shows it."""

    id: str
    term: Text                 # in the page language, else English
    definition: Text | None
    others: list[Translation]  # the other languages, in the site's order
    see_also: list[tuple[str, Text]]  # (id, term in the page language or English)
    source: str | None
    sort_key: str
    haystack: str = field(repr=False)  # folded terms and definitions in every language
    visible: bool = True


def _term_in(row: GlossaryEntry, lang: str) -> Text:
    return pick_text(row.terms, lang) or Text(row.id, "en")


def build_entries(rows: list[GlossaryEntry], lang: str) -> list[Entry]:
    """The entries in alphabetical order of their folded term in the page language."""
    terms = {row.id: _term_in(row, lang) for row in rows}
    entries = []
    for row in rows:
        term = terms[row.id]
        definition = pick_text(row.definitions, term.lang)
        others = [Translation(code, row.terms[code], (row.definitions or {}).get(code))
                  for code in LANGS if code != term.lang and (row.terms or {}).get(code)]
        haystack = fold(" ".join([*(row.terms or {}).values(),
                                  *(row.definitions or {}).values()]))
        entries.append(Entry(
            id=row.id, term=term, definition=definition,
            others=others,
            see_also=[(ref, terms[ref]) for ref in (row.see_also or []) if ref in terms],
            source=row.source, sort_key=_LEADING_MARKS.sub("", fold(term.value)) or row.id,
            haystack=haystack))
    entries.sort(key=lambda e: (e.sort_key, e.id))
    return entries


def matches(entry: Entry, query: str) -> bool:
    """True when every word of the query occurs in a term or definition, in any language."""
    return all(word in entry.haystack for word in fold(query).split())


def by_letter(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped under the first letter of their sort key ("#" for digits)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        first = entry.sort_key[:1]
        letter = first.upper() if first.isalpha() else "#"
        groups.setdefault(letter, []).append(entry)
    return list(groups.items())


def lang_notice() -> str | None:
    """A message when ?lang= names a language the site does not offer."""
    asked = request.args.get("lang")
    if not asked or asked in LANGS:
        return None
    return _("The language “%(code)s” is not available, so this page is shown in "
             "%(language)s.", code=asked[:20], language=language_name(g.lang, g.lang))


@bp.get("/glossary")
def index() -> str:
    """Every entry, filtered by ?q= on the server (the script filters as you type)."""
    lang = g.lang
    query = request.args.get("q", "").strip()
    query_error = None
    if len(query) > MAX_QUERY:
        query_error = _("Your search is too long: please use at most %(limit)s characters.",
                        limit=MAX_QUERY)
        query = ""
    with get_lab().session_factory() as session:
        rows = list(session.scalars(select(GlossaryEntry)))
    entries = build_entries(rows, lang)
    for entry in entries:
        entry.visible = not query or matches(entry, query)
    shown = sum(entry.visible for entry in entries)
    return render_template(
        "glossary/index.html", entries=entries, groups=by_letter(entries), query=query,
        shown=shown, total=len(entries), query_error=query_error, lang_notice=lang_notice(),
        max_query=MAX_QUERY)
