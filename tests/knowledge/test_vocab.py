"""Tests of the controlled vocabularies and their normalisation."""
from __future__ import annotations

import pytest

from knowledge import vocab
from knowledge.errors import FieldError, VocabularyError
from knowledge.vocab import (
    AREAS, ASPECTS, COUNTRIES, LANGS, LANGUAGE_NAMES, ROLES, TARGET_GROUPS, Term,
    find_areas, find_countries, find_target_groups, label, normalise_areas, normalise_aspects,
    normalise_country, normalise_roles, normalise_target_groups, role_group, vocabulary,
)

ALL_VOCABULARIES = {
    "area": AREAS, "role": ROLES, "target_group": TARGET_GROUPS,
    "aspect": ASPECTS, "country": COUNTRIES, "language": LANGUAGE_NAMES,
}


def _single(vocabulary_name: str, value: str) -> list[str]:
    """Keys that one value normalises to, whatever the vocabulary."""
    if vocabulary_name == "role":
        return normalise_roles(value)
    normaliser = {"area": normalise_areas, "target_group": normalise_target_groups,
                  "aspect": normalise_aspects}[vocabulary_name]
    keys, tags = normaliser(value)
    assert tags == [], f"{value!r} left tags {tags}"
    return keys


def _phrases(kind: str, include_synonyms: bool) -> list[tuple[str, str, str]]:
    """(vocabulary name, key, phrase) for the key, its prettified key and every label (and synonyms)."""
    cases = []
    for key, term in ALL_VOCABULARIES[kind].items():
        phrases = [key, key.replace("_", " ").capitalize(), key.upper(), *term.labels.values()]
        if include_synonyms:
            phrases += list(term.synonyms)
        cases += [(kind, key, phrase) for phrase in dict.fromkeys(phrases)]
    return cases


# --- data ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(ALL_VOCABULARIES))
def test_every_term_has_seven_non_empty_labels(kind: str) -> None:
    terms = ALL_VOCABULARIES[kind]
    assert terms
    for key, term in terms.items():
        assert isinstance(term, Term) and term.key == key
        assert tuple(term.labels) == LANGS
        assert all(isinstance(text, str) and text.strip() == text and text for text in term.labels.values()), key
        assert all(s.strip() for s in term.synonyms), key


def test_vocabulary_contents() -> None:
    assert list(AREAS) == [
        "labour_market", "education", "health", "housing", "language", "culture_religion", "social_security",
        "anti_discrimination", "reception", "civic_participation", "information_orientation", "governance"]
    assert list(ROLES) == ["leader", "active_partner", "coordinator", "support", "funding", "advisory"]
    assert set(ASPECTS) == {"communication", "inclusion", "innovation", "multilevel_governance",
                            "multistakeholder", "monitoring_evaluation", "sustainability"}
    assert set(TARGET_GROUPS) >= {"third_country_nationals", "beneficiaries_international_protection",
                                  "temporary_protection", "asylum_seekers", "unaccompanied_minors", "children",
                                  "youth", "women", "families", "older_people", "migrant_workers", "students",
                                  "newcomers", "undocumented_migrants", "host_community", "professionals",
                                  "employers"}
    eu_eea = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
    others = "GB CH AL BA ME MK RS XK MD UA TR"
    assert set(COUNTRIES) == set(f"{eu_eea} {others}".split())
    assert set(LANGUAGE_NAMES) == set(LANGS)


def test_some_labels_read_naturally() -> None:
    assert AREAS["labour_market"].label("el") == "Αγορά εργασίας"
    assert ASPECTS["multilevel_governance"].label("en") == "Multi-level governance"
    assert ASPECTS["multistakeholder"].label("en") == "Multi-stakeholder approach"
    assert ASPECTS["monitoring_evaluation"].label("en") == "Monitoring and evaluation"
    assert COUNTRIES["GR"].label("el") == "Ελλάδα"
    assert COUNTRIES["DE"].label("fr") == "Allemagne"
    assert LANGUAGE_NAMES["fr"].label("fr") == "Français"
    assert LANGUAGE_NAMES["fr"].label("en") == "French"
    assert LANGUAGE_NAMES["el"].label("el") == "Ελληνικά"


def test_term_label_falls_back_to_english() -> None:
    term = AREAS["housing"]
    assert term.label("fr") == "Logement"
    assert term.label("fr-BE") == "Logement"
    assert term.label("nl") == "Housing"
    assert term.label("") == "Housing"


