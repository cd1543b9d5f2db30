"""The test switch: the whole suite on PostgreSQL and a `chroma run` server instead of the
embedded stores.

    LAB_TEST_SERVERS=1
    LAB_TEST_DATABASE_URL=postgresql+psycopg://lab@127.0.0.1:PORT/lab_test
    LAB_TEST_CHROMA=127.0.0.1:PORT
    LAB_TEST_SERVERS_DIR=...     (optional: lets tests restart PostgreSQL through
                                  scripts/test-servers.sh)

`scripts/test-servers.sh start` starts both servers and `scripts/test-servers.sh env` prints
these variables; `make test-servers` does it all. With the switch on, `make_config(folder)`
gives each folder its own PostgreSQL schema (a `search_path` in the URL, and the schema's
name as the connections' `application_name`) and its own Chroma database on the shared
server, where the folder would have held a SQLite file and a Chroma folder: the same folder
gets the same stores again. Both are dropped when the test that made them ends (those of
session and module fixtures when the session ends). A test that passes its own
DATABASE_URL or CHROMA_HOST keeps it. Without the switch nothing here is used and the suite
runs on SQLite and embedded Chroma folders, as always.

Child processes (the ingest CLI, gunicorn) reach the same stores through `child_env(config)`.
Tests whose child processes build their own environment from LAB_DATA_DIR alone stay on
SQLite and an embedded Chroma folder in both runs.
"""
from __future__ import annotations

import itertools
import os
import subprocess
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

ROOT = Path(__file__).resolve().parent.parent
SWITCH = "LAB_TEST_SERVERS"


def enabled() -> bool:
    """True when the suite runs against the test servers."""
    return os.environ.get(SWITCH, "").strip() not in ("", "0", "false", "no")


