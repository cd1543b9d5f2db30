"""Practice filters (the contract's facets): validation, matching ids and facet counts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from . import vocab
from .errors import FieldError
from .schema import aspect_key
from .models import PUBLISHED, EvaluationAspect, Practice, PracticeTag, Region
from .text import slugify

FACETS = ("country", "region", "area", "role", "target_group", "aspect", "language")
ROLE_GROUPS = ("direct", "indirect")


@dataclass
class PracticeFilters:
    """Values per facet: OR within a facet, AND across facets."""

    country: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    area: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    aspect: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return not any(getattr(self, f.name) for f in fields(self))

    def as_dict(self) -> dict[str, Any]:
        """Only the facets that are set."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def merged(self, other: PracticeFilters) -> PracticeFilters:
        """These filters with other's values added where this one has none."""
        out = PracticeFilters(**self.as_dict())
        for name, value in other.as_dict().items():
            if not getattr(out, name):
                setattr(out, name, value)
        return out


def _as_list(value: Any, name: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise FieldError(f"filters.{name}", f"must be text or a list of texts, got {value!r:.60}",
                     value)


def _year(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
        if isinstance(value, bool) or not 1950 <= year <= 2100:
            raise ValueError
        return year
    except (TypeError, ValueError, OverflowError):
        raise FieldError(f"filters.{name}", f"must be a year between 1950 and 2100, got "
                         f"{value!r:.40}", value) from None


def _one_of(name: str, value: str, allowed: Mapping[str, Any] | tuple[str, ...],
            normalise: Any = None) -> str:
    if value in allowed:
        return value
    if normalise is not None:
        key = normalise(value)
        if key:
            return key
    raise FieldError(f"filters.{name}", f"unknown {name.replace('_', ' ')} {value!r} "
                     f"(expected one of: {', '.join(allowed)})", value)


def _area(value: str) -> str | None:
    keys, _ = vocab.normalise_areas([value])
    return keys[0] if keys else None


def _target_group(value: str) -> str | None:
    keys, _ = vocab.normalise_target_groups([value])
    return keys[0] if keys else None


def _role(value: str) -> str | None:
    try:
        roles = vocab.normalise_roles(value)
    except FieldError:
        return None
    return roles[0] if len(roles) == 1 else None


def parse_filters(raw: Mapping[str, Any] | None, known_regions: set[str] | None = None
                  ) -> PracticeFilters:
    """Validate raw filter values (API or form) into PracticeFilters; FieldError names the bad one."""
    raw = raw or {}
    if not isinstance(raw, Mapping):
        raise FieldError("filters", f"must be an object, got {raw!r:.60}", raw)
    allowed = set(FACETS) | {"year_from", "year_to"}
    for key in raw:
        if key not in allowed:
            raise FieldError(f"filters.{key}", f"unknown filter {key!r} (expected one of: "
                             f"{', '.join(sorted(allowed))})", key)
    f = PracticeFilters(year_from=_year(raw.get("year_from"), "year_from"),
                        year_to=_year(raw.get("year_to"), "year_to"))
    if f.year_from and f.year_to and f.year_to < f.year_from:
        raise FieldError("filters.year_to", f"{f.year_to} is before year_from {f.year_from}",
                         f.year_to)
    for value in _as_list(raw.get("country"), "country"):
        try:
            f.country.append(vocab.normalise_country(value))
        except FieldError as exc:
            raise FieldError("filters.country", exc.message, value) from None
    for value in _as_list(raw.get("region"), "region"):
        slug = slugify(value)
        if known_regions is not None and slug not in known_regions:
            raise FieldError("filters.region", f"unknown region {value!r}", value)
        f.region.append(slug)
    f.area = [_one_of("area", v, vocab.AREAS, _area) for v in _as_list(raw.get("area"), "area")]
    f.role = [v if v in ROLE_GROUPS else _one_of("role", v, vocab.ROLES, _role)
              for v in _as_list(raw.get("role"), "role")]
    f.target_group = [_one_of("target_group", v, vocab.TARGET_GROUPS, _target_group)
                      for v in _as_list(raw.get("target_group"), "target_group")]
    f.aspect = [_one_of("aspect", v, vocab.ASPECTS, aspect_key)
                for v in _as_list(raw.get("aspect"), "aspect")]
    f.language = [_one_of("language", v.lower(), vocab.LANGS)
                  for v in _as_list(raw.get("language"), "language")]
    return f


def known_region_slugs(session: Session) -> set[str]:
    """Slugs a region filter may name: regions with practices and region profiles."""
    return set(session.scalars(select(Practice.region_slug).distinct())) | \
        set(session.scalars(select(Region.slug)))


def _tag_clause(kind: str, values: list[str]) -> Any:
    return Practice.id.in_(select(PracticeTag.practice_id).where(
        PracticeTag.kind == kind, PracticeTag.value.in_(values)))


def _role_values(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out += [k for k, t in vocab.ROLES.items() if t.group == v] if v in ROLE_GROUPS else [v]
    return out


def filter_clauses(f: PracticeFilters, skip: str | None = None) -> list[Any]:
    """SQL conditions on Practice for the filters (skip one facet for its own counts)."""
    clauses: list[Any] = [Practice.status == PUBLISHED]
    if f.country and skip != "country":
        clauses.append(Practice.country.in_(f.country))
    if f.region and skip != "region":
        clauses.append(Practice.region_slug.in_(f.region))
    if f.language and skip != "language":
        clauses.append(Practice.language.in_(f.language))
    if f.area and skip != "area":
        clauses.append(or_(_tag_clause("area", f.area), _tag_clause("area_tag", f.area)))
    if f.role and skip != "role":
        clauses.append(_tag_clause("role", _role_values(f.role)))
    if f.target_group and skip != "target_group":
        clauses.append(_tag_clause("target_group", f.target_group))
    if f.aspect and skip != "aspect":
        clauses.append(Practice.id.in_(select(EvaluationAspect.practice_id).where(
            EvaluationAspect.aspect.in_(f.aspect), EvaluationAspect.inspiring.is_not(None))))
    if f.year_from:
        clauses.append(or_(Practice.end_year.is_(None), Practice.end_year >= f.year_from))
    if f.year_to:
        clauses.append(or_(Practice.start_year.is_(None), Practice.start_year <= f.year_to))
    return clauses


def matching_ids(session: Session, f: PracticeFilters) -> set[str] | None:
    """Ids of published practices that pass the filters; None when nothing is filtered."""
    if f.empty:
        return None
    return set(session.scalars(select(Practice.id).where(and_(*filter_clauses(f)))))


def facet_counts(session: Session, f: PracticeFilters,
                 restrict: set[str] | None = None) -> dict[str, dict[str, int]]:
    """Per facet, how many practices each value would give (other facets applied)."""
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        base: Select[Any] = select(Practice.id).where(and_(*filter_clauses(f, skip=facet)))
        if restrict is not None:
            base = base.where(Practice.id.in_(restrict))
        ids = base.subquery()
        if facet in ("country", "language", "region"):
            column = {"country": Practice.country, "language": Practice.language,
                      "region": Practice.region_slug}[facet]
            stmt = select(column, func.count()).where(Practice.id.in_(select(ids.c.id))
                                                      ).group_by(column)
        elif facet == "aspect":
            stmt = (select(EvaluationAspect.aspect, func.count(func.distinct(
                EvaluationAspect.practice_id))).where(
                EvaluationAspect.practice_id.in_(select(ids.c.id)),
                EvaluationAspect.inspiring.is_not(None)).group_by(EvaluationAspect.aspect))
        else:
            stmt = (select(PracticeTag.value, func.count(func.distinct(PracticeTag.practice_id)))
                    .where(PracticeTag.practice_id.in_(select(ids.c.id)),
                           PracticeTag.kind == facet).group_by(PracticeTag.value))
        counter = Counter({str(k): int(n) for k, n in session.execute(stmt)})
        counts[facet] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts
