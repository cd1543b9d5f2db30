"""Bounded load test: concurrent clients on /api/v1/ask and /api/v1/search for a fixed time.

Loads N synthetic practices (bench/latency.py's generator) with the default embedder, starts
gunicorn (2 workers × 4 threads) on 127.0.0.1 only, then runs C client threads for D seconds
(a mix of asks and searches in the seven languages) and prints throughput, p50/p95/p99 per
endpoint, the error rate and the workers' RSS sampled over time (flat RSS = no leak).
Rate limits are switched off for the run (one client address would exceed them).

    .venv/bin/python bench/load.py [--n 1000] [--clients 8] [--seconds 600] [--ask-share 0.5]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from latency import QUESTIONS, SEARCHES, percentile, rss_mb, synthetic  # noqa: E402

from knowledge.schema import validate_practice  # noqa: E402
from knowledge.wiring import open_stack  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """Latencies and errors per endpoint, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = {"ask": [], "search": []}
        self.errors: dict[str, int] = {"ask": 0, "search": 0}
        self.error_kinds: dict[str, int] = {}

    def add(self, kind: str, ms: float | None, error: str | None = None) -> None:
        with self.lock:
            if error is None and ms is not None:
                self.ms[kind].append(ms)
            else:
                self.errors[kind] += 1
                self.error_kinds[error or "?"] = self.error_kinds.get(error or "?", 0) + 1


def one(base: str, kind: str, rng: random.Random) -> None:
    """One request; raises on anything but 200."""
    if kind == "ask":
        body = json.dumps({"question": rng.choice(QUESTIONS)}).encode()
        req = urllib.request.Request(f"{base}/api/v1/ask", data=body,
                                     headers={"Content-Type": "application/json"})
    else:
        q = urllib.parse.quote(rng.choice(SEARCHES))
        req = urllib.request.Request(f"{base}/api/v1/search?q={q}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()


def client(base: str, until: float, share: float, seed: int, rec: Recorder) -> None:
    """A client that sends requests back to back until the deadline."""
    rng = random.Random(seed)
    while time.perf_counter() < until:
        kind = "ask" if rng.random() < share else "search"
        start = time.perf_counter()
        try:
            one(base, kind, rng)
            rec.add(kind, (time.perf_counter() - start) * 1000)
        except urllib.error.HTTPError as exc:
            rec.add(kind, None, f"HTTP {exc.code}")
        except OSError as exc:
            rec.add(kind, None, type(exc).__name__)


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """gunicorn as `make run` starts it, on the loopback."""
    env = {**os.environ, "LAB_DATA_DIR": str(data_dir), "SECRET_KEY": "bench",
           "DATABASE_URL": f"sqlite:///{data_dir / 'lab.db'}", "HF_HUB_OFFLINE": "1",
           "LAB_ASK_RATE": "off", "LAB_SUBMIT_RATE": "off"}
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4",
           "--timeout", "60", "--bind", f"127.0.0.1:{port}", "web:create_app()"]
    log = open(data_dir / "server.log", "wb")  # the service's own log, kept for errors
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log,
                            start_new_session=True)


def main() -> None:
    """Load, serve, hammer, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--ask-share", type=float, default=0.5)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load")
    args = parser.parse_args()
    data_dir = args.out / f"n{args.n}"
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    data_dir.mkdir(parents=True)
    stack = open_stack({"DATABASE_URL": f"sqlite:///{data_dir / 'lab.db'}",
                        "LAB_DATA_DIR": str(data_dir)})
    stack.kb.import_practices([validate_practice(r) for r in synthetic(args.n)])
    del stack
    proc = serve(data_dir, args.port)
    base = f"http://127.0.0.1:{args.port}"
    rec, samples = Recorder(), []
    try:
        deadline = time.perf_counter() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if time.perf_counter() > deadline:
                    raise RuntimeError("the service did not start in 120 s") from None
                time.sleep(0.1)
        for q in QUESTIONS:  # warm both workers' models and caches
            one(base, "ask", random.Random(q))
        start = time.perf_counter()
        until = start + args.seconds
        threads = [threading.Thread(target=client, args=(base, until, args.ask_share, i, rec))
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                 text=True).stdout.split()
        while time.perf_counter() < until:
            samples.append((round(time.perf_counter() - start),
                            [round(rss_mb(int(w))) for w in workers]))
            time.sleep(min(15.0, max(1.0, args.seconds / 40)))
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    total = sum(len(v) for v in rec.ms.values()) + sum(rec.errors.values())
    report: dict[str, Any] = {
        "n": args.n, "clients": args.clients, "seconds": round(elapsed),
        "requests": total, "errors": sum(rec.errors.values()), "error_kinds": rec.error_kinds,
        "error_rate": round(sum(rec.errors.values()) / max(1, total), 5),
        "load_average_after": os.getloadavg()[0]}
    for kind, values in rec.ms.items():
        if values:
            report[kind] = {"per_s": round(len(values) / elapsed, 1),
                            "p50_ms": round(percentile(values, 50), 1),
                            "p95_ms": round(percentile(values, 95), 1),
                            "p99_ms": round(percentile(values, 99), 1)}
    report["rss_mb_first_last"] = [samples[0][1], samples[-1][1]] if samples else []
    report["rss_samples"] = samples
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
