"""Staff accounts: the first admin of a deployment (from BOOTSTRAP_ADMIN_PASSWORD or the ``create-admin``
command) and further staff of any role (``staff-create --role support|operator|admin``).

Never from a default: the password must have at least 12 characters and not be
one of the shipped or classic defaults (``production_guard``), and the account
is created only when its site ID is free, so re-running changes nothing and an
existing admin's password is never overwritten from the environment.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, ValidationFailed
from casino_app.core.production_guard import KNOWN_DEFAULT_PASSWORDS, MIN_ADMIN_PASSWORD_LENGTH, is_default_password
from casino_app.models.accounts import STAFF_ROLES, AuthSession, User
from casino_app.services import audit
from casino_app.services.accounts import demo, passwords
from casino_app.services.accounts.validation import PASSWORD_MIN, normalize_password, validate_site_id
from casino_app.settings import get_settings


class StaffSiteIdTaken(Conflict, ValueError):
    """The site ID already belongs to an account (player or staff)."""

    code = "STAFF_SITE_ID_TAKEN"


class StaffPasswordWeak(ValidationFailed, ValueError):
    """Shorter than 12 characters, or a shipped or classic default."""

    code = "STAFF_PASSWORD_WEAK"


class StaffRoleInvalid(ValidationFailed, ValueError):
    """Not one of support, operator, admin."""

    code = "STAFF_ROLE_INVALID"


def check_admin_password(password: str) -> str:
    """The normalised password, or ``ValueError`` when it is too short or a known default."""
    value = normalize_password(password)
    if len(value) < MIN_ADMIN_PASSWORD_LENGTH or is_default_password(value):
        raise ValueError(f"an admin password needs at least {MIN_ADMIN_PASSWORD_LENGTH} characters and no default")
    return value


def create_admin(site_id: str, password: str) -> int:
    """Create a staff admin; ``ValueError`` when the site ID is taken or the password is weak. Audited."""
    return create_staff(site_id, password, "admin", action="staff.bootstrap_admin")


def create_staff(
    site_id: str,
    password: str,
    role: str,
    *,
    actor_id: int | None = None,
    action: str = "staff.create",
    ip: str = "",
) -> int:
    """Create a staff account with ``role`` (support, operator or admin); return its id. Audited (``actor_id``
    None: created from the command line).

    ``StaffRoleInvalid`` (422), ``StaffPasswordWeak`` (422: every staff password follows the admin rule, at
    least 12 characters and no shipped or classic default) and ``StaffSiteIdTaken`` (409), each also a
    ``ValueError``; ``FieldError`` for a malformed site ID.
    """
    if role not in STAFF_ROLES:
        raise StaffRoleInvalid(f"the role must be one of {', '.join(STAFF_ROLES)}", details={"field": "role"})
    site_id = validate_site_id(site_id)
    try:
        checked = check_admin_password(password)
    except ValueError as exc:
        raise StaffPasswordWeak(
            str(exc), details={"field": "password", "min_length": MIN_ADMIN_PASSWORD_LENGTH}
        ) from None
    password_hash = passwords.hash_password(checked)
    with session_scope() as db:
        if db.exec(select(User.id).where(User.site_id == site_id)).first() is not None:
            raise StaffSiteIdTaken(f"the site ID {site_id} is taken", details={"field": "site_id"})
        user = User(
            site_id=site_id,
            nickname=f"운영{site_id}"[:12],
            password_hash=password_hash,
            staff_role=role,
            created_at=clock.now(),
        )
        db.add(user)
        db.flush()
        assert user.id is not None
        audit.record(
            db,
            actor_id=actor_id,
            action=action,
            target_type="user",
            target_id=user.id,
            after={"site_id": site_id, "staff_role": role},
            ip=ip,
        )
        return user.id


def ensure_bootstrap_admin() -> str:
    """Create BOOTSTRAP_ADMIN_SITE_ID from BOOTSTRAP_ADMIN_PASSWORD when set and the site ID is free.

    When the site ID already exists the password is *not* applied, and the
    answer says so in capitals: an operator must not believe it took effect.
    """
    settings = get_settings()
    if settings.bootstrap_admin_password is None:
        return "no bootstrap admin (BOOTSTRAP_ADMIN_PASSWORD unset)"
    with session_scope() as db:
        exists = db.exec(select(User.id).where(User.site_id == settings.bootstrap_admin_site_id)).first()
    if exists is not None:
        return (
            f"WARNING: BOOTSTRAP_ADMIN_PASSWORD NOT APPLIED — the site ID {settings.bootstrap_admin_site_id} "
            "already exists and keeps its password (choose another BOOTSTRAP_ADMIN_SITE_ID or use create-admin)"
        )
    create_admin(settings.bootstrap_admin_site_id, settings.bootstrap_admin_password.get_secret_value())
    return f"bootstrap admin {settings.bootstrap_admin_site_id} created"


def _default_passwords() -> set[str]:
    settings = get_settings()
    shipped = {settings.demo_admin_password.get_secret_value(), settings.demo_user_password.get_secret_value()}
    return {p for p in shipped | KNOWN_DEFAULT_PASSWORDS if len(p) >= PASSWORD_MIN}


def disable_default_credentials() -> list[str]:
    """Deactivate every staff or demo account whose password is a shipped or classic default; audited.

    For deployments that were once seeded with demo data (or given a default
    admin password) and are now run as production: such an account stops
    working at once (its sessions end too) instead of staying a known door.
    Returns the site IDs that were disabled.
    """
    demo_ids = [get_settings().demo_admin_site_id, *(site_id for site_id, _ in demo.DEMO_PLAYERS)]
    with session_scope() as db:
        candidates = db.exec(
            select(User).where(
                User.is_active.is_(True),  # type: ignore[attr-defined]
                sa.or_(User.staff_role.is_not(None), User.site_id.in_(demo_ids)),  # type: ignore[union-attr,attr-defined]
            )
        ).all()
        found = [(u.id, u.site_id, u.password_hash) for u in candidates]
    defaults = _default_passwords()
    weak = [(uid, sid) for uid, sid, hashed in found if any(passwords.verify_password(p, hashed) for p in defaults)]
    if not weak:
        return []
    now = clock.now()
    with session_scope() as db:
        ids = [uid for uid, _ in weak]
        db.execute(sa.update(User.__table__).where(User.__table__.c.id.in_(ids)).values(is_active=False))
        sessions = AuthSession.__table__
        db.execute(
            sa.update(sessions)
            .where(sessions.c.user_id.in_(ids), sessions.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason="default_password")
        )
        for uid, _ in weak:
            audit.record(
                db,
                actor_id=None,
                action="staff.default_password_disabled",
                target_type="user",
                target_id=uid,
                before={"is_active": True},
                after={"is_active": False},
                details={"cause": "default_password"},
            )
    return [sid for _, sid in weak]
