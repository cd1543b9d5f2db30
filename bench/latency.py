"""Service latency, readiness, memory and ingest throughput on N synthetic practices.

Loads N generated practices (valid records in the seven languages) with the real default
embedder, starts the service with gunicorn (2 workers) on 127.0.0.1, then measures p50/p95 of
POST /api/v1/ask and GET /api/v1/search, the time until /healthz answers, and worker RSS.

    .venv/bin/python bench/latency.py --n 100 --n 1000 [--requests 200] [--out bench/out]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.schema import validate_practice  # noqa: E402
from knowledge.wiring import open_stack  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOPICS = [
    ("labour market", "refugees found jobs through mentoring and work placements with employers",
     "employers did not recognise foreign qualifications", "skills assessment and bridging "
     "courses", "involve employers from the start"),
    ("housing", "families were housed in flats rented from private owners with a guarantee",
     "landlords refused tenants without a work contract", "the region guaranteed the rent",
     "trust with landlords takes time"),
    ("language", "intensive language courses with childcare for parents",
     "mothers could not attend evening classes", "courses in the morning with a creche",
     "childcare decides who can learn"),
    ("health", "cultural mediators in hospitals and mental health support",
     "patients could not explain their symptoms", "trained mediators in twelve languages",
     "mediators reduce misunderstandings"),
    ("education", "school places and tutoring for newly arrived children",
     "children arrived in the middle of the school year", "welcome classes for six months",
     "teachers need training in second-language teaching"),
]
REGIONS = [("Skåne", "SE"), ("Catalonia", "ES"), ("Puglia", "IT"), ("Azores", "PT"),
           ("Attica", "GR"), ("Bavaria", "DE"), ("Flanders", "BE"), ("Île-de-France", "FR")]
QUESTIONS = ["How did other regions get refugees into jobs?",
             "Comment les régions ont-elles logé les familles réfugiées ?",
             "Wie wurden Sprachkurse für Mütter organisiert?",
             "¿Cómo se apoyó la salud mental de los refugiados?",
             "Come sono stati accolti i bambini a scuola?",
             "Πώς βρήκαν δουλειά οι πρόσφυγες;",
             "Como foram apoiados os migrantes no acesso à habitação?"]
SEARCHES = ["jobs", "housing families", "Sprachkurse", "salud mental", "scuola",
            "εργασία", "habitação", ""]


def synthetic(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """N valid practice records with varied topics, regions and years."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        area, summary, challenge, solution, lesson = TOPICS[i % len(TOPICS)]
        region, country = REGIONS[rng.randrange(len(REGIONS))]
        out.append({
            "id": f"synthetic-{i:05d}", "title": f"{area.capitalize()} practice {i} in {region}",
            "region": region, "country": country, "areas": [area],
            "summary": f"In {region}, {summary} (case {i}).",
            "challenges": f"{challenge.capitalize()}.", "solutions": f"{solution.capitalize()}.",
            "lessons_learnt": f"{lesson.capitalize()}.", "start_year": 2010 + i % 14,
            "authority_role": rng.choice(["leader", "coordinator", "funding", "support"])})
    return out


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(url: str, body: dict[str, Any] | None = None) -> float:
    """Milliseconds for one request (raises on a non-2xx answer)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()
    return (time.perf_counter() - start) * 1000


def run(n: int, requests: int, out: Path, port: int) -> dict[str, Any]:
    """Load n practices, serve them, measure."""
    data_dir = out / f"n{n}"
    if data_dir.exists():
        subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    data_dir.mkdir(parents=True)
    env = {**os.environ, "LAB_DATA_DIR": str(data_dir), "SECRET_KEY": "bench",
           "DATABASE_URL": f"sqlite:///{data_dir / 'lab.db'}", "HF_HUB_OFFLINE": "1"}
    stack = open_stack({"DATABASE_URL": env["DATABASE_URL"], "LAB_DATA_DIR": str(data_dir)})
    records = [validate_practice(r) for r in synthetic(n)]
    start = time.perf_counter()
    stack.kb.import_practices(records)
    ingest_s = time.perf_counter() - start
    passages = stack.vector_index.count()
    del stack
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4",
           "--bind", f"127.0.0.1:{port}", "web:create_app()"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                timed(f"{base}/healthz")
                break
            except OSError:
                if time.perf_counter() - started > 120:
                    raise RuntimeError("service did not start in 120 s")
                time.sleep(0.05)
        ready_s = time.perf_counter() - started
        for q in QUESTIONS:  # warm both workers
            timed(f"{base}/api/v1/ask", {"question": q})
        asks = [timed(f"{base}/api/v1/ask", {"question": QUESTIONS[i % len(QUESTIONS)]})
                for i in range(requests)]
        searches = [timed(f"{base}/api/v1/search?q={urllib.parse.quote(SEARCHES[i % 8])}")
                    for i in range(requests)]
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                  text=True).stdout.split()
        rss = [rss_mb(int(c)) for c in children]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return {"n": n, "passages": passages, "ingest_s": round(ingest_s, 1),
            "ingest_passages_per_s": round(passages / ingest_s, 1),
            "ready_s": round(ready_s, 2),
            "ask_p50_ms": round(statistics.median(asks), 1),
            "ask_p95_ms": round(percentile(asks, 95), 1),
            "search_p50_ms": round(statistics.median(searches), 1),
            "search_p95_ms": round(percentile(searches, 95), 1),
            "worker_rss_mb": [round(r) for r in rss]}


def main() -> None:
    """Run each N and print one line of figures per N."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="practices (repeatable)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "latency")
    args = parser.parse_args()
    for n in args.n or [100, 1000]:
        print(json.dumps(run(n, args.requests, args.out, args.port)), flush=True)


if __name__ == "__main__":
    main()
