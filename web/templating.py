"""Template helpers shared by every page: language names, vocabulary labels, safe links."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Flask, g, request

from knowledge import vocab

# only web and site-relative links are ever put in an href (never javascript: or data:)
SAFE_HREF = re.compile(r"^(?:https?://[^\s]+|/(?!/)[^\s]*)$", re.IGNORECASE)


def language_name(code: str, in_lang: str | None = None) -> str:
    """A language's name, in `in_lang` (by default in the language itself)."""
    return vocab.label("language", code, in_lang or code)


def vocab_label(vocabulary_name: str, key: str) -> str:
    """A vocabulary label in the page language."""
    return vocab.label(vocabulary_name, key, getattr(g, "lang", "en"))


def lang_switch_url(code: str) -> str:
    """The current page (path and query) in another interface language."""
    args = request.args.to_dict()
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"


def safe_href(url: Any) -> str | None:
    """The URL when it is http(s) or site-relative; None otherwise, so no link is made."""
    if isinstance(url, str) and SAFE_HREF.match(url.strip()):
        return url.strip()
    return None


def init_app(app: Flask) -> None:
    """Register the helpers as template globals and filters."""
    for func in (language_name, vocab_label, lang_switch_url):
        app.add_template_global(func)
    app.add_template_filter(safe_href, "safe_href")
