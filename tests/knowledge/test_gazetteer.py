"""The gazetteer: names and aliases, country narrowing, fallbacks, and data that lands in its country."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from knowledge import gazetteer, vocab
from knowledge.gazetteer import COUNTRY_CENTRES, Placement, lookup, place

ROOT = Path(__file__).resolve().parents[2]
EU27_EFTA_UK_BALKANS = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK "
                        "SI ES SE IS LI NO CH GB AL BA ME MK RS XK").split()


@pytest.mark.parametrize("name,country,same_as", [
    ("Skåne", "SE", "Scania"), ("Region Skåne", "SE", "Skåne"), ("Skåne län", "SE", "Skåne"),
    ("skane", "Sweden", "Skåne"), ("Catalunya", "ES", "Catalonia"),
    ("Cataluña", "ES", "Catalonia"), ("Catalogne", "Espagne", "Catalonia"),
    ("Açores", "PT", "Azores"), ("Acores", "PT", "Azores"),
    ("Autonomous Region of the Azores", "PT", "Azores"),
    ("Região Autónoma dos Açores", "PT", "Azores"),
    ("Αττική", "GR", "Attica"), ("ΑΤΤΙΚΗ", "GR", "Attica"), ("Περιφέρεια Αττικής", "GR", "Attica"),
    ("Περιφέρεια Ηπείρου", "GR", "Epirus"), ("Περιφέρεια Κεντρικής Μακεδονίας", "EL",
                                             "Central Macedonia"),
    ("Puglia", "IT", "Apulia"), ("Regione Puglia", "IT", "Apulia"),
    ("Nordrhein-Westfalen", "DE", "North Rhine-Westphalia"),
    ("NRW", "DE", "North Rhine-Westphalia"), ("Baden-Wuerttemberg", "DE", "Baden-Württemberg"),
    ("Freistaat Bayern", "DE", "Bavaria"), ("Land Berlin", "DE", "Berlin"),
    ("Región de Murcia", "ES", "Murcia"), ("Region of Murcia", "ES", "Murcia"),
    ("Comunidad de Madrid", "ES", "Madrid"), ("Brussels-Capital Region", "BE", "Brussels"),
    ("Région de Bruxelles-Capitale", "BE", "Brussels"), ("Wien", "AT", "Vienna"),
    ("Malopolskie", "PL", "Małopolskie"), ("Lodz", "PL", "Łódź"),
    ("Tyrol Region", "AT", "Tirol"), ("Stockholm County", "SE", "Stockholm"),
])
def test_aliases_and_wrapped_names_meet(name: str, country: str, same_as: str) -> None:
    assert lookup(name, country) is not None, name
    assert lookup(name, country) == lookup(same_as, country)


def test_the_country_narrows_names_used_in_several_countries() -> None:
    assert lookup("Limburg", "BE") != lookup("Limburg", "NL")
    assert lookup("Limburg", "BE")[1] < lookup("Limburg", "NL")[1]  # type: ignore[index]
    assert lookup("Limburg", "DE") is None
    assert lookup("Limburg") is None  # ambiguous without a country
    assert lookup("Luxembourg", "LU") != lookup("Luxembourg", "BE")
    assert lookup("Capital Region", "DK") != lookup("Capital Region", "IS")
    assert lookup("North-West", "RO") != lookup("North-West", "BG")
    assert lookup("Freiburg", "Germany") != lookup("Freiburg", "Suisse")
    assert lookup("Scania") == lookup("Skåne", "SE")  # unique names need no country


def test_place_prefers_the_records_coordinates() -> None:
    assert place("Skåne", "SE", None, 55.6, 13.0) == Placement(55.6, 13.0, "exact")
    assert place("Nowhere", "ZZ", None, 0, 0) == Placement(0.0, 0.0, "exact")


@pytest.mark.parametrize("lat,lon", [(None, 13.0), (55.6, None), (91, 13), (55, 181),
                                     (math.nan, 1.0), (True, False), ("north", "east")])
def test_unusable_coordinates_fall_back_to_the_gazetteer(lat: Any, lon: Any) -> None:
    placed = place("Skåne", "SE", None, lat, lon)
    assert placed is not None and placed.precision == "region"
    assert (placed.lat, placed.lon) == lookup("Skåne", "SE")


def test_a_named_city_is_more_precise_than_its_region() -> None:
    placed = place("Skåne", "SE", "Malmö")
    assert placed == Placement(*lookup("Malmö", "SE"), "region")  # type: ignore[misc]
    # free wording in city_or_area is not a place: the region is used
    assert place("Skåne", "SE", "Malmö, Lund and other municipalities") == \
        Placement(*lookup("Skåne", "SE"), "region")  # type: ignore[misc]


def test_unknown_region_falls_back_to_the_country_centre() -> None:
    assert place("All Czech regions", "CZ") == Placement(*COUNTRY_CENTRES["CZ"], "country")
    assert place("Atlantis", "Greece") == Placement(*COUNTRY_CENTRES["GR"], "country")
    assert place("", "ES", "") == Placement(*COUNTRY_CENTRES["ES"], "country")


def test_unknown_country_is_not_placed() -> None:
    assert place("Atlantis", "Atlantis") is None
    assert place(None, None) is None
    assert place("Limburg", None) is None


def test_every_country_of_the_vocabulary_has_a_centre() -> None:
    assert set(vocab.COUNTRIES) == set(COUNTRY_CENTRES)


def test_every_country_of_the_area_has_regions() -> None:
    counts: dict[str, int] = {}
    for country, _, _, _ in gazetteer.entries():
        counts[country] = counts.get(country, 0) + 1
    assert all(counts.get(c, 0) >= 1 for c in EU27_EFTA_UK_BALKANS), counts
    # NUTS-2 regions of the larger countries are all there
    assert min(counts[c] for c in ("DE", "FR", "IT", "ES", "PL", "GB")) >= 20
    assert gazetteer.names() > 1500


def test_every_demo_practice_is_placed(demo_practices: list[dict[str, Any]]) -> None:
    precisions = {}
    for p in demo_practices:
        placed = place(p["region"], p["country"], p.get("city_or_area"), p.get("latitude"),
                       p.get("longitude"))
        assert placed is not None, p["id"]
        precisions[p["id"]] = placed.precision
        if placed.precision != "exact":
            assert p.get("latitude") is None
    assert precisions["puglia-supreme-italia"] == "region"
    assert precisions["campania-civic-language-training"] == "region"
    assert precisions["wales-nation-of-sanctuary"] == "region"
    assert precisions["czechia-regional-assistance-centres-ukraine"] == "country"
    assert sum(v == "exact" for v in precisions.values()) == 32


# --- the data lands inside its country (world-atlas shapes, the ones the map draws) ---------

ISO_NUMERIC = {
    "AT": "040", "BE": "056", "BG": "100", "HR": "191", "CY": "196", "CZ": "203", "DK": "208",
    "EE": "233", "FI": "246", "FR": "250", "DE": "276", "GR": "300", "HU": "348", "IE": "372",
    "IT": "380", "LV": "428", "LT": "440", "LU": "442", "MT": "470", "NL": "528", "PL": "616",
    "PT": "620", "RO": "642", "SK": "703", "SI": "705", "ES": "724", "SE": "752", "IS": "352",
    "LI": "438", "NO": "578", "GB": "826", "CH": "756", "AL": "008", "BA": "070", "ME": "499",
    "MK": "807", "RS": "688", "MD": "498", "UA": "804", "TR": "792",
}
EXTRA_SHAPES = {"FI": ["248"], "CY": ["N. Cyprus"], "XK": ["Kosovo"]}  # Åland, the north of Cyprus
TOO_SMALL_FOR_50M = {"Ceuta", "Melilla", "Lampedusa"}
COAST_KM = 5.0  # city centres on a coast may sit just outside the simplified outline

Ring = list[tuple[float, float]]


@pytest.fixture(scope="module")
def shapes() -> dict[str, list[Ring]]:
    """Country rings by ISO numeric id (or name when it has none), decoded from the TopoJSON."""
    candidates = [ROOT / "web" / "static" / "vendor" / "world-atlas" / "countries-50m.json",
                  ROOT / "node_modules" / "world-atlas" / "countries-50m.json"]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        pytest.fail("world-atlas is not installed: run `make install` (scripts/vendor-assets.sh)")
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    out: dict[str, list[Ring]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(
            geometry["type"]) or []
        out[geometry.get("id") or geometry["properties"]["name"]] = [
            ring(r) for polygon in polygons for r in polygon]
    return out


def _inside(rings: list[Ring], lon: float, lat: float) -> bool:
    inside = False
    for r in rings:
        for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1]):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _km_to_edge(rings: list[Ring], lon: float, lat: float) -> float:
    k = math.cos(math.radians(lat))
    best = math.inf
    for r in rings:
        for (x1, y1), (x2, y2) in zip(r, r[1:]):
            ax, ay, bx, by = (x1 - lon) * k, y1 - lat, (x2 - lon) * k, y2 - lat
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy) * 111.2)
    return best


def _rings(shapes: dict[str, list[Ring]], country: str) -> list[Ring]:
    keys = ([ISO_NUMERIC[country]] if country in ISO_NUMERIC else []) + \
        EXTRA_SHAPES.get(country, [])
    return [r for key in keys for r in shapes.get(key, [])]


def test_every_place_lies_in_its_country(shapes: dict[str, list[Ring]]) -> None:
    wrong = []
    points = [(c, lat, lon, names[0]) for c, lat, lon, names in gazetteer.entries()] + \
        [(c, lat, lon, f"centre of {c}") for c, (lat, lon) in COUNTRY_CENTRES.items()]
    for country, lat, lon, name in points:
        rings = _rings(shapes, country)
        assert rings, f"no shape for {country}"
        if name in TOO_SMALL_FOR_50M or _inside(rings, lon, lat):
            continue
        if name.startswith("centre of") or _km_to_edge(rings, lon, lat) > COAST_KM:
            wrong.append(f"{name} ({country}) at {lat}, {lon}")
    assert not wrong, wrong
