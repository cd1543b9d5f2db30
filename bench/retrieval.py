"""Retrieval quality on public multilingual sets: XQuAD-R (question -> paragraph) and Tatoeba.

Runs the project's own retrieval (documents in Chroma + the FTS5 passage index, fused by
HybridRetriever) with the configured embedder, and prints Recall@1, Recall@5 and MRR@10 per
language pair, hybrid and dense-only side by side.

    .venv/bin/python bench/retrieval.py [--data ../shared/bench-data] [--model NAME]
                                        [--limit N] [--out bench/out]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.retriever import HybridRetriever  # noqa: E402
from knowledge.documents import Document  # noqa: E402
from knowledge.embedder import load_embedder  # noqa: E402
from knowledge.wiring import KnowledgeStack, open_stack  # noqa: E402

XQUAD_LANGS = ("en", "de", "el", "es")
TATOEBA = ("fra", "ita", "por", "ell", "deu", "spa")


def metrics(ranked: Sequence[Sequence[str]], gold: Sequence[str]) -> dict[str, float]:
    """Recall@1, Recall@5 and MRR@10 of ranked id lists against one gold id each."""
    r1 = r5 = mrr = 0.0
    for ids, g in zip(ranked, gold):
        top = list(ids[:10])
        if top[:1] == [g]:
            r1 += 1
        if g in top[:5]:
            r5 += 1
        if g in top:
            mrr += 1.0 / (top.index(g) + 1)
    n = max(len(gold), 1)
    return {"R@1": r1 / n, "R@5": r5 / n, "MRR@10": mrr / n}


def build_index(stack: KnowledgeStack, docs: list[Document]) -> float:
    """Embed (through the cache) and index documents; returns seconds spent."""
    start = time.perf_counter()
    vectors = stack.indexer.embed(docs)
    with stack.session_factory() as session:
        stack.indexer.lexical.clear(session)
        stack.vector_index.reset()
        stack.indexer.replace(session, docs, vectors)
        session.commit()
    return time.perf_counter() - start


def doc(doc_id: str, owner: str, text: str, lang: str) -> Document:
    """A benchmark document in the index's practice format (owner = the gold id)."""
    return Document(id=f"p:{owner}:{lang}:summary:{doc_id}", text=text, kind="summary",
                    lang=lang, practice_id=owner,
                    metadata={"doc_type": "practice", "practice_id": owner, "kind": "summary",
                              "lang": lang})


def rank(retriever: HybridRetriever, questions: list[str], hybrid: bool) -> list[list[str]]:
    """Ranked owner ids for each question."""
    vectors = retriever.embedder.embed_queries(questions)
    out = []
    for q, v in zip(questions, vectors):
        if hybrid:
            out.append([m.practice_id for m in retriever.retrieve(q, k=10, vector=v)])
        else:
            hits = retriever.vector_index.query(v, 40, {"doc_type": "practice"})
            seen: list[str] = []
            for h in hits:
                pid = str(h.metadata["practice_id"])
                if pid not in seen:
                    seen.append(pid)
            out.append(seen[:10])
    return out


def load_xquad(data: Path, limit: int | None) -> dict[str, tuple[list[str], list[tuple[str, str]]]]:
    """Per language: paragraphs (index = id) and (question, paragraph id) pairs."""
    out = {}
    for lang in XQUAD_LANGS:
        articles = json.loads((data / "xquad" / f"xquad.{lang}.json").read_text())["data"]
        paragraphs, questions = [], []
        for art in articles:
            for para in art["paragraphs"]:
                pid = f"x{len(paragraphs):03d}"
                paragraphs.append(para["context"])
                questions += [(qa["question"], pid) for qa in para["qas"]]
        out[lang] = (paragraphs, questions[:limit] if limit else questions)
    return out


