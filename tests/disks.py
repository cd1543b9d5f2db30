"""A real, small disk for the data folder: a tmpfs that the fault tests fill up or make
read-only, as a full volume or one the kernel remounted read-only would be."""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FILLER = ".filler"
ROOT = Path(__file__).resolve().parent.parent


class SmallDisk:
    """A tmpfs of `size_kb` mounted on `path` (root only: mounting needs CAP_SYS_ADMIN)."""

    def __init__(self, path: Path, size_kb: int) -> None:
        self.path = path
        self.size_kb = size_kb

    def _mount(self, *options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["mount", *options], capture_output=True, text=True, timeout=30)

    def mount(self) -> str | None:
        """Mount it; None when done, else why it could not be."""
        self.path.mkdir(parents=True, exist_ok=True)
        done = self._mount("-t", "tmpfs", "-o", f"size={self.size_kb}k,mode=0755", "tmpfs",
                           str(self.path))
        return None if done.returncode == 0 else (done.stderr.strip() or "mount failed")

    def unmount(self) -> None:
        """Unmount it (lazily: a server the test started may still hold a file)."""
        subprocess.run(["umount", "-l", str(self.path)], capture_output=True, timeout=30)

    def free_kb(self) -> int:
        """The room left, in KiB."""
        stats = os.statvfs(self.path)
        return stats.f_bavail * stats.f_frsize // 1024

    def fill(self, leave_kb: int = 0) -> None:
        """Take all the room, then give back `leave_kb` of it."""
        filler = self.path / FILLER
        try:
            with filler.open("ab") as fh:
                block = b"\0" * 65536
                while True:
                    fh.write(block)
                    fh.flush()
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
        if leave_kb:
            size = filler.stat().st_size
            os.truncate(filler, max(0, size - leave_kb * 1024))
        assert self.free_kb() <= leave_kb + 4, (self.free_kb(), leave_kb)

    def make_room(self) -> None:
        """Delete the filler."""
        (self.path / FILLER).unlink(missing_ok=True)

    def read_only(self) -> None:
        """Remount read-only (fails while a process has a file open for writing)."""
        done = self._mount("-o", "remount,ro", str(self.path))
        assert done.returncode == 0, done.stderr

    def writable(self) -> None:
        """Remount read-write."""
        done = self._mount("-o", "remount,rw", str(self.path))
        assert done.returncode == 0, done.stderr

    def fingerprint(self) -> dict[str, str]:
        """sha256 of every file on it except the filler: shows whether anything changed."""
        return {str(p.relative_to(self.path)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.path.rglob("*")) if p.is_file() and p.name != FILLER}


def small_disk(tmp_path: Path, size_kb: int) -> Iterator[SmallDisk]:
    """Generator for a fixture: a mounted SmallDisk under tmp_path, unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a full or read-only disk is made by mounting a tmpfs, which needs root "
                    "(CAP_SYS_ADMIN); CI runs as root, this run does not")
    disk = SmallDisk(tmp_path / "disk", size_kb)
    problem = disk.mount()
    if problem:
        pytest.skip(f"cannot mount a tmpfs here ({problem}); CI can, and runs these tests")
    try:
        yield disk
    finally:
        disk.unmount()


def run_ingest(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m ingest ARGS` on the embedded layout in data_dir, with the fake embedder."""
    env = {**os.environ, "LAB_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT),
           "EMBEDDING_MODEL": "tests.fakes:FakeEmbedder"}
    for name in ("DATABASE_URL", "CHROMA_HOST", "LAB_TEST_SERVERS"):
        env.pop(name, None)  # both stores in the data folder, whatever the test switch says
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
