"""Views of the explorer blueprint."""
from . import bp  # noqa: F401
