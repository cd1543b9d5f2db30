"""Language negotiation: ?lang=, then the cookie, then Accept-Language."""
from __future__ import annotations

from flask import Flask, Response, g, request
from flask_babel import Babel

from knowledge.vocab import LANGS

COOKIE = "lab_lang"


def select_locale() -> str:
    """The page language for this request."""
    lang = request.args.get("lang")
    if lang in LANGS:
        return lang
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    return request.accept_languages.best_match(LANGS) or "en"


def init_app(app: Flask) -> None:
    """Register Flask-Babel and remember a language chosen with ?lang=."""
    Babel(app, locale_selector=select_locale)

    @app.before_request
    def _lang() -> None:
        g.lang = select_locale()

    @app.after_request
    def _remember(response: Response) -> Response:
        lang = request.args.get("lang")
        if lang in LANGS and request.cookies.get(COOKIE) != lang:
            response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    @app.context_processor
    def _inject() -> dict[str, object]:
        return {"current_lang": getattr(g, "lang", "en"), "LANGS": LANGS}
