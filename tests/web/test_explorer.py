"""The practice explorer (/practices) and its exports, on the fake embedder."""
from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

import pytest

SECRET = "anna.secret@example.org"
ALL = ["jobs-skane", "health-puglia", "housing-catalonia"]  # by original title


def body(response: Any) -> str:
    return str(response.get_data(as_text=True))


def ids(text: str) -> list[str]:
    """Practice ids of the result list, in order."""
    return re.findall(r'<li class="result" data-id="([^"]+)"', text)


def checked(text: str, name: str, value: str) -> bool:
    m = re.search(rf'<input type="checkbox" id="f-{name}-{value}"[^>]*>', text)
    assert m, f"no checkbox for {name}={value}"
    return " checked" in m.group(0)


def count(text: str, name: str, value: str) -> int | None:
    """The count shown beside a facet value (None when the value is not offered)."""
    m = re.search(rf'<label for="f-{name}-{value}">[^<]*<span class="count">\((\d+)\)', text)
    return int(m.group(1)) if m else None


def csv_rows(response: Any) -> list[dict[str, str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def every_page(client: Any, query: str) -> list[str]:
    """The ids the explorer shows for a query, page after page."""
    out: list[str] = []
    for page in range(1, 10):
        response = client.get(f"/practices?{query}&page={page}")
        if response.status_code == 404:
            return out
        assert response.status_code == 200
        out += ids(body(response))
    raise AssertionError("more pages than expected")


def record(i: int, **extra: Any) -> dict[str, Any]:
    """A small valid practice record."""
    base = {"id": f"p-{i:03d}", "title": f"Practice {i:03d}", "region": "Skåne",
            "country": "SE", "summary": f"Summary {i}.", "challenges": "Some challenge.",
            "areas": ["housing"], "start_year": 2015}
    return {**base, **extra}


@pytest.fixture
def many_lab(lab, sample_records):  # type: ignore[no-untyped-def]
    """The three samples and 45 more practices: three pages of results."""
    from knowledge.schema import validate_practice
    more = [record(i, country="ES" if i % 3 else "SE", region="Catalonia" if i % 3 else "Skåne")
            for i in range(45)]
    lab.kb.import_practices([validate_practice(r) for r in sample_records + more])
    return lab


def import_one(lab: Any, rec: dict[str, Any]) -> None:
    from knowledge.schema import validate_practice
    lab.kb.import_practices([validate_practice(rec)])


# --- the page without filters ---------------------------------------------------------------

def test_lists_every_practice_with_a_plain_get_form(client, loaded_lab) -> None:
    response = client.get("/practices")
    text = body(response)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert ids(text) == ALL
    assert re.search(r'<form id="explorer-form"[^>]*method="get"[^>]*action="/practices"', text)
    assert '<input type="search" id="q" name="q"' in text
    for name in ("country", "region", "area", "role", "target_group", "aspect", "language"):
        assert f'id="facet-{name}"' in text
    assert 'name="year_from"' in text and 'name="year_to"' in text
    assert "Practices found: 3" in text
    assert 'href="/practices/jobs-skane"' in text
    # the Spanish practice is titled in the page language, and links to that text
    assert 'href="/practices/housing-catalonia?text=en" lang="en">Housing for refugees<' in text
    assert "Language of the record: Spanish · shown in English" in text
    assert "Skåne, Sweden · Since 2016" in text
    assert 'role="status"' in text and 'aria-live="polite"' in text
    assert '/static/css/explorer.css' in text and '/static/js/explorer.js' in text
    assert SECRET not in text


def test_facet_options_have_labels_and_counts(client, loaded_lab) -> None:
    text = body(client.get("/practices"))
    assert '<label for="f-country-SE">Sweden <span class="count">(1)</span>' in text
    assert '<label for="f-region-skane">Skåne <span class="count">(1)</span>' in text
    assert '<label for="f-area-housing">Housing <span class="count">(1)</span>' in text
    assert count(text, "target_group", "beneficiaries_international_protection") == 2
    assert count(text, "aspect", "communication") == 1
    assert '<label for="f-language-it">Italian <span class="count">(1)</span>' in text
    # roles come in their two groups, each with an "any role of the group" choice
    assert text.index("<legend>Direct role</legend>") < text.index('id="f-role-leader"') \
        < text.index("<legend>Indirect role</legend>") < text.index('id="f-role-support"')
    assert count(text, "role", "direct") == 2 and count(text, "role", "indirect") == 2
    assert "Has inspiring elements on" in text
    assert count(text, "area", "education") is None  # values without practices are left out


def test_empty_collection(client) -> None:
    response = client.get("/practices")
    assert response.status_code == 200
    assert "No practice has been published yet." in body(response)
    assert client.get("/practices?page=2").status_code == 404


# --- every facet ------------------------------------------------------------------------------

@pytest.mark.parametrize("query,expected", [
    ("country=ES", ["housing-catalonia"]),
    ("country=Sweden", ["jobs-skane"]),              # names are read as codes
    ("region=puglia", ["health-puglia"]),
    ("region=Skåne", ["jobs-skane"]),
    ("area=health", ["health-puglia"]),
    ("area=vivienda", ["housing-catalonia"]),        # vocabulary words in any language
    ("role=leader", ["jobs-skane"]),
    ("role=funding", ["jobs-skane"]),
    ("role=direct", ["jobs-skane", "housing-catalonia"]),
    ("role=indirect", ["jobs-skane", "health-puglia"]),
    ("target_group=women", ["jobs-skane"]),
    ("target_group=third_country_nationals", ["health-puglia"]),
    ("aspect=communication", ["jobs-skane"]),
    ("language=it", ["health-puglia"]),
    ("language=es", ["housing-catalonia"]),
    ("year_from=2021", ["jobs-skane", "health-puglia"]),
    ("year_to=2016", ["jobs-skane", "health-puglia"]),
    ("year_from=2018&year_to=2019", ["jobs-skane", "health-puglia", "housing-catalonia"]),
])
def test_each_facet_filters_the_list(client, loaded_lab, query, expected) -> None:
    response = client.get(f"/practices?{query}")
    text = body(response)
    assert response.status_code == 200, text
    assert ids(text) == expected
    assert f"Practices found: {len(expected)}" in text
    assert 'class="chip js-state"' in text  # the choice is shown, and can be removed
    assert client.get(f"/api/v1/search?{query}").get_json()["total"] == len(expected)


def test_chosen_values_are_checked_and_other_counts_narrow(client, loaded_lab) -> None:
    text = body(client.get("/practices?country=ES"))
    assert checked(text, "country", "ES") and not checked(text, "country", "SE")
    assert 'id="facet-country" open' in text
    # a facet's own counts ignore its own choice, so other countries stay available
    assert count(text, "country", "SE") == 1 and count(text, "country", "IT") == 1
    # the other facets count within Spain only
    assert count(text, "area", "housing") == 1 and count(text, "area", "labour_market") is None
    assert count(text, "role", "coordinator") == 1 and count(text, "role", "leader") is None
    assert count(text, "role", "direct") == 1 and count(text, "role", "indirect") == 0
    assert "(1 selected)" in text


def test_combined_facets(client, loaded_lab) -> None:
    assert ids(body(client.get("/practices?country=ES&country=IT"))) == \
        ["health-puglia", "housing-catalonia"]  # OR within a facet
    text = body(client.get("/practices?role=direct&target_group=beneficiaries_international_protection"
                           "&year_from=2017"))
    assert ids(text) == ["jobs-skane", "housing-catalonia"]  # AND across facets
    nothing = client.get("/practices?country=SE&area=health")
    assert nothing.status_code == 200 and ids(body(nothing)) == []
    assert "No practice matches these words and filters." in body(nothing)


def test_words_rank_and_combine_with_facets(client, loaded_lab) -> None:
    text = body(client.get("/practices?q=refugees+employers+mentoring"))
    assert ids(text)[0] == "jobs-skane"
    assert "best matches first" in text and 'value="refugees employers mentoring"' in text
    assert "jobs-skane" not in ids(body(client.get("/practices?q=refugees+employers&country=ES")))


def test_duplicate_and_equivalent_values_count_once(client, loaded_lab) -> None:
    text = body(client.get("/practices?country=Spain&country=ES&country=es"))
    assert text.count('class="chip js-state"') == 1 and ids(text) == ["housing-catalonia"]


def test_chips_remove_one_value_and_clear_all_keeps_the_language(client, loaded_lab) -> None:
    text = html.unescape(body(client.get("/practices?q=jobs&country=ES&country=SE&year_from=2015&lang=fr")))
    assert 'href="/practices?q=jobs&country=SE&year_from=2015&lang=fr"' in text  # without ES
    assert 'href="/practices?country=ES&country=SE&year_from=2015&lang=fr"' in text  # without q
    assert 'href="/practices?q=jobs&country=ES&country=SE&lang=fr"' in text  # without the year
    assert 'href="/practices?lang=fr"' in text  # clear all
    assert '<input type="hidden" name="lang" value="fr">' in text


# --- paging -----------------------------------------------------------------------------------

def test_paging_keeps_the_whole_state(client, many_lab) -> None:
    first = body(client.get("/practices?country=ES&area=housing"))
    assert len(ids(first)) == 20 and "Practices found: 31" in first
    assert "showing 1–20" in first
    assert 'href="/practices?country=ES&amp;area=housing&amp;page=2"' in first
    assert 'aria-current="page">1</a>' in first
    second = client.get("/practices?country=ES&area=housing&page=2")
    assert second.status_code == 200
    page2 = body(second)
    assert '<ol class="results" start="21">' in page2 and len(ids(page2)) == 11
    assert 'rel="prev" href="/practices?country=ES&amp;area=housing"' in page2
    assert not set(ids(first)) & set(ids(page2))
    all_pages = [i for p in (1, 2, 3) for i in ids(body(client.get(f"/practices?page={p}")))]
    assert len(all_pages) == len(set(all_pages)) == 48


def test_page_past_the_end_is_a_404_with_a_way_back(client, many_lab) -> None:
    response = client.get("/practices?country=ES&page=9")
    text = body(response)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "There is no page 9 for this search: the last page is page 2." in text
    assert '<a class="js-state" href="/practices?country=ES">Go to the first page of results</a>' in text
    assert ids(text) == []
    assert client.get("/practices?page=2").status_code == 200


# --- values the explorer cannot use: a 400 page naming them, never a 500 --------------------------

@pytest.mark.parametrize("query,shown", [
    ("country=Atlantis", "Country: “Atlantis”"),
    ("region=nowhere", "Region: “nowhere”"),
    ("area=astrology", "Integration area: “astrology”"),
    ("role=boss", "Role of the regional authority: “boss”"),
    ("target_group=martians", "Target group: “martians”"),
    ("aspect=beauty", "Has inspiring elements on: “beauty”"),
    ("language=xx", "Language of the record: “xx”"),
    ("year_from=abc", "From year: “abc”"),
    ("year_to=1800", "To year: “1800”"),
    ("year_from=2020&year_to=2010", "To year: “2010”"),
    ("page=abc", "Page: “abc”"),
    ("page=0", "Page: “0”"),
    ("page=-3", "Page: “-3”"),
    ("q=" + "x" * 600, "Words: “" + "x" * 40),
])
def test_bad_values_are_a_400_page_naming_them(client, loaded_lab, query, shown) -> None:
    response = client.get(f"/practices?{query}")
    text = html.unescape(body(response))
    assert response.status_code == 400, text[:500]
    assert response.mimetype == "text/html"
    assert "There is a problem with this search" in text
    assert shown in text
    assert 'id="explorer-form"' in text  # the form is there to correct it
    assert ids(text) == []


def test_bad_values_are_reported_together_and_the_good_ones_kept(client, loaded_lab) -> None:
    text = html.unescape(body(client.get("/practices?country=Atlantis&area=health&year_from=abc")))
    assert "Country: “Atlantis”" in text and "From year: “abc”" in text
    assert "unknown country 'Atlantis'" in text  # the validation message, as written
    assert '<a class="js-state" href="/practices?area=health">Show the results without these values</a>' in text
    assert checked(text, "area", "health")
    assert 'value="abc"' in text and 'aria-invalid="true"' in text  # as typed, to correct


def test_bad_values_in_french_keep_the_page_language(client, loaded_lab) -> None:
    response = client.get("/practices?country=Atlantis&lang=fr")
    text = html.unescape(body(response))
    assert response.status_code == 400
    assert "Cette recherche pose un problème" in text and "Pays : « Atlantis »" in text


@pytest.mark.parametrize("query,field,value", [
    ("role=boss", "filters.role", "boss"),
    ("target_group=martians", "filters.target_group", "martians"),
    ("aspect=beauty", "filters.aspect", "beauty"),
    ("language=xx", "filters.language", "xx"),
    ("year_from=abc", "filters.year_from", "abc"),
    ("offset=3", "offset", "3"),
    ("country=ES&offset=1", "offset", "1"),
])
def test_api_answers_a_400_json_error_for_the_same_values(client, loaded_lab, query, field,
                                                          value) -> None:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["fields"][0]["field"] == field and value in error["message"]


def test_api_offset_error_names_the_total(client, loaded_lab) -> None:
    error = client.get("/api/v1/search?offset=7&lang=en").get_json()["error"]
    # three results: the offsets that can be asked for are 0 to 2
    assert error["fields"] == [{"field": "offset", "code": "number_range",
                                "message": "7 is not between 0 and 2.", "value": "7"}]
    assert "7 is not between 0 and 2." in error["message"]
    assert client.get("/api/v1/search?offset=2").status_code == 200
    assert client.get("/api/v1/search?country=FI&offset=0").get_json()["total"] == 0


def test_live_requests_get_only_the_changing_part(client, loaded_lab) -> None:
    response = client.get("/practices?country=ES", headers={"X-Explorer": "live"})
    text = body(response)
    assert response.status_code == 200 and "<html" not in text
    assert text.strip().startswith('<div class="explorer-live-inner"')
    assert 'data-announce="Practices found: 1"' in text and ids(text) == ["housing-catalonia"]
    assert "X-Explorer" in response.headers["Vary"]
    bad = client.get("/practices?language=xx", headers={"X-Explorer": "live"})
    assert bad.status_code == 400 and "There is a problem with this search" in body(bad)


# --- exports ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "country=ES", "country=ES&area=housing", "area=housing&role=direct",
                                   "q=refugees+housing", "year_to=2016&language=en"])
