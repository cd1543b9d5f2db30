"""Turn practice files (.json, .jsonl, .csv, .xlsx) into raw dicts that remember where they came from.

Readers only reshape: spreadsheet columns become lists and nested dicts, but no field value is
validated or converted beyond what the file format itself implies; validation happens downstream.

Spreadsheet conventions (CSV and XLSX alike):

* header names are trimmed, lower-cased and have inner whitespace replaced by "_";
* the list fields in `LIST_FIELDS` are split on ";" or "|" (never on ",", which partner names use);
* a dotted column such as `contact.email` or `evaluation.impact.inspiring` becomes a nested dict;
* the columns in `JSON_OBJECT_COLUMNS` may instead hold a whole JSON object, merged with any
  dotted columns under the same name;
* empty cells are absent keys and entirely empty rows are skipped;
* a CSV row may end in surplus empty cells (spreadsheets pad rows with separators), but a surplus
  cell holding a value is an error.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import ooxml
from ingest.errors import ReadError

SUPPORTED_SUFFIXES: tuple[str, ...] = (".json", ".jsonl", ".csv", ".xlsx")
LIST_FIELDS: frozenset[str] = frozenset({"areas", "target_groups", "authority_role", "partners"})
JSON_OBJECT_COLUMNS: frozenset[str] = frozenset({"evaluation", "contact", "translations"})
YEAR_FIELDS: frozenset[str] = frozenset({"start_year", "end_year"})
CSV_DELIMITERS: tuple[str, ...] = (",", ";", "\t")
SHEET_NAME = "practices"

_LIST_SEPARATOR = re.compile(r"[;|]")

# A header cell once parsed: the key path it maps to and its label as written, for messages.
_Column = tuple[tuple[str, ...], str]
# Normalises one cell for the column at that key path; None means "empty cell".
_CellConverter = Callable[[tuple[str, ...], Any], Any]


@dataclass(frozen=True)
class RawRecord:
    """One unvalidated record and where it was found ("record 3", "line 7", "row 4")."""

    location: str
    data: dict[str, Any]


def read_records(path: str | Path) -> list[RawRecord]:
    """Read every record of a .json, .jsonl, .csv or .xlsx file, chosen by its suffix."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = repr(file.suffix) if file.suffix else "(none)"
        raise ReadError(
            file, None, f"unsupported file type {shown}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if not file.exists():
        raise ReadError(file, None, "file not found")
    if not file.is_file():
        raise ReadError(file, None, "not a regular file")
    if suffix == ".xlsx":
        return _read_xlsx(file)
    text = _decode(file, _read_bytes(file))
    if suffix == ".json":
        return _read_json(file, text)
    if suffix == ".jsonl":
        return _read_jsonl(file, text)
    return _read_csv(file, text)


# --- text files -------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    """The file's content, with OS errors turned into ReadError."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(path, None, f"cannot read file: {exc.strerror or exc}") from exc


def _decode(path: Path, data: bytes) -> str:
    """Decode UTF-8, tolerating a BOM, and report the first bad byte by offset and line."""
    # Stripping the BOM ourselves (rather than using utf-8-sig) keeps error offsets file-relative.
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        line = data.count(b"\n", 0, offset) + 1
        raise ReadError(
            path,
            f"line {line}",
            f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset}; "
            "save the file with UTF-8 encoding",
        ) from exc


def _json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else type(value).__name__


