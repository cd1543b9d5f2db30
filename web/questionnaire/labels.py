"""The questionnaire's questions and options in the page language (vocabularies for some)."""
from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from knowledge import vocab
from knowledge.questionnaire import BY_KEY, QUESTIONS, Question

QUESTION_LABELS = {
    "authority_role": _l("What role does the regional authority play in the practice?"),
    "areas": _l("Which areas of integration does the practice work on?"),
    "target_groups": _l("Who is the practice for?"),
    "scale": _l("At what scale does the practice work?"),
    "stage": _l("How far has the practice come?"),
    "beneficiaries": _l("About how many people has the practice reached so far?"),
    "budget": _l("What is the practice's total budget?"),
    "funding_sources": _l("Where does its funding come from?"),
    "evaluated": _l("Has the practice been evaluated?"),
    "strongest_aspects": _l("Which aspects of the practice are its strongest?"),
    "comments": _l("Is there anything else you would like to tell us?"),
}
HINTS = {
    "authority_role": _l("Choose every role that applies."),
    "areas": _l("Choose every area that applies."),
    "target_groups": _l("Choose every group that applies."),
    "beneficiaries": _l("A whole number; an estimate is fine."),
    "funding_sources": _l("Choose every source that applies."),
    "comments": _l("For example results you are proud of, or what you would do differently."),
}
# the options that are not vocabulary terms
OPTION_LABELS = {
    "scale": {"local": _l("Local"), "regional": _l("Regional"), "national": _l("National"),
              "cross_border": _l("Across borders")},
    "stage": {"planned": _l("Planned"), "pilot": _l("Pilot phase"), "ongoing": _l("Running"),
              "completed": _l("Completed"),
              "mainstreamed": _l("Part of regular services now")},
    "budget": {"under_50k": _l("Less than €50,000"), "50k_250k": _l("€50,000 to €250,000"),
               "250k_1m": _l("€250,000 to €1 million"), "over_1m": _l("More than €1 million"),
               "unknown": _l("I do not know")},
    "funding_sources": {"regional": _l("The region's own budget"),
                        "national": _l("National government"), "eu": _l("European Union funds"),
                        "municipal": _l("Municipalities"), "private": _l("Private companies"),
                        "ngo": _l("Foundations or NGOs"), "other": _l("Other sources")},
    "evaluated": {"external": _l("Yes, by an external evaluator"),
                  "internal": _l("Yes, by our own team"),
                  "planned": _l("Not yet, but an evaluation is planned"), "no": _l("No")},
}
VOCABULARY_OF = {"authority_role": "role", "areas": "area", "target_groups": "target_group",
                 "strongest_aspects": "aspect"}


def question_label(key: str) -> str:
    """The question in the page language (the key itself for an unknown question)."""
    label = QUESTION_LABELS.get(key)
    return str(label) if label is not None else key


def option_label(key: str, option: str) -> str:
    """One option of a question in the page language."""
    if key in VOCABULARY_OF:
        return vocab.label(VOCABULARY_OF[key], option, getattr(g, "lang", "en"))
    label = OPTION_LABELS.get(key, {}).get(option)
    return str(label) if label is not None else option


def hint(question: Question) -> str:
    """The help text under a question ("" when none)."""
    text = HINTS.get(question.key)
    if question.max_choices:
        return _("Choose up to %(max)s.", max=question.max_choices)
    return str(text) if text is not None else ""


def answer_text(key: str, value: Any) -> str:
    """A stored answer as readable text in the page language."""
    if isinstance(value, list):
        return ", ".join(option_label(key, str(v)) for v in value)
    if key in BY_KEY and BY_KEY[key].kind in ("choice", "multi"):
        return option_label(key, str(value))
    return "" if value is None else str(value)


def described_questions() -> list[dict[str, Any]]:
    """Every question with its label, hint and labelled options, in order."""
    return [{"key": q.key, "kind": q.kind, "required": q.required, "label": question_label(q.key),
             "hint": hint(q), "max_choices": q.max_choices, "bounds": q.bounds,
             "options": [(o, option_label(q.key, o)) for o in q.options]}
            for q in QUESTIONS]
