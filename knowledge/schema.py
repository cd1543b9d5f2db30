"""Validation of practice records (the ingest contract) into normalised `PracticeRecord`s."""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from . import vocab
from .errors import FieldError, RecordError
from .text import slugify

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]{2,}$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)
TEXT_FIELDS = ("summary", "challenges", "solutions", "lessons_learnt")
TRANSLATABLE = ("title", "summary", "challenges", "solutions", "lessons_learnt",
                "results", "transferability")
OPTIONAL_TEXT = ("results", "transferability", "funding", "city_or_area")
MAX_TITLE = 300
MAX_SHORT = 200
MAX_TEXT = 20_000
MIN_YEAR, MAX_YEAR = 1950, 2100
KNOWN_FIELDS = (
    "id", "title", "region", "country", "summary", "challenges", "solutions",
    "lessons_learnt", "language", "authority_role", "areas", "target_groups", "evaluation",
    "start_year", "end_year", "results", "transferability", "funding", "partners",
    "city_or_area", "latitude", "longitude", "source_url", "contact", "translations",
)
# common spellings coordinators use; accepted so their data is not rejected for a synonym
ALIASES = {"lessons_learned": "lessons_learnt", "lessons": "lessons_learnt",
           "authority_roles": "authority_role", "role": "authority_role",
           "area": "areas", "target_group": "target_groups", "lang": "language",
           "url": "source_url", "lat": "latitude", "lon": "longitude", "lng": "longitude"}


@dataclass
class PracticeRecord:
    """A validated practice with every value normalised to the project's vocabularies."""

    id: str
    title: str
    region: str
    country: str
    summary: str
    challenges: str | None = None
    solutions: str | None = None
    lessons_learnt: str | None = None
    language: str = "en"
    authority_role: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    area_tags: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    target_group_tags: list[str] = field(default_factory=list)
    evaluation: dict[str, dict[str, str | None]] = field(default_factory=dict)
    start_year: int | None = None
    end_year: int | None = None
    results: str | None = None
    transferability: str | None = None
    funding: str | None = None
    partners: list[str] = field(default_factory=list)
    city_or_area: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    source_url: str | None = None
    contact: dict[str, str | None] | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def region_slug(self) -> str:
        """URL-safe key of the region."""
        return slugify(self.region)

    def to_dict(self, public: bool = False) -> dict[str, Any]:
        """The record in contract form (areas merged with their tags); no contact when public."""
        data = asdict(self)
        data["areas"] = self.areas + self.area_tags
        data["target_groups"] = self.target_groups + self.target_group_tags
        del data["area_tags"], data["target_group_tags"]
        if public or not self.contact:
            data.pop("contact")
        return {k: v for k, v in data.items() if v not in (None, [], {})}

    def content_hash(self) -> str:
        """Stable hash of everything the record says, contact included (it is stored too)."""
        blob = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def aspect_key(value: str) -> str | None:
    """The evaluation aspect a key or label names, or None."""
    keys, _ = vocab.normalise_aspects([value])
    return keys[0] if keys else None


