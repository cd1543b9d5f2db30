"""Views of the regions blueprint."""
from . import bp  # noqa: F401
