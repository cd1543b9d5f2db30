"""Configuration: every environment variable, with its default (see the contract)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, got {value!r}") from None


class Config:
    """Reads the environment once, when the app is created."""

    def __init__(self) -> None:
        env = os.environ
        self.DEBUG = env.get("FLASK_DEBUG", "") in ("1", "true", "True")
        self.LAB_DATA_DIR = env.get("LAB_DATA_DIR", "./var")
        self.DATABASE_URL = env.get("DATABASE_URL") or \
            f"sqlite:///{Path(self.LAB_DATA_DIR).resolve() / 'lab.db'}"
        self.CHROMA_HOST = env.get("CHROMA_HOST") or None
        self.CHROMA_PORT = _int("CHROMA_PORT", 8000)
        # a deployment's own namespace on a shared Chroma server (created on first start)
        self.CHROMA_TENANT = env.get("CHROMA_TENANT") or None
        self.CHROMA_DATABASE = env.get("CHROMA_DATABASE") or None
        self.EMBEDDING_MODEL = env.get("EMBEDDING_MODEL", "")
        self.EMBEDDING_THREADS = _int("EMBEDDING_THREADS", 0) or None
        self.LAB_PORT = _int("LAB_PORT", 8000)
        self.LAB_WIDGET_ORIGINS = env.get("LAB_WIDGET_ORIGINS", "")
        self.SECRET_KEY = env.get("SECRET_KEY") or None
        self.LAB_BASE_URL = env.get("LAB_BASE_URL", "")
        self.LAB_DEMO = env.get("LAB_DEMO", "") in ("1", "true")
        self.MAX_CONTENT_LENGTH = _int("LAB_MAX_BODY_BYTES", 2_000_000)
        # submissions, moderation and sign-in
        self.LAB_SUBMIT_RATE = env.get("LAB_SUBMIT_RATE", "10/hour")
        # questions per client address (chat page, widget, API)
        self.LAB_ASK_RATE = env.get("LAB_ASK_RATE", "120/minute")
        self.LAB_LOGIN_RATE = env.get("LAB_LOGIN_RATE", "20/15minutes")
        self.LAB_LOGIN_MAX_FAILURES = _int("LAB_LOGIN_MAX_FAILURES", 5)
        self.LAB_LOCKOUT_MINUTES = _int("LAB_LOCKOUT_MINUTES", 15)
        self.LAB_SESSION_MINUTES = _int("LAB_SESSION_MINUTES", 120)
        self.LAB_QUESTIONNAIRE_DAYS = _int("LAB_QUESTIONNAIRE_DAYS", 30)
        # how many reverse proxies in front set X-Forwarded-For (0: use the socket address)
        self.LAB_PROXY_HOPS = _int("LAB_PROXY_HOPS", 0)
        self.SESSION_COOKIE_SECURE = env.get("LAB_SECURE_COOKIES", "") in ("1", "true")
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
        self.TESTING = False
        # e-mail: without SMTP_HOST messages are written to the log instead of sent
        self.SMTP_HOST = env.get("SMTP_HOST") or None
        self.SMTP_PORT = _int("SMTP_PORT", 587)
        self.SMTP_USER = env.get("SMTP_USER") or None
        self.SMTP_PASSWORD = env.get("SMTP_PASSWORD") or None
        self.SMTP_FROM = env.get("SMTP_FROM") or "Integration Lab <no-reply@localhost>"
        self.SMTP_SECURITY = env.get("SMTP_SECURITY") or "starttls"
        # a component passed in by tests (e.g. a fake embedder) instead of loading the model
        self.LAB_EMBEDDER = None

    def as_mapping(self) -> dict[str, object]:
        """The settings as a mapping for app.config.from_mapping."""
        return {k: v for k, v in vars(self).items() if k.isupper()}


def resolve_secret(config: dict[str, object]) -> str:
    """SECRET_KEY from config; a random one only in debug/testing."""
    key = config.get("SECRET_KEY")
    if key:
        return str(key)
    if config.get("DEBUG") or config.get("TESTING") or config.get("LAB_DEMO"):
        return secrets.token_hex(32)
    raise RuntimeError("SECRET_KEY must be set outside debug (export SECRET_KEY=...)")
