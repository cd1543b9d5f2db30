"""Full backup of the database as one JSON Lines text, validated whole before any restore.

Line 1 is a header (format, version, counts, schema summary, sha256 of the data lines); each
other line is `{"table": ..., "row": {...}}`, columns by name, tables parents first, rows in
primary-key order sorted here (not by the database's collation): the same data gives the same
bytes. No export time inside (`data_as_of` is the newest time stamp in the data). Derived and
transient state (indexes, vector cache, rate counters) is left out: a restore rebuilds it.
"""
from __future__ import annotations

import hashlib
import json
import math
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Iterator

from sqlalchemy import (JSON, Boolean, Column, Connection, DateTime, Engine, Float, Integer,
                        PrimaryKeyConstraint, String, Table, UniqueConstraint, delete, func,
                        insert, select, text)
from sqlalchemy.orm import Session, sessionmaker

from .errors import KnowledgeError
from .models import Base

FORMAT, VERSION = "integration-lab-backup", 1
EXCLUDED_TABLES = {
    "passage": "the lexical index: rebuilt from the database by the restore",
    "embedding_cache": "vectors: recomputed (or found again) by the restore's reindex",
    "index_state": "the index generation counter: index state",
    "rate_counter": "rate-limit counters: transient",
}
EXCLUDED_COLUMNS = {"practice": ("indexed_hash",), "glossary_entry": ("indexed_hash",)}
SECRETS = ("holds password hashes, private contact details and questionnaire nonces: "
           "keep it as safe as a password")
MAX_PROBLEMS = 200


class BackupError(KnowledgeError):
    """The backup cannot be restored; holds every problem found (nothing was written)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the backup; nothing was restored")


class NotEmptyError(KnowledgeError):
    """The database already holds data and --replace was not given."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        held = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
        super().__init__(f"the database is not empty ({held}); nothing was restored: pass "
                         "--replace to wipe it and restore the backup in one transaction")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a backup: where (line, table, row, field) and what."""

    message: str
    line: int | None = None
    table: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line else []
        if self.table:
            where.append(f"{self.table} row {self.row}" if self.row else self.table)
        if self.field:
            where.append(self.field)
        return ": ".join(where + [self.message])


@dataclass
class Backup:
    """A validated backup: its header and its rows per table, as values ready to insert."""

    header: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]


def tables() -> list[Table]:
    """The tables a backup holds, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in EXCLUDED_TABLES]


def columns(table: Table) -> list[Column[Any]]:
    """A table's backed-up columns, by name."""
    skip = EXCLUDED_COLUMNS.get(table.name, ())
    return sorted((c for c in table.columns if c.name not in skip), key=lambda c: c.name)


def _json_shape(column: Column[Any]) -> str:
    arg = getattr(column.default, "arg", None)
    shape = getattr(arg, "__wrapped__", arg)  # callable defaults are wrapped by SQLAlchemy
    return {dict: "json object", list: "json list"}.get(shape, "json")  # type: ignore[arg-type]


def type_name(column: Column[Any]) -> str:
    """The column's type as the header's schema summary writes it ('?' when nullable)."""
    t = column.type
    names = [(JSON, lambda: _json_shape(column)), (Boolean, lambda: "boolean"),
             (Integer, lambda: "integer"), (Float, lambda: "float"),
             (DateTime, lambda: "datetime"),
             (String, lambda: f"string({t.length})" if t.length else "text")]  # type: ignore
    for kind, name in names:
        if isinstance(t, kind):
            return name() + ("?" if column.nullable else "")
    raise TypeError(f"{column.table.name}.{column.name}: a backup cannot hold {t!r}")


def schema() -> dict[str, dict[str, str]]:
    """Every backed-up table with its columns and their types."""
    return {t.name: {c.name: type_name(c) for c in columns(t)} for t in tables()}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLite hands back naive values: they were stored as UTC
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc).isoformat(timespec="microseconds")
    return value


def _decode(column: Column[Any], kind: str, value: Any) -> Any:
    """The value to insert in a column of that kind; ValueError says what is wrong with it."""
    if value is None:
        if column.nullable:
            return None
        raise ValueError("must not be null")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    ok = {"boolean": isinstance(value, bool), "integer": number and isinstance(value, int),
          "float": number and math.isfinite(value), "json object": isinstance(value, dict),
          "json list": isinstance(value, list), "json": True}.get(kind, isinstance(value, str))
    if not ok:
        raise ValueError(f"expected {kind}, got {json.dumps(value, ensure_ascii=False)[:80]}")
    if kind == "datetime":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ValueError(f"expected an ISO 8601 date-time with a UTC offset, got {value!r}")
        return moment.astimezone(timezone.utc)
    length = getattr(column.type, "length", None)
    if isinstance(value, str) and length and len(value) > length:
        raise ValueError(f"{len(value)} characters, at most {length} allowed")
    return float(value) if kind == "float" else value


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one consistent state of the database."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")  # pysqlite opens no transaction before a SELECT
            yield conn
        return
    options = {"isolation_level": "REPEATABLE READ"}  # PostgreSQL, MySQL: one snapshot
    with engine.connect().execution_options(**options) as conn, conn.begin():
        yield conn