def _read_json(path: Path, text: str) -> list[RawRecord]:
    """Records of a file holding one JSON list of objects."""
    if not text.strip():
        raise ReadError(path, None, "file is empty; expected a JSON list of records")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(path, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise ReadError(path, None, "invalid JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer longer than Python reads (4,300 digits)
        raise ReadError(path, None, f"invalid JSON: {exc}") from exc
    if not isinstance(document, list):
        raise ReadError(path, None, f"expected a JSON list of records, got {_json_type(document)}")
    records: list[RawRecord] = []
    for number, item in enumerate(document, start=1):
        location = f"record {number}"
        if not isinstance(item, dict):
            raise ReadError(path, location, f"expected a JSON object, got {_json_type(item)}")
        records.append(RawRecord(location, item))
    return records


def _read_jsonl(path: Path, text: str) -> list[RawRecord]:
    """Records of a file holding one JSON object per line."""
    records: list[RawRecord] = []
    # split("\n"), not splitlines(): JSON strings may legally hold U+2028 and friends unescaped.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        location = f"line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(path, location, f"invalid JSON at column {exc.colno}: {exc.msg}") from exc
        except RecursionError as exc:
            raise ReadError(path, location, "invalid JSON: nested too deeply") from exc
        except ValueError as exc:
            raise ReadError(path, location, f"invalid JSON: {exc}") from exc
        if not isinstance(item, dict):
            raise ReadError(path, location, f"expected a JSON object, got {_json_type(item)}")
        records.append(RawRecord(location, item))
    return records


def _sniff_delimiter(text: str) -> str:
    """The candidate delimiter occurring most often in the header line, "," when none does."""
    # Counting only the header is deterministic, unlike csv.Sniffer, which guesses from
    # free-text cells full of commas and semicolons.
    counts = dict.fromkeys(CSV_DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of a CSV text numbered as a spreadsheet would show them (header is row 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(path, f"row {number + 1}", f"malformed CSV: {exc}") from exc
        number += 1
        yield number, row


def _csv_cell(key: tuple[str, ...], value: Any) -> Any:
    """A CSV cell trimmed, or None when empty; numbers stay text for validation to convert."""
    text = str(value).strip()
    return text or None


def _read_csv(path: Path, text: str) -> list[RawRecord]:
    """Records of a CSV file with a header row."""
    return _records_from_rows(path, _csv_rows(path, text), _csv_cell)


# --- xlsx -------------------------------------------------------------------------------------


def _xlsx_cell(key: tuple[str, ...], value: Any) -> Any:
    """An XLSX cell as a plain value, or None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dt.datetime):
        # Date-formatted cells arrive as midnight datetimes; a plain date is what was typed.
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and len(key) == 1 and key[0] in YEAR_FIELDS and value.is_integer():
        return int(value)
    return value


def _read_xlsx(path: Path) -> list[RawRecord]:
    """Records of the "practices" sheet of a workbook, else of its first sheet."""
    # Imported here so JSON and CSV ingest neither need openpyxl nor pay for importing it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types on corrupt or foreign files
        raise ReadError(path, None, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise ReadError(path, None, "workbook has no worksheets")
        sheet = next((s for s in sheets if s.title.strip().lower() == SHEET_NAME), sheets[0])
        try:
            # The stored dimension is often wrong (some writers never update it) and would
            # silently cut off columns or rows; resetting makes openpyxl read every cell.
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            rows = [tuple(ooxml.unescape(v) if isinstance(v, str) else v for v in row)
                    for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # same zoo of parser errors as above, raised lazily while reading
            raise ReadError(
                path, None, f"cannot read sheet {sheet.title!r} ({type(exc).__name__}: {exc})"
            ) from exc
    finally:
        # Read-only workbooks keep the file open until closed.
        workbook.close()
    return _records_from_rows(path, enumerate(rows, start=1), _xlsx_cell)


# --- shared table handling --------------------------------------------------------------------


def _normalise_name(name: str) -> str:
    """A header part trimmed, lower-cased, with whitespace runs replaced by "_"."""
    return "_".join(name.lower().split())


def _parse_header(path: Path, location: str, cells: Sequence[Any]) -> list[_Column | None]:
    """Key paths of the header cells; None for columns without a name."""
    columns: list[_Column | None] = []
    seen: dict[tuple[str, ...], str] = {}
    for cell in cells:
        label = "" if cell is None else str(cell).strip()
        if not label:
            columns.append(None)
            continue
        key = tuple(_normalise_name(part) for part in label.split("."))
        if not all(key):
            raise ReadError(path, location, f"malformed column name {label!r}: empty part between dots")
        if key in seen:
            dotted = ".".join(key)
            same = f" (same as {seen[key]!r})" if seen[key] != label else ""
            raise ReadError(path, location, f"duplicate column {dotted!r}{same}")
        seen[key] = label
        columns.append((key, label))
    if not seen:
        raise ReadError(path, location, "header row is empty; the first row must name the columns")
    return columns


def _records_from_rows(
    path: Path, rows: Iterable[tuple[int, Sequence[Any]]], convert: _CellConverter
) -> list[RawRecord]:
    """Records of numbered table rows whose first row is the header."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise ReadError(path, None, "file is empty; a header row is required")
    header_number, header_cells = first
    columns = _parse_header(path, f"row {header_number}", header_cells)
    records: list[RawRecord] = []
    for number, cells in iterator:
        location = f"row {number}"
        data = _build_record(path, location, columns, cells, convert)
        if data is not None:
            records.append(RawRecord(location, data))
    return records


def _build_record(
    path: Path,
    location: str,
    columns: list[_Column | None],
    cells: Sequence[Any],
    convert: _CellConverter,
) -> dict[str, Any] | None:
    """The nested dict of one row, or None when every cell is empty."""
    data: dict[str, Any] = {}
    for index, raw in enumerate(cells):
        column = columns[index] if index < len(columns) else None
        value = convert(column[0] if column else ("",), raw)
        if value is None:
            continue
        if index >= len(columns):
            raise ReadError(
                path,
                location,
                f"row has more cells than the header's {len(columns)} columns: "
                f"{value!r} in column {index + 1}",
            )
        if column is None:
            raise ReadError(path, location, f"value {value!r} in column {index + 1}, which has no header")
        key, label = column
        if len(key) == 1 and key[0] in LIST_FIELDS:
            value = _split_list(value)
        elif len(key) == 1 and key[0] in JSON_OBJECT_COLUMNS:
            value = _parse_json_object(path, location, label, value)
        _place(path, location, label, data, key, value)
    return data or None


def _split_list(value: Any) -> list[str]:
    """A list cell split on ";" or "|" into trimmed non-empty strings."""
    return [part.strip() for part in _LIST_SEPARATOR.split(str(value)) if part.strip()]


def _parse_json_object(path: Path, location: str, label: str, value: Any) -> dict[str, Any]:
    """The JSON object held by a cell of an object column such as `contact`."""
    if not isinstance(value, str):
        raise ReadError(path, location, f"column {label!r} must hold a JSON object, got {value!r}")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise ReadError(
            path, location, f"column {label!r} is not valid JSON (column {exc.colno}): {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise ReadError(path, location, f"column {label!r} is not valid JSON: nested too deeply") from exc
    except ValueError as exc:
        raise ReadError(path, location, f"column {label!r} is not valid JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise ReadError(path, location, f"column {label!r} must hold a JSON object, got {_json_type(parsed)}")
    return parsed


def _place(
    path: Path,
    location: str,
    label: str,
    target: dict[str, Any],
    key: tuple[str, ...],
    value: Any,
    prefix: str = "",
) -> None:
    """Store value at the key path, merging dicts and refusing to overwrite another column's value."""
    node = target
    for depth, part in enumerate(key):
        dotted = prefix + ".".join(key[: depth + 1])
        if depth < len(key) - 1 or isinstance(value, dict):
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ReadError(
                    path, location, f"column {label!r} needs {dotted!r} to be an object, but another column set it"
                )
            node = child
            continue
        if part in node:
            raise ReadError(path, location, f"column {label!r} sets {dotted!r}, which another column already set")
        node[part] = value
        return
    # value is a dict (a JSON object column): merge it key by key so clashes are caught.
    for name, item in value.items():
        _place(path, location, label, node, (str(name),), item, prefix + ".".join(key) + ".")
