"""Validation of practice records against the ingest contract."""
from __future__ import annotations

import pytest

from knowledge.errors import RecordError
from knowledge.schema import validate_practice


def _errors(raw: object) -> dict[str, str]:
    with pytest.raises(RecordError) as info:
        validate_practice(raw, "row 3")
    assert info.value.location == "row 3"
    return {e.field: e.message for e in info.value.errors}


def test_valid_record_is_normalised(sample_records):
    r = validate_practice(sample_records[0])
    assert r.country == "SE"
    assert r.authority_role == ["leader", "funding"]
    assert r.areas == ["labour_market", "language"]
    assert r.target_groups == ["beneficiaries_international_protection", "women"]
    assert r.evaluation["communication"]["inspiring"] == "Clear multilingual leaflets."
    assert r.region_slug == "skane"
    assert r.contact and r.contact["email"] == "anna.secret@example.org"


def test_free_wording_in_other_languages(sample_records):
    r = validate_practice(sample_records[1])
    assert r.country == "ES"
    assert r.areas == ["housing"]
    assert r.target_groups == ["beneficiaries_international_protection"]
    assert r.translations["en"]["title"] == "Housing for refugees"


def test_missing_required_fields_are_all_reported():
    errors = _errors({"id": "x1"})
    for name in ("title", "region", "country", "summary", "challenges"):
        assert name in errors


def test_bad_values_name_field_and_value(sample_records):
    raw = sample_records[0]
    raw.update(id="Bad Id!", country="Atlantis", language="xx", start_year="soon",
               end_year=1800, latitude=95, source_url="ftp://nowhere",
               authority_role="boss")
    raw["contact"]["email"] = "not-an-email"
    errors = _errors(raw)
    assert "'Bad Id!'" in errors["id"]
    assert "Atlantis" in errors["country"]
    assert "'xx'" in errors["language"]
    assert "soon" in errors["start_year"]
    assert "1800" in errors["end_year"]
    assert "95" in errors["latitude"]
    assert "ftp://nowhere" in errors["source_url"]
    assert "boss" in errors["authority_role"]
    assert "not-an-email" in errors["contact.email"]


def test_unknown_field_suggests_the_right_one(sample_records):
    raw = sample_records[0]
    raw["lesons_learnt"] = raw.pop("lessons_learnt")
    errors = _errors(raw)
    assert "lessons_learnt" in errors["lesons_learnt"]


def test_alias_lessons_learned_is_accepted(sample_records):
    raw = sample_records[0]
    raw["lessons_learned"] = raw.pop("lessons_learnt")
    assert validate_practice(raw).lessons_learnt == "Involve employers from the start."


def test_wrong_types(sample_records):
    raw = sample_records[0]
    raw.update(title=["a list"], areas={"not": "a list"}, evaluation="text",
               translations={"xx": {}}, start_year=True)
    errors = _errors(raw)
    assert "list" in errors["title"]
    assert "areas" in errors
    assert "evaluation" in errors
    assert "'xx'" in errors["translations"]
    assert "start_year" in errors


def test_end_before_start_and_half_coordinates(sample_records):
    raw = sample_records[1]
    raw.update(start_year=2020, end_year=2019, latitude=41.4)
    errors = _errors(raw)
    assert "before start_year 2020" in errors["end_year"]
    assert "longitude" in errors


def test_over_long_text_is_rejected(sample_records):
    raw = sample_records[0]
    raw["summary"] = "x" * 20_001
    assert "20001 characters" in _errors(raw)["summary"]


def test_unknown_area_kept_as_tag(sample_records):
    raw = sample_records[0]
    raw["areas"] = ["labour market", "digital inclusion"]
    r = validate_practice(raw)
    assert r.areas == ["labour_market"] and r.area_tags == ["digital inclusion"]
    assert r.to_dict()["areas"] == ["labour_market", "digital inclusion"]


def test_html_is_kept_as_text(sample_records):
    raw = sample_records[0]
    raw["title"] = "<script>alert(1)</script> Jobs"
    assert validate_practice(raw).title == "<script>alert(1)</script> Jobs"


def test_content_hash_is_stable_and_sensitive(sample_records):
    a = validate_practice(sample_records[0])
    b = validate_practice(sample_records[0])
    assert a.content_hash() == b.content_hash()
    sample_records[0]["summary"] += " More."
    assert validate_practice(sample_records[0]).content_hash() != a.content_hash()


def test_public_dict_has_no_contact(sample_records):
    r = validate_practice(sample_records[0])
    assert "contact" not in r.to_dict(public=True)
    assert r.to_dict()["contact"]["email"] == "anna.secret@example.org"


def test_nul_characters_are_refused_with_the_field_named() -> None:
    from knowledge.errors import RecordError
    from knowledge.schema import validate_practice
    try:
        validate_practice({"id": "x", "title": "A\x00B", "region": "R", "country": "SE",
                           "summary": "S", "challenges": "C"})
    except RecordError as exc:
        assert [e.field for e in exc.errors] == ["title"]
        assert "NUL" in exc.errors[0].message
    else:
        raise AssertionError("a NUL character was accepted")
