"""A player's email address: the format rule, reading it, and setting, changing or removing it.

The address is optional (``users.email``, unique regardless of letter case, at most 254 characters). It is
where the mail outbox (``services.messaging.email``) sends to; nothing is verified by mail.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.services.accounts.validation import FieldError, reject_control_characters

MAX_LENGTH = 254
LOCAL_MAX = 64
# The dot-atom of RFC 5322 (no quoted local parts, no IP-literal domains): what real mailboxes use.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")

_users = User.__table__


def validate_email(value: str) -> str:
    """A trimmed address ``local@domain`` (domain in lower case), or ``FieldError("email", "EMAIL_FORMAT")``.

    ASCII only: the local part is a dot-atom of at most 64 characters, the domain has at least two labels of
    letters, digits and inner hyphens and a top-level label of letters (or ``xn--`` punycode).
    """
    if len(value) > MAX_LENGTH * 4:
        raise FieldError("email", "EMAIL_FORMAT")
    value = unicodedata.normalize("NFC", value).strip()
    reject_control_characters(value, "email")
    if not value or len(value) > MAX_LENGTH or not value.isascii() or value.count("@") != 1:
        raise FieldError("email", "EMAIL_FORMAT")
    local, domain = value.split("@")
    domain = domain.lower()
    labels = domain.split(".")
    if (
        len(local) > LOCAL_MAX
        or not _LOCAL.fullmatch(local)
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TLD.fullmatch(labels[-1])
    ):
        raise FieldError("email", "EMAIL_FORMAT")
    return f"{local}@{domain}"


def get_email(user_id: int) -> str | None:
    """The user's address (None when they have none)."""
    with session_scope() as db:
        row = db.execute(sa.select(_users.c.id, _users.c.email).where(_users.c.id == user_id)).first()
    if row is None:
        raise NotFound()
    return row.email


def set_email(user_id: int, email: str | None) -> str | None:
    """Set, change (``email``) or remove (None or blank) the user's address; returns the stored one.

    422 ``VALIDATION_ERROR`` (field code ``EMAIL_FORMAT``) for a malformed address; 409 ``EMAIL_TAKEN`` when
    another account uses it in any letter case (also when a concurrent change takes it first).
    """
    address: str | None = None
    if email is not None and email.strip():
        try:
            address = validate_email(email)
        except FieldError as exc:
            raise ValidationFailed(details={"fields": [{"field": exc.field, "code": exc.code}]}) from None
    try:
        with session_scope() as db:
            if address is not None:
                taken = db.execute(
                    sa.select(_users.c.id).where(
                        sa.func.lower(_users.c.email) == address.lower(), _users.c.id != user_id
                    )
                ).first()
                if taken is not None:
                    raise Conflict(code="EMAIL_TAKEN", details={"field": "email"})
            updated = db.execute(
                sa.update(_users).where(_users.c.id == user_id).values(email=address).returning(_users.c.email)
            ).first()
            if updated is None:
                raise NotFound()
            return updated.email
    except IntegrityError:
        raise Conflict(code="EMAIL_TAKEN", details={"field": "email"}) from None
