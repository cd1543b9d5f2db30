"""Public HTML pages: the practice list and one page per published practice."""
from flask import Blueprint

bp = Blueprint("pages", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
