"""Demo accounts for a fresh install: the default invite code, an admin and user001–user004."""

from __future__ import annotations

from sqlmodel import select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.services import wallet
from casino_app.services.accounts import invites, passwords
from casino_app.settings import get_settings

DEMO_PLAYERS: tuple[tuple[str, str], ...] = (
    ("user001", "네온고양이"),
    ("user002", "황금여우"),
    ("user003", "별빛부엉이"),
    ("user004", "번개호랑이"),
)
DEMO_AVATARS = ("neon-cat", "neon-dog", "neon-bird", "neon-rabbit")


def seed_accounts() -> str:
    """Create the default invite code and the demo accounts if missing (idempotent)."""
    settings = get_settings()
    invites.ensure_code(settings.default_invite_code, note="default")
    created = 0
    player_hash = passwords.hash_password(settings.demo_user_password.get_secret_value())
    admin_hash = passwords.hash_password(settings.demo_admin_password.get_secret_value())
    with session_scope() as db:
        existing = set(db.exec(select(User.site_id)).all())
        if settings.demo_admin_site_id not in existing:
            db.add(
                User(
                    site_id=settings.demo_admin_site_id,
                    nickname="운영팀",
                    password_hash=admin_hash,
                    staff_role="admin",
                    created_at=clock.now(),
                )
            )
            created += 1
        for (site_id, nickname), avatar in zip(DEMO_PLAYERS, DEMO_AVATARS, strict=True):
            if site_id not in existing:
                db.add(
                    User(
                        site_id=site_id,
                        nickname=nickname,
                        password_hash=player_hash,
                        avatar=avatar,
                        created_at=clock.now(),
                    )
                )
                created += 1
    with session_scope() as db:  # every demo player holds a wallet with the welcome gold (idempotent)
        for player_id in db.exec(select(User.id).where(User.site_id.in_([s for s, _ in DEMO_PLAYERS]))).all():  # type: ignore[attr-defined]
            wallet.open_wallet(db, player_id)
    return f"invite code {settings.default_invite_code}; {created} demo accounts created"


def logins() -> list[tuple[str, str]]:
    """(role, site id) of the demo accounts."""
    rows = [("admin", get_settings().demo_admin_site_id)]
    rows += [("player", site_id) for site_id, _ in DEMO_PLAYERS]
    return rows
