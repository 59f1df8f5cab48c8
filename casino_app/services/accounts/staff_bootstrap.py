"""The first staff admin of a deployment: from BOOTSTRAP_ADMIN_PASSWORD or the ``create-admin`` command.

Never from a default: the password must have at least 12 characters and not be
one of the shipped or classic defaults (``production_guard``), and the account
is created only when its site ID is free, so re-running changes nothing and an
existing admin's password is never overwritten from the environment.
"""

from __future__ import annotations

from sqlmodel import select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.production_guard import MIN_ADMIN_PASSWORD_LENGTH, is_default_password
from casino_app.models.accounts import User
from casino_app.services import audit
from casino_app.services.accounts import passwords
from casino_app.services.accounts.validation import normalize_password, validate_site_id
from casino_app.settings import get_settings


def check_admin_password(password: str) -> str:
    """The normalised password, or ``ValueError`` when it is too short or a known default."""
    value = normalize_password(password)
    if len(value) < MIN_ADMIN_PASSWORD_LENGTH or is_default_password(value):
        raise ValueError(f"an admin password needs at least {MIN_ADMIN_PASSWORD_LENGTH} characters and no default")
    return value


def create_admin(site_id: str, password: str) -> int:
    """Create a staff admin; ``ValueError`` when the site ID is taken or the password is weak. Audited."""
    site_id = validate_site_id(site_id)
    password_hash = passwords.hash_password(check_admin_password(password))
    with session_scope() as db:
        if db.exec(select(User.id).where(User.site_id == site_id)).first() is not None:
            raise ValueError(f"the site ID {site_id} is taken")
        user = User(
            site_id=site_id,
            nickname=f"운영{site_id}"[:12],
            password_hash=password_hash,
            staff_role="admin",
            created_at=clock.now(),
        )
        db.add(user)
        db.flush()
        assert user.id is not None
        audit.record(db, actor_id=None, action="staff.bootstrap_admin", target_type="user", target_id=user.id)
        return user.id


def ensure_bootstrap_admin() -> str:
    """Create BOOTSTRAP_ADMIN_SITE_ID from BOOTSTRAP_ADMIN_PASSWORD when set and the site ID is free."""
    settings = get_settings()
    if settings.bootstrap_admin_password is None:
        return "no bootstrap admin (BOOTSTRAP_ADMIN_PASSWORD unset)"
    with session_scope() as db:
        exists = db.exec(select(User.id).where(User.site_id == settings.bootstrap_admin_site_id)).first()
    if exists is not None:
        return f"bootstrap admin {settings.bootstrap_admin_site_id} already exists"
    create_admin(settings.bootstrap_admin_site_id, settings.bootstrap_admin_password.get_secret_value())
    return f"bootstrap admin {settings.bootstrap_admin_site_id} created"
