"""Views of the map blueprint."""
from . import bp  # noqa: F401
