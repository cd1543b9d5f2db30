"""The follow-up questionnaire contributors open from their private link."""
from flask import Blueprint

bp = Blueprint("questionnaire", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
