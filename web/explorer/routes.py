"""The practice explorer: words and facets in the URL, paged results, CSV and JSON exports.

Everything is a GET form, so the page works without JavaScript; explorer.js asks for the same
URL with the `X-Explorer: live` header and gets only the part of the page that changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from flask import Response, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select

from knowledge import vocab
from knowledge.errors import FieldError
from knowledge.filters import (
    FACETS,
    ROLE_GROUPS,
    PracticeFilters,
    filter_clauses,
    known_region_slugs,
    parse_filters,
)
from knowledge.models import Practice, PracticeTag, Region

from ..extensions import get_lab
from . import bp


PER_PAGE = 20
MAX_Q = 500
LIVE_HEADER = "X-Explorer"
YEARS = ("year_from", "year_to")
LABELS = {"q": _l("Words"), "country": _l("Country"), "region": _l("Region"),
          "area": _l("Integration area"), "role": _l("Role of the regional authority"),
          "target_group": _l("Target group"), "aspect": _l("Has inspiring elements on"),
          "language": _l("Language of the record"), "year_from": _l("From year"),
          "year_to": _l("To year"), "page": _l("Page")}


@dataclass
class State:
    """What the visitor asked for: words, facet values, years and page (valid values only)."""

    q: str = ""
    filters: PracticeFilters = field(default_factory=PracticeFilters)
    page: int = 1
    lang: str | None = None  # the interface language when it is in the URL

    @property
    def empty(self) -> bool:
        """True when neither words nor filters are set."""
        return not self.q and self.filters.empty

    def args(self, page: int | None = None) -> list[tuple[str, str]]:
        """The state as query parameters, in a stable order (page 1 left out)."""
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        for name in FACETS:
            out += [(name, v) for v in getattr(self.filters, name)]
        out += [(name, str(getattr(self.filters, name))) for name in YEARS
                if getattr(self.filters, name)]
        page = self.page if page is None else page
        if page > 1:
            out.append(("page", str(page)))
        if self.lang:
            out.append(("lang", self.lang))
        return out

    def url(self, endpoint: str = "explorer.index", page: int | None = None) -> str:
        """The URL of this state (an export, or the explorer at a page)."""
        query = urlencode(self.args(page if endpoint == "explorer.index" else 1))
        return url_for(endpoint) + (f"?{query}" if query else "")

    def without(self, name: str, value: Any = None) -> State:
        """This state, first page, without one value of a facet (or without q / a year)."""
        filters = PracticeFilters(**self.filters.as_dict())
        if name in FACETS:
            setattr(filters, name, [v for v in getattr(filters, name) if v != value])
        elif name in YEARS:
            setattr(filters, name, None)
        return replace(self, q="" if name == "q" else self.q, filters=filters, page=1)


@dataclass
class Problem:
    """A value the explorer could not use, for the error summary and its field."""

    name: str
    message: str
    value: str

    @property
    def label(self) -> str:
        """The field's name in the page language."""
        return str(LABELS.get(self.name, self.name))

    @property
    def target(self) -> str:
        """The id of the control the summary links to."""
        return {"q": "q", "year_from": "year-from", "year_to": "year-to",
                "page": "results-heading"}.get(self.name, f"facet-{self.name}")


def known_regions() -> set[str]:
    """Slugs a region filter may name: regions with practices and region profiles."""
    with get_lab().session_factory() as session:
        return known_region_slugs(session)


def _problem(exc: FieldError, raw: Any) -> Problem:
    return Problem(exc.field.removeprefix("filters."), exc.message, str(raw))


