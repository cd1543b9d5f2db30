"""The submission template's fields: labels, help, limits, choices, and form data <-> record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import vocab
from knowledge.models import GlossaryEntry
from knowledge.schema import MAX_SHORT, MAX_TEXT, MAX_TITLE, MAX_YEAR, MIN_YEAR
from knowledge.text import fold

HONEYPOT = "website"  # a field people never see; bots fill in every field they find
MAX_EMAIL = 320
MAX_URL = 2000


@dataclass(frozen=True)
class Field:
    """One input of the template, named as the record's field ("contact.email")."""

    name: str
    label: Any  # a lazy string
    hint: Any = None
    kind: str = "text"  # text, email, url, year, textarea, select, checkboxes, consent
    required: bool = False
    maxlength: int | None = None
    rows: int = 6
    glossary: tuple[str, ...] = ()
    autocomplete: str = "off"
    short: Any = None  # the name in the error summary when the label is a sentence

    @property
    def id(self) -> str:
        """The element id: the input itself, or a group's first checkbox."""
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def title(self) -> str:
        """The field's name in the error summary."""
        return str(self.short or self.label)

    @property
    def counted(self) -> bool:
        """Long texts get a character counter (submit.js)."""
        return self.kind == "textarea" and self.maxlength == MAX_TEXT


FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("title", _l("Title of the practice"), _l(
        "A short name that says what the practice does, for example “One-stop shop for "
        "newly arrived families”."), required=True, maxlength=MAX_TITLE),
    Field("region", _l("Region"), _l(
        "The region where the practice takes place, for example Crete, Catalonia or Skåne."),
        required=True, maxlength=MAX_SHORT),
    Field("country", _l("Country"), _l("The country of the region."), kind="select",
          required=True),
    Field("city_or_area", _l("City or area"), _l(
        "Only if the practice covers part of the region: a city, a province or a district."),
        maxlength=MAX_SHORT),
    Field("language", _l("Language of the texts"), _l(
        "The language in which you describe the practice below: any of the seven languages "
        "of the Integration Lab."), kind="select"),
    Field("authority_role", _l("Role of the regional authority"), _l(
        "How the regional authority took part in the practice. Tick all that apply."),
        kind="checkboxes", glossary=("multi-level-governance",)),
    Field("areas", _l("Integration areas"), _l(
        "The areas of integration the practice works on. Tick all that apply."),
        kind="checkboxes", glossary=("integration", "mainstreaming")),
    Field("target_groups", _l("Target groups"), _l(
        "The people the practice is for. Tick all that apply."), kind="checkboxes",
        glossary=("third-country-national", "beneficiary-of-international-protection")),
    Field("start_year", _l("Start year"), kind="year"),
    Field("end_year", _l("End year"), kind="year"),
    Field("summary", _l("Summary: what was done"), _l(
        "Describe the practice in a few paragraphs: its aims, what was done, by whom and "
        "for whom."), kind="textarea", required=True, maxlength=MAX_TEXT, rows=8,
        glossary=("good-practice",)),
    Field("challenges", _l("Challenges faced"), _l(
        "The problems the practice set out to solve, or met along the way."),
        kind="textarea", maxlength=MAX_TEXT),
    Field("solutions", _l("Solutions found"), _l("How those challenges were overcome."),
          kind="textarea", maxlength=MAX_TEXT),
    Field("lessons_learnt", _l("Lessons learnt"), _l(
        "What you would tell a region that wants to do the same: what worked, and what you "
        "would do differently."), kind="textarea", maxlength=MAX_TEXT),
    Field("results", _l("Results"), _l(
        "What changed thanks to the practice: figures, evaluations, what participants said."),
        kind="textarea", maxlength=MAX_TEXT, glossary=("monitoring-and-evaluation",)),
    Field("transferability", _l("Transferability"), _l(
        "What another region would need to do the same: conditions, costs, partners, "
        "pitfalls."), kind="textarea", maxlength=MAX_TEXT, glossary=("transferability",)),
    Field("funding", _l("Funding"), _l(
        "The sources of funding and, if you can share it, the budget: for example the "
        "regional budget, AMIF or ESF+."), kind="textarea", maxlength=MAX_TEXT, rows=3,
        glossary=("amif", "esf-plus")),
    Field("partners", _l("Partners"), _l(
        "One organisation per line: municipalities, associations, employers, universities…"),
        kind="textarea", maxlength=MAX_TEXT, rows=4, glossary=("multi-stakeholder-approach",)),
    Field("source_url", _l("Link to more information"), _l(
        "A web page about the practice, starting with https://"), kind="url",
        maxlength=MAX_URL, autocomplete="url"),
    Field("contact.name", _l("Your name"), _l("Never published."), required=True,
          maxlength=MAX_SHORT, autocomplete="name"),
    Field("contact.organisation", _l("Organisation"), _l(
        "Your authority or organisation. Never published."), maxlength=MAX_SHORT,
        autocomplete="organization"),
    Field("contact.email", _l("E-mail address"), _l(
        "For the confirmation and any follow-up questions. Never published."), kind="email",
        required=True, maxlength=MAX_EMAIL, autocomplete="email"),
    Field("consent", _l("I have read the privacy notice and agree that the Integration Lab "
                        "stores this information to review and publish the practice."),
          kind="consent", required=True, short=_l("Privacy notice")),
)}
LIST_FIELDS = tuple(name for name, f in FIELDS.items() if f.kind == "checkboxes")
YEARS = {"min": MIN_YEAR, "max": MAX_YEAR}


