"""Signup's door: a staff invite code or a player's personal code, used in the signup's transaction."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import metrics
from casino_app.core.db import after_commit
from casino_app.core.errors import ValidationFailed
from casino_app.models.accounts import InviteCode
from casino_app.services.accounts import invites
from casino_app.services.accounts.validation import validate_invite_code
from casino_app.services.referrals import codes


def admit(db: Session, code: str) -> codes.Admission:
    """Use one slot of ``code``: a staff invite when one has this code, else a personal code, else the
    invite's own error (INVITE_UNKNOWN…). Race-safe: each kind is used by one conditional UPDATE."""
    normalized = validate_invite_code(code)
    staff = db.execute(sa.select(InviteCode.__table__.c.id).where(InviteCode.__table__.c.code == normalized)).first()
    kind = "personal" if staff is None and codes.is_personal_code(db, normalized) else "staff"
    try:
        if kind == "personal":
            admission = codes.Admission(None, codes.claim(db, normalized), normalized)
        else:
            admission = codes.Admission(invites.consume(db, normalized), None, normalized)
    except ValidationFailed as refused:
        invites.count_rejection("signup", refused.error_code)
        raise
    after_commit(db, lambda: metrics.INVITE_REDEMPTIONS.labels(kind).inc())  # the signup committed
    return admission


def record(db: Session, admission: codes.Admission, referee_id: int) -> None:
    """After the new player's row exists: remember who referred them (if anyone)."""
    codes.record(db, admission, referee_id)
