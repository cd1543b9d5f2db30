"""The vector index: the `VectorIndex` protocol and its Chroma implementation (cosine)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np

from .db import cannot_write
from .errors import IndexError_

COLLECTION = "integration_lab"
# below this much room an embedded index's writes fail, in ways Chroma does not always name
LOW_ROOM_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class VectorHit:
    """A document found by similarity; score is cosine similarity (higher is closer)."""

    id: str
    score: float
    metadata: dict[str, Any]


@dataclass
class Snapshot:
    """Stored documents of the index, kept to restore them if a write must be undone."""

    ids: list[str]
    embeddings: list[list[float]]
    documents: list[str]
    metadatas: list[dict[str, Any]]


class VectorIndex(Protocol):
    """What the rest of the code needs from a vector store."""

    def upsert(self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        """Add or replace documents with their vectors."""
        ...

    def delete(self, ids: Sequence[str]) -> None:
        """Remove documents by id (unknown ids are ignored)."""
        ...

    def ids_where(self, where: dict[str, Any]) -> list[str]:
        """Ids of the documents whose metadata match."""
        ...

    def snapshot(self, ids: Sequence[str]) -> Snapshot:
        """The stored documents among ids, with their vectors."""
        ...

    def query(self, embedding: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[VectorHit]:
        """The k nearest documents, best first."""
        ...

    def count(self) -> int:
        """How many documents the index holds."""
        ...

    def reset(self) -> None:
        """Drop every document."""
        ...


def chroma_path(data_dir: str | Path | None) -> Path:
    """The embedded Chroma folder under the data directory."""
    return (Path(data_dir or "var") / "chroma").resolve()


def make_chroma_client(data_dir: str | Path | None = None, host: str | None = None,
                       port: int | None = None, *, tenant: str | None = None,
                       database: str | None = None) -> Any:
    """An embedded PersistentClient under data_dir, or an HttpClient when host is set.

    On a server, `tenant` and `database` (Chroma's own namespaces, created when missing)
    let several deployments, or several test runs, share one `chroma run` without meeting.
    """
    import chromadb
    from chromadb.config import DEFAULT_DATABASE, DEFAULT_TENANT, Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=True)
    try:
        if host:
            tenant, database = tenant or DEFAULT_TENANT, database or DEFAULT_DATABASE
            try:  # the client checks that the tenant and the database exist
                return chromadb.HttpClient(host=host, port=int(port or 8000),
                                           settings=settings, tenant=tenant, database=database)
            except Exception:
                if (tenant, database) == (DEFAULT_TENANT, DEFAULT_DATABASE):
                    raise
            # a deployment's own namespace, used for the first time: create it
            ensure_chroma_database(host, int(port or 8000), tenant, database)
            return chromadb.HttpClient(host=host, port=int(port or 8000), settings=settings,
                                       tenant=tenant, database=database)
        path = chroma_path(data_dir)
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:
        where = f"{host}:{port}" if host else str(data_dir)
        if host and database:
            where += f" (tenant {tenant!r}, database {database!r})"
        if cannot_write(exc):
            where += " (is its folder full or read-only?)"
        raise IndexError_(f"cannot open the Chroma index at {where}: {exc}") from exc


def chroma_admin(host: str, port: int) -> Any:
    """Chroma's AdminClient on a server: creates and deletes tenants and databases."""
    import chromadb
    from chromadb.config import Settings

    return chromadb.AdminClient(Settings(
        chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=host,
        chroma_server_http_port=int(port), anonymized_telemetry=False))


def ensure_chroma_database(host: str, port: int, tenant: str, database: str) -> None:
    """Create the tenant and the database on the server unless they exist (race-safe)."""
    admin = chroma_admin(host, port)
    for exists, create in ((lambda: admin.get_tenant(tenant),
                            lambda: admin.create_tenant(tenant)),
                           (lambda: admin.get_database(database, tenant),
                            lambda: admin.create_database(database, tenant))):
        try:
            exists()
            continue
        except Exception:  # absent (Chroma raises NotFoundError or a plain error): create it
            pass
        try:
            create()
        except Exception:  # another worker created it meanwhile: it must exist now
            exists()


class ChromaIndex:
    """Chroma collection in cosine space; we always pass our own embeddings."""

    def __init__(self, client: Any, name: str = COLLECTION, ef_search: int = 200,
                 path: str | None = None) -> None:
        self.client = client
        self.name = name
        self.ef_search = ef_search
        self.path = path  # set for an embedded client: it can be reloaded from disk
        self._collection = self._open()
        self._retired: list[Any] = []

    def refresh(self) -> bool:
        """Reopen an embedded store from disk to see other processes' writes."""
        if self.path is None:
            return False  # a server is shared by every process: always current
        from chromadb.api.shared_system_client import SharedSystemClient

        # Chroma caches one system per folder per process, and that system never sees
        # writes made by other processes; drop it from the cache and open a fresh one.
        # The old one is stopped one refresh later, once queries in flight are done.
        systems = SharedSystemClient._identifier_to_system
        old = systems.pop(self.path, None)
        self.client = make_chroma_client(Path(self.path).parent)
        self._collection = self._open()
        for system in self._retired:
            try:
                system.stop()
            except Exception:  # already stopped: nothing to release
                pass
        self._retired = [old] if old is not None else []
        return True

    def _open(self) -> Any:
        try:
            # embedding_function=None: Chroma's default would download a model at add time
            return self.client.get_or_create_collection(
                self.name, embedding_function=None,
                configuration={"hnsw": {"space": "cosine", "ef_search": self.ef_search,
                                        "ef_construction": 200}},
            )
        except Exception as exc:
            raise IndexError_(f"cannot open Chroma collection {self.name!r}: {exc}") from exc

    def _call(self, what: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            raise IndexError_(f"Chroma {what} failed: {type(exc).__name__}: {exc}") from exc

    def upsert(self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        """Add or replace documents in batches Chroma accepts."""
        self._upsert(ids, embeddings, documents, metadatas)

    def _upsert(self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str],
                metadatas: Sequence[dict[str, Any]]) -> None:
        step = 1000
        for i in range(0, len(ids), step):
            self._call("upsert", self._collection.upsert, ids=list(ids[i:i + step]),
                       embeddings=np.asarray(embeddings[i:i + step], dtype=np.float32),
                       documents=list(documents[i:i + step]),
                       metadatas=list(metadatas[i:i + step]))

    def delete(self, ids: Sequence[str]) -> None:
        """Remove documents by id."""
        if ids:
            self._call("delete", self._collection.delete, ids=list(ids))

    def ids_where(self, where: dict[str, Any]) -> list[str]:
        """Ids of documents whose metadata match `where`."""
        result = self._call("get", self._collection.get, where=where, include=[])
        return list(result["ids"])

    def storage_trouble(self) -> bool:
        """True when an embedded index's folder is read-only or nearly full."""
        if self.path is None:
            return False  # a server's disk is not ours to see
        try:
            stats = os.statvfs(self.path)
        except OSError:
            return True
        return bool(stats.f_flag & os.ST_RDONLY) or \
            stats.f_bavail * stats.f_frsize < LOW_ROOM_BYTES

    def all_ids(self) -> list[str]:
        """Every document id in the collection."""
        result = self._call("get", self._collection.get, include=[])
        return list(result["ids"])

    def all_texts(self) -> dict[str, str]:
        """Every document id with the text stored for it."""
        result = self._call("get", self._collection.get, include=["documents"])
        return {i: str(t or "") for i, t in zip(result["ids"], result["documents"] or [])}

    def snapshot(self, ids: Sequence[str]) -> Snapshot:
        """Stored documents among ids, with vectors, documents and metadata."""
        if not ids:
            return Snapshot([], [], [], [])
        r = self._call("get", self._collection.get, ids=list(ids),
                       include=["embeddings", "documents", "metadatas"])
        return Snapshot(list(r["ids"]), [list(map(float, e)) for e in r["embeddings"]],
                        list(r["documents"]), list(r["metadatas"]))

    def restore(self, snap: Snapshot) -> None:
        """Put a snapshot back."""
        if snap.ids:
            self._upsert(snap.ids, np.asarray(snap.embeddings, dtype=np.float32),
                        snap.documents, snap.metadatas)

    def query(self, embedding: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[VectorHit]:
        """Nearest documents by cosine similarity, best first."""
        if k <= 0:
            raise ValueError(f"k must be greater than 0, got {k}")
        r = self._call("query", self._collection.query,
                       query_embeddings=[np.asarray(embedding, dtype=np.float32)],
                       n_results=k, where=where or None, include=["metadatas", "distances"])
        return [VectorHit(i, 1.0 - float(d), m or {})
                for i, d, m in zip(r["ids"][0], r["distances"][0], r["metadatas"][0])]

    def count(self) -> int:
        """Number of documents."""
        return int(self._call("count", self._collection.count))

    def reset(self) -> None:
        """Delete and recreate the collection."""
        try:
            self.client.delete_collection(self.name)
        except Exception:  # absent already: nothing to drop
            pass
        self._collection = self._open()
