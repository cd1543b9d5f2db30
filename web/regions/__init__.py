"""The regions: the REGIN pilot regions and every region with practices."""
from flask import Blueprint

bp = Blueprint("regions", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
