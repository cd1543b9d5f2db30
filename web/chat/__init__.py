"""The chat page: ask how other regions handled something, get a cited answer."""
from flask import Blueprint

bp = Blueprint("chat", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
