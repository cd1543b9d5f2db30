"""OOXML cell-text escaping: exported text reads back unchanged; Excel's escapes are undone."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook

from ingest import ooxml
from ingest.readers import read_records
from ingest.writers import write_records

# text made mostly of the characters that matter here, so the interesting cases are common
TRICKY = st.text(alphabet=st.sampled_from(list("_x0D5Faf9\r\n ")) | st.characters(
    blacklist_categories=("Cs",)), max_size=40)


@given(TRICKY)
@example("_xABCD\r")
@example("_x000D_")
@example("_x005F_x000D_")
@example("__x0041_\r\r_")
def test_escape_then_unescape_gives_the_text_back(text: str) -> None:
    assert ooxml.unescape(ooxml.escape(text)) == text


@given(TRICKY)
def test_escaped_text_has_no_carriage_return(text: str) -> None:
    assert "\r" not in ooxml.escape(text)


@pytest.mark.parametrize("written, meant", [
    ("line one_x000D_\nline two", "line one\r\nline two"),
    ("tab_x0009_here", "tab\there"),
    ("literal _x005F_x000D_ kept", "literal _x000D_ kept"),
    ("no escape _x00_ here", "no escape _x00_ here"),
    ("a surrogate _xD800_ stays", "a surrogate _xD800_ stays"),
    ("lower case _x000d_", "lower case \r"),
])
def test_unescape_reads_what_excel_writes(written: str, meant: str) -> None:
    assert ooxml.unescape(written) == meant


def test_a_workbook_written_like_excel_reads_as_typed(tmp_path: Path) -> None:
    # Excel stores a pasted Windows line end as "_x000D_" followed by a newline; openpyxl
    # (not write-only, no escaping of its own) puts this text into the sheet as it is
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "practices"
    sheet.append(["summary", "note_x005F_x0031_"])
    sheet.append(["Paragraph one._x000D_\nParagraph two.", "ok"])
    workbook.save(tmp_path / "excel.xlsx")
    [record] = read_records(tmp_path / "excel.xlsx")
    assert record.data == {"summary": "Paragraph one.\r\nParagraph two.", "note_x0031_": "ok"}


@pytest.mark.parametrize("text", ["a\rb", "_x000D_", "_xABCD\r", "C:\\_x0041_\r\n", "\r\r"])
def test_an_exported_workbook_reads_back_unchanged(tmp_path: Path, text: str) -> None:
    path = tmp_path / "round.xlsx"
    write_records(path, [{"summary": "x" + text + "y", "odd_x0041_": "v"}])
    assert read_records(path)[0].data == {"summary": "x" + text + "y", "odd_x0041_": "v"}