def test_terms_are_hashable_and_frozen() -> None:
    term = ROLES["leader"]
    assert hash(term) == hash(ROLES["leader"])
    with pytest.raises(AttributeError):
        term.key = "boss"  # type: ignore[misc]


# --- normalisation from keys, labels and synonyms ---------------------------------------------

@pytest.mark.parametrize(("kind", "key", "phrase"),
                         [c for kind in ("area", "role", "target_group", "aspect") for c in _phrases(kind, False)])
def test_key_and_every_label_normalise(kind: str, key: str, phrase: str) -> None:
    assert _single(kind, phrase) == [key]


@pytest.mark.parametrize(("kind", "key", "phrase"),
                         [c for kind in ("area", "role", "target_group", "aspect") for c in _phrases(kind, True)])
def test_every_synonym_normalises_to_its_own_term(kind: str, key: str, phrase: str) -> None:
    if kind == "role" and any(f" {w} " in f" {phrase.lower()} " for w in ("and", "e", "y", "et", "und")):
        pytest.skip("role wording is split on conjunctions")
    assert _single(kind, phrase) == [key]


@pytest.mark.parametrize(("code", "phrase"), [
    (code, phrase) for code, term in COUNTRIES.items()
    for phrase in dict.fromkeys([code, code.lower(), *term.labels.values(), *term.synonyms])])
def test_every_country_name_and_code_normalises(code: str, phrase: str) -> None:
    assert normalise_country(phrase) == code


@pytest.mark.parametrize(("value", "expected"), [
    ("employment", "labour_market"), ("jobs", "labour_market"), ("work", "labour_market"),
    ("Labour market integration", "labour_market"), ("vocational training", "labour_market"),
    ("emploi", "labour_market"), ("Arbeitsmarkt", "labour_market"), ("empleo", "labour_market"),
    ("lavoro", "labour_market"), ("απασχόληση", "labour_market"), ("emprego", "labour_market"),
    ("labour_market", "labour_market"), ("LABOUR-MARKET", "labour_market"), ("labor market", "labour_market"),
    ("schooling", "education"), ("Schule", "education"), ("scuola", "education"), ("εκπαίδευσης", "education"),
    ("mental health", "health"), ("santé mentale", "health"), ("salud", "health"), ("υγείας", "health"),
    ("logement", "housing"), ("Wohnen", "housing"), ("vivienda", "housing"), ("alloggio", "housing"),
    ("στέγαση", "housing"), ("habitação", "housing"), ("HABITACAO", "housing"),
    ("language courses", "language"), ("language learning", "language"), ("Sprachkurse", "language"),
    ("cours de langue", "language"), ("corsi di lingua", "language"),
    ("culture and religion", "culture_religion"), ("Kultur und Religion", "culture_religion"),
    ("social assistance", "social_security"), ("social security and assistance", "social_security"),
    ("welfare", "social_security"), ("aide sociale", "social_security"), ("Sozialhilfe", "social_security"),
    ("anti-discrimination", "anti_discrimination"), ("racism", "anti_discrimination"),
    ("Rassismus", "anti_discrimination"), ("ρατσισμός", "anti_discrimination"),
    ("accueil", "reception"), ("Aufnahme", "reception"), ("acogida", "reception"),
    ("political participation", "civic_participation"), ("civic participation", "civic_participation"),
    ("participation citoyenne", "civic_participation"),
    ("information and orientation", "information_orientation"), ("one-stop shop", "information_orientation"),
    ("One Stop Shop", "information_orientation"), ("orientation", "information_orientation"),
    ("guichet unique", "information_orientation"), ("sportello unico", "information_orientation"),
    ("multi-level governance", "governance"), ("coordination", "governance"), ("gobernanza", "governance"),
])
def test_free_wording_normalises_to_areas(value: str, expected: str) -> None:
    assert normalise_areas(value) == ([expected], [])