def test_exports_hold_the_whole_filtered_list(client, many_lab, query) -> None:
    shown = every_page(client, query)
    rows = csv_rows(client.get(f"/practices/export.csv?{query}"))
    assert [r["id"] for r in rows] == shown
    data = client.get(f"/practices/export.json?{query}").get_json()
    assert [p["id"] for p in data["practices"]] == shown and data["total"] == len(shown)


def test_exports_are_public_downloads(client, loaded_lab) -> None:
    csv_response = client.get("/practices/export.csv?country=SE")
    assert csv_response.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename="integration-lab-practices-\d{4}-\d{2}-\d{2}\.csv"',
                        csv_response.headers["Content-Disposition"])
    row = csv_rows(csv_response)[0]
    assert row["title"] == "Fast track to jobs for refugees" and row["country"] == "SE"
    assert row["areas"] == "labour_market; language"
    assert row["evaluation.communication.inspiring"] == "Clear multilingual leaflets."
    assert row["url"] == "http://localhost/practices/jobs-skane"
    json_response = client.get("/practices/export.json?country=SE")
    assert json_response.mimetype == "application/json"
    assert json_response.headers["Content-Disposition"].endswith('.json"')
    data = json_response.get_json()
    assert data["query"] == {"q": "", "country": ["SE"]}
    assert data["explorer_url"] == "http://localhost/practices?country=SE"
    assert data["practices"][0]["evaluation"]["communication"]["improvement"]
    for response in (csv_response, json_response, client.get("/practices/export.csv"),
                     client.get("/practices/export.json")):
        assert SECRET not in body(response) and "Anna Test" not in body(response)
        assert "contact" not in body(response)


