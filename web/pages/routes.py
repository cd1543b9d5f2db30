"""Public pages: one page per published practice (the list is the explorer's)."""
from __future__ import annotations

from typing import Any

from flask import g, render_template, request

from knowledge import vocab
from knowledge.models import Practice
from knowledge.translated import TEXT_FIELDS, Text, practice_texts, translation_langs

from ..extensions import get_lab
from ..templating import safe_href
from . import bp

SECTIONS = TEXT_FIELDS[1:]


def tag_labels(p: Practice, kind: str, free_kind: str | None = None) -> list[Text]:
    """Vocabulary labels in the page language, then free tags as written in the record."""
    lang = g.lang
    labels = [Text(vocab.label(kind, v, lang), lang) for v in p.tag_values(kind)]
    if free_kind:
        labels += [Text(v, p.language) for v in p.tag_values(free_kind)]
    return labels


@bp.get("/practices/<practice_id>")
def practice(practice_id: str) -> str:
    """One published practice, every public section, never the contact."""
    p = get_lab().store.get(practice_id)  # NotFoundError -> the 404 page
    available = translation_langs(p)
    wanted = request.args.get("text", "")
    text_lang = wanted if wanted in available else p.language
    texts = practice_texts(p, text_lang)
    sections = [(name, texts[name]) for name in SECTIONS if texts[name] is not None]
    return render_template(
        "pages/practice.html", p=p, title=texts["title"], sections=sections,
        text_lang=text_lang, available=available,
        areas=tag_labels(p, "area", "area_tag"), roles=tag_labels(p, "role"),
        target_groups=tag_labels(p, "target_group", "target_group_tag"),
        evaluations=[e for e in p.evaluations if e.inspiring or e.improvement],
        partners=[str(x) for x in (p.partners or []) if str(x).strip()],
        source_href=safe_href(p.source_url), similar=similar_practices(p.id))


def similar_practices(practice_id: str, k: int = 4) -> list[dict[str, Any]]:
    """Nearest published practices in the index, titled in the page language."""
    lab = get_lab()
    matches = lab.retriever.similar(practice_id, k)
    found = lab.store.get_many([m.practice_id for m in matches])
    out = []
    for m in matches:
        other = found.get(m.practice_id)
        if other is not None:
            texts = practice_texts(other, g.lang)
            out.append({"id": other.id, "title": texts["title"], "region": other.region,
                        "country": other.country})
    return out