@pytest.mark.parametrize(("value", "expected"), [
    ("refugees", "beneficiaries_international_protection"), ("réfugiés", "beneficiaries_international_protection"),
    ("Geflüchtete", "beneficiaries_international_protection"), ("Flüchtlinge", "beneficiaries_international_protection"),
    ("refugiados", "beneficiaries_international_protection"), ("rifugiati", "beneficiaries_international_protection"),
    ("πρόσφυγες", "beneficiaries_international_protection"), ("refugee", "beneficiaries_international_protection"),
    ("TCNs", "third_country_nationals"), ("non-EU migrants", "third_country_nationals"),
    ("third country nationals", "third_country_nationals"), ("migrants", "third_country_nationals"),
    ("Ukrainians", "temporary_protection"), ("displaced persons from Ukraine", "temporary_protection"),
    ("ucranianos", "temporary_protection"), ("Ουκρανοί", "temporary_protection"),
    ("girls", "women"), ("mothers", "women"), ("femmes", "women"), ("Frauen", "women"), ("mujeres", "women"),
    ("donne", "women"), ("γυναίκες", "women"), ("mulheres", "women"), ("woman", "women"),
    ("young people", "youth"), ("jeunes", "youth"), ("Jugendliche", "youth"), ("giovani", "youth"),
    ("kids", "children"), ("pupils", "children"), ("Kinder", "children"), ("παιδιά", "children"),
    ("niños y niñas", "children"),
    ("minori non accompagnati", "unaccompanied_minors"), ("mineurs non accompagnés", "unaccompanied_minors"),
    ("asylum-seekers", "asylum_seekers"), ("asylum seeker", "asylum_seekers"), ("Asylbewerber", "asylum_seekers"),
    ("seasonal workers", "migrant_workers"), ("sans-papiers", "undocumented_migrants"),
    ("host society", "host_community"), ("employer", "employers"), ("elderly", "older_people"),
])
def test_free_wording_normalises_to_target_groups(value: str, expected: str) -> None:
    assert normalise_target_groups(value) == ([expected], [])


def test_areas_keep_order_deduplicate_and_split_on_separators() -> None:
    assert normalise_areas("housing; employment, jobs;Health") == (["housing", "labour_market", "health"], [])
    assert normalise_areas(["Wohnen", "housing", "logement; emploi"]) == (["housing", "labour_market"], [])
    assert normalise_areas("housing and health") == (["housing", "health"], [])
    assert normalise_areas("") == ([], [])
    assert normalise_areas(None) == ([], [])
    assert normalise_areas(" ; , ") == ([], [])


def test_unknown_areas_are_kept_as_tags() -> None:
    keys, tags = normalise_areas("housing; Roma inclusion;  roma   INCLUSION ; digital skills; 'climate'")
    assert keys == ["housing"]
    assert tags == ["Roma inclusion", "digital skills", "climate"]
    # a conjunction only splits when every part is known
    assert normalise_areas("housing and space travel") == ([], ["housing and space travel"])


def test_unknown_target_groups_are_kept_as_tags() -> None:
    assert normalise_target_groups("women, Roma, LGBTIQ+ people, Roma") == (["women"], ["Roma", "LGBTIQ+ people"])


def test_target_groups_in_several_languages_at_once() -> None:
    keys, tags = normalise_target_groups(["Frauen", "refugiados; crianças", "νέοι", "TCN"])
    assert keys == ["women", "beneficiaries_international_protection", "children", "youth",
                    "third_country_nationals"]
    assert tags == []


def test_aspects_normalise() -> None:
    assert normalise_aspects("Monitoring & evaluation; Nachhaltigkeit; innovative") == (
        ["monitoring_evaluation", "sustainability", "innovation"], [])
    assert normalise_aspects("Multi-level governance, multi-stakeholder, Επικοινωνία") == (
        ["multilevel_governance", "multistakeholder", "communication"], [])


# --- roles ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("leader and funder", ["leader", "funding"]),
    ("Coordinator / advisory", ["coordinator", "advisory"]),
    ("lead", ["leader"]), ("Leading", ["leader"]), ("promoter", ["leader"]),
    ("partner", ["active_partner"]), ("Active partner", ["active_partner"]), ("active_partner", ["active_partner"]),
    ("coordination", ["coordinator"]), ("coordinating", ["coordinator"]),
    ("supporter", ["support"]), ("funder", ["funding"]), ("financing", ["funding"]), ("co-funding", ["funding"]),
    ("advisor", ["advisory"]), ("advisory", ["advisory"]),
    ("chef de file et financeur", ["leader", "funding"]),
    ("Partner und Geldgeber", ["active_partner", "funding"]),
    ("socio y financiador", ["active_partner", "funding"]),
    ("capofila e finanziatore", ["leader", "funding"]),
    ("επικεφαλής και χρηματοδότης", ["leader", "funding"]),
    ("parceiro e financiador", ["active_partner", "funding"]),
    ("support & advisory + funding", ["support", "advisory", "funding"]),
    ("leader, leader; lead", ["leader"]),
    ("as lead partner", ["leader"]), ("en tant que chef de file", ["leader"]), ("advisory role", ["advisory"]),
    (["leader", "support"], ["leader", "support"]),
    ("", []),
])
def test_roles_normalise(value: str | list[str], expected: list[str]) -> None:
    assert normalise_roles(value) == expected


