"""Errors raised by the knowledge package; every message carries the offending value."""
from __future__ import annotations


class KnowledgeError(Exception):
    """Base class of every error raised by `knowledge`."""


class FieldError(KnowledgeError):
    """One field of one record is invalid."""

    def __init__(self, field: str, message: str, value: object = None) -> None:
        self.field = field
        self.value = value
        self.message = message
        super().__init__(f"{field}: {message}")

    def as_dict(self) -> dict[str, str]:
        """The error as a JSON-friendly mapping."""
        return {"field": self.field, "message": self.message}


class RecordError(KnowledgeError):
    """A record failed validation; holds every field error found in it."""

    def __init__(self, errors: list[FieldError], location: str | None = None) -> None:
        self.errors = errors
        self.location = location
        where = f"{location}: " if location else ""
        super().__init__(where + "; ".join(str(e) for e in errors))


class VocabularyError(FieldError):
    """A value is not in a controlled vocabulary and cannot be kept as a tag."""


class NotFoundError(KnowledgeError):
    """No object with that key exists (or it is not public)."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} with id {key!r}")


class EmbeddingError(KnowledgeError):
    """The embedding model could not be loaded or failed to embed."""


class IndexError_(KnowledgeError):
    """The vector or lexical index failed; the database stays the source of truth."""
