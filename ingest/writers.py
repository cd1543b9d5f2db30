"""Write practice records to .json, .jsonl, .csv or .xlsx, as the inverse of `ingest.readers`.

Reading back what was written gives equal data, with these format-imposed exceptions:

* CSV holds only text, so numbers come back as strings ("2019", "37.98") and booleans as
  "true"/"false"; XLSX keeps numbers and booleans;
* in CSV and XLSX, None values, empty lists, empty dicts and blank strings become empty cells,
  which read back as absent keys; text is trimmed;
* lists are joined with "; " and only the reader's `LIST_FIELDS` are split again, so a list
  elsewhere comes back as one string, and a list item containing ";" or "|" comes back split;
* dates and times are written as ISO strings;
* keys must already be normalised names (lower case, no spaces, no dots), since spreadsheet
  headers are normalised and split on dots when read;
* exporting no records to CSV or XLSX writes a file without a header, which the reader rejects.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ingest import ooxml
from ingest.errors import WriteError

SUPPORTED_SUFFIXES: tuple[str, ...] = (".json", ".jsonl", ".csv", ".xlsx")
LIST_JOINER = "; "
SHEET_NAME = "practices"
# Excel refuses longer cells and openpyxl would silently truncate them.
XLSX_MAX_CELL_CHARS = 32767
# mkstemp creates files readable by the owner only; an export should be readable like any file.
_NEW_FILE_MODE = 0o644

_Writer = Callable[[Path, BinaryIO, list[dict[str, Any]]], None]


def write_records(path: str | Path, records: list[dict[str, Any]]) -> int:
    """Write records atomically in the format named by the suffix and return how many were written."""
    file = Path(path)
    writer = _WRITERS.get(file.suffix.lower())
    if writer is None:
        shown = repr(file.suffix) if file.suffix else "(none)"
        raise WriteError(
            file, None, f"unsupported file type {shown}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise WriteError(file, f"record {number}", f"expected a dict, got {type(record).__name__}")
    _atomic_write(file, lambda stream: writer(file, stream, records))
    return len(records)


def _atomic_write(path: Path, fill: Callable[[BinaryIO], None]) -> None:
    """Have fill write a temp file beside path, then move it over path in one step."""
    # Same folder as the target, so os.replace is a rename within one filesystem.
    directory = path.parent
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(path, None, f"cannot create a file in {str(directory)!r}: {exc.strerror or exc}") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            fill(stream)
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else _NEW_FILE_MODE
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        _discard(temp)
        raise WriteError(path, None, f"cannot write file: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(temp)
        raise


def _discard(temp: Path) -> None:
    """Remove a leftover temp file, ignoring failures so the original error surfaces."""
    try:
        temp.unlink(missing_ok=True)
    except OSError:
        pass


# --- JSON and JSON Lines ------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    """Serialise dates as ISO strings; anything else unknown is an error."""
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"values of type {type(value).__name__} cannot be written as JSON")


def _dump(path: Path, number: int, record: dict[str, Any], indent: int | None) -> str:
    """One record as JSON text, with errors located at that record."""
    try:
        text = json.dumps(record, indent=indent, ensure_ascii=False, default=_json_default)
        text.encode("utf-8")  # a lone surrogate cannot be written as UTF-8
        return text
    except (TypeError, ValueError) as exc:
        raise WriteError(path, f"record {number}", str(exc)) from exc


def _write_json(path: Path, stream: BinaryIO, records: list[dict[str, Any]]) -> None:
    """A JSON list, indented by 2, non-ASCII kept as is."""
    # Dumping record by record lets errors name the record; the result is byte-identical to
    # json.dumps(records, indent=2) because JSON strings never contain raw newlines.
    parts = []
    for number, record in enumerate(records, start=1):
        text = _dump(path, number, record, indent=2)
        parts.append("\n".join("  " + line for line in text.split("\n")))
    body = "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
    stream.write(body.encode("utf-8"))


def _write_jsonl(path: Path, stream: BinaryIO, records: list[dict[str, Any]]) -> None:
    """One compact JSON object per line."""
    for number, record in enumerate(records, start=1):
        stream.write((_dump(path, number, record, indent=None) + "\n").encode("utf-8"))


# --- tables ---------------------------------------------------------------------------------------


def _flatten(path: Path, location: str, record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record as dotted column names mapped to scalars, lists joined."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(path, location, value, name + "."))
        elif isinstance(value, (list, tuple)):
            flat[name] = _join(path, location, name, value)
        else:
            flat[name] = _scalar(path, location, name, value)
    return flat


def _join(path: Path, location: str, name: str, items: list[Any] | tuple[Any, ...]) -> str:
    """List items as text joined by "; ", the separator the reader splits on."""
    texts = []
    for item in items:
        if isinstance(item, (dict, list, tuple)):
            raise WriteError(
                path, location, f"column {name!r} holds a list of objects or lists, which a table cannot hold"
            )
        if item is not None:
            texts.append(_text(_scalar(path, location, name, item)))
    return LIST_JOINER.join(texts)


def _scalar(path: Path, location: str, name: str, value: Any) -> Any:
    """A cell value: str, int, float, bool or None; dates become ISO strings."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise WriteError(path, location, f"column {name!r} holds a lone surrogate, which "
                             "is not a character") from None
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise WriteError(path, location, f"column {name!r}: values of type {type(value).__name__} cannot be written")