def sorted_terms(terms: Mapping[str, vocab.Term], lang: str) -> list[tuple[str, str]]:
    """(key, label in lang) sorted the way a reader of lang looks for them."""
    pairs = [(key, term.label(lang)) for key, term in terms.items()]
    return sorted(pairs, key=lambda pair: fold(pair[1]))


def choices(lang: str) -> dict[str, Any]:
    """Every list the form offers, labelled in the page language."""
    roles: dict[str, list[tuple[str, str]]] = {"direct": [], "indirect": []}
    for key, term in vocab.ROLES.items():
        roles[term.group or "direct"].append((key, term.label(lang)))
    return {"country": sorted_terms(vocab.COUNTRIES, lang),
            "language": [(code, vocab.label("language", code, lang)) for code in vocab.LANGS],
            "authority_role": roles,
            "areas": sorted_terms(vocab.AREAS, lang),
            "target_groups": sorted_terms(vocab.TARGET_GROUPS, lang)}


def glossary_links(session: Session, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Field name -> [(entry id, term in lang)] for the entries that exist."""
    wanted = {gid for f in FIELDS.values() for gid in f.glossary}
    rows = session.scalars(select(GlossaryEntry).where(GlossaryEntry.id.in_(wanted)))
    terms = {row.id: row.terms.get(lang) or row.terms.get("en") or row.id for row in rows}
    return {f.name: [(gid, terms[gid]) for gid in f.glossary if gid in terms]
            for f in FIELDS.values() if f.glossary}


def empty_values(lang: str) -> dict[str, Any]:
    """A blank form: the practice's language defaults to the page language."""
    return {"language": lang}


def values_from_form(form: Any) -> dict[str, Any]:
    """What the user sent, exactly as typed (to show it again)."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        if name in LIST_FIELDS:
            values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
        else:
            values[name] = form.get(name, "")
    return values


def record_from_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The raw submission the core validates: lists for checkboxes, no empty strings."""
    raw: dict[str, Any] = {}
    contact: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, str):
            # browsers send line breaks as CRLF; counted as two they could break the limit
            value = value.replace("\r\n", "\n")
        if name in LIST_FIELDS:
            if value:
                raw[name] = list(value)
        elif name == "partners":
            lines = [line.strip() for line in str(value).splitlines() if line.strip()]
            if lines:
                raw[name] = lines
        elif name == "consent":
            if str(value).strip():
                raw[name] = True
        elif str(value).strip():
            if name.startswith("contact."):
                contact[name.split(".", 1)[1]] = str(value).strip()
            else:
                raw[name] = str(value).strip()
    if contact:
        raw["contact"] = contact
    return raw
