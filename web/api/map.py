"""GET /api/v1/map: the published practices placed on the map, and those that could not be."""
from __future__ import annotations

from flask import jsonify, request

from knowledge.filters import known_region_slugs

from ..extensions import get_lab
from ..map.routes import map_practices, raw_filters
from . import bp
from .routes import _lang_param, checked_filters


@bp.get("/api/v1/map")
def practice_map():  # type: ignore[no-untyped-def]
    """Placed and unplaced practices passing the filters (the facets of /api/v1/search)."""
    args = request.args
    with get_lab().session_factory() as session:
        # strict, like /api/v1/search: an unknown value is a 400 naming the field and the value
        filters = checked_filters(raw_filters(args), known_region_slugs(session))
        lang = _lang_param(args.get("lang"))
        return jsonify(map_practices(session, filters, lang))
