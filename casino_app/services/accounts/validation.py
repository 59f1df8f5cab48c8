"""Field rules for account input — the one place each rule lives.

The REST schemas call these as pydantic validators and the Reflex forms call
them directly, so both surfaces accept and reject exactly the same input. A
failure raises ``FieldError`` with a stable code that maps to an i18n message
(``field.<CODE>``).
"""

from __future__ import annotations

import re
import unicodedata

SITE_ID_PATTERN = re.compile(r"^[a-z0-9_]{4,20}$")
NICKNAME_PATTERN = re.compile(r"^[0-9A-Za-z_\uac00-\ud7a3]{2,12}$")
PASSWORD_MIN, PASSWORD_MAX = 8, 128
# The longest value each field keeps (the forms limit their inputs to these).
SITE_ID_MAX, NICKNAME_MAX, PHONE_MAX, INVITE_CODE_MAX = 20, 12, 20, 32
RESERVED_NICKNAMES = frozenset({"admin", "administrator", "operator", "system", "운영자", "관리자", "운영진", "시스템"})
AVATARS: tuple[str, ...] = ("neon-cat", "neon-dog", "neon-bird", "neon-rabbit", "neon-fish", "neon-turtle")
_MOBILE = re.compile(r"^(?:\+?82-?|0)(1[016789])-?([0-9]{3,4})-?([0-9]{4})$")


class FieldError(ValueError):
    """A rejected field: ``code`` names the rule (``SITE_ID_FORMAT``…), ``field`` the input."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


def reject_control_characters(value: str, field: str) -> str:
    """Refuse control, format and surrogate characters (they hide text and break logs)."""
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in value):
        raise FieldError(field, "CONTROL_CHARACTERS")
    return value


def clean_text(value: str, field: str, *, max_length: int) -> str:
    """NFC-normalise, trim, and bound a free-text field."""
    if len(value) > max_length * 4:
        raise FieldError(field, "TOO_LONG")
    value = unicodedata.normalize("NFC", value).strip()
    reject_control_characters(value, field)
    if len(value) > max_length:
        raise FieldError(field, "TOO_LONG")
    return value


def validate_site_id(value: str) -> str:
    """4–20 of ``[a-z0-9_]`` (upper case is folded; anything else is refused)."""
    value = clean_text(value, "site_id", max_length=SITE_ID_MAX).lower()
    if not SITE_ID_PATTERN.fullmatch(value):
        raise FieldError("site_id", "SITE_ID_FORMAT")
    return value


def validate_nickname(value: str) -> str:
    """2–12 letters, digits, underscore or Hangul syllables; not a reserved word; blank is ``REQUIRED``."""
    value = clean_text(value, "nickname", max_length=NICKNAME_MAX)
    if not value:
        raise FieldError("nickname", "REQUIRED")
    if not NICKNAME_PATTERN.fullmatch(value):
        raise FieldError("nickname", "NICKNAME_FORMAT")
    if value.lower() in RESERVED_NICKNAMES:
        raise FieldError("nickname", "NICKNAME_RESERVED")
    return value


def normalize_password(value: str) -> str:
    """NFC form (the same password typed on any OS hashes the same); 8–128 characters, any script."""
    if len(value) > PASSWORD_MAX * 4:
        raise FieldError("password", "PASSWORD_LENGTH")
    value = unicodedata.normalize("NFC", value)
    reject_control_characters(value, "password")
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        raise FieldError("password", "PASSWORD_LENGTH")
    if not value.strip():
        raise FieldError("password", "PASSWORD_LENGTH")
    return value


def normalize_phone(value: str | None) -> str | None:
    """A Korean mobile number in E.164 (``+821012345678``), or ``None`` when blank."""
    if value is None:
        return None
    value = clean_text(value, "phone_number", max_length=PHONE_MAX).replace(" ", "").replace(".", "-")
    if not value:
        return None
    match = _MOBILE.fullmatch(value)
    if not match:
        raise FieldError("phone_number", "PHONE_FORMAT")
    prefix, middle, last = match.groups()
    return f"+82{prefix}{middle}{last}"


def validate_invite_code(value: str) -> str:
    """Invite codes are 4–32 of letters, digits, ``-`` and ``_``; compared upper-case."""
    value = clean_text(value, "invite_code", max_length=INVITE_CODE_MAX).upper()
    if not re.fullmatch(r"[A-Z0-9_-]{4,32}", value):
        raise FieldError("invite_code", "INVITE_FORMAT")
    return value


def validate_avatar(value: str) -> str:
    """One of the preset avatars."""
    if value not in AVATARS:
        raise FieldError("avatar", "AVATAR_UNKNOWN")
    return value
