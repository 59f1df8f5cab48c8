"""Players: signup, profiles (own and public), profile changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from casino_app.models.accounts import User
from casino_app.services import action_counts, actions, ledger, outbox, rate_limit, wallet
from casino_app.services.accounts import availability, passwords, sessions
from casino_app.services.accounts.validation import (
    FieldError,
    normalize_password,
    normalize_phone,
    validate_avatar,
    validate_invite_code,
    validate_nickname,
    validate_site_id,
)
from casino_app.services.referrals import signup as referral_signup
from casino_app.settings import get_settings


@dataclass(frozen=True)
class Profile:
    """Everything the owner may see about their account."""

    id: int
    site_id: str
    nickname: str
    rank: str
    level: int
    xp: int
    age_verified: bool
    created_at: datetime
    last_login_at: datetime | None
    locale: str
    avatar: str
    sound_enabled: bool
    staff_role: str | None
    must_change_password: bool = False


@dataclass(frozen=True)
class PublicProfile:
    """What other players may see."""

    id: int
    nickname: str
    rank: str
    level: int
    avatar: str
    joined: datetime


@dataclass(frozen=True)
class SignupInput:
    """Raw signup fields as typed by the player."""

    site_id: str
    nickname: str
    password: str
    invite_code: str
    phone_number: str | None = None


def _validated(data: SignupInput) -> tuple[str, str, str, str, str | None]:
    errors: list[FieldError] = []
    values: list[object] = []
    for rule, raw in (
        (validate_site_id, data.site_id),
        (validate_nickname, data.nickname),
        (normalize_password, data.password),
        (validate_invite_code, data.invite_code),
        (normalize_phone, data.phone_number),
    ):
        try:
            values.append(rule(raw))  # type: ignore[operator]
        except FieldError as exc:
            errors.append(exc)
            values.append(None)
    if errors:
        raise ValidationFailed(details={"fields": [{"field": e.field, "code": e.code} for e in errors]})
    return tuple(values)  # type: ignore[return-value]


def signup(data: SignupInput, client: sessions.ClientInfo, *, channel: str = "api") -> sessions.TokenPair:
    """Create a player with an invite code and log them in, in one transaction.

    Rate-limited per client IP, counting only signups that can succeed: invalid fields (422), a taken site ID
    or nickname (409) and an invite code that admits no one (422) are refused first, and count in the
    availability window instead (``availability``). The invite slot, the user row, the gold account with its
    welcome grant and the session commit together or not at all.
    """
    site_id, nickname, password, invite_code, phone = _validated(data)
    availability.refuse_impossible_signup(client.ip, site_id, nickname, invite_code)
    limit = get_settings().signup_rate_limit_per_hour
    decision = rate_limit.hit(f"signup:{client.ip or 'unknown'}", limit, 3600)
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after, code="SIGNUP_RATE_LIMITED")
    password_hash = passwords.hash_password(password)  # slow: outside the transaction
    try:
        with session_scope() as db:
            _ensure_available(db, site_id, nickname)
            admission = referral_signup.admit(db, invite_code)  # a staff invite or a player's personal code
            invite_id = admission.invite_id
            user = User(
                site_id=site_id,
                nickname=nickname,
                password_hash=password_hash,
                phone_number=phone,
                invite_code_id=invite_id,
                created_at=clock.now(),
                last_login_at=clock.now(),
            )
            db.add(user)
            db.flush()
            assert user.id is not None
            wallet.open_wallet(db, user.id)
            referral_signup.record(db, admission, user.id)
            outbox.emit(
                db,
                outbox.ACCOUNT_SIGNUPS,
                user.id,
                {"user_id": user.id, "invite_code_id": invite_id, "referrer_id": admission.referrer_id},
            )
            return sessions.open_session(db, user, client, channel=channel)
    except IntegrityError as exc:  # a concurrent signup took the ID or nickname first
        constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", "") or ""
        if "nickname" in constraint:
            raise Conflict(code="NICKNAME_TAKEN", details={"field": "nickname"}) from None
        raise Conflict(code="SITE_ID_TAKEN", details={"field": "site_id"}) from None


def _ensure_available(db: Session, site_id: str, nickname: str) -> None:
    if availability.taken(db, "site_id", site_id):
        raise Conflict(code="SITE_ID_TAKEN", details={"field": "site_id"})
    if availability.taken(db, "nickname", nickname):
        raise Conflict(code="NICKNAME_TAKEN", details={"field": "nickname"})


def _profile(user: User) -> Profile:
    assert user.id is not None
    return Profile(
        id=user.id,
        site_id=user.site_id,
        nickname=user.nickname,
        rank=user.rank,
        level=user.level,
        xp=user.xp,
        age_verified=user.age_verified_at is not None,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        locale=user.locale,
        avatar=user.avatar,
        sound_enabled=user.sound_enabled,
        staff_role=user.staff_role,
        must_change_password=user.must_change_password,
    )


def get_profile(user_id: int) -> Profile:
    """The owner's full profile."""
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None:
            raise NotFound()
        return _profile(user)


def public_profile(user_id: int) -> PublicProfile:
    """Another player's public card; staff and inactive accounts are not public (404)."""
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None or user.staff_role is not None or not user.is_active:
            raise NotFound(details={"user_id": user_id})
        assert user.id is not None
        return PublicProfile(user.id, user.nickname, user.rank, user.level, user.avatar, user.created_at)


def update_profile(
    user_id: int,
    *,
    nickname: str | None = None,
    avatar: str | None = None,
    locale: str | None = None,
    sound_enabled: bool | None = None,
) -> Profile:
    """Change nickname, avatar, locale or sound preference (only the fields given)."""
    try:
        new_nickname = validate_nickname(nickname) if nickname is not None else None
        new_avatar = validate_avatar(avatar) if avatar is not None else None
    except FieldError as exc:
        raise ValidationFailed(details={"fields": [{"field": exc.field, "code": exc.code}]}) from None
    if locale is not None and locale not in {"ko", "en"}:
        raise ValidationFailed(details={"fields": [{"field": "locale", "code": "LOCALE_UNKNOWN"}]})
    try:
        with session_scope() as db:
            found = db.get(User, user_id) if new_avatar is not None else None
            if found is not None and found.staff_role is None:
                ledger.lock_player(db, user_id)  # completing the profile may pay an achievement: round lock order
            user = db.get(User, user_id, with_for_update=True)
            if user is None:
                raise NotFound()
            if new_nickname is not None and new_nickname.lower() != user.nickname.lower():
                taken = db.exec(
                    select(User.id).where(sa.func.lower(User.nickname) == new_nickname.lower(), User.id != user_id)
                ).first()
                if taken is not None:
                    raise Conflict(code="NICKNAME_TAKEN", details={"field": "nickname"})
            if new_nickname is not None:
                user.nickname = new_nickname
            if new_avatar is not None:
                user.avatar = new_avatar
            if locale is not None:
                user.locale = locale
            if sound_enabled is not None:
                user.sound_enabled = sound_enabled
            db.flush()
            completes = new_avatar is not None and user.staff_role is None
            if completes and not action_counts.done(db, user_id, actions.Kind.PROFILE_COMPLETED):
                # a player choosing an avatar completes the profile (the nickname is set at signup); counted once
                actions.record(db, actions.Action(user_id, actions.Kind.PROFILE_COMPLETED))
            return _profile(user)
    except IntegrityError:
        raise Conflict(code="NICKNAME_TAKEN", details={"field": "nickname"}) from None
