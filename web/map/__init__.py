"""The map of practices (Leaflet, country shapes from world-atlas; nothing fetched from outside)."""
from flask import Blueprint

bp = Blueprint("map", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
