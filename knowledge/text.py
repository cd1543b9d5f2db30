"""Text normalisation shared by lexical search, vocabularies and snippets."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'«(\[]?[A-ZÀ-ÖØ-ÞΑ-ΩΆ-Ώ0-9])")


def fold(text: str) -> str:
    """Casefold and strip accents, Greek tonos and dialytika included (NFD, drop marks)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # final sigma folds to sigma under casefold, so Greek word endings match either way
    return unicodedata.normalize("NFC", stripped).casefold()


def words(text: str) -> list[str]:
    """Folded word tokens of a text."""
    return _WORD.findall(fold(text))


def slugify(text: str, max_len: int = 80) -> str:
    """A lowercase ASCII-ish slug usable in URLs and ids."""
    folded = fold(text)
    slug = re.sub(r"[^\w]+", "-", folded, flags=re.UNICODE).strip("-_")
    return slug[:max_len].strip("-") or "x"


def sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for extractive answers)."""
    text = " ".join(text.split())
    if not text:
        return []
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def first_sentences(text: str, max_chars: int = 320) -> str:
    """The leading sentences of a text, cut at a sentence boundary near max_chars."""
    out: list[str] = []
    size = 0
    for sentence in sentences(text):
        if out and size + len(sentence) > max_chars:
            break
        out.append(sentence)
        size += len(sentence) + 1
    result = " ".join(out)
    if len(result) > max_chars:
        cut = result[: max_chars - 1].rsplit(" ", 1)[0]
        result = cut.rstrip(",;:") + "…"
    return result
