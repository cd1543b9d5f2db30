"""`python -m ingest ... --workers N`: pooled embedding keeps imports all-or-nothing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pytest

from knowledge.schema import validate_practice
from tests.fakes import FakeEmbedder

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
FAKE = "tests.fakes:FakeEmbedder"
DYING = "tests.ingest.test_pool_ingest:DyingEmbedder"
MARKER = "ZZ-pool-worker-stops-here"


class DyingEmbedder(FakeEmbedder):
    """The fake embedder (same name, same cache); a passage holding MARKER kills its process."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if any(MARKER in t for t in texts):
            os._exit(9)
        return super().embed_passages(texts)


LANGS = {  # language: (country, region, title, sentences)
    "en": ("SE", "Skåne", "Fast track to jobs",
           ["The region matched refugees with employers through mentoring.",
            "Paid work placements lasted six months.",
            "Employers were involved from the start."]),
    "fr": ("FR", "Bretagne", "Cours de français pour adultes",
           ["Le département finance des cours du soir pour les nouveaux arrivants.",
            "Des bénévoles accompagnent les familles réfugiées.",
            "Les écoles accueillent les enfants dans des classes d'accueil."]),
    "de": ("DE", "Bayern", "Rechtsberatung für Geflüchtete",
           ["Die Stadt bietet Beratung zum Asylverfahren an.",
            "Dolmetscher begleiten Familien zu den Behörden.",
            "Ehrenamtliche helfen bei der Wohnungssuche."]),
    "es": ("ES", "Catalonia", "Vivienda para personas refugiadas",
           ["La Generalitat coordinó pisos de acogida para familias refugiadas.",
            "Los municipios firmaron acuerdos de alquiler social.",
            "La coordinación multinivel es clave."]),
    "it": ("IT", "Puglia", "Mediazione sanitaria per migranti",
           ["Mediatori culturali negli ospedali della regione.",
            "I pazienti migranti capiscono meglio le cure.",
            "I mediatori riducono le incomprensioni con il personale."]),
    "el": ("GR", "Attica", "Ένταξη παιδιών προσφύγων",
           ["Οι σχολικές μονάδες εντάσσουν τα παιδιά προσφύγων.",
            "Τάξεις υποδοχής βοηθούν στην εκμάθηση ελληνικών.",
            "Οι γονείς ενημερώνονται στη γλώσσα τους."]),
    "pt": ("PT", "Lisboa", "Balcão único para imigrantes",
           ["O município criou um balcão único para diplomas estrangeiros.",
            "Cursos de língua portuguesa para requerentes de asilo.",
            "A câmara apoia a habitação de famílias imigrantes."]),
}
AREAS = [["labour market"], ["language", "education"], ["health"], ["housing"]]


def make_records(n: int, start: int = 0) -> list[dict[str, Any]]:
    """n valid practices in seven languages, of varied length and shape."""
    records = []
    for i in range(start, start + n):
        lang = list(LANGS)[i % len(LANGS)]
        country, region, title, sentences = LANGS[lang]
        body = " ".join(sentences[(i + k) % 3] for k in range(1 + i % 4))
        record: dict[str, Any] = {
            "id": f"pool-{i:05d}", "title": f"{title} {i}", "region": region,
            "country": country, "language": lang, "areas": AREAS[i % len(AREAS)],
            "target_groups": ["refugees"], "summary": f"{body} (practice {i})"}
        if i % 2:
            record["challenges"] = f"{sentences[i % 3]} Case {i}."
        else:
            record["solutions"] = f"{sentences[(i + 1) % 3]} {sentences[(i + 2) % 3]}"
        if i % 3 == 0:
            record["lessons_learnt"] = " ".join(sentences) * (1 + i % 5)
        if i % 5 == 0 and lang != "en":
            record["translations"] = {"en": {"title": f"Practice {i} in English",
                                             "summary": LANGS["en"][3][i % 3]}}
        records.append(record)
    return records


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def ingest(env: dict[str, str], *args: str, model: str = FAKE
           ) -> subprocess.CompletedProcess[str]:
    """`python -m ingest ARGS` as a real process."""
    environ = {**env, "EMBEDDING_MODEL": model} if model else env
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=600)


