"""CSV and JSON exports of the explorer's whole filtered list (public fields only)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from typing import Any, Iterator

from flask import Response, current_app, g, request
from sqlalchemy import and_, select

from knowledge import vocab
from knowledge.errors import FieldError
from knowledge.filters import filter_clauses
from knowledge.models import PUBLISHED, Practice
from knowledge.schema import TRANSLATABLE
from knowledge.store import public_practice

from ..extensions import get_lab
from . import bp
from .routes import State, read_state

# the first CSV columns, in this order; any other public field follows, sorted
CSV_FIRST = ("id", "title", "region", "country", "language", "url", "areas", "authority_role",
             "role_groups", "target_groups", "start_year", "end_year", "city_or_area",
             "summary", "challenges", "solutions", "lessons_learnt", "results",
             "transferability", "funding", "partners", "latitude", "longitude", "source_url")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_state() -> State:
    """The state of an export request; a value it cannot use is a 400 naming it."""
    state, problems, _typed = read_state(request.args)
    problems = [p for p in problems if p.name != "page"]  # exports are never paged
    if problems:  # named as the API names them
        p = problems[0]
        raise FieldError(p.name if p.name == "q" else f"filters.{p.name}", p.message, p.value)
    return state


def matching_ids(state: State) -> list[str]:
    """Every practice id of the list the explorer shows, in its order (all pages)."""
    if not state.q:
        # the order PracticeSearch gives an empty query (title, then id), without paging
        with get_lab().session_factory() as session:
            return list(session.scalars(select(Practice.id).where(
                and_(*filter_clauses(state.filters))).order_by(Practice.title, Practice.id)))
    ids: list[str] = []
    search = get_lab().search
    while True:
        page = search.search(state.q, state.filters, g.lang, 100, len(ids))
        ids += [r["id"] for r in page.results]
        if not page.results or len(ids) >= page.total:
            return ids


def base_url() -> str:
    """Where the site is, for links that must work outside it (in a downloaded file)."""
    return str(current_app.config.get("LAB_BASE_URL") or request.url_root).rstrip("/")


def public_records(ids: list[str]) -> Iterator[dict[str, Any]]:
    """The public view (never the contact) of each practice, in the order of ids."""
    base = base_url()
    with get_lab().session_factory() as session:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = {p.id: p for p in session.scalars(select(Practice).where(
                Practice.id.in_(chunk), Practice.status == PUBLISHED))}
            for pid in chunk:
                if pid in rows:
                    yield public_practice(rows[pid], base)


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        elif isinstance(value, (list, tuple)):
            flat[prefix + key] = "; ".join(str(v) for v in value)
        else:
            flat[prefix + key] = value
    return flat


def csv_column_order(name: str) -> tuple[int, int, int, str]:
    """Main fields first, then the aspects in REGIN order, then translations, then the rest."""
    parts = name.split(".")
    if name in CSV_FIRST:
        return (0, CSV_FIRST.index(name), 0, "")
    if parts[0] == "evaluation" and len(parts) == 3 and parts[1] in vocab.ASPECTS:
        return (1, list(vocab.ASPECTS).index(parts[1]), parts[2] != "inspiring", "")
    if parts[0] == "translations" and len(parts) == 3:
        lang = vocab.LANGS.index(parts[1]) if parts[1] in vocab.LANGS else len(vocab.LANGS)
        field_order = TRANSLATABLE.index(parts[2]) if parts[2] in TRANSLATABLE else 99
        return (2, lang, field_order, name)
    return (3, 0, 0, name)


def csv_cell(value: Any) -> str:
    """A cell as text; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _download(body: bytes | str, mimetype: str, suffix: str) -> Response:
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = \
        f'attachment; filename="integration-lab-practices-{day}.{suffix}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/practices/export.csv")
def export_csv() -> Response:
    """The whole filtered list as CSV (UTF-8 with a BOM for Excel), public fields only."""
    rows = [_flatten(r) for r in public_records(matching_ids(export_state()))]
    present = dict.fromkeys(k for row in rows for k in row)
    columns = sorted(present, key=csv_column_order)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns or ["id"])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return _download("\ufeff" + out.getvalue(), "text/csv", "csv")


@bp.get("/practices/export.json")
def export_json() -> Response:
    """The whole filtered list as JSON, public fields only, with the query that chose it."""
    state = export_state()
    practices = list(public_records(matching_ids(state)))
    body = {"exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "query": {"q": state.q, **state.filters.as_dict()},
            "explorer_url": base_url() + state.url(),
            "total": len(practices), "practices": practices}
    return _download(json.dumps(body, ensure_ascii=False, indent=2),
                     "application/json", "json")