def read_state(args: Any) -> tuple[State, list[Problem], dict[str, str]]:
    """The valid state in the query, every value that is not, and the years as typed."""
    problems: list[Problem] = []
    regions = known_regions() if any(v.strip() for v in args.getlist("region")) else set()
    raw: dict[str, Any] = {}
    for name in FACETS:
        for value in dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()):
            try:  # one value at a time, so every bad value is reported and the rest kept
                parse_filters({name: [value]}, regions)
            except FieldError as exc:
                problems.append(_problem(exc, value))
            else:
                raw.setdefault(name, []).append(value)
    typed = {name: args.get(name, "").strip() for name in YEARS}
    for name in YEARS:
        if typed[name]:
            try:
                parse_filters({name: typed[name]})
            except FieldError as exc:
                problems.append(_problem(exc, typed[name]))
            else:
                raw[name] = typed[name]
    try:
        filters = parse_filters(raw, regions)
    except FieldError as exc:  # the years, each valid, in the wrong order
        problems.append(_problem(exc, typed["year_to"]))
        filters = parse_filters({k: v for k, v in raw.items() if k not in YEARS}, regions)
    for name in FACETS:  # "Sweden" and "SE" are the same value
        setattr(filters, name, list(dict.fromkeys(getattr(filters, name))))
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_Q:
        problems.append(Problem("q", f"is {len(q)} characters long (at most {MAX_Q})",
                                q[:40] + "…"))
        q = q[:MAX_Q]
    page, page_raw = 1, args.get("page", "").strip()
    if page_raw:
        try:
            page = int(page_raw)
            if page < 1:
                raise ValueError
        except ValueError:
            problems.append(Problem("page", f"must be a whole number from 1, got {page_raw!r:.20}",
                                    page_raw))
            page = 1
    lang = args.get("lang") if args.get("lang") in vocab.LANGS else None
    return State(q, filters, page, lang), problems, typed


# --- facet options --------------------------------------------------------------------------

@dataclass
class Option:
    """One checkbox of a facet."""

    value: str
    label: str
    count: int | None  # None: not counted (role groups when words are given)
    checked: bool


def _options(name: str, counts: dict[str, int], selected: list[str],
             labels: dict[str, str], order: list[str] | None = None) -> list[Option]:
    values = [v for v in counts if counts[v] > 0] + [v for v in selected if v not in counts]
    if order is not None:
        values.sort(key=lambda v: order.index(v) if v in order else len(order))
    else:
        values.sort(key=lambda v: labels.get(v, v).casefold())
    return [Option(v, labels[v] if v in labels else vocab.label(name, v, g.lang),
                   counts.get(v, 0), v in selected) for v in values]


def region_names(lang: str) -> dict[str, str]:
    """Region slug -> its name in lang (profile names first, else as the practices spell it)."""
    with get_lab().session_factory() as session:
        names = dict(session.execute(select(Practice.region_slug, func.min(Practice.region))
                                     .group_by(Practice.region_slug)).all())
        for slug, name, translated in session.execute(
                select(Region.slug, Region.name, Region.names)):
            names[slug] = (translated or {}).get(lang) or name
    return names


def role_group_counts(filters: PracticeFilters) -> dict[str, int]:
    """How many practices each role group would give (other facets applied)."""
    direct = [k for k, t in vocab.ROLES.items() if t.group == "direct"]
    group = case((PracticeTag.value.in_(direct), "direct"), else_="indirect")
    ids = select(Practice.id).where(and_(*filter_clauses(filters, skip="role")))
    with get_lab().session_factory() as session:
        counts = dict(session.execute(
            select(group, func.count(func.distinct(PracticeTag.practice_id)))
            .where(PracticeTag.kind == "role", PracticeTag.practice_id.in_(ids))
            .group_by(group)).all())
    return {g: int(counts.get(g, 0)) for g in ROLE_GROUPS}


def facet_groups(state: State, facets: dict[str, dict[str, int]],
                 names: dict[str, str]) -> list[dict[str, Any]]:
    """Every facet with its options, labels in the page language, for the template."""
    lang, f = g.lang, state.filters
    countries = {c: vocab.label("country", c, lang) for c in facets.get("country", {})}
    countries.update({c: vocab.label("country", c, lang) for c in f.country})
    languages = {c: vocab.label("language", c, lang) for c in vocab.LANGS}
    groups: list[dict[str, Any]] = [
        {"name": "country", "options": _options("country", facets["country"], f.country,
                                                 countries)},
        {"name": "region", "options": _options("region", facets["region"], f.region, names)},
        {"name": "area", "options": _options("area", facets["area"], f.area, {},
                                              list(vocab.AREAS))},
    ]
    # role: the two groups, each an "any role of the group" box and its three roles
    group_counts = role_group_counts(f) if not state.q else {}
    roles = []
    for group in ROLE_GROUPS:
        keys = [k for k, t in vocab.ROLES.items() if t.group == group]
        any_label = _("Any direct role") if group == "direct" else _("Any indirect role")
        roles.append({"group": group,
                      "legend": _("Direct role") if group == "direct" else _("Indirect role"),
                      "options": [Option(group, any_label, group_counts.get(group),
                                         group in f.role)]
                      + _options("role", {k: facets["role"].get(k, 0) for k in keys},
                                 [k for k in f.role if k in keys], {}, keys)})
    groups.append({"name": "role", "subgroups": roles})
    groups += [
        {"name": "target_group", "options": _options(
            "target_group", facets["target_group"], f.target_group, {},
            list(vocab.TARGET_GROUPS))},
        {"name": "aspect", "options": _options("aspect", facets["aspect"], f.aspect, {},
                                                list(vocab.ASPECTS))},
        {"name": "language", "options": _options("language", facets["language"], f.language,
                                                  languages, list(vocab.LANGS))},
    ]
    for group in groups:
        group["label"] = str(LABELS[group["name"]])
        options = group["options"] if "options" in group else \
            [o for sub in group["subgroups"] for o in sub["options"]]
        group["selected"] = sum(o.checked for o in options)
        group["empty"] = not options
    return groups


