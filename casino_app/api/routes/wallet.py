"""``/api/users/balance`` and ``/api/wallet/ledger`` (notifications: ``routes/notifications.py``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query

from casino_app.api.deps import Player
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services import ledger

router = APIRouter(tags=["wallet"])


class BalanceOut(ResponseModel):
    """The authoritative gold balance."""

    gold: int


class LedgerItemOut(ResponseModel):
    """One movement on the wallet (negative amounts leave it)."""

    id: int
    kind: str
    amount: int
    balance_after: int
    reference: str
    created_at: datetime


class LedgerPageOut(ResponseModel):
    """A page of the wallet history, newest first."""

    items: list[LedgerItemOut]
    next_cursor: str | None


@router.get("/api/users/balance", responses=errors(401, 403))
def balance(user: Player) -> BalanceOut:
    """The player's gold, read from the ledger."""
    return BalanceOut(gold=ledger.balance_of(user.id))


@router.get("/api/wallet/ledger", responses=errors(401, 403))
def wallet_ledger(
    user: Player,
    limit: int = Query(20, ge=1, le=100),
    cursor: str | None = Query(None, max_length=40, description="``next_cursor`` of the previous page"),
) -> LedgerPageOut:
    """The player's own ledger entries, newest first, keyset paginated."""
    page = ledger.history(user.id, limit=limit, cursor=cursor)
    return LedgerPageOut(items=[LedgerItemOut.model_validate(i) for i in page.items], next_cursor=page.next_cursor)