def test_unknown_role_raises_with_the_bad_value() -> None:
    with pytest.raises(VocabularyError) as caught:
        normalise_roles("boss")
    error = caught.value
    assert isinstance(error, FieldError)
    assert error.field == "authority_role"
    assert error.value == "boss"
    assert error.message == ("unknown authority role 'boss' (expected one of: leader, active partner, "
                             "coordinator, support, funding, advisory)")
    assert "'boss'" in str(error)


def test_unknown_part_of_a_role_list_is_reported_alone() -> None:
    with pytest.raises(VocabularyError) as caught:
        normalise_roles("leader and overlord")
    assert caught.value.value == "overlord"
    assert "'overlord'" in str(caught.value)


@pytest.mark.parametrize(("key", "group"), [
    ("leader", "direct"), ("active_partner", "direct"), ("coordinator", "direct"),
    ("support", "indirect"), ("funding", "indirect"), ("advisory", "indirect"),
    ("funder", "indirect"), ("chef de file", "direct"),
])
def test_role_groups(key: str, group: str) -> None:
    assert role_group(key) == group


def test_every_role_has_a_group() -> None:
    assert {term.group for term in ROLES.values()} == {"direct", "indirect"}
    assert all(term.group is None for vocab_ in (AREAS, TARGET_GROUPS, ASPECTS) for term in vocab_.values())


def test_role_group_of_unknown_role_raises() -> None:
    with pytest.raises(VocabularyError, match="boss"):
        role_group("boss")


# --- countries --------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("es", "ES"), ("Es", "ES"), (" de ", "DE"), ("UK", "GB"), ("Great Britain", "GB"), ("Holland", "NL"),
    ("Czech Republic", "CZ"), ("Türkei", "TR"), ("Turkey", "TR"), ("Hellas", "GR"), ("Ελλάδα", "GR"),
    ("ελλαδα", "GR"), ("Ελλάδας", "GR"), ("EL", "GR"), ("Espagne", "ES"), ("ESPAÑA", "ES"), ("espana", "ES"),
    ("Pays-Bas", "NL"), ("pays bas", "NL"), ("Bosnia & Herzegovina", "BA"), ("north-macedonia", "MK"),
    ("Moldawien", "MD"), ("Κύπρου", "CY"),
])
def test_country_names_normalise(value: str, expected: str) -> None:
    assert normalise_country(value) == expected


@pytest.mark.parametrize("value", ["Atlantis", "", "ZZ", "India", "Narnia land"])
def test_unknown_country_raises_with_the_bad_value(value: str) -> None:
    with pytest.raises(VocabularyError) as caught:
        normalise_country(value)
    assert caught.value.field == "country"
    assert caught.value.value == value
    assert repr(value) in str(caught.value)


def test_unknown_country_message() -> None:
    with pytest.raises(VocabularyError) as caught:
        normalise_country("Atlantis")
    assert caught.value.message == ("unknown country 'Atlantis' "
                                    "(use a country name or an ISO 3166-1 alpha-2 code)")


# --- labels and vocabularies ------------------------------------------------------------------

def test_label_lookup() -> None:
    assert label("area", "housing", "de") == "Wohnen"
    assert label("role", "leader", "fr") == "Chef de file"
    assert label("target_group", "women", "el") == "Γυναίκες"
    assert label("aspect", "sustainability", "pt") == "Sustentabilidade"
    assert label("country", "ES", "it") == "Spagna"
    assert label("country", "es", "fr") == "Espagne"
    assert label("language", "el", "en") == "Greek"
    assert label("area", "housing", "nl") == "Housing"


def test_label_of_unknown_key_is_prettified_and_tags_shown_as_is() -> None:
    assert label("area", "digital_inclusion", "fr") == "Digital inclusion"
    assert label("target_group", "Roma", "en") == "Roma"
    assert label("target_group", "LGBTIQ+ people", "de") == "LGBTIQ+ people"
    assert label("country", "ZZ", "en") == "ZZ"


def test_unknown_vocabulary_name_raises() -> None:
    with pytest.raises(VocabularyError, match="'colour'"):
        label("colour", "red", "en")
    with pytest.raises(VocabularyError, match="'colour'"):
        vocabulary("colour")


