"""The glossary page: every term in seven languages, searchable, with stable anchors."""
from flask import Blueprint

bp = Blueprint("glossary", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
