"""Library functions behind the CLI: read, validate everything, then write all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from knowledge.errors import RecordError
from knowledge.glossary import GlossaryRecord, validate_glossary
from knowledge.indexer import Progress
from knowledge.regions import validate_region
from knowledge.schema import validate_practice
from knowledge.service import KnowledgeBase
from knowledge.store import record_from_model

from .errors import IngestError
from .readers import RawRecord, read_records
from .writers import write_records

ProgressFactory = Callable[[int, str], Progress]


@dataclass
class LoadReport:
    """What a load did (or, with --dry-run, would do)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[RecordError] = field(default_factory=list)
    written: bool = False


class InvalidRecords(IngestError):
    """Some records are invalid; nothing was written."""

    def __init__(self, path: str, errors: list[RecordError]) -> None:
        self.path = path
        self.errors = errors
        super().__init__(f"{path}: {len(errors)} invalid record(s); nothing was written")


def describe(path: str, error: RecordError) -> list[str]:
    """One line per bad field: file, record, field, message."""
    return [f"{path}: {error.location}: {e.field}: {e.message}" for e in error.errors]


def validate_file(path: str | Path, validator: Callable[[Any, str | None], Any]
                  ) -> tuple[list[Any], list[RecordError]]:
    """Read a file and validate every record, collecting all errors."""
    good: list[Any] = []
    bad: list[RecordError] = []
    seen: dict[str, str] = {}
    raw: list[RawRecord] = read_records(path)
    for item in raw:
        try:
            record = validator(item.data, item.location)
        except RecordError as exc:
            bad.append(exc)
            continue
        key = getattr(record, "id", None) or getattr(record, "slug", None)
        if key in seen:
            from knowledge.errors import FieldError
            bad.append(RecordError([FieldError("id", f"{key!r} is already used by "
                                               f"{seen[key]}", key)], item.location))
            continue
        seen[str(key)] = item.location
        good.append(record)
    return good, bad


def load_practices(kb: KnowledgeBase, path: str | Path, *, dry_run: bool = False,
                   skip_invalid: bool = False, status: str = "published",
                   progress: ProgressFactory | None = None) -> LoadReport:
    """Validate a practice file, then upsert and index it in one transaction."""
    records, bad = validate_file(path, validate_practice)
    report = LoadReport(rejected=bad)
    if bad and not skip_invalid:
        raise InvalidRecords(str(path), bad)
    changed = {r.id for r in kb.changed_records(records, status)}
    existing = _existing_ids(kb, [r.id for r in records])
    report.unchanged = [r.id for r in records if r.id not in changed]
    report.added = [r.id for r in records if r.id in changed and r.id not in existing]
    report.updated = [r.id for r in records if r.id in changed and r.id in existing]
    if dry_run or not changed:
        return report
    from knowledge.documents import practice_documents
    total = sum(len(practice_documents(r)) for r in records if r.id in changed) \
        if status == "published" else 0
    bar = progress(total, "embedding") if progress else None
    summary = kb.import_practices(records, status=status, progress=bar)
    report.added, report.updated, report.unchanged = summary.added, summary.updated, \
        summary.unchanged
    report.written = True
    return report


def _existing_ids(kb: KnowledgeBase, ids: list[str]) -> set[str]:
    from sqlalchemy import select

    from knowledge.models import Practice
    found: set[str] = set()
    with kb.session_factory() as session:
        for i in range(0, len(ids), 500):
            found |= set(session.scalars(select(Practice.id).where(
                Practice.id.in_(ids[i:i + 500]))))
    return found


def load_glossary(kb: KnowledgeBase, path: str | Path,
                  progress: ProgressFactory | None = None) -> LoadReport:
    """Validate and load a glossary file (JSON list); all or nothing."""
    entries, bad = validate_file(path, validate_glossary)
    if bad:
        raise InvalidRecords(str(path), bad)
    _check_see_also(str(path), entries)
    bar = progress(len(entries) * 7, "embedding") if progress else None
    summary = kb.import_glossary(entries, progress=bar)
    return LoadReport(summary.added, summary.updated, summary.unchanged, [], True)


def _check_see_also(path: str, entries: list[GlossaryRecord]) -> None:
    from knowledge.errors import FieldError
    ids = {e.id for e in entries}
    errors = [RecordError([FieldError("see_also", f"unknown glossary id {ref!r}", ref)],
                          f"entry {e.id!r}") for e in entries for ref in e.see_also
              if ref not in ids]
    if errors:
        raise InvalidRecords(path, errors)


def load_regions(kb: KnowledgeBase, path: str | Path) -> LoadReport:
    """Validate and load region profiles; all or nothing."""
    regions, bad = validate_file(path, validate_region)
    if bad:
        raise InvalidRecords(str(path), bad)
    summary = kb.import_regions(regions)
    return LoadReport(summary.added, summary.updated, summary.unchanged, [], True)


def export_practices(kb: KnowledgeBase, path: str | Path, *, include_contact: bool = True
                     ) -> int:
    """Write every practice (any status) in the ingest format; re-importable as is."""
    rows = []
    for p in kb.store.all():
        data = record_from_model(p).to_dict(public=not include_contact)
        rows.append(data)
    return write_records(path, rows)
