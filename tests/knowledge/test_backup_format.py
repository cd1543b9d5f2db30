"""The backup format in the core: complete, stable bytes, whole-file validation, atomic restore."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from knowledge import audit
from knowledge.accounts import AccountStore
from knowledge.backup import (
    EXCLUDED_TABLES,
    BackupError,
    NotEmptyError,
    dump,
    load,
    restore,
    schema,
    snapshot,
    tables,
)
from knowledge.models import AuditEntry, Base, Practice, Submission
from knowledge.wiring import open_stack
from tests.conftest import make_config

PASSWORD = "a long enough password"


@pytest.fixture
def source(loaded_stack):  # type: ignore[no-untyped-def]
    """The sample practices plus an account, an audit entry and a submission."""
    AccountStore(loaded_stack.session_factory).create("ana@region.eu", PASSWORD, name="Ána")
    with loaded_stack.session_factory.begin() as session:
        audit.record(session, "ana@region.eu", "edited", "jobs-skane",
                     changes={"title": {"from": "Ά", "to": "B"}})
        session.add(Submission(reference="IL-2026-AAAAAA", practice_id="health-puglia",
                               fingerprint="f" * 64, lang="it",
                               questionnaire={"stage": "pilot", "comments": "Sì"}))
    return loaded_stack


@pytest.fixture
def empty(tmp_path: Path, fake_embedder):  # type: ignore[no-untyped-def]
    """A second, empty stack."""
    return open_stack(make_config(tmp_path / "other"), fake_embedder)


def backup_of(stack: Any) -> bytes:
    with snapshot(stack.engine) as conn:
        return dump(conn)


def edit(data: bytes, change: Any) -> bytes:
    """The backup with change(header, items) applied to the parsed lines, re-serialised."""
    header, *items = [json.loads(line) for line in data.decode().splitlines()]
    change(header, items)
    return "".join(json.dumps(line, ensure_ascii=False) + "\n"
                   for line in [header, *items]).encode()


def problems(data: bytes) -> list[str]:
    with pytest.raises(BackupError) as caught:
        load(data)
    return [str(p) for p in caught.value.problems]


def first(items: list[dict[str, Any]], table: str) -> tuple[int, dict[str, Any]]:
    """The line number and row of a table's first row."""
    for number, item in enumerate(items, start=2):
        if item["table"] == table:
            return number, item["row"]
    raise AssertionError(table)


def test_every_table_is_backed_up_or_left_out_on_purpose() -> None:
    backed_up = {t.name for t in tables()}
    assert backed_up | set(EXCLUDED_TABLES) == set(Base.metadata.tables)
    assert set(EXCLUDED_TABLES) == {"passage", "embedding_cache", "index_state", "rate_counter"}
    assert {"practice", "practice_tag", "evaluation_aspect", "practice_translation",
            "practice_contact", "glossary_entry", "region", "submission", "audit_entry",
            "outbox_message", "account", "conversation"} == backed_up
    summary = schema()  # every backed-up column has a type the format can hold
    assert summary["account"]["password_hash"] == "string(300)"
    assert summary["practice"]["partners"] == "json list"
    assert "indexed_hash" not in summary["practice"]  # index state, rebuilt by the restore


def test_a_dump_is_stable_sorted_and_described_by_its_header(source) -> None:
    data = backup_of(source)
    assert data == backup_of(source)
    lines = data.decode().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "integration-lab-backup" and header["version"] == 1
    assert header["counts"]["practice"] == 3 and header["counts"]["account"] == 1
    assert header["counts"]["audit_entry"] == 1 and header["counts"]["conversation"] == 0
    assert "password hashes" in header["secrets"]
    assert set(header["excluded"]["tables"]) == set(EXCLUDED_TABLES)
    rows = [json.loads(line) for line in lines[1:]]
    assert sum(header["counts"].values()) == len(rows)
    assert all(list(r["row"]) == sorted(r["row"]) for r in rows)
    practices = [r["row"]["id"] for r in rows if r["table"] == "practice"]
    assert practices == sorted(practices)
    stamps = [v for r in rows for k, v in r["row"].items()
              if schema()[r["table"]][k].startswith("datetime") and v]
    assert header["data_as_of"] == max(stamps) and header["data_as_of"].endswith("+00:00")
    assert "Ά" in data.decode()  # UTF-8 as is, readable


def test_restore_into_an_empty_database_gives_the_same_bytes_and_accounts(source, empty
                                                                          ) -> None:
    data = backup_of(source)
    assert restore(empty.session_factory, load(data)) == data.count(b"\n") - 1
    assert backup_of(empty) == data
    accounts = AccountStore(empty.session_factory)
    assert accounts.authenticate("ana@region.eu", PASSWORD).name == "Ána"
    with empty.session_factory.begin() as session:  # ids continue after the restored ones
        audit.record(session, "x", "edited", None)
    with empty.session_factory() as session:
        assert session.scalar(select(func.max(AuditEntry.id))) == 2