SNAPSHOT = r"""
import json, sys
from sqlalchemy import create_engine, text
from knowledge.embed_pool import build_embedder
from knowledge.vector_index import make_chroma_client
from knowledge.wiring import collection_name
data, spec = sys.argv[1], sys.argv[2]
with create_engine(f"sqlite:///{data}/lab.db").connect() as conn:
    counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
              for t in ("practice", "passage")}
name = collection_name(build_embedder(spec))
ids = make_chroma_client(data).get_collection(name).get(include=[])["ids"]
print(json.dumps({**counts, "ids": sorted(ids)}))
"""


def snapshot(env: dict[str, str], spec: str = FAKE) -> dict[str, Any]:
    """Practice and passage rows, and the Chroma ids, read by a fresh process."""
    out = subprocess.run([sys.executable, "-c", SNAPSHOT, env["LAB_DATA_DIR"], spec],
                         cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "CHROMA_HOST", "EMBEDDING_MODEL")}
    return {**environ, "LAB_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}


def test_generated_records_are_valid_and_varied():
    records = make_records(1000)
    assert len({validate_practice(r).id for r in records}) == 1000
    assert {r["language"] for r in records} == set(LANGS)
    assert len({len(r["summary"]) for r in records}) > 100


def test_pooled_ingest_of_1000_practices_is_all_or_nothing(tmp_path, env):
    first = write(tmp_path / "first.json", make_records(1000))
    done = ingest(env, "practices", str(first), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "practices: 1000 added, 0 updated, 0 unchanged, 0 rejected" in done.stdout
    assert ingest(env, "verify").returncode == 0
    before = snapshot(env)
    assert before["practice"] == 1000 and before["passage"] == len(before["ids"]) > 2000

    # an invalid last record: refused before anything is embedded or written
    second = make_records(1000, start=1000)
    second[-1]["country"] = "Atlantis"
    path = write(tmp_path / "second.json", second)
    bad = ingest(env, "practices", str(path), "--workers", "2")
    assert bad.returncode == 1
    assert f"{path}: record 1000: country: unknown country 'Atlantis'" in bad.stderr
    assert "nothing was written" in bad.stderr
    assert snapshot(env) == before

    # a pool worker dies mid-way (on record 700): a clean error, nothing written
    third = make_records(1000, start=2000)
    third[699]["summary"] += f" {MARKER}"
    path = write(tmp_path / "third.json", third)
    died = ingest(env, "practices", str(path), "--workers", "2", model=DYING)
    assert died.returncode == 3, died.stderr
    assert "error: embedding worker" in died.stderr and "exited with code 9" in died.stderr
    assert "Traceback" not in died.stderr and died.stdout == ""
    assert snapshot(env) == before
    assert ingest(env, "verify").returncode == 0

    # without the dying worker the same file loads in full
    again = ingest(env, "practices", str(path), "--workers", "auto")
    assert again.returncode == 0, again.stderr
    assert "1000 added" in again.stdout
    assert snapshot(env)["practice"] == 2000
    assert ingest(env, "verify").returncode == 0


def test_workers_option_is_checked(tmp_path, env):
    path = write(tmp_path / "one.json", make_records(1))
    for value in ("0", "many"):
        out = ingest(env, "practices", str(path), "--workers", value)
        assert out.returncode == 2 and "--workers" in out.stderr, value


def test_real_default_model_through_the_pool(tmp_path, env):
    path = write(tmp_path / "twenty.json", make_records(20))
    done = ingest(env, "practices", str(path), "--workers", "2", model="")
    assert done.returncode == 0, done.stderr
    assert "20 added" in done.stdout
    assert ingest(env, "verify", model="").returncode == 0
    state = snapshot(env, spec="")
    assert state["practice"] == 20 and len(state["ids"]) == state["passage"] > 20
    redone = ingest(env, "reindex", "--workers", "2", model="")
    assert redone.returncode == 0 and f"reindexed {state['passage']} documents" in redone.stdout
    assert snapshot(env, spec="") == state