def test_csv_export_neutralises_formulas(client, lab) -> None:
    import_one(lab, record(1, title="=HYPERLINK(\"http://evil\",\"x\")", region="@SUM(A1)",
                           summary="+41 cmd", challenges="-2+3", longitude=-8.6, latitude=41.1))
    row = csv_rows(client.get("/practices/export.csv"))[0]
    assert row["title"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert row["region"] == "'@SUM(A1)" and row["summary"] == "'+41 cmd"
    assert row["challenges"] == "'-2+3"
    assert row["longitude"] == "-8.6"  # numbers stay numbers
    data = client.get("/practices/export.json").get_json()
    assert data["practices"][0]["title"].startswith("=HYPERLINK")  # JSON keeps the data as is


def test_exports_refuse_values_they_cannot_use(client, loaded_lab) -> None:
    response = client.get("/practices/export.csv?country=Atlantis",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "Atlantis" in response.get_json()["error"]["message"]
    assert client.get("/practices/export.json?year_from=2020&year_to=2010").status_code == 400
    assert client.get("/practices/export.csv?page=99").status_code == 200  # never paged


# --- safety and languages ---------------------------------------------------------------------

def test_html_in_titles_and_words_is_escaped(client, lab) -> None:
    evil = "<script>window.hacked=1</script> & <b>bold</b>"
    import_one(lab, record(1, title=evil, region="<i>Region</i>"))
    text = body(client.get("/practices?q=" + "<img src=x onerror=alert(1)>"))
    text += body(client.get("/practices"))
    assert "<script>window.hacked" not in text and "<b>bold</b>" not in text
    assert "&lt;script&gt;window.hacked=1&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<i>Region</i>" not in text


def test_page_in_greek_and_french(client, loaded_lab) -> None:
    greek = body(client.get("/practices?lang=el&country=ES"))
    assert '<html lang="el">' in greek
    assert "Ισπανία" in greek and "Φίλτρα" in greek and "Πρακτικές που βρέθηκαν: 1" in greek
    french = html.unescape(body(client.get("/practices?lang=fr")))
    assert "Mots à rechercher" in french and "Domaine d'intégration" in french
    assert "Rôle direct" in french and "Espagne" in french
    for text in (greek, french):
        assert "Has inspiring elements on" not in text and "Apply filters" not in text


def test_practice_pages_and_errors_still_link_to_the_explorer(client, loaded_lab) -> None:
    assert 'href="/practices"' in body(client.get("/practices/jobs-skane"))
    assert 'href="/practices"' in body(client.get("/practices/no-such-practice"))


def test_script_strings_are_translated(client) -> None:
    text = body(client.get("/practices?lang=de"))
    strings = json.loads(re.search(r'id="explorer-i18n">(.*?)</script>', text, re.S).group(1))
    assert set(strings) == {"loading", "failed"}
    assert strings["loading"] != "Updating the results…"
