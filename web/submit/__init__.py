"""The public submission template (/submit)."""
from flask import Blueprint

bp = Blueprint("submit", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
