"""Staff money tools: gold adjustments, ledger reconciliation, the economy view."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Client, Operator, Support
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.services import ledger, wallet

router = APIRouter(prefix="/api/admin", tags=["admin"])


class GoldAdjustment(ApiModel):
    """A signed gold amount and the reason (required, audited)."""

    amount: int = Field(
        ge=-(10**12),
        le=10**12,
        description="positive credits, negative debits; not zero",
        json_schema_extra={"not": {"const": 0}},
    )
    reason: Annotated[str, Field(min_length=1, max_length=800), text(200, "reason")]


class AdjustmentOut(ResponseModel):
    """The posted adjustment."""

    transfer_id: int
    user_id: int
    amount: int
    balance: int


class ReconcileOut(ResponseModel):
    """Ledger invariants: per-currency entry sums (must be 0) and mismatches (must be 0)."""

    ok: bool
    sums: dict[str, int]
    mismatched_accounts: int
    unbalanced_transfers: int
    checked_at: datetime


class EconomyDayOut(ResponseModel):
    """Gold into and out of player wallets on one KST day, by kind."""

    day: date
    sources: dict[str, int]
    sinks: dict[str, int]
    net: int


class EconomyOut(ResponseModel):
    """Circulation, daily sources and sinks, and the inflation alert."""

    days: int
    circulation: int
    players_with_gold: int
    daily: list[EconomyDayOut]
    net_injection: int
    net_injection_pct: float
    inflation_alert: bool
    alert_threshold_pct: float


@router.post("/users/{user_id}/gold", response_model=AdjustmentOut, responses=errors(400, 401, 403, 404, 409))
def adjust_gold(
    request: Request,
    body: GoldAdjustment,
    staff: Operator,
    client: Client,
    key: IdempotencyKey,
    user_id: int = Path(ge=1, le=2**63 - 1),
) -> Response:
    """Credit or debit a player's gold (audited with the staff id; never below zero)."""

    def action() -> tuple[int, AdjustmentOut]:
        result = wallet.adjust(
            user_id, body.amount, body.reason, actor_id=staff.id, key=f"{staff.id}:{key}", ip=client.ip
        )
        return 200, AdjustmentOut.model_validate(result)

    return respond_once(request, staff.id, key, body, action)


@router.get("/ledger/reconcile", responses=errors(401, 403))
def reconcile(staff: Support) -> ReconcileOut:
    """Check that every currency sums to zero and every cached balance matches its entries."""
    result = ledger.reconcile()
    return ReconcileOut(
        ok=result.ok,
        sums=result.sums,
        mismatched_accounts=result.mismatched_accounts,
        unbalanced_transfers=result.unbalanced_transfers,
        checked_at=result.checked_at,
    )


@router.get("/economy", responses=errors(401, 403))
def economy(staff: Support, days: int = Query(7, ge=1, le=366)) -> EconomyOut:
    """Gold in circulation, sources and sinks by kind per day, net injection and the inflation alert."""
    view = wallet.economy(days)
    return EconomyOut(
        days=view.days,
        circulation=view.circulation,
        players_with_gold=view.players_with_gold,
        daily=[EconomyDayOut(day=d.day, sources=d.sources, sinks=d.sinks, net=d.net) for d in view.daily],
        net_injection=view.net_injection,
        net_injection_pct=view.net_injection_pct,
        inflation_alert=view.inflation_alert,
        alert_threshold_pct=view.alert_threshold_pct,
    )
