"""The regions: the REGIN pilot regions first, then every other region with practices."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from knowledge.models import PUBLISHED, Practice, Region
from knowledge.text import first_sentences, fold, slugify
from knowledge.translated import Text, pick_text, practice_texts

from ..errors import error_response, wants_json
from ..extensions import get_lab
from ..glossary.routes import lang_notice
from ..templating import safe_href
from . import bp

_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass
class Card:
    """A region in the list."""

    slug: str
    name: Text
    country: str
    responsible_body: str | None
    practice_count: int
    pilot: bool


def region_name(row: Region, lang: str) -> Text:
    """The region's name in lang, else its own name (language unknown, so the page's)."""
    return pick_text(row.names, lang) or Text(row.name, lang)


def cards(lang: str) -> tuple[list[Card], list[Card]]:
    """(pilot regions, other regions), each in alphabetical order of the name shown."""
    with get_lab().session_factory() as session:
        counts: dict[str, int] = dict(session.execute(  # type: ignore[arg-type]
            select(Practice.region_slug, func.count()).where(Practice.status == PUBLISHED)
            .group_by(Practice.region_slug)).all())
        profiles = list(session.scalars(select(Region)))
        # a region without a profile is named and placed as its first practice has it
        named = session.execute(select(Practice.region_slug, Practice.region, Practice.country,
                                       Practice.language)
                                .where(Practice.status == PUBLISHED).order_by(Practice.id)).all()
    out = [Card(r.slug, region_name(r, lang), r.country, r.responsible_body,
                counts.get(r.slug, 0), bool(r.pilot)) for r in profiles]
    known = {r.slug for r in profiles}
    for slug, name, country, language in named:
        if slug not in known:
            known.add(slug)
            out.append(Card(slug, Text(name, language), country, None, counts[slug], False))
    out.sort(key=lambda c: (fold(c.name.value), c.slug))
    return [c for c in out if c.pilot], [c for c in out if not c.pilot]


@bp.get("/regions")
def index() -> str:
    """Every region: the pilots with their responsible body, then the others."""
    pilots, others = cards(g.lang)
    return render_template("regions/index.html", pilots=pilots, others=others,
                           lang_notice=lang_notice())


def not_found(slug: str) -> Any:
    """A 404 that says which region is unknown: a page for people, JSON for scripts."""
    if wants_json():
        return error_response(404, "not_found",
                              _("There is no region “%(key)s”.", key=slug[:80]))
    return render_template("regions/not_found.html", slug=slug[:80],
                           lang_notice=lang_notice()), 404


@bp.get("/regions/<slug>")
def region(slug: str) -> Any:
    """One region: profile and integration action (if it has a profile) and its practices."""
    lang = g.lang
    with get_lab().session_factory() as session:
        profile = session.get(Region, slug)
        practices = list(session.scalars(select(Practice).where(
            Practice.region_slug == slug, Practice.status == PUBLISHED)))
        canonical = slugify(slug)
        known_elsewhere = canonical != slug and (
            session.get(Region, canonical) is not None or session.scalar(
                select(Practice.id).where(Practice.region_slug == canonical,
                                          Practice.status == PUBLISHED).limit(1)))
    if profile is None and not practices:
        if known_elsewhere:  # /regions/Skåne -> /regions/skane
            return redirect(url_for("regions.region", slug=canonical), 301)
        return not_found(slug)
    items = []
    for p in practices:
        texts = practice_texts(p, lang)
        summary = texts["summary"]
        items.append({"id": p.id, "title": texts["title"],
                      "summary": summary and Text(first_sentences(summary.value, 240),
                                                  summary.lang),
                      "start_year": p.start_year, "end_year": p.end_year})
    items.sort(key=lambda item: fold(item["title"].value))
    if profile is not None:
        name, country = region_name(profile, lang), profile.country
    else:
        name, country = Text(practices[0].region, practices[0].language), practices[0].country
    website = profile.website if profile is not None else None
    return render_template(
        "regions/region.html", slug=slug, profile=profile, name=name, country=country,
        text=pick_text(profile.profile, lang) if profile else None,
        action=pick_text(profile.integration_action, lang) if profile else None,
        website=safe_href(website) if website and _WEB_URL.match(website.strip()) else None,
        practices=items, lang_notice=lang_notice())
