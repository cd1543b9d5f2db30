"""Integration Lab web service: the application factory."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Mapping

from flask import Flask

from .config import Config, resolve_secret


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults from the environment, then the mapping tests pass."""
    app = Flask(__name__)
    app.config.from_mapping(Config().as_mapping())
    if config:
        app.config.from_mapping(config)
    app.config["SECRET_KEY"] = resolve_secret(app.config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # UTF-8 JSON, readable Greek
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.permanent_session_lifetime = timedelta(minutes=int(app.config["LAB_SESSION_MINUTES"]))
    logging.basicConfig(level=logging.INFO if not app.config["TESTING"] else logging.WARNING)

    from . import cors, errors, headers, i18n, security, templating
    from .extensions import init_app

    init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    cors.init_app(app)
    security.init_app(app)
    headers.init_app(app)
    templating.init_app(app)

    from .api import bp as api_bp
    from .chat import bp as chat_bp
    from .explorer import bp as explorer_bp
    from .glossary import bp as glossary_bp
    from .map import bp as map_bp
    from .pages import bp as pages_bp
    from .admin import bp as admin_bp
    from .questionnaire import bp as questionnaire_bp
    from .regions import bp as regions_bp
    from .submit import bp as submit_bp
    from .widget import bp as widget_bp

    for blueprint in (api_bp, chat_bp, explorer_bp, glossary_bp, map_bp, pages_bp, regions_bp,
                      submit_bp, admin_bp, questionnaire_bp, widget_bp):
        app.register_blueprint(blueprint)
    return app