def test_a_non_empty_database_is_refused_and_replace_is_all_or_nothing(source, empty) -> None:
    data = backup_of(source)
    restore(empty.session_factory, load(data))
    with pytest.raises(NotEmptyError, match="3 practice.*--replace"):
        restore(empty.session_factory, load(data))

    def fail(session: Any) -> None:
        assert session.scalar(select(func.count()).select_from(Practice)) == 3
        raise RuntimeError("disk full")

    with empty.session_factory.begin() as session:
        session.get(Practice, "jobs-skane").title = "Changed after the backup"
    before = backup_of(empty)
    with pytest.raises(RuntimeError, match="disk full"):
        restore(empty.session_factory, load(data), replace=True, before_commit=fail)
    assert backup_of(empty) == before  # the wipe was rolled back with the rest
    restore(empty.session_factory, load(data), replace=True)
    assert backup_of(empty) == data


def test_the_snapshot_does_not_see_a_write_made_meanwhile(source, sample_records) -> None:
    from knowledge.schema import validate_practice
    with snapshot(source.engine) as conn:
        conn.execute(select(func.count()).select_from(Practice))  # the snapshot starts here
        record = validate_practice({**sample_records[0], "id": "written-meanwhile"})
        source.kb.import_practices([record])
        data = dump(conn)
    assert b"written-meanwhile" not in data and json.loads(data.split(b"\n")[0])[
        "counts"]["practice"] == 3


def test_rows_are_checked_column_by_column(source) -> None:
    data = backup_of(source)

    def damage(header: dict[str, Any], items: list[dict[str, Any]]) -> None:
        rows = {t: first(items, t)[1] for t in ("practice", "account", "submission",
                                                "practice_tag", "audit_entry")}
        rows["practice"]["start_year"] = "soon"
        rows["practice"]["title"] = "x" * 301
        del rows["account"]["password_hash"]
        rows["account"]["colour"] = "blue"
        rows["submission"]["consent_at"] = "yesterday"
        rows["practice_tag"]["value"] = None
        rows["audit_entry"]["details"] = ["not", "an", "object"]

    lines = problems(edit(data, damage))
    line = {t: first([json.loads(x) for x in data.decode().splitlines()[1:]], t)[0]
            for t in ("practice", "account", "submission", "practice_tag", "audit_entry")}
    assert f"line {line['practice']}: practice row 1: start_year: expected integer, " \
           f"got \"soon\"" in lines
    assert f"line {line['practice']}: practice row 1: title: 301 characters, at most 300 " \
           "allowed" in lines
    assert f"line {line['account']}: account row 1: password_hash: missing" in lines
    assert f"line {line['account']}: account row 1: colour: not a column of table account" \
        in lines
    assert any(p.startswith(f"line {line['submission']}: submission row 1: consent_at: "
                            "expected an ISO 8601 date-time") for p in lines)
    assert f"line {line['practice_tag']}: practice_tag row 1: value: must not be null" in lines
    assert f"line {line['audit_entry']}: audit_entry row 1: details: expected json object, " \
           'got ["not", "an", "object"]' in lines
    assert "line 1: sha256: the data lines are not those exported (the file was truncated " \
           "or altered)" in lines


def test_keys_and_references_are_checked_across_tables(source) -> None:
    data = backup_of(source)

    def damage(header: dict[str, Any], items: list[dict[str, Any]]) -> None:
        first(items, "submission")[1]["practice_id"] = "no-such-practice"
        account = dict(first(items, "account")[1], id=99)
        items.append({"table": "account", "row": account})  # same e-mail, another id
        items.append({"table": "practice", "row": dict(first(items, "practice")[1])})
        items.append({"table": "widgets", "row": {}})
        header["counts"]["account"] = 2

    lines = problems(edit(data, damage))
    assert any(p.endswith("submission row 1: practice_id: 'no-such-practice' is not a "
                          "practice in the backup") for p in lines)
    assert any("account row 2: email: 'ana@region.eu' is already used on line" in p
               for p in lines)
    assert any("practice row 4: id: 'health-puglia' is already used on line" in p
               for p in lines)
    assert any(p.endswith("unknown table 'widgets'") for p in lines)
    assert "practice: the header counts 3 rows, the file holds 4" in lines


@pytest.mark.parametrize("damage, expected", [
    (lambda d: b"", "line 1: the file is empty: not a backup"),
    (lambda d: b"id,title\n", "line 1: format: expected 'integration-lab-backup', got None"),
    (lambda d: edit(d, lambda h, i: h.update(version=2)),
     "line 1: version: this app reads version 1, the file is version 2 (made by a newer "
     "version of the app)"),
    (lambda d: d[:len(d) * 2 // 3], "(the file ends inside this line: truncated?)"),
    (lambda d: b"".join(d.splitlines(keepends=True)[:-2]),
     "submission: the header counts 1 rows, the file holds 0"),
    (lambda d: edit(d, lambda h, i: h["schema"]["practice"].update(colour="text")),
     "line 1: practice: colour: column unknown to this version of the app"),
    (lambda d: edit(d, lambda h, i: h["schema"]["practice"].pop("title")),
     "line 1: practice: title: the app needs this column; the backup lacks it"),
])
def test_files_that_are_not_whole_backups_are_refused(source, damage, expected) -> None:
    assert any(expected in p for p in problems(damage(backup_of(source))))
