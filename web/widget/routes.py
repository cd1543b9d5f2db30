"""Routes of the widget blueprint (being built)."""
from . import bp  # noqa: F401
