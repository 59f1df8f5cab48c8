"""Staff notes on a player: support, operators and admins write them (1–1000 characters), newest first with
their author; every note is audited. Players never see them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.messaging import StaffNote
from casino_app.services import audit
from casino_app.services.accounts import identity
from casino_app.services.accounts.identity import AuthUser

NOTE_MAX = 1000
NOTES_SHOWN = 50
_ALLOWED_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class NoteView:
    """A note with its author (``None`` once the author's account is gone)."""

    id: int
    user_id: int
    body: str
    author_id: int | None
    author_site_id: str | None
    author_nickname: str | None
    created_at: datetime


def clean_body(raw: str) -> str:
    """NFC, trimmed, line breaks normalised, 1–1000 characters, no other control characters (422 otherwise)."""
    if not isinstance(raw, str) or len(raw) > NOTE_MAX * 4:
        raise ValidationFailed(code="NOTE_TOO_LONG", details={"field": "body", "max": NOTE_MAX})
    body = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not body:
        raise ValidationFailed(code="NOTE_REQUIRED", details={"field": "body"})
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} and ch not in _ALLOWED_CONTROLS for ch in body):
        raise ValidationFailed(code="NOTE_CONTROL_CHARACTERS", details={"field": "body"})
    if len(body) > NOTE_MAX:
        raise ValidationFailed(code="NOTE_TOO_LONG", details={"field": "body", "max": NOTE_MAX})
    return body


def _author_join() -> tuple[sa.Select, sa.Table]:
    notes, authors = StaffNote.__table__, User.__table__.alias("author")
    query = sa.select(
        notes.c.id,
        notes.c.user_id,
        notes.c.body,
        notes.c.author_id,
        authors.c.site_id,
        authors.c.nickname,
        notes.c.created_at,
    ).select_from(notes.outerjoin(authors, authors.c.id == notes.c.author_id))
    return query, notes


def list_notes(actor: AuthUser, user_id: int, *, limit: int = NOTES_SHOWN) -> list[NoteView]:
    """The player's notes, newest first, with their authors (staff of any role)."""
    identity.require_staff(actor, "support")
    query, notes = _author_join()
    with session_scope() as db:
        rows = db.execute(
            query.where(notes.c.user_id == user_id).order_by(notes.c.id.desc()).limit(max(1, min(limit, 200)))
        ).all()
    return [NoteView(*row) for row in rows]


def add_note(actor: AuthUser, user_id: int, body: str, *, ip: str = "") -> NoteView:
    """Keep a note on a player (404 ``PLAYER_NOT_FOUND`` for an unknown id or a staff account); audited."""
    identity.require_staff(actor, "support")
    text = clean_body(body)
    now = clock.now()
    with session_scope() as db:
        player = db.get(User, user_id)
        if player is None or player.staff_role is not None:
            raise NotFound(code="PLAYER_NOT_FOUND", details={"user_id": user_id})
        note = StaffNote(user_id=user_id, author_id=actor.id, body=text, created_at=now)
        db.add(note)
        db.flush()
        assert note.id is not None
        audit.record(
            db,
            actor_id=actor.id,
            action="player.note",
            target_type="user",
            target_id=user_id,
            details={"note_id": note.id, "length": len(text)},
            ip=ip,
        )
        return NoteView(note.id, user_id, text, actor.id, actor.site_id, actor.nickname, now)
