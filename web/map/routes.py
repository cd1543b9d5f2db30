"""The map page, and the placed practices it shares with GET /api/v1/map.

Practices are placed by their own coordinates, else by the gazetteer (city or region, then the
country's centre); none is left out for lack of a place: the unplaced are listed beside the map.
The page is a GET form over the same facets as /practices; the map script reads the placed
practices from the page itself, so drawing it asks the server only for static files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from assistant.composer import ANSWER_FIELDS
from knowledge import vocab
from knowledge.errors import FieldError
from knowledge.filters import (
    FACETS,
    PracticeFilters,
    facet_counts,
    filter_clauses,
    known_region_slugs,
    parse_filters,
)
from knowledge.gazetteer import place
from knowledge.models import PUBLISHED, Practice
from knowledge.text import first_sentences
from knowledge.translated import plain_texts

from ..extensions import get_lab
from . import bp

YEARS = ("year_from", "year_to")
# the facets of the filter panel, in order, with their names in the page language
LABELS = {"country": _l("Country"), "region": _l("Region"), "area": _l("Integration area"),
          "role": _l("Role of the regional authority"), "target_group": _l("Target group"),
          "aspect": _l("Has inspiring elements on"), "language": _l("Language of the record"),
          "year_from": _l("From year"), "year_to": _l("To year")}
SNIPPET_CHARS = 160


@dataclass
class Option:
    """One value of a facet with the number of practices it would show."""

    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    """A facet of the filter panel."""

    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected(self) -> int:
        """How many of its values are chosen."""
        return sum(o.checked for o in self.options)


def raw_filters(args: Any) -> dict[str, Any]:
    """The filter parameters of a query string (empty values dropped, other parameters ignored)."""
    raw: dict[str, Any] = {}
    for name in FACETS:
        values = list(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
        if values:
            raw[name] = values
    for name in YEARS:
        if args.get(name, "").strip():
            raw[name] = args.get(name, "").strip()
    return raw


def lenient_filters(raw: dict[str, Any], regions: set[str]
                    ) -> tuple[PracticeFilters, list[FieldError]]:
    """The valid filters, and an error for every value left out (the page keeps the rest)."""
    kept: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, values in raw.items():
        for value in (values if isinstance(values, list) else [values]):
            try:  # one value at a time, so each bad one is reported and the others kept
                parse_filters({name: [value] if name in FACETS else value}, regions)
            except FieldError as exc:
                errors.append(exc)
            else:
                if name in FACETS:
                    kept.setdefault(name, []).append(value)
                else:
                    kept[name] = value
    try:
        return parse_filters(kept, regions), errors
    except FieldError as exc:  # only the years can clash with each other
        errors.append(exc)
        for name in YEARS:
            kept.pop(name, None)
        return parse_filters(kept, regions), errors


def map_practices(session: Session, filters: PracticeFilters, lang: str) -> dict[str, Any]:
    """The published practices passing the filters, placed on the map or listed as unplaced."""
    rows = [(p, *plain_texts(p, lang, ANSWER_FIELDS)) for p in session.scalars(
        select(Practice).where(and_(*filter_clauses(filters))))]
    rows.sort(key=lambda row: (vocab.label("country", row[0].country, lang).casefold(),
                               row[0].region.casefold(), (row[2]["title"] or "").casefold()))
    placed: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    for p, text_lang, texts in rows:
        item: dict[str, Any] = {"id": p.id, "title": texts["title"] or p.title,
                                "region": p.region, "country": p.country}
        where = place(p.region, p.country, p.city_or_area, p.latitude, p.longitude)
        if where is not None:
            item.update(lat=round(where.lat, 5), lon=round(where.lon, 5),
                        precision=where.precision)
        item["url"] = url_for("pages.practice", practice_id=p.id)
        snippet = first_sentences(texts["summary"] or "", SNIPPET_CHARS)
        if snippet:
            item["snippet"] = snippet
        item["lang"] = text_lang
        (placed if where is not None else unplaced).append(item)
    return {"total": len(rows), "placed": placed, "unplaced": unplaced}


def _label(facet: str, value: str, lang: str, regions: dict[str, str]) -> str:
    if facet == "region":
        return regions.get(value, value)
    return vocab.label(facet, value, lang)


def facets(session: Session, filters: PracticeFilters, lang: str) -> list[Facet]:
    """The filter panel: every facet's values with their counts, chosen ones ticked."""
    counts = facet_counts(session, filters)
    regions = dict(session.execute(select(Practice.region_slug, Practice.region).where(
        Practice.status == PUBLISHED)).all())
    out = []
    for name in FACETS:
        chosen = getattr(filters, name)
        values = dict(counts.get(name, {}))
        for value in chosen:
            values.setdefault(value, 0)
        options = [Option(v, _label(name, v, lang, regions), n, v in chosen)
                   for v, n in values.items()]
        options.sort(key=lambda o: o.label.casefold())
        out.append(Facet(name, str(LABELS[name]), options))
    return out


def problem_message(exc: FieldError) -> str:
    """What was wrong with a filter value, in the page language."""
    name = exc.field.removeprefix("filters.")
    if name == "year_to" and "before" in exc.message:
        return _("The end year %(to)s is before the start year: the years were left out.",
                 to=exc.value)
    return _("“%(value)s” is not a value of the filter “%(filter)s”: it was left out.",
             value=exc.value, filter=LABELS.get(name, name))


@bp.get("/map")
def index() -> tuple[str, int]:
    """Every published practice on a map of Europe, with the filters and the list view."""
    lang = g.lang
    raw = raw_filters(request.args)
    with get_lab().session_factory() as session:
        filters, errors = lenient_filters(raw, known_region_slugs(session))
        data = map_practices(session, filters, lang)
        panel = facets(session, filters, lang)
    items = data["placed"] + data["unplaced"]
    countries = {item["country"]: vocab.label("country", item["country"], lang)
                 for item in items}
    script_data = {
        "placed": data["placed"], "countries": countries,
        "atlas": url_for("static", filename="vendor/world-atlas/countries-50m.json"),
        "i18n": {"zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"), "close": _("Close"),
                 "open": _("Open the practice"), "cluster": _("{count} practices"),
                 "nearRegion": _("Placed at the centre of its region or city."),
                 "nearCountry": _("Placed at the centre of its country."),
                 "shapes": _("Country shapes: Natural Earth"),
                 "noShapes": _("The country shapes could not be loaded: the markers are "
                               "shown without them.")},
    }
    years = {name: getattr(filters, name) or "" for name in YEARS}
    body = render_template(
        "map/index.html", total=data["total"], items=items, unplaced=data["unplaced"],
        approximate=[i for i in data["placed"] if i["precision"] != "exact"],
        countries=countries, facets=panel, years=years, filtered=not filters.empty,
        problems=[problem_message(e) for e in errors], script_data=script_data)
    return body, 400 if errors else 200