def dump(conn: Connection | Session) -> bytes:
    """The backup of everything the connection sees, as UTF-8 JSON Lines."""
    lines: list[str] = []
    counts: dict[str, int] = {}
    latest = ""
    for table in tables():
        cols = columns(table)
        keys = [cols.index(c) for c in table.primary_key.columns]
        rows = sorted(conn.execute(select(*cols)).all(),
                      key=lambda r: tuple(r[i] for i in keys))
        counts[table.name] = len(rows)
        for row in rows:
            data = {c.name: _encode(v) for c, v in zip(cols, row)}
            latest = max([latest] + [data[c.name] for c in cols
                                     if isinstance(c.type, DateTime) and data[c.name]])
            lines.append(json.dumps({"table": table.name, "row": data}, ensure_ascii=False,
                                    allow_nan=False) + "\n")
    body = "".join(lines).encode("utf-8")
    header = {"format": FORMAT, "version": VERSION, "counts": counts, "schema": schema(),
              "data_as_of": latest or None, "secrets": "this file " + SECRETS,
              "excluded": {"tables": EXCLUDED_TABLES,
                           "columns": {t: list(c) for t, c in EXCLUDED_COLUMNS.items()}},
              "sha256": hashlib.sha256(body).hexdigest()}
    return (json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n").encode() + body


def _header(line: bytes) -> dict[str, Any]:
    """The header, or BackupError when the file is not a backup this app can read."""
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        found = header.get("format") if isinstance(header, dict) else None
        raise BackupError([Problem(f"format: expected {FORMAT!r}, got {found!r}: not a "
                                   "backup written by `python -m ingest export --backup`", 1)])
    version = header.get("version")
    if version != VERSION:
        newer = " (made by a newer version of the app)" if isinstance(version, int) and \
            not isinstance(version, bool) and version > VERSION else ""
        raise BackupError([Problem(f"version: this app reads version {VERSION}, the file is "
                                   f"version {version!r}{newer}", 1)])
    wrong = [k for k, kind in (("counts", dict), ("schema", dict), ("sha256", str))
             if not isinstance(header.get(k), kind)]
    if wrong or not all(isinstance(v, dict) for v in header["schema"].values()):
        raise BackupError([Problem(f"{(wrong or ['schema'])[0]}: missing or malformed", 1)])
    return header


def _file_columns(header: dict[str, Any], problems: list[Problem]) -> dict[str, list[str]]:
    """The columns each table has in the file; problems for what this app cannot take."""
    ours = {t.name: {c.name: c for c in columns(t)} for t in tables()}
    found: dict[str, list[str]] = {}
    for name, cols in header["schema"].items():
        if name not in ours:
            problems.append(Problem("table unknown to this version of the app", 1, name))
            continue
        found[name] = list(cols)
        for column in cols:
            if column not in ours[name]:
                problems.append(Problem("column unknown to this version of the app", 1, name,
                                        None, column))
        for column in ours[name].values():
            if column.name not in cols and not column.nullable and column.default is None:
                problems.append(Problem("the app needs this column; the backup lacks it", 1,
                                        name, None, column.name))
    return found


def load(data: bytes) -> Backup:
    """Parse and validate a whole backup; BackupError lists every problem found."""
    lines = data.split(b"\n")
    complete = lines[-1] == b""  # a file cut short ends in the middle of a line
    if complete:
        lines.pop()
    if not lines or not lines[0].strip():
        raise BackupError([Problem("the file is empty: not a backup", 1)])
    header = _header(lines[0])
    problems: list[Problem] = []
    file_columns = _file_columns(header, problems)
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in tables()}
    where: dict[str, list[int]] = {t.name: [] for t in tables()}
    for number, raw in enumerate(lines[1:], start=2):
        try:
            item = json.loads(raw)
        except ValueError:
            cut = not complete and number == len(lines)
            problems.append(Problem("not valid JSON" + (" (the file ends inside this line: "
                                                        "truncated?)" if cut else ""), number))
            continue
        if not isinstance(item, dict) or set(item) != {"table", "row"} \
                or not isinstance(item["row"], dict):
            problems.append(Problem('expected {"table": NAME, "row": {COLUMN: VALUE}}', number))
        elif item["table"] not in file_columns:
            problems.append(Problem(f"unknown table {item['table']!r}", number))
        else:
            name = item["table"]
            where[name].append(number)
            rows[name].append(_row(item["row"], file_columns[name], problems,
                                   (number, name, len(where[name]))))
    _check_keys(rows, where, problems)
    for table in tables():
        declared, held = header["counts"].get(table.name, 0), len(rows[table.name])
        if declared != held:
            problems.append(Problem(f"the header counts {declared!r} rows, the file holds "
                                    f"{held}", None, table.name))
    if hashlib.sha256(data[len(lines[0]) + 1:]).hexdigest() != header["sha256"]:
        problems.append(Problem("sha256: the data lines are not those exported (the file "
                                "was truncated or altered)", 1))
    if len(problems) > MAX_PROBLEMS:
        problems[MAX_PROBLEMS:] = [Problem(f"and {len(problems) - MAX_PROBLEMS} more")]
    if problems:
        raise BackupError(problems)
    return Backup(header, rows)


