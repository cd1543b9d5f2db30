"""Tests for ingest.readers: every format, the spreadsheet conventions and every error path."""
from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ingest.errors import IngestError, ReadError
from ingest.readers import RawRecord, read_records

BOM = b"\xef\xbb\xbf"
GREEK = "Κέντρο Ένταξης Μεταναστών"
ACCENTED = "Café Zoë — Ærø, São Paulo"


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    """Write text as UTF-8, optionally behind a BOM."""
    path.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, title: str = "Sheet", extra: dict[str, list[list[Any]]] | None = None) -> Path:
    """Write a workbook whose first sheet holds rows, plus optional further sheets."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, more in (extra or {}).items():
        other = workbook.create_sheet(name)
        for row in more:
            other.append(row)
    workbook.save(path)
    return path


def read_error(path: Path) -> ReadError:
    """The ReadError that reading path raises."""
    with pytest.raises(ReadError) as info:
        read_records(path)
    return info.value


# --- errors ---------------------------------------------------------------------------------------


def test_read_error_text_with_and_without_location() -> None:
    located = ReadError("a.csv", "row 4", "bad thing")
    assert str(located) == "a.csv: row 4: bad thing"
    assert (located.path, located.location, located.message) == ("a.csv", "row 4", "bad thing")
    assert str(ReadError(Path("b.json"), None, "missing")) == "b.json: missing"
    assert isinstance(located, IngestError)


def test_read_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(ReadError("a.csv", "row 4", "bad thing")))
    assert str(error) == "a.csv: row 4: bad thing"
    assert error.location == "row 4"


# --- dispatch -------------------------------------------------------------------------------------


def test_unsupported_suffix_names_it_and_the_supported_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "practices.txt", "[]")
    error = read_error(path)
    assert str(path) in str(error)
    assert "'.txt'" in error.message
    for suffix in (".json", ".jsonl", ".csv", ".xlsx"):
        assert suffix in error.message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    error = read_error(path)
    assert error.path == str(path)
    assert error.location is None
    assert "not found" in error.message


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "not a regular file" in read_error(folder).message


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = write(tmp_path / "PRACTICES.JSON", '[{"title": "x"}]')
    assert read_records(str(path)) == [RawRecord("record 1", {"title": "x"})]


# --- encoding -------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
def test_invalid_utf8_names_byte_offset_and_line(tmp_path: Path, suffix: str) -> None:
    lines = {
        ".json": [b'[{"title": "ok"},', b'{"title": "caf\xe9"}]'],
        ".jsonl": [b'{"title": "ok"}', b'{"title": "caf\xe9"}'],
        ".csv": [b"title", b"caf\xe9"],
    }[suffix]
    data = b"\n".join(lines)
    path = tmp_path / f"latin1{suffix}"
    path.write_bytes(data)
    error = read_error(path)
    offset = data.index(b"\xe9")
    assert error.location == "line 2"
    assert f"byte offset {offset}" in error.message
    assert "0xe9" in error.message
    assert str(error).startswith(f"{path}: line 2: not valid UTF-8")


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    data = BOM + b"title\n\xff\n"
    path = tmp_path / "bom.csv"
    path.write_bytes(data)
    offset = data.index(b"\xff")
    assert offset == 9
    assert f"byte offset {offset}" in read_error(path).message


# --- JSON -----------------------------------------------------------------------------------------


def test_json_reads_objects_with_unicode_and_bom(tmp_path: Path) -> None:
    records = [
        {"title": GREEK, "areas": ["υγεία", "education"], "contact": {"name": ACCENTED}},
        {"title": "Second", "start_year": 2019, "latitude": 37.98, "extra": None},
    ]
    path = write(tmp_path / "p.json", json.dumps(records, ensure_ascii=False), bom=True)
    assert read_records(path) == [RawRecord("record 1", records[0]), RawRecord("record 2", records[1])]


def test_json_empty_list(tmp_path: Path) -> None:
    assert read_records(write(tmp_path / "p.json", "[]")) == []


def test_json_top_level_object_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", '{"title": "x"}')
    error = read_error(path)
    assert str(error) == f"{path}: expected a JSON list of records, got object"


def test_json_non_object_element_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", '[{"title": "x"}, "oops"]')
    error = read_error(path)
    assert error.location == "record 2"
    assert "got string" in error.message
    assert str(error).startswith(f"{path}: record 2: ")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", '[\n  {"title": "x"},\n  {"title" "y"}\n]')
    error = read_error(path)
    assert error.location == "line 3, column 12"
    assert "Expecting ':' delimiter" in error.message
    assert str(path) in str(error)


def test_empty_json_file(tmp_path: Path) -> None:
    error = read_error(write(tmp_path / "p.json", "  \n"))
    assert "empty" in error.message


# --- JSON Lines -----------------------------------------------------------------------------------


def test_jsonl_skips_blank_lines_and_locates_by_line(tmp_path: Path) -> None:
    text = '{"title": "%s"}\n\n   \n{"title": "line\u2028separator %s"}\r\n' % (GREEK, ACCENTED)
    path = write(tmp_path / "p.jsonl", text, bom=True)
    assert read_records(path) == [
        RawRecord("line 1", {"title": GREEK}),
        RawRecord("line 4", {"title": f"line\u2028separator {ACCENTED}"}),
    ]


def test_jsonl_bad_line_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", '{"title": "a"}\n\n{"title": }\n')
    error = read_error(path)
    assert error.location == "line 3"
    assert "Expecting value" in error.message
    assert str(error).startswith(f"{path}: line 3: invalid JSON")


def test_jsonl_non_object_line_is_located(tmp_path: Path) -> None:
    error = read_error(write(tmp_path / "p.jsonl", '{"title": "a"}\n[1, 2]\n'))
    assert error.location == "line 2"
    assert "expected a JSON object, got list" in error.message


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    header = delimiter.join(["Title", "Partners", "Description"])
    row = delimiter.join(['"Ένταξη, μέσω αθλητισμού"', '"Acme, Inc.; Δήμος Αθηναίων"', '"a; b, c"'])
    path = write(tmp_path / "p.csv", f"{header}\n{row}\n")
    assert read_records(path) == [
        RawRecord(
            "row 2",
            {
                "title": "Ένταξη, μέσω αθλητισμού",
                "partners": ["Acme, Inc.", "Δήμος Αθηναίων"],
                "description": "a; b, c",
            },
        )
    ]


def test_csv_conventions(tmp_path: Path) -> None:
    text = (
        "  Title , Lessons learnt,Areas,Target Groups,authority_role,start_year,latitude,"
        "Contact.Name,contact.email,evaluation.Transferability.inspiring,evaluation.transferability.improvement,"
        "translations.el.title\n"
        f"  {GREEK}  ,Listen first, education | health ;; ,refugees,,2019,37.98,\"{ACCENTED}\",z@example.org,"
        "Peer mentoring,More funding,Τίτλος\n"
        ",,,,,,,,,,,\n"
        "\n"
        "Second,,,,,,,,,,,\n"
    )
    path = write(tmp_path / "p.csv", text, bom=True)
    records = read_records(path)
    assert records == [
        RawRecord(
            "row 2",
            {
                "title": GREEK,
                "lessons_learnt": "Listen first",
                "areas": ["education", "health"],
                "target_groups": ["refugees"],
                "start_year": "2019",
                "latitude": "37.98",
                "contact": {"name": ACCENTED, "email": "z@example.org"},
                "evaluation": {"transferability": {"inspiring": "Peer mentoring", "improvement": "More funding"}},
                "translations": {"el": {"title": "Τίτλος"}},
            },
        ),
        # rows 3 and 4 are empty and skipped, but still counted like a spreadsheet would
        RawRecord("row 5", {"title": "Second"}),
    ]


def test_csv_quoted_newline_keeps_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", 'title,description\nA,"two\nlines"\nB,x\n')
    assert read_records(path) == [
        RawRecord("row 2", {"title": "A", "description": "two\nlines"}),
        RawRecord("row 3", {"title": "B", "description": "x"}),
    ]


def test_csv_json_object_columns_merge_with_dotted_columns(tmp_path: Path) -> None:
    contact = json.dumps({"name": "Ελένη", "organisation": "NGO"}, ensure_ascii=False).replace('"', '""')
    evaluation = json.dumps({"impact": {"inspiring": "yes"}}).replace('"', '""')
    path = write(tmp_path / "p.csv", f'title,contact,contact.email,evaluation\nX,"{contact}",e@x.org,"{evaluation}"\n')
    assert read_records(path)[0].data == {
        "title": "X",
        "contact": {"name": "Ελένη", "organisation": "NGO", "email": "e@x.org"},
        "evaluation": {"impact": {"inspiring": "yes"}},
    }


def test_csv_header_only_gives_no_records(tmp_path: Path) -> None:
    assert read_records(write(tmp_path / "p.csv", "title,areas\n")) == []


def test_csv_short_rows_and_trailing_empty_cells_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "title,summary\nA\nB,b,,\n")
    assert [r.data for r in read_records(path)] == [{"title": "A"}, {"title": "B", "summary": "b"}]


def test_csv_row_with_more_cells_than_header(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "title,summary\nA,a\nB,b,surplus\n")
    error = read_error(path)
    assert error.location == "row 3"
    assert "more cells than the header" in error.message
    assert "'surplus'" in error.message
    assert str(error).startswith(f"{path}: row 3: ")


def test_csv_duplicate_header_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "Title,Summary,title \nA,a,b\n")
    error = read_error(path)
    assert error.location == "row 1"
    assert "duplicate column 'title'" in error.message
    assert str(path) in str(error)


def test_csv_bad_json_in_object_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", 'title,Contact\nA,"{""name"": ""x""}"\nB,{not json}\n')
    error = read_error(path)
    assert error.location == "row 3"
    assert "column 'Contact' is not valid JSON" in error.message
    assert str(error).startswith(f"{path}: row 3: ")


def test_csv_object_column_must_hold_an_object(tmp_path: Path) -> None:
    error = read_error(write(tmp_path / "p.csv", 'title,evaluation\nA,"[1, 2]"\n'))
    assert error.location == "row 2"
    assert "column 'evaluation' must hold a JSON object, got list" in error.message


def test_csv_conflicting_columns(tmp_path: Path) -> None:
    error = read_error(write(tmp_path / "p.csv", 'title,contact,contact.email\nA,"{""email"": ""a@x""}",b@x\n'))
    assert error.location == "row 2"
    assert "'contact.email'" in error.message


def test_csv_value_under_unnamed_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "title,,summary\nA,,a\nB,stray,b\n")
    error = read_error(path)
    assert error.location == "row 3"
    assert "'stray'" in error.message
    assert "column 2" in error.message


def test_csv_malformed_dotted_header(tmp_path: Path) -> None:
    error = read_error(write(tmp_path / "p.csv", "title,contact..email\nA,b\n"))
    assert error.location == "row 1"
    assert "'contact..email'" in error.message


@pytest.mark.parametrize("text", ["", "\n,,\n"])
def test_csv_without_header(tmp_path: Path, text: str) -> None:
    error = read_error(write(tmp_path / "p.csv", text))
    assert "header" in error.message
    assert str(tmp_path / "p.csv") in str(error)


# --- XLSX -----------------------------------------------------------------------------------------


def test_xlsx_conventions(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Title", "Lessons learnt", "Areas", "partners", "start_year", "end_year", "latitude", "budget",
         "contact.email", "evaluation.impact.inspiring", "translations", "updated", "public"],
        [f"  {GREEK} ", ACCENTED, "education; health", "Acme, Inc. | Δήμος", 2019.0, 2021, 37.98, 1500.0,
         "a@x.org", "Yes", json.dumps({"el": {"title": "Τίτλος"}}, ensure_ascii=False),
         dt.datetime(2024, 3, 5), True],
        [None, "  ", None],
        ["Second", None, None, None, None, None, None, None, None, None, None, dt.datetime(2024, 3, 5, 14, 30)],
    ]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    records = read_records(path)
    assert records == [
        RawRecord(
            "row 2",
            {
                "title": GREEK,
                "lessons_learnt": ACCENTED,
                "areas": ["education", "health"],
                "partners": ["Acme, Inc.", "Δήμος"],
                "start_year": 2019,
                "end_year": 2021,
                "latitude": 37.98,
                "budget": 1500,
                "contact": {"email": "a@x.org"},
                "evaluation": {"impact": {"inspiring": "Yes"}},
                "translations": {"el": {"title": "Τίτλος"}},
                "updated": "2024-03-05",
                "public": True,
            },
        ),
        RawRecord("row 4", {"title": "Second", "updated": "2024-03-05T14:30:00"}),
    ]
    assert type(records[0].data["start_year"]) is int
    assert type(records[0].data["latitude"]) is float


def test_xlsx_prefers_practices_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        [["notes"], ["ignore me"]],
        title="Read me",
        extra={"Practices": [["title"], ["Chosen"]]},
    )
    assert read_records(path) == [RawRecord("row 2", {"title": "Chosen"})]


def test_xlsx_first_sheet_otherwise(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["title"], ["First"]], title="Data", extra={"Other": [["title"], ["No"]]})
    assert read_records(path) == [RawRecord("row 2", {"title": "First"})]


def test_xlsx_duplicate_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["title", "Title"], ["a", "b"]])
    error = read_error(path)
    assert error.location == "row 1"
    assert "duplicate column 'title'" in error.message
    assert str(path) in str(error)


def test_xlsx_row_with_more_cells_than_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["title"], ["a"], ["b", None, "extra"]])
    error = read_error(path)
    assert error.location == "row 3"
    assert "'extra'" in error.message


def test_xlsx_bad_json_in_object_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["title", "contact"], ["a", '{"name": '], ["b", 5]])
    error = read_error(path)
    assert error.location == "row 2"
    assert "column 'contact' is not valid JSON" in error.message


def test_xlsx_empty_sheet(tmp_path: Path) -> None:
    error = read_error(write_xlsx(tmp_path / "p.xlsx", []))
    assert "header" in error.message


@pytest.mark.parametrize("content", [b"title,areas\nA,b\n", b"PK\x03\x04 truncated zip", b""])
def test_corrupt_xlsx(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    error = read_error(path)
    assert error.path == str(path)
    assert "not a readable .xlsx workbook" in error.message
