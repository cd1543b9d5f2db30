"""The assistant's Phrasebook over the app's compiled gettext catalogs (no app context needed)."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from babel.support import NullTranslations, Translations

from knowledge.vocab import LANGS

DEFAULT_DIRECTORY = Path(__file__).parent / "translations"
DOMAIN = "messages"


def directory_list(directories: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None
                   ) -> list[Path]:
    """Translation folders from a path, a list of paths, or Flask-Babel's 'a;b' setting."""
    if directories is None or directories == "":
        return [DEFAULT_DIRECTORY]
    if isinstance(directories, str):
        return [Path(d) for d in directories.split(";") if d.strip()]
    if isinstance(directories, os.PathLike):
        return [Path(directories)]
    return [Path(d) for d in directories]


class BabelPhrasebook:
    """Phrases from web/translations/<lang>/LC_MESSAGES/messages.mo, each language loaded once."""

    def __init__(self, directories: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
                 | None = None, languages: Iterable[str] = LANGS) -> None:
        self.directories = directory_list(directories)
        self.languages = frozenset(languages)
        self._catalogs: dict[str, NullTranslations] = {}
        self._lock = threading.Lock()

    def phrase(self, lang: str, msgid: str) -> str:
        """msgid in lang (the msgid itself when untranslated or lang is not served)."""
        if lang not in self.languages:
            # never turn an unexpected language code into a file path
            return msgid
        return str(self.translations(lang).ugettext(msgid))

    def translations(self, lang: str) -> NullTranslations:
        """The catalog of lang, read from disk on first use only."""
        catalog = self._catalogs.get(lang)
        if catalog is None:
            with self._lock:
                # another thread may have loaded it while this one waited
                catalog = self._catalogs.get(lang)
                if catalog is None:
                    catalog = self._catalogs[lang] = self._load(lang)
        return catalog

    def _load(self, lang: str) -> NullTranslations:
        merged: Translations | None = None
        for directory in self.directories:
            found = Translations.load(str(directory), [lang], DOMAIN)
            if not isinstance(found, Translations):
                continue  # no catalog for lang in this folder (English has none)
            # like Flask-Babel: a later folder's texts win over an earlier one's
            merged = found if merged is None else merged.merge(found)
        return merged if merged is not None else NullTranslations()
