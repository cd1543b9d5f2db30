"""The data folder (SQLite database and Chroma folder) on a real disk that is full or
read-only: every ingest command fails with one clear line, the database keeps exactly what
it had, and once there is room `verify` / `reindex` bring the index back in step."""
from __future__ import annotations

import copy
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.disks import SmallDisk, run_ingest as ingest, small_disk

EXIT_FAILURE = 3


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 24 MiB disk for the data folder."""
    yield from small_disk(tmp_path, 24576)


def many(tmp_path: Path, count: int = 150, update: str = "") -> Path:
    """A file of `count` new practices, large enough to need far more room than is left."""
    records = []
    for i in range(count):
        record = copy.deepcopy(SAMPLE[i % 2])
        record["id"] = f"{record['id']}-{i}"
        record["summary"] = update + record["summary"] + f" Detail {i}: " + (
            "outreach, mentoring and follow-up. " * 30)
        records.append(record)
    path = tmp_path / ("updated.json" if update else "many.json")
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def rows(data_dir: Path) -> list[tuple[str, str]]:
    """Every practice's id and stored content, read with the plain sqlite3 module."""
    with sqlite3.connect(data_dir / "lab.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [(r[0], r[1]) for r in conn.execute(
            "SELECT id, content_hash FROM practice ORDER BY id")]


def clean_failure(done: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a failed command (no traceback)."""
    assert done.returncode == EXIT_FAILURE, (done.returncode, done.stdout, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, done.stderr[-2000:]
    return errors[0]


@pytest.fixture
def loaded(disk: SmallDisk, tmp_path: Path) -> SmallDisk:
    """The disk with the sample practices ingested."""
    first = tmp_path / "sample.json"
    first.write_text(json.dumps(SAMPLE), encoding="utf-8")
    done = ingest(disk.path, "practices", str(first))
    assert done.returncode == 0, done.stderr[-2000:]
    return disk


# how much room is left decides where the write fails: opening SQLite's WAL index, Chroma's
# own SQLite, its HNSW files, or the database commit
@pytest.mark.parametrize("leave_kb", [0, 64, 160, 320, 640])
def test_an_ingest_on_a_full_disk_fails_cleanly_and_changes_nothing(
        loaded: SmallDisk, tmp_path: Path, leave_kb: int) -> None:
    before = rows(loaded.path)
    big = many(tmp_path)
    loaded.fill(leave_kb)
    line = clean_failure(ingest(loaded.path, "practices", str(big)))
    assert any(w in line for w in ("full", "read-only", "disk")), line
    loaded.make_room()

    assert rows(loaded.path) == before  # not one row of the failed load was kept
    check = ingest(loaded.path, "verify")
    if check.returncode != 0:  # vectors written before the failure: reported, then repaired
        assert check.returncode == 1 and "reindex" in check.stdout, check.stdout + check.stderr
        assert ingest(loaded.path, "reindex").returncode == 0
    assert ingest(loaded.path, "verify").returncode == 0

    again = ingest(loaded.path, "practices", str(big))  # room again: the same file loads
    assert again.returncode == 0 and "150 added" in again.stdout, again.stdout + again.stderr
    assert len(rows(loaded.path)) == len(before) + 150
    assert ingest(loaded.path, "verify").returncode == 0


# an update on a full disk: where the database commit is the write that fails, the index
# already holds the new texts of existing passages; verify finds them by comparing texts
@pytest.mark.parametrize("leave_kb", [64, 640, 2000])
def test_an_update_on_a_full_disk_is_found_by_verify_and_repaired(
        loaded: SmallDisk, tmp_path: Path, leave_kb: int) -> None:
    assert ingest(loaded.path, "practices", str(many(tmp_path))).returncode == 0
    before = rows(loaded.path)
    updated = many(tmp_path, update="Updated in 2026. ")
    loaded.fill(leave_kb)
    line = clean_failure(ingest(loaded.path, "practices", str(updated)))
    assert any(w in line for w in ("full", "read-only", "disk")), line
    loaded.make_room()
    assert rows(loaded.path) == before
    check = ingest(loaded.path, "verify")
    if check.returncode != 0:
        assert check.returncode == 1 and "reindex" in check.stdout, check.stdout + check.stderr
        assert ingest(loaded.path, "reindex").returncode == 0
    assert ingest(loaded.path, "verify").returncode == 0
    again = ingest(loaded.path, "practices", str(updated))
    assert again.returncode == 0 and "150 updated" in again.stdout, again.stdout + again.stderr
    assert ingest(loaded.path, "verify").returncode == 0


@pytest.mark.parametrize("command", [["practices", "many.json"], ["verify"], ["reindex"],
                                     ["export", "out.json"], ["migrate"]],
                         ids=["practices", "verify", "reindex", "export", "migrate"])
def test_a_read_only_data_folder_is_one_clear_error(
        loaded: SmallDisk, tmp_path: Path, command: list[str]) -> None:
    many(tmp_path)
    args = [str(tmp_path / a) if a.endswith(".json") else a for a in command]
    before = loaded.fingerprint()
    loaded.read_only()
    try:
        line = clean_failure(ingest(loaded.path, *args))
    finally:
        loaded.writable()
    assert str(loaded.path) in line and "read-only" in line.lower(), line
    assert loaded.fingerprint() == before
    assert ingest(loaded.path, "verify").returncode == 0  # writable again: all in step


def test_the_disk_helper_really_fills_and_locks_the_disk(disk: SmallDisk) -> None:
    # the faults above are only as real as this: writes must fail on the disk itself
    disk.fill()
    with pytest.raises(OSError) as full:
        (disk.path / "more").write_bytes(b"x" * 65536)
    assert "No space" in str(full.value)
    disk.make_room()
    disk.read_only()
    try:
        with pytest.raises(OSError) as locked:
            (disk.path / "more").write_bytes(b"x")
        assert "Read-only" in str(locked.value)
    finally:
        disk.writable()
