"""Helpers for posting forms the way a browser does (with the session's CSRF token)."""
from __future__ import annotations

from typing import Any


def csrf(client: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Form data with this client's CSRF token (set in its session, as a page view would)."""
    with client.session_transaction() as session:
        token = session.setdefault("_csrf", "test-csrf-token")
    return {**(data or {}), "csrf_token": token}
