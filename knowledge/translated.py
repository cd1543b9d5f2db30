"""A practice's texts in the reader's language: field by field, the translation when there is
one, else the original, each with the language it is written in."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .documents import SECTIONS
from .models import Practice

# the texts a PracticeTranslation may carry, in page order (title first)
TEXT_FIELDS: tuple[str, ...] = ("title", *SECTIONS)


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is written in."""

    value: str
    lang: str


def pick_text(texts: dict[str, Any] | None, lang: str) -> Text | None:
    """From {lang: text}: the text in lang, else English, else any language it has."""
    texts = texts or {}
    for code in (lang, "en", *texts):
        value = texts.get(code)
        if isinstance(value, str) and value.strip():
            return Text(value.strip(), code)
    return None


def translation_langs(p: Practice) -> list[str]:
    """Languages the practice has translated texts in (its own language excluded)."""
    return [t.lang for t in p.translations if t.lang != p.language and t.fields]


def practice_texts(p: Practice, lang: str) -> dict[str, Text | None]:
    """Each text field in lang when translated, else in the original (None when empty)."""
    fields: dict[str, Any] = {}
    if lang != p.language:
        fields = next((t.fields for t in p.translations if t.lang == lang), {}) or {}
    out: dict[str, Text | None] = {}
    for name in TEXT_FIELDS:
        translated = fields.get(name)
        if isinstance(translated, str) and translated.strip():
            out[name] = Text(translated, lang)
        else:
            original = getattr(p, name)
            out[name] = Text(original, p.language) if original else None
    return out


def plain_texts(p: Practice, lang: str, fields: tuple[str, ...] = TEXT_FIELDS
                ) -> tuple[str, dict[str, str | None]]:
    """(lang when any of `fields` is translated into it, else the practice's own language;
    field -> text) for answers, search results and the map, which name one language."""
    texts = practice_texts(p, lang)
    chosen = {name: texts[name] for name in fields}
    shown = lang if any(t is not None and t.lang == lang for t in chosen.values()) \
        else p.language
    return shown, {name: (t.value if t is not None else None) for name, t in chosen.items()}
