"""The practice explorer: search and filter practices, export the list."""
from flask import Blueprint

bp = Blueprint("explorer", __name__, template_folder="templates")

from . import exports, routes  # noqa: E402,F401
