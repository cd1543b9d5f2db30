"""Tests for ingest.writers: output shape per format, round trips through the readers, atomicity."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ingest.errors import IngestError, WriteError
from ingest.readers import read_records
from ingest.writers import write_records

FORMATS = [".json", ".jsonl", ".csv", ".xlsx"]

RECORDS: list[dict[str, Any]] = [
    {
        "title": "Κέντρο Ένταξης Μεταναστών",
        "summary": "Café Zoë — Ærø, São Paulo.\nSecond line «quoted»",
        "areas": ["education", "υγεία"],
        "target_groups": ["refugees"],
        "authority_role": ["funder", "coordinator"],
        "partners": ["Acme, Inc.", "Δήμος Αθηναίων"],
        "start_year": 2019,
        "end_year": 2023,
        "latitude": 37.9838,
        "longitude": 23.7275,
        "public": True,
        "formula_like": "=HYPERLINK(\"http://evil\")",
        "contact": {"name": "Ελένη Παπαδοπούλου", "organisation": "NGO, Athens", "email": "e@example.org"},
        "evaluation": {
            "transferability": {"inspiring": "Peer mentors", "improvement": "Funding"},
            "impact": {"inspiring": "Jobs found"},
        },
        "translations": {"el": {"title": "Τίτλος", "summary": "Περίληψη"}, "de": {"title": "Titel"}},
    },
    {"title": "Second", "areas": ["housing"], "start_year": 2021, "lessons_learnt": "Ask early"},
]


def stringify_scalars(value: Any) -> Any:
    """What CSV gives back for a value: numbers and booleans as their text."""
    if isinstance(value, dict):
        return {key: stringify_scalars(item) for key, item in value.items()}
    if isinstance(value, list):
        return [stringify_scalars(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    assert write_records(path, RECORDS) == len(RECORDS)
    data = [record.data for record in read_records(path)]
    # CSV stores only text; validation converts numbers back, so compare against their text
    expected = [stringify_scalars(r) for r in RECORDS] if suffix == ".csv" else RECORDS
    assert data == expected


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_keeps_key_order_within_records(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    write_records(path, RECORDS[:1])
    assert list(read_records(path)[0].data) == list(RECORDS[0])


def test_json_layout(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    write_records(str(path), RECORDS)
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(RECORDS, indent=2, ensure_ascii=False) + "\n"
    assert "Κέντρο" in text
    assert text.startswith('[\n  {\n    "title": ')


def test_json_empty(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    assert write_records(path, []) == 0
    assert path.read_text(encoding="utf-8") == "[]\n"
    assert read_records(path) == []


def test_jsonl_layout(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    write_records(path, RECORDS)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == RECORDS
    assert "Ελένη" in lines[0]


def test_csv_layout(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_records(path, [{"title": "A", "areas": ["x", "y"], "contact": {"email": "a@x"}}, {"title": "B", "notes": None, "flag": False}])
    raw = path.read_bytes()
    # BOM so Excel detects UTF-8
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [
        "title,areas,contact.email,notes,flag",
        "A,x; y,a@x,,",
        "B,,,,false",
    ]


def test_xlsx_layout_and_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_records(path, RECORDS)
    workbook = load_workbook(path)
    try:
        sheet = workbook["practices"]
        header = [cell.value for cell in sheet[1]]
        assert header[:3] == ["title", "summary", "areas"]
        assert "evaluation.transferability.inspiring" in header
        formula_cell = sheet.cell(row=2, column=header.index("formula_like") + 1)
        # stored as text, never as a formula
        assert formula_cell.data_type == "s"
        assert sheet.cell(row=2, column=header.index("start_year") + 1).value == 2019
    finally:
        workbook.close()


@pytest.mark.parametrize("suffix", FORMATS)
def test_dates_are_written_as_iso_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    write_records(path, [{"title": "A", "updated": dt.date(2024, 3, 5), "seen": dt.datetime(2024, 3, 5, 14, 30)}])
    assert read_records(path)[0].data == {"title": "A", "updated": "2024-03-05", "seen": "2024-03-05T14:30:00"}


@pytest.mark.parametrize("suffix", FORMATS)
def test_atomic_write_leaves_only_the_target(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(b"old content")
    write_records(path, RECORDS)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert len(read_records(path)) == 2


@pytest.mark.parametrize("suffix", FORMATS)
def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(b"old content")
    with pytest.raises(WriteError) as info:
        write_records(path, [{"title": "ok"}, {"title": "bad", "blob": object()}])
    assert info.value.location == "record 2"
    assert str(path) in str(info.value)
    assert "object" in info.value.message
    assert path.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_new_file_is_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    write_records(path, RECORDS)
    # mkstemp would otherwise leave the export owner-only
    assert path.stat().st_mode & 0o777 == 0o644


def test_existing_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("x", encoding="utf-8")
    os.chmod(path, 0o600)
    write_records(path, RECORDS)
    assert path.stat().st_mode & 0o777 == 0o600


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    with pytest.raises(WriteError) as info:
        write_records(path, RECORDS)
    assert "'.xls'" in info.value.message
    assert ".xlsx" in info.value.message
    assert isinstance(info.value, IngestError)
    assert not path.exists()


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "export.json"
    with pytest.raises(WriteError) as info:
        write_records(path, RECORDS)
    assert str(path) in str(info.value)


def test_non_dict_record(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_records(tmp_path / "export.jsonl", [{"title": "a"}, ["not", "a", "dict"]])  # type: ignore[list-item]
    assert info.value.location == "record 2"
    assert "got list" in info.value.message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_list_of_objects_cannot_go_into_a_table(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    with pytest.raises(WriteError) as info:
        write_records(path, [{"title": "a", "partners": [{"name": "Acme"}]}])
    assert info.value.location == "record 1"
    assert "'partners'" in info.value.message
    assert not path.exists()


def test_xlsx_rejects_control_characters(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_records(tmp_path / "export.xlsx", [{"title": "bell\x07"}])
    assert info.value.location == "record 1"
    assert "'title'" in info.value.message


def test_xlsx_rejects_cells_excel_would_truncate(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_records(tmp_path / "export.xlsx", [{"title": "x", "description": "y" * 40000}])
    assert "'description'" in info.value.message
    assert "40000" in info.value.message


def test_write_error_text() -> None:
    assert str(WriteError("out.csv", "record 3", "bad")) == "out.csv: record 3: bad"
    assert str(WriteError("out.csv", None, "bad")) == "out.csv: bad"
