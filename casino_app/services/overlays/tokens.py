"""Overlay tokens: issued by staff (shown once), listed, revoked, and resolved by the overlay pages.

A token is ``ccov_`` + 256 random bits; only its SHA-256 is stored, so the database never holds a usable
token and a lookup by hash compares nothing secret byte by byte (the row is found through the unique index;
the found hash is compared again in constant time). A revoked or unknown token resolves to nothing.
Operators and admins manage tokens (they are credentials, like invite codes); every change is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.overlays import OverlayToken
from casino_app.services import audit
from casino_app.services.accounts import identity
from casino_app.services.overlays import Kind
from casino_app.settings import get_settings

PREFIX = "ccov_"
LABEL_MAX = 60
LIST_LIMIT = 200
ROLE = "operator"
# ``last_used_at`` is written at most this often per token: overlays refresh every few seconds.
USED_EVERY = timedelta(minutes=1)
_SHAPE = re.compile(r"^ccov_[A-Za-z0-9_-]{20,80}$")

_tokens = OverlayToken.__table__
_creators = aliased(User)
_revokers = aliased(User)


@dataclass(frozen=True)
class TokenView:
    """A token as staff see it (never the token itself)."""

    id: int
    label: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether overlays still accept it."""
        return self.revoked_at is None


@dataclass(frozen=True)
class Issued:
    """A new token: its row and the token itself, which is shown this once and stored nowhere."""

    view: TokenView
    token: str


@dataclass(frozen=True)
class Access:
    """An active token as an overlay resolved it."""

    token_id: int
    label: str


def hash_token(token: str) -> str:
    """SHA-256 hex of a token (256 random bits: no salt needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def urls(token: str, lang: str = "") -> dict[str, str]:
    """The address of each overlay for an OBS browser source (Korean unless ``lang`` is ``en``)."""
    base = get_settings().resolved_public_url
    suffix = "&lang=en" if lang == "en" else ""
    return {kind.value: f"{base}/overlay/{kind.value}?token={token}{suffix}" for kind in Kind}


def clean_label(raw: object) -> str:
    """The streamer's label: 1–60 characters after trimming, one line, no control characters (422
    ``OVERLAY_LABEL_INVALID``)."""
    text = unicodedata.normalize("NFC", raw).strip() if isinstance(raw, str) and len(raw) <= LABEL_MAX * 4 else ""
    if not 1 <= len(text) <= LABEL_MAX or any(unicodedata.category(ch).startswith("C") for ch in text):
        raise ValidationFailed(code="OVERLAY_LABEL_INVALID", details={"field": "label", "max": LABEL_MAX})
    return text


def _select() -> sa.Select:
    return (
        sa.select(
            _tokens,
            sa.func.coalesce(_creators.site_id, "").label("creator"),
            sa.func.coalesce(_revokers.site_id, "").label("revoker"),
        )
        .outerjoin(_creators, _creators.id == _tokens.c.created_by)
        .outerjoin(_revokers, _revokers.id == _tokens.c.revoked_by)
    )


def _view(row: sa.Row) -> TokenView:
    return TokenView(
        id=int(row.id),
        label=row.label,
        created_by=row.creator,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoker,
        last_used_at=row.last_used_at,
    )


def _one(db: Session, token_id: int) -> TokenView:
    return _view(db.execute(_select().where(_tokens.c.id == token_id)).one())


def issue(actor: identity.AuthUser, label: str, *, ip: str = "") -> Issued:
    """Make a token for a streamer (operators; audited without the token). The token is returned once."""
    identity.require_staff(actor, ROLE)
    name = clean_label(label)
    token = PREFIX + secrets.token_urlsafe(32)
    with session_scope() as db:
        token_id = db.execute(
            sa.insert(_tokens)
            .values(label=name, token_hash=hash_token(token), created_by=actor.id, created_at=clock.now())
            .returning(_tokens.c.id)
        ).scalar_one()
        audit.record(
            db,
            actor_id=actor.id,
            action="overlay_token.create",
            target_type="overlay_token",
            target_id=token_id,
            after={"label": name},
            ip=ip,
        )
        return Issued(_one(db, token_id), token)


def list_all(actor: identity.AuthUser) -> list[TokenView]:
    """Every token, active ones first, newest first (operators)."""
    identity.require_staff(actor, ROLE)
    order = (_tokens.c.revoked_at.is_not(None), _tokens.c.id.desc())
    with session_scope() as db:
        return [_view(row) for row in db.execute(_select().order_by(*order).limit(LIST_LIMIT))]


def revoke(actor: identity.AuthUser, token_id: int, *, ip: str = "") -> TokenView:
    """Stop a token from opening any overlay (operators; audited). Revoking a revoked token changes nothing.
    404 ``OVERLAY_TOKEN_NOT_FOUND``."""
    identity.require_staff(actor, ROLE)
    with session_scope() as db:
        row = db.execute(sa.select(_tokens).where(_tokens.c.id == token_id).with_for_update()).first()
        if row is None:
            raise NotFound(code="OVERLAY_TOKEN_NOT_FOUND", details={"token_id": token_id})
        if row.revoked_at is None:
            now = clock.now()
            db.execute(sa.update(_tokens).where(_tokens.c.id == token_id).values(revoked_at=now, revoked_by=actor.id))
            audit.record(
                db,
                actor_id=actor.id,
                action="overlay_token.revoke",
                target_type="overlay_token",
                target_id=token_id,
                details={"label": row.label},
                before={"revoked_at": None},
                after={"revoked_at": now.isoformat()},
                ip=ip,
            )
        return _one(db, token_id)


def resolve(token: object) -> Access | None:
    """The active token an overlay was opened with, or None (malformed, unknown or revoked: refused).

    Marks the token used (at most once a minute)."""
    if not isinstance(token, str) or not _SHAPE.fullmatch(token):
        return None
    wanted = hash_token(token)
    now = clock.now()
    with session_scope() as db:
        row = db.execute(
            sa.select(_tokens.c.id, _tokens.c.label, _tokens.c.token_hash, _tokens.c.last_used_at).where(
                _tokens.c.token_hash == wanted, _tokens.c.revoked_at.is_(None)
            )
        ).first()
        if row is None or not hmac.compare_digest(row.token_hash, wanted):
            return None
        if row.last_used_at is None or now - row.last_used_at >= USED_EVERY:
            db.execute(sa.update(_tokens).where(_tokens.c.id == row.id).values(last_used_at=now))
        return Access(int(row.id), row.label)