def print_row(task: str, pair: str, mode: str, m: dict[str, float]) -> None:
    """One result line."""
    print(f"{task:<14} {pair:<8} {mode:<7} R@1 {m['R@1']:.3f}  R@5 {m['R@5']:.3f}  "
          f"MRR@10 {m['MRR@10']:.3f}", flush=True)


def run_xquad(stack: KnowledgeStack, retriever: HybridRetriever, data: Path,
              limit: int | None) -> None:
    """XQuAD-R: questions in en/de/el/es against English paragraphs, then all four pooled."""
    sets = load_xquad(data, limit)
    english = [doc(f"x{i:03d}", f"x{i:03d}", t, "en") for i, t in enumerate(sets["en"][0])]
    pooled = [doc(f"x{i:03d}", f"x{i:03d}", t, lang) for lang in XQUAD_LANGS
              for i, t in enumerate(sets[lang][0])]
    for label, docs in (("xquad->en", english), ("xquad->pool", pooled)):
        seconds = build_index(stack, docs)
        print(f"# {label}: {len(docs)} paragraphs indexed in {seconds:.1f} s", flush=True)
        for lang in XQUAD_LANGS:
            questions = [q for q, _ in sets[lang][1]]
            gold = [g for _, g in sets[lang][1]]
            for hybrid in (True, False):
                m = metrics(rank(retriever, questions, hybrid), gold)
                print_row(label, f"{lang}->{'en' if label.endswith('en') else '*'}",
                          "hybrid" if hybrid else "dense", m)


def run_tatoeba(stack: KnowledgeStack, retriever: HybridRetriever, data: Path,
                limit: int | None) -> None:
    """Tatoeba xx->en: each sentence finds its English translation among 1,000."""
    for code in TATOEBA:
        base = data / "tatoeba" / f"tatoeba.{code}-eng"
        src = Path(f"{base}.{code}").read_text(encoding="utf-8").splitlines()
        eng = Path(f"{base}.eng").read_text(encoding="utf-8").splitlines()
        if limit:
            src, eng = src[:limit], eng[:limit]
        docs = [doc(f"t{i:04d}", f"t{i:04d}", t, "en") for i, t in enumerate(eng)]
        build_index(stack, docs)
        gold = [f"t{i:04d}" for i in range(len(src))]
        for hybrid in (True, False):
            print_row("tatoeba", f"{code}->en", "hybrid" if hybrid else "dense",
                      metrics(rank(retriever, src, hybrid), gold))
        # the symmetric reading (query prefix on both sides), as the reference measured it
        q = retriever.embedder.embed_queries(src)
        e = retriever.embedder.embed_queries(eng)
        order = np.argsort(-(q @ e.T), axis=1)[:, :10]
        print_row("tatoeba-sym", f"{code}->en", "dense",
                  metrics([[f"t{j:04d}" for j in row] for row in order], gold))


def main() -> None:
    """Parse arguments and run both benchmarks."""
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=here.parent.parent / "shared" / "bench-data")
    parser.add_argument("--model", default="", help="EMBEDDING_MODEL (default: bundled e5)")
    parser.add_argument("--limit", type=int, default=None, help="questions/sentences per set")
    parser.add_argument("--out", type=Path, default=here / "out" / "retrieval")
    parser.add_argument("--only", choices=["xquad", "tatoeba"], default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    embedder = load_embedder(args.model)
    # the database keeps the embedding cache between runs; the index is rebuilt per set
    stack = open_stack({"DATABASE_URL": f"sqlite:///{args.out / 'bench.db'}",
                        "LAB_DATA_DIR": str(args.out)}, embedder)
    retriever = HybridRetriever(embedder, stack.vector_index, stack.lexical,
                                stack.session_factory)
    print(f"# model {embedder.name}; data {args.data}")
    start = time.perf_counter()
    if args.only in (None, "xquad"):
        run_xquad(stack, retriever, args.data, args.limit)
    if args.only in (None, "tatoeba"):
        run_tatoeba(stack, retriever, args.data, args.limit)
    print(f"# total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
