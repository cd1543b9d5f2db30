"""Errors raised by the assistant; messages carry the bad value."""
from __future__ import annotations

from knowledge.errors import FieldError


class AssistantError(Exception):
    """Base class of the assistant's errors."""


class QuestionError(FieldError, AssistantError):
    """The question or one of its parameters is unusable."""