@dataclass
class Servers:
    """The shared servers of this run and every namespace made on them."""

    database_url: str
    chroma_host: str
    chroma_port: int
    state_dir: str | None
    made: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, folder)
    # like a SQLite file in the test's folder: the same folder gets the same stores back
    by_folder: dict[tuple[str, str], str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _engine: Any = None
    _chroma: Any = None

    @property
    def chroma_admin(self) -> Any:
        """Chroma's AdminClient on the run's server (creates and deletes databases)."""
        if self._chroma is None:
            from knowledge.vector_index import chroma_admin
            self._chroma = chroma_admin(self.chroma_host, self.chroma_port)
        return self._chroma

    @property
    def admin_engine(self) -> Any:
        """An autocommit engine on the run's database (creates and drops schemas)."""
        if self._engine is None:
            from sqlalchemy import create_engine
            self._engine = create_engine(self.database_url, isolation_level="AUTOCOMMIT",
                                         pool_pre_ping=True, pool_size=1)
        return self._engine


_servers: Servers | None = None
_numbers = itertools.count(1)


def servers() -> Servers:
    """The servers named by the environment; a clear error when the switch is half set."""
    global _servers
    if _servers is not None:
        return _servers
    url = os.environ.get("LAB_TEST_DATABASE_URL", "").strip()
    chroma = os.environ.get("LAB_TEST_CHROMA", "").strip()
    if not url.startswith("postgresql") or ":" not in chroma:
        raise RuntimeError(
            f"{SWITCH}=1 needs LAB_TEST_DATABASE_URL=postgresql+psycopg://... and "
            f"LAB_TEST_CHROMA=host:port (got {url!r} and {chroma!r}); start the servers with "
            "`scripts/test-servers.sh start` and `eval \"$(scripts/test-servers.sh env)\"`, "
            "or run `make test-servers`")
    host, _, port = chroma.rpartition(":")
    _servers = Servers(url, host, int(port), os.environ.get("LAB_TEST_SERVERS_DIR") or None)
    return _servers


def check() -> None:
    """Fail at once, with the reason, when a server is not there."""
    import urllib.request

    from sqlalchemy import text
    s = servers()
    try:
        with s.admin_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise RuntimeError(f"PostgreSQL at {s.database_url} is not reachable: {exc}") from exc
    try:
        urllib.request.urlopen(f"http://{s.chroma_host}:{s.chroma_port}/api/v2/heartbeat",
                               timeout=5)
    except OSError as exc:
        raise RuntimeError(f"Chroma at {s.chroma_host}:{s.chroma_port} is not reachable: "
                           f"{exc}") from exc


def _name(prefix: str) -> str:
    return f"{prefix}{next(_numbers)}_{uuid.uuid4().hex[:8]}"


def schema_url(name: str) -> str:
    """The run's database seen through one schema (its connections named after it)."""
    from sqlalchemy.engine import make_url
    url = make_url(servers().database_url).update_query_dict(
        {"options": f"-csearch_path={name}", "application_name": name})
    return url.render_as_string(hide_password=False)


def _create_schema(folder: str) -> str:
    from sqlalchemy import text
    s = servers()
    name = _name("t")
    with s.admin_engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    with s.lock:
        s.made.append(("schema", name, folder))
    return name


def _create_chroma_database(folder: str) -> str:
    s = servers()
    name = _name("c")
    s.chroma_admin.create_database(name)
    with s.lock:
        s.made.append(("chroma", name, folder))
    return name


def new_database_url() -> str:
    """A URL on a fresh, empty schema of the run's database (the app migrates it)."""
    return schema_url(_create_schema(""))


def new_chroma_database() -> str:
    """A fresh database on the Chroma server (default tenant)."""
    return _create_chroma_database("")


def _for_folder(kind: str, folder: str) -> str:
    s = servers()
    with s.lock:
        name = s.by_folder.get((kind, folder))
    if name is None:
        name = (_create_schema if kind == "schema" else _create_chroma_database)(folder)
        with s.lock:
            s.by_folder[(kind, folder)] = name
    return name


def isolated_stores(folder: str | os.PathLike[str], extra: Mapping[str, Any]
                    ) -> dict[str, Any]:
    """Settings for make_config: the schema and Chroma database of this folder (made on
    first use, like the SQLite file and Chroma folder it stands for), unless the test chose
    its own database or Chroma."""
    s = servers()
    key = str(Path(folder).resolve())
    out: dict[str, Any] = {}
    if "DATABASE_URL" not in extra:
        out["DATABASE_URL"] = schema_url(_for_folder("schema", key))
    if "CHROMA_HOST" not in extra:  # a test that names its Chroma keeps it
        out.update(CHROMA_HOST=s.chroma_host, CHROMA_PORT=s.chroma_port,
                   CHROMA_DATABASE=_for_folder("chroma", key))
    return out


def child_env(config: Mapping[str, Any], base: Mapping[str, str] | None = None
              ) -> dict[str, str]:
    """The environment of a child process (CLI, gunicorn) that must use the config's stores."""
    env = dict(os.environ if base is None else base)
    for key in ("DATABASE_URL", "LAB_DATA_DIR", "CHROMA_HOST", "CHROMA_PORT",
                "CHROMA_TENANT", "CHROMA_DATABASE"):
        value = config.get(key)
        if value is None or value == "":
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def mark() -> int:
    """How many namespaces exist now: cleanup(mark) drops the ones made after."""
    return len(_servers.made) if _servers is not None else 0


def cleanup(since: int = 0) -> None:
    """Drop the schemas and Chroma databases made after `since` (connections closed first)."""
    if _servers is None:
        return
    from sqlalchemy import text
    s = _servers
    with s.lock:
        doomed, s.made[since:] = s.made[since:], []
        for kind, _name_, folder in doomed:
            s.by_folder.pop((kind, folder), None)
    errors: list[str] = []
    for kind, name, _folder in reversed(doomed):
        try:
            if kind == "schema":
                with s.admin_engine.connect() as conn:
                    # pools of apps the test left behind still hold idle connections
                    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE application_name = :n AND pid <> "
                                      "pg_backend_pid()"), {"n": name})
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            else:
                s.chroma_admin.delete_database(name)
        except Exception as exc:  # report them all, after trying every one
            errors.append(f"{kind} {name}: {type(exc).__name__}: {exc}")
    if errors:
        raise RuntimeError("test servers: cleanup failed: " + "; ".join(errors))


def postgres(action: str) -> None:
    """Stop, start or restart the run's PostgreSQL (scripts/test-servers.sh pg-ACTION)."""
    s = servers()
    if not s.state_dir:
        raise RuntimeError("LAB_TEST_SERVERS_DIR is not set: PostgreSQL can be restarted only "
                           "when scripts/test-servers.sh started it")
    env = {**os.environ, "LAB_TEST_SERVERS_DIR": s.state_dir}
    done = subprocess.run([str(ROOT / "scripts" / "test-servers.sh"), f"pg-{action}"],
                          env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"scripts/test-servers.sh pg-{action} failed: "
                           f"{done.stderr[-2000:]}")
