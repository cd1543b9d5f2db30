"""The JSON API (/api/v1, /healthz, /openapi.json)."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import admin, openapi, routes, map as map_api, submissions  # noqa: E402,F401
