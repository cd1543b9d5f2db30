"""Explorer page speed: GET /practices with three facets set, and with words, on N practices.

Loads N synthetic practices (bench/latency.py's generator, enriched with target groups,
evaluation aspects, record languages and end years) into a data folder, then times the
explorer in process through the Flask test client (one request at a time, no network) and
prints p50/p95 per case, one JSON line each.

    .venv/bin/python bench/explorer.py --fake-embedder     # page speed, loads in ~2-3 min
    .venv/bin/python bench/explorer.py                     # real model: embeds every passage
                                                           # of 5,000 practices (~10+ min)
    ... [--n 5000] [--requests 100] [--reuse] [--out bench/out/explorer]

--fake-embedder loads and queries with tests/fakes.FakeEmbedder (hashed words, no model). The
explorer's filtered listing with an empty q never embeds (the run counts embedder calls to
show it), so its figures are the same with either embedder; requests with words then leave out
the model's query embedding, which the run measures on its own with the real model.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from latency import percentile, synthetic  # noqa: E402  (bench/ is the script's folder)

from knowledge.schema import validate_practice  # noqa: E402

TARGETS = ["beneficiaries_international_protection", "asylum_seekers", "women", "children",
           "youth", "third_country_nationals", "unaccompanied_minors"]
ASPECTS = ["communication", "inclusion", "innovation", "multilevel_governance",
           "multistakeholder", "monitoring_evaluation", "sustainability"]
LANGS = ["en", "en", "en", "fr", "de", "es", "it", "el", "pt"]
# three facets each (OR inside a facet counts as one facet)
FACETS3 = [
    "country=ES&area=housing&role=direct",
    "country=IT&target_group=beneficiaries_international_protection&aspect=innovation",
    "region=bavaria&area=language&language=de",
    "country=SE&country=DE&role=funding&target_group=women",
    "area=health&target_group=children&aspect=inclusion",
    "country=FR&role=indirect&aspect=sustainability&page=2",
]
WORDS = ["jobs for refugees", "logement des familles", "Sprachkurse für Mütter",
         "salud mental", "scuola bambini", "εργασία πρόσφυγες", "habitação"]


class CountingEmbedder:
    """Wraps an embedder and counts query embeddings (the explorer should make none without q)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.dim, self.queries = inner, inner.name, inner.dim, 0

    def embed_queries(self, texts: Sequence[str]) -> Any:
        self.queries += 1
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Any:
        return self.inner.embed_passages(texts)


def records(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """bench/latency.py's practices with the facets it leaves empty filled in."""
    rng = random.Random(seed)
    out = []
    for r in synthetic(n):
        r["target_groups"] = rng.sample(TARGETS, rng.randint(1, 3))
        r["evaluation"] = {a: {"inspiring": f"Inspiring {a} in {r['region']}.",
                               "improvement": "Reach more people."}
                           for a in rng.sample(ASPECTS, rng.randint(0, 3))}
        r["language"] = rng.choice(LANGS)
        if rng.random() < 0.5:
            r["end_year"] = r["start_year"] + rng.randint(0, 6)
        out.append(r)
    return out


def load(data_dir: Path, n: int, embedder: Any, reuse: bool) -> float | None:
    """Fill data_dir with n published practices; returns the seconds it took (None: reused)."""
    from sqlalchemy import func, select

    from knowledge.models import Practice
    from knowledge.wiring import open_stack
    config = {"DATABASE_URL": f"sqlite:///{data_dir / 'lab.db'}", "LAB_DATA_DIR": str(data_dir)}
    if reuse and (data_dir / "lab.db").exists():
        stack = open_stack(config, embedder)
        with stack.session_factory() as session:
            if session.scalar(select(func.count()).select_from(Practice)) == n:
                return None
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    stack = open_stack(config, embedder)
    start = time.perf_counter()
    batch, todo = 500, records(n)
    for i in range(0, n, batch):
        stack.kb.import_practices([validate_practice(r) for r in todo[i:i + batch]])
        print(f"  loaded {min(n, i + batch)}/{n} in {time.perf_counter() - start:.0f} s",
              file=sys.stderr, flush=True)
    return time.perf_counter() - start


def timed(call: Callable[[], Any], requests: int, warm: int = 5) -> dict[str, float]:
    """p50/p95/mean in ms of a call after a few warm-up calls."""
    for _ in range(warm):
        call()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "mean_ms": round(statistics.fmean(times), 1), "requests": requests}