class _Collector:
    """Gathers field errors so a record reports all its problems at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, name: str, message: str, value: object = None, code: str = "invalid",
            **params: object) -> None:
        self.errors.append(FieldError(name, message, value, code=code, params=params))


def _shorten(value: object, limit: int = 60) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4,300 digits
        text = "a number too long to show"
    return text if len(text) <= limit else text[: limit - 1] + "…'"


def _text(c: _Collector, data: dict[str, Any], name: str, *, required: bool = False,
          max_len: int = MAX_TEXT) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            c.add(name, "is required", value, "required")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            value = str(value)
        except ValueError:  # an integer of more than 4,300 digits
            c.add(name, "is a number too long to be text", None, "too_long",
                  length=max_len + 1, max=max_len)
            return None
    if not isinstance(value, str):
        c.add(name, f"must be text, got {type(value).__name__} {_shorten(value)}", value,
              "not_text")
        return None
    value = value.strip()
    if "\x00" in value:
        # no database text type holds NUL (PostgreSQL refuses it): a clear error, not a 500
        c.add(name, "contains a NUL character (\\x00)", value[:40], "invalid")
        return None
    if len(value) > max_len:
        c.add(name, f"is {len(value)} characters long (at most {max_len})", value[:40],
              "too_long", length=len(value), max=max_len)
        return None
    return value


def _string_list(c: _Collector, data: dict[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;|]", value) if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    c.add(name, f"must be a list of texts, got {_shorten(value)}", value, "not_list")
    return []


def _year(c: _Collector, data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        year = int(float(value)) if isinstance(value, (int, float, str)) else None
        if year is None or float(value) != year:
            raise ValueError
    except (ValueError, OverflowError):
        c.add(name, f"must be a year such as 2019, got {_shorten(value)}", value, "not_year")
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        c.add(name, f"{year} is outside {MIN_YEAR}–{MAX_YEAR}", value, "year_range",
              min=MIN_YEAR, max=MAX_YEAR)
        return None
    return year


def _coordinate(c: _Collector, data: dict[str, Any], name: str, bound: float) -> float | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        c.add(name, f"must be a number in decimal degrees, got {_shorten(value)}", value,
              "not_number")
        return None
    if not -bound <= number <= bound or number != number:
        c.add(name, f"{value} is outside -{bound:g}..{bound:g}", value, "number_range",
              min=-bound, max=bound)
        return None
    return number


def _vocab(c: _Collector, name: str, func: Any, value: Any) -> Any:
    try:
        return func(value)
    except FieldError as exc:
        c.add(name, exc.message, exc.value, "unknown_value")
        return None


def _evaluation(c: _Collector, data: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    value = data.get("evaluation")
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict):
        c.add("evaluation", f"must be an object keyed by aspect, got {_shorten(value)}", value,
              "not_object")
        return {}
    result: dict[str, dict[str, str | None]] = {}
    for raw_key, entry in value.items():
        key = aspect_key(str(raw_key))
        where = f"evaluation.{raw_key}"
        if key is None:
            c.add(where, f"unknown evaluation aspect {raw_key!r} (expected one of: "
                  + ", ".join(vocab.ASPECTS) + ")", raw_key, "unknown_value")
            continue
        if isinstance(entry, str):
            entry = {"inspiring": entry}
        if not isinstance(entry, dict):
            c.add(where, f"must be {{'inspiring': text, 'improvement': text}}, got "
                  f"{_shorten(entry)}", entry, "not_object")
            continue
        extra = set(entry) - {"inspiring", "improvement"}
        if extra:
            c.add(where, f"unknown key {sorted(extra)[0]!r} (expected inspiring, improvement)",
                  sorted(extra)[0], "unknown_field")
            continue
        parts = {k: _text(c, {f"{where}.{k}": entry.get(k)}, f"{where}.{k}")
                 for k in ("inspiring", "improvement")}
        if any(parts.values()):
            result[key] = parts
    return result


def _contact(c: _Collector, data: dict[str, Any]) -> dict[str, str | None] | None:
    value = data.get("contact")
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        c.add("contact", f"must be an object with name, organisation, email, got "
              f"{_shorten(value)}", value, "not_object")
        return None
    extra = set(value) - {"name", "organisation", "email"}
    if extra:
        c.add("contact", f"unknown key {sorted(extra)[0]!r} (expected name, organisation, "
              "email)", sorted(extra)[0], "unknown_field")
    result = {k: _text(c, {f"contact.{k}": value.get(k)}, f"contact.{k}", max_len=MAX_SHORT)
              for k in ("name", "organisation")}
    email = _text(c, {"contact.email": value.get("email")}, "contact.email", max_len=320)
    if email and not EMAIL_PATTERN.match(email):
        c.add("contact.email", f"{email!r} is not a valid e-mail address", email,
              "invalid_email")
        email = None
    result["email"] = email
    return result if any(result.values()) else None


def _translations(c: _Collector, data: dict[str, Any]) -> dict[str, dict[str, str]]:
    value = data.get("translations")
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict):
        c.add("translations", f"must be an object keyed by language, got {_shorten(value)}",
              value, "not_object")
        return {}
    result: dict[str, dict[str, str]] = {}
    for lang, fields in value.items():
        where = f"translations.{lang}"
        if lang not in vocab.LANGS:
            c.add("translations", f"unknown language {lang!r} (expected one of: "
                  + ", ".join(vocab.LANGS) + ")", lang, "unknown_value")
            continue
        if not isinstance(fields, dict):
            c.add(where, f"must be an object of texts, got {_shorten(fields)}", fields, "not_object")
            continue
        extra = set(fields) - set(TRANSLATABLE)
        if extra:
            c.add(where, f"unknown field {sorted(extra)[0]!r} (translatable: "
                  + ", ".join(TRANSLATABLE) + ")", sorted(extra)[0], "unknown_field")
            continue
        texts = {}
        for name in TRANSLATABLE:
            t = _text(c, {f"{where}.{name}": fields.get(name)}, f"{where}.{name}",
                      max_len=MAX_TITLE if name == "title" else MAX_TEXT)
            if t:
                texts[name] = t
        if texts:
            result[lang] = texts
    return result


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _canonical_keys(c: _Collector, raw: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    source: dict[str, str] = {}
    for key, value in raw.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name not in KNOWN_FIELDS:
            close = difflib.get_close_matches(name, KNOWN_FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.add(str(key), f"unknown field {key!r}{hint}", key, "unknown_field")
            continue
        if name in data:
            # an alias next to its field (lessons_learned + lessons_learnt): an empty one gives
            # way, two different values are refused rather than one silently dropped
            if _empty(value) or data[name] == value:
                continue
            if not _empty(data[name]):
                c.add(name, f"{key!r} and {source[name]!r} both give {name!r}, with different "
                      "values; keep only one", key, "duplicate_field", other=source[name])
                continue
        data[name] = value
        source[name] = str(key)
    return data


def validate_practice(raw: Any, location: str | None = None) -> PracticeRecord:
    """Validate one raw record; raises RecordError listing every bad field."""
    c = _Collector()
    if not isinstance(raw, dict):
        raise RecordError([FieldError("record", f"must be an object, got {_shorten(raw)}",
                                      raw, code="not_object")], location)
    data = _canonical_keys(c, raw)
    pid = _text(c, data, "id", required=True, max_len=80)
    if pid is not None and not ID_PATTERN.match(pid):
        c.add("id", f"{pid!r} must match [a-z0-9][a-z0-9_-]{{0,79}} (lower-case letters, "
              "digits, '-' and '_')", pid, "invalid_id")
    title = _text(c, data, "title", required=True, max_len=MAX_TITLE)
    region = _text(c, data, "region", required=True, max_len=MAX_SHORT)
    country_raw = _text(c, data, "country", required=True, max_len=MAX_SHORT)
    country = _vocab(c, "country", vocab.normalise_country, country_raw) if country_raw else None
    summary = _text(c, data, "summary", required=True)
    texts = {name: _text(c, data, name) for name in TEXT_FIELDS[1:]}
    if not any(texts.values()) and not any(e.field in texts for e in c.errors):
        c.add("challenges", "at least one of challenges, solutions, lessons_learnt is required",
              None, "one_text_required")
    language = _text(c, data, "language", max_len=10) or "en"
    language = language.lower()
    if language not in vocab.LANGS:
        c.add("language", f"unknown language {language!r} (expected one of: "
              + ", ".join(vocab.LANGS) + ")", language, "unknown_value")
    roles_raw = data.get("authority_role")
    roles: list[str] = []
    if roles_raw not in (None, "", []):
        if isinstance(roles_raw, (str, list)):
            roles = _vocab(c, "authority_role", vocab.normalise_roles, roles_raw) or []
        else:
            c.add("authority_role", f"must be text or a list, got {_shorten(roles_raw)}",
                  roles_raw, "not_list")
    areas, area_tags = vocab.normalise_areas(_string_list(c, data, "areas"))
    groups, group_tags = vocab.normalise_target_groups(_string_list(c, data, "target_groups"))
    start, end = _year(c, data, "start_year"), _year(c, data, "end_year")
    if start and end and end < start:
        c.add("end_year", f"{end} is before start_year {start}", end, "year_order",
              start=start)
    lat = _coordinate(c, data, "latitude", 90)
    lon = _coordinate(c, data, "longitude", 180)
    if (lat is None) != (lon is None) and not any(
            e.field in ("latitude", "longitude") for e in c.errors):
        missing = "longitude" if lon is None else "latitude"
        c.add(missing, "latitude and longitude go together: give both or neither", None,
              "coordinates_pair")
    url = _text(c, data, "source_url", max_len=2000)
    if url and not URL_PATTERN.match(url):
        c.add("source_url", f"{url!r} is not an http(s) address", url, "invalid_url")
    record = PracticeRecord(
        id=pid or "", title=title or "", region=region or "", country=country or "",
        summary=summary or "", language=language, authority_role=roles,
        areas=areas, area_tags=[t[:MAX_SHORT] for t in area_tags],
        target_groups=groups, target_group_tags=[t[:MAX_SHORT] for t in group_tags],
        evaluation=_evaluation(c, data), start_year=start, end_year=end,
        partners=[p[:MAX_SHORT * 2] for p in _string_list(c, data, "partners")],
        latitude=lat, longitude=lon, source_url=url, contact=_contact(c, data),
        translations=_translations(c, data),
        **texts,
        **{name: _text(c, data, name, max_len=MAX_SHORT if name == "city_or_area" else
                       MAX_TEXT) for name in OPTIONAL_TEXT},
    )
    if c.errors:
        raise RecordError(c.errors, location)
    return record
