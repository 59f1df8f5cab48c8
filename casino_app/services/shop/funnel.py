"""Purchase funnel events through the outbox: ``open_shop``, ``buy_click``, ``buy_success``, ``buy_fail``.

Each is written in the transaction of the action it describes, so an event
exists exactly when that action committed (a refused purchase commits its
failed order row and its ``buy_fail`` together).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from casino_app.services import outbox

EVENTS = ("open_shop", "buy_click", "buy_success", "buy_fail")


def emit(db: Session, event: str, user_id: int, **properties: Any) -> None:
    """Record funnel ``event`` for ``user_id`` in the caller's transaction."""
    if event not in EVENTS:
        raise ValueError(f"unknown funnel event {event!r}")
    outbox.emit(db, outbox.SHOP_FUNNEL, user_id, {"event": event, "user_id": user_id, **properties})