def get(client: Any, urls: list[str], headers: dict[str, str] | None = None) -> Callable[[], Any]:
    """A call that GETs the next URL of the list (round robin) and checks the answer."""
    state = {"i": 0}

    def call() -> Any:
        url = urls[state["i"] % len(urls)]
        state["i"] += 1
        response = client.get(url, headers=headers or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response
    return call


def main() -> None:
    """Load, then time each case and print one JSON line per case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--fake-embedder", action="store_true",
                        help="load and query with tests/fakes.FakeEmbedder (no model)")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "explorer")
    args = parser.parse_args()
    if args.requests < 50:
        parser.error(f"--requests must be at least 50 for a p95, got {args.requests}")

    from knowledge.embedder import load_embedder
    from web import create_app
    if args.fake_embedder:
        from tests.fakes import FakeEmbedder
        inner: Any = FakeEmbedder()
    else:
        inner = load_embedder("")
    embedder = CountingEmbedder(inner)
    mode = "fake" if args.fake_embedder else "model"
    data_dir = args.out / f"{mode}-n{args.n}"
    load_s = load(data_dir, args.n, embedder, args.reuse)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "LAB_DATA_DIR": str(data_dir),
                      "DATABASE_URL": f"sqlite:///{data_dir / 'lab.db'}", "CHROMA_HOST": None,
                      "LAB_EMBEDDER": embedder})
    client = app.test_client()
    facets = [f"/practices?{q}" for q in FACETS3]
    words = [f"/practices?q={w.replace(' ', '+')}&{q.replace('&page=2', '')}"
             for w, q in zip(WORDS, FACETS3 * 2)]
    print(json.dumps({"n": args.n, "embedder": inner.name, "cores": os.cpu_count(),
                      "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
                      "load_s": None if load_s is None else round(load_s, 1),
                      "client": "Flask test client, in process, sequential"}), flush=True)

    before = embedder.queries
    cases: list[tuple[str, Callable[[], Any], int]] = [
        ("explorer_3_facets", get(client, facets), args.requests),
        ("explorer_3_facets_live_part", get(client, facets, {"X-Explorer": "live"}),
         args.requests),
        ("api_search_3_facets", get(client, [u.replace("/practices?", "/api/v1/search?")
                                             .replace("&page=2", "&offset=20")
                                             for u in facets]), args.requests),
        ("export_csv_3_facets", get(client, [u.replace("/practices?", "/practices/export.csv?")
                                             for u in facets]), 20),
    ]
    for name, call, requests in cases:
        print(json.dumps({"case": name, **timed(call, requests)}), flush=True)
    print(json.dumps({"note": "embedder calls during the requests above (empty q)",
                      "query_embeddings": embedder.queries - before}), flush=True)

    figures = timed(get(client, words), args.requests)
    print(json.dumps({"case": "explorer_3_facets_with_words", "embedder": inner.name,
                      **figures}), flush=True)
    print(json.dumps({"load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]}))
    if args.fake_embedder:
        model = load_embedder("")
        embed = timed(lambda: model.embed_queries([random.choice(WORDS)]), args.requests)
        print(json.dumps({"case": "real_model_query_embedding_alone", "embedder": model.name,
                          **embed, "note": "add to explorer_3_facets_with_words for an estimate "
                          "with the real model"}), flush=True)


if __name__ == "__main__":
    main()
