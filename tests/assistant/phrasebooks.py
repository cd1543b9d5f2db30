"""A fake phrasebook for the assistant's unit tests (the real one is web.phrasebook)."""
from __future__ import annotations


class DictPhrasebook:
    """Texts from {lang: {msgid: text}}, the msgid when one is missing; remembers each request."""

    def __init__(self, texts: dict[str, dict[str, str]]) -> None:
        self.texts = texts
        self.asked: list[tuple[str, str]] = []

    def phrase(self, lang: str, msgid: str) -> str:
        """The text for msgid in lang, else the msgid."""
        self.asked.append((lang, msgid))
        return self.texts.get(lang, {}).get(msgid, msgid)
