"""Shared pydantic building blocks for request and response bodies.

Request models forbid unknown fields. Constrained string types call the
service's own field rules, so REST and the Reflex UI accept exactly the same
input; a failing rule becomes a 422 whose field ``type`` is the rule's code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from casino_app.api.json_kinds import admits, type_error
from casino_app.services.accounts import validation


def _storable(value: Any) -> Any:
    """Reject text PostgreSQL cannot store (NUL, lone surrogates) anywhere inside a field."""
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
            raise PydanticCustomError("CONTROL_CHARACTERS", "text must not contain NUL or unpaired surrogates")
    elif isinstance(value, list | tuple):
        for item in value:
            _storable(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key)
            _storable(item)
    return value


class ApiModel(BaseModel):
    """Base for request bodies: unknown fields are an error, and so are values of another JSON type
    than the field's (no ``0`` for ``false``) and text the database cannot store."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _json_type_and_storable_text(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and not admits(field.annotation, value):
            raise PydanticCustomError(*type_error(field.annotation))
        return _storable(value)


class ResponseModel(BaseModel):
    """Base for response bodies."""

    model_config = ConfigDict(from_attributes=True)


class ErrorBody(BaseModel):
    """The ``error`` object of the envelope."""

    code: str = Field(examples=["NOT_FOUND"])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)
    request_id: str | None = None


class ErrorEnvelope(BaseModel):
    """Every 4xx/5xx response body."""

    error: ErrorBody


def rule(check: Callable[[Any], Any]) -> AfterValidator:
    """Wrap a service field rule so its ``FieldError`` becomes a typed pydantic error."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except validation.FieldError as exc:
            raise PydanticCustomError(exc.code, "{code}", {"code": exc.code}) from None

    return AfterValidator(run)


def text(max_length: int, field: str) -> AfterValidator:
    """Free text: NFC, trimmed, no control characters, at most ``max_length``."""
    return rule(lambda value: validation.clean_text(value, field, max_length=max_length))


def documented(**keywords: Any) -> Any:
    """JSON-schema keywords that describe a field rule in the OpenAPI document without enforcing them.

    The service rule (``rule(...)``) stays the one that decides, with its own
    error code, and it also accepts input it normalises first (surrounding
    spaces, upper case, composed Hangul); the document states the canonical form.
    """
    return Field(json_schema_extra=keywords)


def _reserved_words_pattern() -> str:
    """A pattern matching the reserved nicknames in any letter case (JSON Schema regexes have no flags)."""

    def any_case(word: str) -> str:
        return "".join(f"[{ch.upper()}{ch.lower()}]" if ch.isascii() and ch.isalpha() else re.escape(ch) for ch in word)

    return "^(" + "|".join(any_case(word) for word in sorted(validation.RESERVED_NICKNAMES)) + ")$"


SiteId = Annotated[
    str,
    Field(max_length=80, examples=["user001"], description="4–20 of [a-z0-9_] (upper case is folded)"),
    documented(pattern="^[A-Za-z0-9_]{4,20}$"),
    rule(validation.validate_site_id),
]
Nickname = Annotated[
    str,
    Field(max_length=48, examples=["네온고양이"], description="2–12 letters, digits, _ or Hangul; not a reserved word"),
    documented(pattern=validation.NICKNAME_PATTERN.pattern, **{"not": {"pattern": _reserved_words_pattern()}}),
    rule(validation.validate_nickname),
]
Password = Annotated[
    str,
    Field(max_length=512, description="8–128 characters of any script, no control characters, not only spaces"),
    documented(minLength=validation.PASSWORD_MIN, maxLength=validation.PASSWORD_MAX),
    rule(validation.normalize_password),
]
InviteCodeText = Annotated[
    str,
    Field(max_length=128, examples=["5858"], description="4–32 of letters, digits, - and _ (case-insensitive)"),
    documented(pattern="^[A-Za-z0-9_-]{4,32}$"),
    rule(validation.validate_invite_code),
]
PhoneNumber = Annotated[
    str,
    Field(max_length=80, examples=["010-1234-5678"], description="A Korean mobile number (blank = none)"),
    documented(pattern="^ *$|^(\\+?82-?|0)1[016789]-?[0-9]{3,4}-?[0-9]{4}$"),
    rule(validation.normalize_phone),
]
Avatar = Annotated[
    str,
    Field(max_length=32, examples=["neon-cat"]),
    documented(enum=list(validation.AVATARS)),
    rule(validation.validate_avatar),
]

# Every error a route may answer, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": description}
    for status, description in {
        400: "Bad request",
        401: "Not authenticated",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        413: "Body too large",
        422: "Invalid input",
        429: "Too many requests",
        503: "Temporarily unavailable",
    }.items()
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The envelope responses for ``statuses`` (plus 422, which any body or query can cause)."""
    return {status: ERRORS[status] for status in sorted({*statuses, 422})}
