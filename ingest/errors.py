"""Errors raised by the ingest package; every message names the file and, when known, where in it."""
from __future__ import annotations

import os


def _describe(path: str, location: str | None, message: str) -> str:
    """The "FILE: LOCATION: message" text shared by the file errors."""
    return f"{path}: {location}: {message}" if location else f"{path}: {message}"


class IngestError(Exception):
    """Base class of every error raised by `ingest`."""


class ReadError(IngestError):
    """A file could not be turned into raw records."""

    def __init__(self, path: str | os.PathLike[str], location: str | None, message: str) -> None:
        self.path = str(path)
        self.location = location
        self.message = message
        super().__init__(_describe(self.path, location, message))

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str | None, str]]:
        # args holds the formatted text, so the default reduce could not rebuild the error
        return (type(self), (self.path, self.location, self.message))


class WriteError(IngestError):
    """Records could not be written to a file; the previous file, if any, is left untouched."""

    def __init__(self, path: str | os.PathLike[str], location: str | None, message: str) -> None:
        self.path = str(path)
        self.location = location
        self.message = message
        super().__init__(_describe(self.path, location, message))

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, str | None, str]]:
        # args holds the formatted text, so the default reduce could not rebuild the error
        return (type(self), (self.path, self.location, self.message))
