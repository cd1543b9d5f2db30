"""The embeddable chat widget (/widget.js) and its documentation page (/widget)."""
from flask import Blueprint

bp = Blueprint("widget", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