def _text(value: Any) -> str:
    """A cell value as CSV text; booleans as JSON spells them, which validation understands."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(path: Path, records: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns (union of flattened keys, first seen first) and the flattened rows."""
    rows = [_flatten(path, f"record {number}", record) for number, record in enumerate(records, start=1)]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns), rows


def _write_csv(path: Path, stream: BinaryIO, records: list[dict[str, Any]]) -> None:
    """Comma-separated UTF-8 with a header row."""
    columns, rows = _table(path, records)
    # The BOM makes Excel open the file as UTF-8 instead of mangling Greek and accents;
    # the reader skips it.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text)
        if columns:
            writer.writerow(columns)
        for row in rows:
            writer.writerow([_text(row.get(column)) for column in columns])
        text.flush()
    finally:
        # Detach so closing the wrapper does not close the caller's stream.
        text.detach()


def _write_xlsx(path: Path, stream: BinaryIO, records: list[dict[str, Any]]) -> None:
    """One sheet named "practices" with a header row."""
    # Imported here so JSON and CSV export neither need openpyxl nor pay for importing it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    columns, rows = _table(path, records)
    # Check every cell before the workbook exists: an aborted write-only workbook leaves its
    # row generator and spool file behind.
    for name in columns:
        if ILLEGAL_CHARACTERS_RE.search(name):
            raise WriteError(path, None, f"column name {name!r} contains control characters "
                             "Excel cannot store")
    for number, row in enumerate(rows, start=1):
        for name, value in row.items():
            if (isinstance(value, float) and not math.isfinite(value)) or (
                    isinstance(value, int) and not isinstance(value, bool)
                    and abs(value) > 2**53):
                raise WriteError(path, f"record {number}", f"column {name!r}: the number is "
                                 "too large to be stored exactly in Excel")
            if not isinstance(value, str):
                continue
            if len(value) > XLSX_MAX_CELL_CHARS:
                raise WriteError(
                    path,
                    f"record {number}",
                    f"column {name!r} has {len(value)} characters; Excel allows {XLSX_MAX_CELL_CHARS}",
                )
            if ILLEGAL_CHARACTERS_RE.search(value):
                raise WriteError(
                    path, f"record {number}", f"column {name!r} contains control characters Excel cannot store"
                )

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)

    def cell(value: Any) -> Any:
        """A value ready for the sheet; strings are forced to text cells."""
        if isinstance(value, float):
            result = WriteOnlyCell(sheet, value=value)
            # openpyxl writes "%.16g": 0.1 + 0.2 would read back as 0.3 and 2.0 as the integer
            # 2. repr is the shortest text that reads back as this very float (with a "." or
            # an "e", which openpyxl's reader takes for a float).
            result._value = repr(value)
            return result
        if not isinstance(value, str):
            return value
        result = WriteOnlyCell(sheet, value=ooxml.escape(value))
        # openpyxl would store text starting with "=" as a formula: wrong data, and a
        # formula-injection risk for whoever opens the export.
        result.data_type = "s"
        return result

    if columns:
        sheet.append([cell(name) for name in columns])
    for row in rows:
        sheet.append([cell(row.get(name)) for name in columns])
    workbook.save(stream)


_WRITERS: dict[str, _Writer] = {
    ".json": _write_json,
    ".jsonl": _write_jsonl,
    ".csv": _write_csv,
    ".xlsx": _write_xlsx,
}
