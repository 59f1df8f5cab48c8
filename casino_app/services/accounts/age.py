"""Age verification behind an adapter interface (self-declaration now, an identity provider later).

Korean youth-protection rule (청소년보호법 §2): a person is a minor while under
19, except that everyone is an adult from 1 January of the year they turn 19.
So the test is ``this_year - birth_year >= 19`` on the business (KST) date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.settings import get_settings


@dataclass(frozen=True)
class AgeStatus:
    """Whether the player may buy gold and see adult content."""

    age_verified: bool
    method: str | None
    verified_at: datetime | None


class AgeVerifier(Protocol):
    """An age-verification method; ``evidence`` is whatever the method needs."""

    method: str

    def is_adult(self, evidence: date, today: date) -> bool:
        """Whether the evidence shows an adult on ``today``."""
        ...


class SelfDeclaredVerifier:
    """The player states their birth date (no document check)."""

    method = "self_declared"

    def is_adult(self, evidence: date, today: date) -> bool:
        """Korean youth-protection age on ``today``."""
        return is_korean_adult(evidence, today)


VERIFIERS: dict[str, AgeVerifier] = {"self_declared": SelfDeclaredVerifier()}


def is_korean_adult(birth_date: date, today: date) -> bool:
    """Adult from 1 January of the year one turns ``ADULT_AGE`` (19)."""
    return today.year - birth_date.year >= get_settings().adult_age


@dataclass(frozen=True)
class AgeCheck:
    """What a birth date means today: the age in full years (만 나이), whether the youth-protection rule counts
    the person as an adult, and from which day it does."""

    birth_date: date
    age: int
    adult: bool
    adult_from: date


def assess(birth_date: date, today: date | None = None) -> AgeCheck:
    """Read a declared birth date on the business (KST) date; 422 ``BIRTH_DATE_INVALID`` for a future date or
    one before 1900. Records nothing (the form shows it before the player confirms)."""
    today = today or clock.business_date()
    if birth_date > today or birth_date.year < 1900:
        raise ValidationFailed(code="BIRTH_DATE_INVALID", details={"field": "birth_date"})
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    full_years = today.year - birth_date.year - (0 if had_birthday else 1)
    adult_from = date(birth_date.year + get_settings().adult_age, 1, 1)
    return AgeCheck(birth_date, full_years, is_korean_adult(birth_date, today), adult_from)


def verify(user_id: int, birth_date: date, *, minor_confirmed: bool = False) -> AgeStatus:
    """Record an age verification with the configured method.

    A self-declared minor is recorded only once the player has confirmed the date (``minor_confirmed``):
    before that the answer is 409 ``AGE_CONFIRM_MINOR`` with the computed ``age`` and nothing is stored.
    A recorded minor is refused, and a second self-declaration after that is refused too (only an identity
    provider may overturn it).
    """
    today = clock.business_date()
    check = assess(birth_date, today)
    verifier = VERIFIERS[get_settings().age_verification_method]
    now = clock.now()
    with session_scope() as db:
        user = db.get(User, user_id, with_for_update=True)
        if user is None:
            raise NotFound()
        if user.age_verified_at is not None:
            return AgeStatus(True, user.age_verification_method, user.age_verified_at)
        if user.age_declared_underage_at is not None and verifier.method == "self_declared":
            raise Forbidden(code="AGE_VERIFICATION_LOCKED")
        if not verifier.is_adult(birth_date, today):
            if not minor_confirmed:
                raise Conflict(
                    code="AGE_CONFIRM_MINOR",
                    details={"field": "birth_date", "age": check.age, "adult_age": get_settings().adult_age},
                )
            user.age_declared_underage_at = now
            adult = False
        else:
            user.age_verified_at, user.age_verification_method = now, verifier.method
            adult = True
    if not adult:  # committed above, so the lock on re-declaring holds
        raise Forbidden(code="UNDERAGE", details={"adult_age": get_settings().adult_age})
    return AgeStatus(True, verifier.method, now)


def status(user_id: int) -> AgeStatus:
    """The player's current verification."""
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None:
            raise NotFound()
        return AgeStatus(user.age_verified_at is not None, user.age_verification_method, user.age_verified_at)
