"""OOXML's own escaping of text in cells (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).

XML turns a carriage return inside text into a newline when the sheet is read, so Excel writes
it as ``_x000D_``; a literal ``_xHHHH_`` in the text is protected as ``_x005F_xHHHH_``. openpyxl
neither writes nor reads this form, so the readers and writers apply it themselves: an exported
"\\r" comes back as "\\r", and a cell Excel wrote as ``..._x000D_`` reads as the text typed.
"""
from __future__ import annotations

import re

# An underscore that would start an escape in the written text (a carriage return becomes
# "_x000D_", so "_xABCD" followed by "\r" would read back as one), or a carriage return.
_NEEDS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}[_\r])|\r")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escape_one(match: re.Match[str]) -> str:
    return "_x005F_" if match.group(0) == "_" else "_x000D_"


def escape(text: str) -> str:
    """Text as it must stand in a cell so that reading it back gives the same text."""
    return _NEEDS_ESCAPE.sub(_escape_one, text)


def _unescape_one(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    # a surrogate is not a character: such an escape is left as it was written
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


def unescape(text: str) -> str:
    """The text a cell holds, its _xHHHH_ escapes replaced by their characters."""
    return _ESCAPED.sub(_unescape_one, text) if "_x" in text else text
