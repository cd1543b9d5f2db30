"""Views of the glossary blueprint."""
from . import bp  # noqa: F401