@pytest.mark.parametrize("name", sorted(ALL_VOCABULARIES))
def test_vocabulary_returns_the_terms(name: str) -> None:
    terms = vocabulary(name)
    assert terms == ALL_VOCABULARIES[name]
    terms.clear()  # a copy: callers cannot damage the module tables
    assert vocabulary(name)


def test_vocabulary_accepts_plural_names() -> None:
    assert vocabulary("areas") == AREAS
    assert vocabulary("countries") == COUNTRIES
    assert vocabulary("target-groups") == TARGET_GROUPS


def test_lookup_tables_are_precomputed() -> None:
    assert set(vocab._LOOKUPS) == set(ALL_VOCABULARIES)
    assert vocab._LOOKUPS["area"].exact[("labour", "market")] == "labour_market"


# --- finders ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("what about in Spain?", ["ES"]),
    ("And in the Netherlands or Belgium?", ["NL", "BE"]),
    ("What about the UK?", ["GB"]),
    ("et en Italie ?", ["IT"]),
    ("Qu'en est-il de la Grèce et de l'Allemagne ?", ["GR", "DE"]),
    ("und in Österreich?", ["AT"]),
    ("Wie ist es in der Schweiz und in Italien?", ["CH", "IT"]),
    ("¿y en Portugal?", ["PT"]),
    ("¿Qué pasa en España y en Francia?", ["ES", "FR"]),
    ("e in Grecia?", ["GR"]),
    ("E nei Paesi Bassi?", ["NL"]),
    ("και στην Ελλάδα;", ["GR"]),
    ("Τι ισχύει στην Ισπανία;", ["ES"]),
    ("Στοιχεία της Ελλάδας και της Ισπανίας", ["GR", "ES"]),
    ("e em Espanha?", ["ES"]),
    ("E no Reino Unido e na Alemanha?", ["GB", "DE"]),
])
def test_find_countries(text: str, expected: list[str]) -> None:
    assert find_countries(text) == expected


@pytest.mark.parametrize("text", [
    "what about in India?",
    "it is in the plan",
    "is it so?",
    "ES IST GUT SO",
    "un cours d'italien",
    "a turkey sandwich",
    "uma pergunta",
    "",
])
def test_find_countries_ignores_lowercase_codes_and_common_words(text: str) -> None:
    assert find_countries(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("and for women?", ["women"]),
    ("What about refugees and young people?", ["beneficiaries_international_protection", "youth"]),
    ("pour les jeunes", ["youth"]),
    ("et pour les demandeurs d'asile ?", ["asylum_seekers"]),
    ("und für Frauen?", ["women"]),
    ("Gibt es etwas für unbegleitete Minderjährige?", ["unaccompanied_minors"]),
    ("¿y para los refugiados?", ["beneficiaries_international_protection"]),
    ("¿Hay algo para mujeres y niños?", ["women", "children"]),
    ("e per i minori non accompagnati?", ["unaccompanied_minors"]),
    ("e per le donne?", ["women"]),
    ("για τις γυναίκες", ["women"]),
    ("και για τους πρόσφυγες;", ["beneficiaries_international_protection"]),
    ("e para as mulheres?", ["women"]),
    ("E para os refugiados ucranianos?", ["temporary_protection"]),
])
def test_find_target_groups(text: str, expected: list[str]) -> None:
    assert find_target_groups(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("and housing?", ["housing"]),
    ("What about jobs and language courses?", ["labour_market", "language"]),
    ("et pour le logement ?", ["housing"]),
    ("Et l'emploi ?", ["labour_market"]),
    ("und beim Wohnen?", ["housing"]),
    ("Was gibt es zur Bildung?", ["education"]),
    ("¿y la vivienda?", ["housing"]),
    ("¿Y en salud mental?", ["health"]),
    ("e per l'alloggio?", ["housing"]),
    ("e il lavoro?", ["labour_market"]),
    ("και η στέγαση;", ["housing"]),
    ("Τι γίνεται με την εκπαίδευση και την απασχόληση;", ["education", "labour_market"]),
    ("e a habitação?", ["housing"]),
    ("E quanto ao emprego?", ["labour_market"]),
])
def test_find_areas(text: str, expected: list[str]) -> None:
    assert find_areas(text) == expected


def test_find_areas_ignores_ambiguous_work() -> None:
    assert find_areas("how does it work?") == []
