"""The follow-up questionnaire that categorises a submitted practice, and its private links."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from . import vocab
from .errors import FieldError, RecordError, TokenError

MAX_COMMENT = 2000


@dataclass(frozen=True)
class Question:
    """One question: its key, kind (choice, multi, number, text) and allowed options."""

    key: str
    kind: str
    options: tuple[str, ...] = ()
    required: bool = False
    max_choices: int = 0
    bounds: tuple[int, int] = (0, 0)


QUESTIONS: tuple[Question, ...] = (
    Question("authority_role", "multi", tuple(vocab.ROLES), required=True),
    Question("areas", "multi", tuple(vocab.AREAS), required=True),
    Question("target_groups", "multi", tuple(vocab.TARGET_GROUPS), required=True),
    Question("scale", "choice", ("local", "regional", "national", "cross_border"),
             required=True),
    Question("stage", "choice", ("planned", "pilot", "ongoing", "completed", "mainstreamed"),
             required=True),
    Question("beneficiaries", "number", bounds=(0, 100_000_000)),
    Question("budget", "choice", ("under_50k", "50k_250k", "250k_1m", "over_1m", "unknown")),
    Question("funding_sources", "multi",
             ("regional", "national", "eu", "municipal", "private", "ngo", "other")),
    Question("evaluated", "choice", ("external", "internal", "planned", "no"), required=True),
    Question("strongest_aspects", "multi", tuple(vocab.ASPECTS), max_choices=3),
    Question("comments", "text"),
)
BY_KEY = {q.key: q for q in QUESTIONS}
# answers that are also fields of the practice record; a coordinator may apply them
RECORD_FIELDS = ("authority_role", "areas", "target_groups")


@dataclass
class Answers:
    """Validated answers keyed by question."""

    values: dict[str, Any] = field(default_factory=dict)


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _check(q: Question, value: Any, errors: list[FieldError]) -> Any:
    empty = value is None or value == "" or value == []
    if empty:
        if q.required:
            errors.append(FieldError(q.key, "is required", value, code="required"))
        return None
    if q.kind == "multi":
        items = _as_list(value)
        bad = [v for v in items if not isinstance(v, str) or v not in q.options]
        if bad:
            errors.append(FieldError(q.key, f"unknown value {bad[0]!r} (expected one of: "
                                     + ", ".join(q.options) + ")", bad[0], code="unknown_value"))
            return None
        if q.max_choices and len(set(items)) > q.max_choices:
            errors.append(FieldError(q.key, f"at most {q.max_choices} choices, got {len(items)}",
                                     len(items), code="too_many", params={"max": q.max_choices}))
            return None
        return list(dict.fromkeys(items))
    if q.kind == "choice":
        if not isinstance(value, str) or value not in q.options:
            errors.append(FieldError(q.key, f"unknown value {value!r} (expected one of: "
                                     + ", ".join(q.options) + ")", value, code="unknown_value"))
            return None
        return value
    if q.kind == "number":
        try:
            if isinstance(value, bool) or float(value) != int(float(value)):
                raise ValueError
            number = int(float(value))
        except (TypeError, ValueError):
            errors.append(FieldError(q.key, f"must be a whole number, got {value!r}", value,
                                     code="not_number"))
            return None
        low, high = q.bounds
        if not low <= number <= high:
            errors.append(FieldError(q.key, f"{number} is outside {low}–{high}", value,
                                     code="number_range", params={"min": low, "max": high}))
            return None
        return number
    if not isinstance(value, str):
        errors.append(FieldError(q.key, f"must be text, got {type(value).__name__}", value,
                                 code="not_text"))
        return None
    text = value.strip()
    if len(text) > MAX_COMMENT:
        errors.append(FieldError(q.key, f"is {len(text)} characters long (at most "
                                 f"{MAX_COMMENT})", text[:40], code="too_long",
                                 params={"length": len(text), "max": MAX_COMMENT}))
        return None
    return text or None


def validate_answers(raw: Mapping[str, Any]) -> Answers:
    """Validate the answers; raises RecordError naming every bad question and value."""
    if not isinstance(raw, Mapping):
        raise RecordError([FieldError("answers", "must be an object", raw, code="not_object")])
    errors: list[FieldError] = []
    for key in raw:
        if key not in BY_KEY:
            errors.append(FieldError(str(key), f"unknown question {key!r}", key,
                                     code="unknown_field"))
    values = {q.key: _check(q, raw.get(q.key), errors) for q in QUESTIONS}
    if errors:
        raise RecordError(errors)
    return Answers({k: v for k, v in values.items() if v not in (None, [])})


class QuestionnaireLinks:
    """Signed, expiring links: the token names the submission and a single-use nonce."""

    def __init__(self, secret: str, max_age_days: int = 30) -> None:
        if not secret:
            raise ValueError("a secret is required to sign questionnaire links, got ''")
        self._serializer = URLSafeTimedSerializer(secret, salt="questionnaire-v1")
        self.max_age = max_age_days * 86400

    def make(self, reference: str, nonce: str) -> str:
        """The token for one submission and nonce."""
        return str(self._serializer.dumps({"r": reference, "n": nonce}))

    def read(self, token: str) -> tuple[str, str]:
        """(reference, nonce) from a token; raises TokenError if forged or expired."""
        try:
            data = self._serializer.loads(token, max_age=self.max_age)
        except SignatureExpired:
            raise TokenError("expired") from None
        except BadSignature:
            raise TokenError("invalid") from None
        if not isinstance(data, dict) or not {"r", "n"} <= set(data):
            raise TokenError("invalid")
        return str(data["r"]), str(data["n"])
