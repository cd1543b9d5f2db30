"""Errors raised by the knowledge package; every message carries the offending value."""
from __future__ import annotations


class KnowledgeError(Exception):
    """Base class of every error raised by `knowledge`."""


class FieldError(KnowledgeError):
    """One field of one record is invalid."""

    def __init__(self, field: str, message: str, value: object = None, *,
                 code: str = "invalid", params: dict[str, object] | None = None) -> None:
        self.field = field
        self.value = value
        self.message = message
        # a stable code and its parameters let the web layer say it in the user's language
        self.code = code
        self.params = dict(params or {})
        super().__init__(f"{field}: {message}")

    def as_dict(self) -> dict[str, str]:
        """The error as a JSON-friendly mapping."""
        return {"field": self.field, "message": self.message, "code": self.code}


class RecordError(KnowledgeError):
    """A record failed validation; holds every field error found in it."""

    def __init__(self, errors: list[FieldError], location: str | None = None) -> None:
        self.errors = errors
        self.location = location
        where = f"{location}: " if location else ""
        super().__init__(where + "; ".join(str(e) for e in errors))


class VocabularyError(FieldError):
    """A value is not in a controlled vocabulary and cannot be kept as a tag."""


class DuplicateError(KnowledgeError):
    """The same submission was already received."""

    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"this practice was already submitted as {reference!r}")


class WorkflowError(KnowledgeError):
    """An action that the submission's current status does not allow."""

    def __init__(self, action: str, status: str) -> None:
        self.action = action
        self.status = status
        super().__init__(f"cannot {action} a practice whose status is {status!r}")


class AuthError(KnowledgeError):
    """Sign-in refused (wrong credentials, locked or inactive account)."""

    def __init__(self, reason: str, email: str, locked_until: object = None) -> None:
        self.reason = reason
        self.email = email
        self.locked_until = locked_until
        super().__init__(f"sign-in refused for {email!r}: {reason}")


class TokenError(KnowledgeError):
    """A questionnaire link is invalid, expired or already used."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"questionnaire link {reason}")


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


class StorageError(KnowledgeError):
    """The database cannot be opened or created (server away, disk full or read-only)."""