@lru_cache(maxsize=None)
def _by_name(table: str) -> dict[str, tuple[Column[Any], str]]:
    return {c.name: (c, type_name(c).rstrip("?")) for c in columns(Base.metadata.tables[table])}


def _row(row: dict[str, Any], names: list[str], problems: list[Problem],
         at: tuple[int, str, int]) -> dict[str, Any]:
    """A row's values ready to insert; problems for every missing, unknown or bad field."""
    ours = _by_name(at[1])
    problems += [Problem("missing", *at, key) for key in names if key not in row]
    values: dict[str, Any] = {}
    for key, value in row.items():
        if key not in names:
            problems.append(Problem(f"not a column of table {at[1]}", *at, key))
        elif key in ours:  # a column this app lacks was reported with the header
            try:
                values[key] = _decode(*ours[key], value)
            except ValueError as exc:
                problems.append(Problem(str(exc), *at, key))
    return values


def _unique_sets(table: Table) -> list[tuple[str, ...]]:
    sets = [tuple(c.name for c in table.primary_key.columns)]
    sets += [tuple(c.name for c in u.columns) for u in table.constraints
             if isinstance(u, UniqueConstraint) and not isinstance(u, PrimaryKeyConstraint)]
    sets += [tuple(c.name for c in ix.columns) for ix in table.indexes if ix.unique]
    return sets


def _check_keys(rows: dict[str, list[dict[str, Any]]], where: dict[str, list[int]],
                problems: list[Problem]) -> None:
    """Unique keys are unique and every reference points at a row of the backup."""
    for table in tables():
        numbered = list(enumerate(zip(rows[table.name], where[table.name]), start=1))
        for names in _unique_sets(table):
            seen: dict[tuple[Any, ...], int] = {}
            for n, (row, line) in numbered:
                key = tuple(row.get(k) for k in names)
                if None in key:
                    continue  # missing (reported) or null (never a duplicate)
                if key in seen:
                    shown = key[0] if len(key) == 1 else key
                    problems.append(Problem(f"{shown!r} is already used on line {seen[key]}",
                                            line, table.name, n, ", ".join(names)))
                seen.setdefault(key, line)
        for fk in table.foreign_keys:
            target = fk.column.table.name
            known = {r.get(fk.column.name) for r in rows.get(target, [])}
            for n, (row, line) in numbered:
                value = row.get(fk.parent.name)
                if value is not None and value not in known:
                    problems.append(Problem(f"{value!r} is not a {target} in the backup",
                                            line, table.name, n, fk.parent.name))


def table_counts(session: Session) -> dict[str, int]:
    """Rows per backed-up table."""
    return {t.name: int(session.scalar(select(func.count()).select_from(t)) or 0)
            for t in tables()}


def restore(session_factory: sessionmaker[Session], backup: Backup, *, replace: bool = False,
            before_commit: Callable[[Session], None] | None = None) -> int:
    """Write the backup's rows in one transaction (wiping the tables first with replace)."""
    with session_factory.begin() as session:
        held = table_counts(session)
        if any(held.values()):
            if not replace:
                raise NotEmptyError(held)
            for table in reversed(tables()):
                session.execute(delete(table))
        for table in tables():
            data = backup.rows.get(table.name, [])
            for i in range(0, len(data), 500):
                session.execute(insert(table), data[i:i + 500])
        _advance_sequences(session)
        if before_commit:
            before_commit(session)
    return sum(len(v) for v in backup.rows.values())


def _advance_sequences(session: Session) -> None:
    """Rows came with their ids: move PostgreSQL's id sequences past them."""
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        return  # SQLite (and MySQL) continue after the largest id by themselves
    quote = dialect.identifier_preparer.quote
    for table in tables():
        column = table.autoincrement_column
        if column is not None:
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE((SELECT MAX({quote(column.name)}) FROM {quote(table.name)}), 0) + 1, "
                "false)"), {"table": table.name, "column": column.name})
