"""SQLModel tables, one module per domain area. Importing this registers them all."""

from casino_app.models import (  # noqa: F401
    accounts,
    achievements,
    actions,
    audit,
    battlepass,
    care,
    crash,
    economy,
    events,
    games,
    ledger,
    limited,
    messaging,
    missions,
    outbox,
    overlays,
    payments,
    progression,
    shop,
    social,
    system,
)
from casino_app.models.base import metadata

__all__ = ["metadata"]
