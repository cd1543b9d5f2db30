"""CORS for the widget: only the origins in LAB_WIDGET_ORIGINS may call the API."""
from __future__ import annotations

from flask import Flask, Response, request


def allowed_origins(value: str) -> set[str]:
    """Parse LAB_WIDGET_ORIGINS (comma-separated; '*' for all)."""
    return {o.strip().rstrip("/") for o in value.split(",") if o.strip()}


def init_app(app: Flask) -> None:
    """Answer preflights and add CORS headers to API responses for allowed origins."""
    origins = allowed_origins(str(app.config.get("LAB_WIDGET_ORIGINS") or ""))

    @app.after_request
    def _cors(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origin or not request.path.startswith("/api/"):
            return response
        if "*" in origins or origin.rstrip("/") in origins:
            response.headers["Access-Control-Allow-Origin"] = origin if "*" not in origins else "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
            # the widget reads Retry-After to say how long to wait after a 429
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
            response.headers.add("Vary", "Origin")
        return response