def chips(state: State, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """(facet label, value label, URL without it) for every active filter."""
    lang, out = g.lang, []
    if state.q:
        out.append((str(LABELS["q"]), _("“%(words)s”", words=state.q),
                    state.without("q").url()))
    for name in FACETS:
        for value in getattr(state.filters, name):
            if name == "region":
                text = names.get(value, value)
            elif name == "role" and value in ROLE_GROUPS:
                text = _("Any direct role") if value == "direct" else _("Any indirect role")
            else:
                text = vocab.label(name, value, lang)
            out.append((str(LABELS[name]), text, state.without(name, value).url()))
    for name in YEARS:
        year = getattr(state.filters, name)
        if year:
            text = _("From %(year)s", year=year) if name == "year_from" else \
                _("Until %(year)s", year=year)
            out.append((_("Period"), text, state.without(name).url()))
    return out


def page_links(page: int, pages: int) -> list[int | None]:
    """Page numbers to link: first, last and two either side of the current (None is a gap)."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def _record_facts(ids: list[str]) -> dict[str, dict[str, Any]]:
    with get_lab().session_factory() as session:
        rows = session.execute(select(Practice.id, Practice.language, Practice.start_year,
                                      Practice.end_year).where(Practice.id.in_(ids)))
        return {pid: {"language": lang, "start_year": s, "end_year": e}
                for pid, lang, s, e in rows}


# --- the page -------------------------------------------------------------------------------

@bp.get("/practices")
def index() -> Response:
    """The explorer: 200, 400 (a value it cannot use) or 404 (a page past the end)."""
    state, problems, typed = read_state(request.args)
    search = get_lab().search
    result = search.search(state.q, state.filters, g.lang, PER_PAGE,
                           (state.page - 1) * PER_PAGE)
    pages = max(1, -(-result.total // PER_PAGE))
    status, past_end = 200, False
    if problems:
        status = 400
    elif state.page > pages:
        status, past_end = 404, True
    problems_by: dict[str, list[Problem]] = {}
    for p in problems:
        problems_by.setdefault(p.name, []).append(p)
    facts = _record_facts([r["id"] for r in result.results])
    for r in result.results:
        r.update(facts.get(r["id"], {}))
    names = region_names(g.lang)
    first = (state.page - 1) * PER_PAGE + 1
    title = _("Practices") if state.page == 1 else \
        _("Practices (page %(number)s)", number=state.page)
    if state.q:
        title = f"{_('“%(words)s”', words=state.q)} — {title}"
    context = {
        "page_title": f"{title} — {_('Integration Lab')}", "state": state, "typed": typed,
        "problems": problems, "problems_by": problems_by, "past_end": past_end,
        "result": result, "pages": pages, "first": first,
        "last": first + len(result.results) - 1, "chips": chips(state, names),
        "groups": facet_groups(state, result.facets, names),
        "page_links": page_links(min(state.page, pages), pages), "live_header": LIVE_HEADER,
    }
    live = request.headers.get(LIVE_HEADER) == "live"
    body = render_template("explorer/_live.html" if live else "explorer/index.html", **context)
    response = Response(body, status, mimetype="text/html")
    response.vary.add(LIVE_HEADER)
    return response


# --- exports --------------------------------------------------------------------------------
