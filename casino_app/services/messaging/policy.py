"""Who may receive which message, and when: the one place the delivery rules live.

- Service categories (account, purchase, notice) always go out; nothing mutes them.
- Other categories go out unless the player muted them in their settings.
- Marketing needs the player's marketing consent, never reaches a player on a cool-off or self-exclusion, and
  between 21:00 and 08:00 KST also needs the separate night consent (Korean law, 정보통신망법 §50).
- Campaigns and broadcasts of any category, service notices included, skip players on a break (they are sent
  because we chose to, not because the player did something; a label cannot bypass a break).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.messaging import NOTIFICATION_CATEGORIES, SERVICE_CATEGORIES, NotificationPreference
from casino_app.services.care import guard

KST = ZoneInfo("Asia/Seoul")
QUIET_START = time(21, 0)
QUIET_END = time(8, 0)
MARKETING = "marketing"
# Why a message was not delivered (campaign_deliveries.outcome uses the same words); "quiet_hours" is a
# deferral, not an outcome: the message may go out once the night is over.
MUTED = "skipped_muted"
NO_CONSENT = "skipped_consent"
ON_BREAK = "skipped_break"
QUIET_HOURS = "quiet_hours"


@dataclass(frozen=True)
class Preferences:
    """A player's settings as the policy reads them (defaults when the player never saved any)."""

    muted: frozenset[str]
    marketing_consent_at: datetime | None
    night_consent_at: datetime | None


def is_service(category: str) -> bool:
    """Service messages (account, purchase, notice) are always delivered."""
    return category in SERVICE_CATEGORIES


def is_quiet_hours(at: datetime) -> bool:
    """Whether ``at`` falls in the night window 21:00–08:00 KST."""
    local = at.astimezone(KST).time()
    return local >= QUIET_START or local < QUIET_END


def quiet_hours_end(at: datetime) -> datetime:
    """The first 08:00 KST at or after ``at`` (when deferred marketing may go out)."""
    local = at.astimezone(KST)
    end = local.replace(hour=QUIET_END.hour, minute=0, second=0, microsecond=0)
    return end if end >= local else end + timedelta(days=1)


def preferences(db: Session, user_id: int) -> Preferences:
    """The player's stored settings, or the defaults (nothing muted, no consent)."""
    table = NotificationPreference.__table__
    row = db.execute(
        sa.select(table.c.muted, table.c.marketing_consent_at, table.c.night_consent_at).where(
            table.c.user_id == user_id
        )
    ).first()
    if row is None:
        return Preferences(frozenset(), None, None)
    return Preferences(frozenset(row.muted), row.marketing_consent_at, row.night_consent_at)


def blocked(
    db: Session, user_id: int, category: str, *, campaign: bool = False, now: datetime | None = None
) -> str | None:
    """Why a message of ``category`` may not reach the player now, or None when it may.

    Returns one of ``MUTED``, ``NO_CONSENT``, ``ON_BREAK`` or ``QUIET_HOURS`` (marketing at night without the
    night consent: try again after 08:00 KST).
    """
    if category not in NOTIFICATION_CATEGORIES:
        raise ValueError(f"unknown notification category {category!r}")
    at = now or clock.now()
    if campaign and not guard.marketing_allowed(db, user_id, at):
        return ON_BREAK  # nothing we chose to send reaches a player on a break, whatever its label
    if is_service(category):
        return None
    prefs = preferences(db, user_id)
    if category in prefs.muted:
        return MUTED
    if category == MARKETING and prefs.marketing_consent_at is None:
        return NO_CONSENT
    if category == MARKETING and not guard.marketing_allowed(db, user_id, at):
        return ON_BREAK
    if category == MARKETING and prefs.night_consent_at is None and is_quiet_hours(at):
        return QUIET_HOURS
    return None
