"""SQLModel tables, one module per domain area. Importing this registers them all."""

from casino_app.models import accounts, audit, games, ledger, limited, outbox, payments, progression, shop, system  # noqa: F401
from casino_app.models.base import metadata

__all__ = ["metadata"]
