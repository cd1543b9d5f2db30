"""The coordinators' area (/admin): sign-in, queue, review, publication."""
from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")

from . import routes  # noqa: E402,F401
