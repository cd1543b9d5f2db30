"""`python -m ingest create-coordinator` / `set-password` run for real, checked with AccountStore."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge.accounts import AccountStore
from knowledge.db import init_db, make_engine, make_session_factory
from knowledge.errors import AuthError

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "CHROMA_HOST", "EMBEDDING_MODEL")}
    environ["LAB_DATA_DIR"] = str(tmp_path / "data")
    return environ


def ingest(env: dict[str, str], *argv: str,
           stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest", *argv], cwd=ROOT, env=env,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)


def accounts(database: Path) -> AccountStore:
    engine = make_engine(f"sqlite:///{database}")
    init_db(engine)  # a refused command may not have created the database at all
    return AccountStore(make_session_factory(engine))


def test_created_coordinator_can_sign_in(env, tmp_path):
    done = ingest(env, "create-coordinator", "Ana@Example.org", "--name", "Ana López",
                  "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "created coordinator account ana@example.org" in done.stdout
    store = accounts(tmp_path / "data" / "lab.db")
    view = store.authenticate("ana@example.org", PASSWORD)
    assert (view.email, view.name, view.role) == ("ana@example.org", "Ana López", "coordinator")
    with pytest.raises(AuthError):
        store.authenticate("ana@example.org", PASSWORD + "\n")  # the newline is not kept
    # only the database was opened: no Chroma folder, no model
    assert sorted(p.name for p in (tmp_path / "data").iterdir() if p.is_dir()) == []


def test_observer_role_and_database_url(env, tmp_path):
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    done = ingest(env, "create-coordinator", "obs@example.org", "--role", "observer",
                  "--password-stdin", stdin=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert accounts(tmp_path / "elsewhere.db").authenticate("obs@example.org",
                                                            PASSWORD).role == "observer"
    assert not (tmp_path / "data" / "lab.db").exists()


@pytest.mark.parametrize("argv, stdin, words", [
    (["not-an-email"], PASSWORD, ["email", "'not-an-email'", "not a valid e-mail"]),
    (["ana@example.org"], "elevenchars", ["password", "at least 12", "got 11"]),
])
def test_invalid_input_names_the_field_and_writes_nothing(env, tmp_path, argv, stdin, words):
    done = ingest(env, "create-coordinator", *argv, "--password-stdin", stdin=stdin + "\n")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert "elevenchars" not in done.stderr
    assert accounts(tmp_path / "data" / "lab.db").list() == []


def test_duplicate_email_is_refused(env, tmp_path):
    assert ingest(env, "create-coordinator", "ana@example.org", "--password-stdin",
                  stdin=PASSWORD).returncode == 0
    done = ingest(env, "create-coordinator", "ANA@example.org", "--password-stdin",
                  stdin="another long password")
    assert done.returncode == 1
    assert "error: email: an account with e-mail 'ana@example.org' already exists" in done.stderr
    assert accounts(tmp_path / "data" / "lab.db").authenticate("ana@example.org", PASSWORD)


def test_unknown_role_is_a_usage_error(env):
    done = ingest(env, "create-coordinator", "ana@example.org", "--role", "admin",
                  "--password-stdin", stdin=PASSWORD)
    assert done.returncode == 2 and "invalid choice: 'admin'" in done.stderr


def test_without_a_terminal_the_password_must_come_from_stdin(env, tmp_path):
    done = ingest(env, "create-coordinator", "ana@example.org")
    assert done.returncode == 2 and "--password-stdin" in done.stderr
    assert accounts(tmp_path / "data" / "lab.db").list() == []


def test_set_password(env, tmp_path):
    assert ingest(env, "create-coordinator", "ana@example.org", "--password-stdin",
                  stdin=PASSWORD).returncode == 0
    done = ingest(env, "set-password", "Ana@example.org", "--password-stdin",
                  stdin="a brand new passphrase\n")
    assert done.returncode == 0, done.stderr
    assert "password changed for ana@example.org" in done.stdout
    store = accounts(tmp_path / "data" / "lab.db")
    assert store.authenticate("ana@example.org", "a brand new passphrase")
    with pytest.raises(AuthError):
        store.authenticate("ana@example.org", PASSWORD)
    short = ingest(env, "set-password", "ana@example.org", "--password-stdin", stdin="short")
    assert short.returncode == 1 and "at least 12" in short.stderr
    missing = ingest(env, "set-password", "nobody@example.org", "--password-stdin",
                     stdin="a brand new passphrase")
    assert missing.returncode == 1 and "no account with e-mail 'nobody@example.org'" in \
        missing.stderr


def on_terminal(env: dict[str, str], argv: list[str], answers: list[str]) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal, typing each answer after the next prompt."""
    master, slave = pty.openpty()
    # a new session has no controlling terminal: getpass then prompts on the pty (stdin)
    proc = subprocess.Popen([sys.executable, "-m", "ingest", *argv], cwd=ROOT, env=env,
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    seen, pending = b"", list(answers)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
                # prompts end with ": " and echo is off, so each answer follows a prompt
                if pending and seen.count(b"assword") > len(answers) - len(pending):
                    os.write(master, pending.pop(0).encode() + b"\n")
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, seen.decode(errors="replace")


def test_terminal_prompt_asks_twice(env, tmp_path):
    code, shown = on_terminal(env, ["create-coordinator", "ana@example.org"],
                              [PASSWORD, PASSWORD])
    assert code == 0, shown
    assert "Password:" in shown and "Repeat the password:" in shown
    assert PASSWORD not in shown  # not echoed
    assert accounts(tmp_path / "data" / "lab.db").authenticate("ana@example.org", PASSWORD)


def test_terminal_prompt_refuses_two_different_passwords(env, tmp_path):
    code, shown = on_terminal(env, ["create-coordinator", "ana@example.org"],
                              [PASSWORD, PASSWORD + "x"])
    assert code == 1, shown
    assert "the two passwords differ" in shown
    assert accounts(tmp_path / "data" / "lab.db").list() == []
