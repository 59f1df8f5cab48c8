"""Bulk gold grants: a CSV of ``site_id,amount[,note]`` credited once per batch key, all or nothing.

The whole batch is one transaction: every credit (from the system account ``rewards:grant`` to the player through
the ledger, idempotency key ``grant-bulk:{batch_key}:{row}``), every ``gold_granted`` notification (category
``reward``), the ``grant_batches`` row with the per-row results and totals, and one audit row commit together or
not at all. Each row runs in its own savepoint, so a bad row (unknown site ID, bad amount, a staff account, a
deactivated player) fails alone with its error code while the other rows go through; an unexpected failure (the
database, a crash) rolls the whole batch back, and uploading the file again grants every row once.

The batch key (default: the SHA-256 of the file) makes uploads safe to repeat: the transaction holds an advisory
lock on the key, so two simultaneous uploads of one batch run one after the other. A key already stored with the
same content (the same parsed rows: site ID, amount, note, row-level error) returns the stored result
(``replayed``) and grants nothing; the same key with other content is refused (``BATCH_KEY_REUSED``). The reason
is kept on the batch and its audit row, not in the ledger memo.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError, Conflict, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.ledger import LedgerAccount
from casino_app.models.messaging import GrantBatch
from casino_app.services import audit, ledger, notifications
from casino_app.services.console import grant_csv
from casino_app.services.ledger.accounts import allow_system_account

SOURCE = "rewards:grant"  # the system account bulk-granted gold comes from
KIND = "ADMIN_GRANT"
NOTIFICATION = "gold_granted"
REASON_MAX = 200
RECENT_MAX = 50
BATCH_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
_BATCH_KEY = re.compile(BATCH_KEY_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_LOCK = sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))")

allow_system_account(SOURCE)


@dataclass(frozen=True)
class RowResult:
    """What happened to one row (``error`` is the code when it failed).

    ``note`` and ``input_error`` (the row-level error found when reading the file) are the row as uploaded:
    stored with the batch so a later upload under the same key can be compared with it.
    """

    row: int
    site_id: str
    amount: int | None
    ok: bool
    error: str | None
    note: str = ""
    input_error: str | None = None


@dataclass(frozen=True)
class BatchResult:
    """A bulk grant as stored (``replayed``: this upload found the batch already done and granted nothing)."""

    batch_key: str
    reason: str
    actor_id: int | None
    actor_site_id: str | None
    rows: int
    granted: int
    failed: int
    total_gold: int
    results: list[RowResult]
    created_at: datetime
    replayed: bool


@dataclass(frozen=True)
class _Player:
    id: int
    staff_role: str | None
    is_active: bool


def batch_key_of(content: bytes) -> str:
    """The default batch key: the SHA-256 of the uploaded file, hex."""
    return hashlib.sha256(content).hexdigest()


def _checked_reason(reason: str) -> str:
    value = (reason or "").strip()
    if not value:
        raise ValidationFailed(code="REASON_REQUIRED", details={"field": "reason"})
    if len(value) > REASON_MAX or _CONTROL.search(value):
        raise ValidationFailed(code="REASON_INVALID", details={"field": "reason", "max_length": REASON_MAX})
    return value


def _checked_key(batch_key: str | None, content: bytes) -> str:
    key = (batch_key or "").strip()
    if not key:
        return batch_key_of(content)
    if not _BATCH_KEY.fullmatch(key):
        raise ValidationFailed(code="BATCH_KEY_INVALID", details={"field": "batch_key"})
    return key


def _uploaded(row: grant_csv.CsvRow) -> tuple[int, str, int | None, str, str | None]:
    """A parsed row as it identifies the batch's content (what a re-upload must match)."""
    return (row.row, row.site_id, row.amount, row.note, row.error)


def _stored_rows(results: list[RowResult]) -> list[tuple[int, str, int | None, str, str | None]]:
    return [(r.row, r.site_id, r.amount, r.note, r.input_error) for r in results]


def _result_of(row: GrantBatch, actor_site_id: str | None, *, replayed: bool) -> BatchResult:
    fields = RowResult.__dataclass_fields__
    return BatchResult(
        batch_key=row.batch_key,
        reason=row.reason,
        actor_id=row.actor_id,
        actor_site_id=actor_site_id,
        rows=row.rows,
        granted=row.granted,
        failed=row.failed,
        total_gold=row.total_gold,
        results=[RowResult(**{k: v for k, v in item.items() if k in fields}) for item in row.results],
        created_at=row.created_at,
        replayed=replayed,
    )


def _load(db: Session, batch_key: str, *, replayed: bool) -> BatchResult | None:
    found = db.execute(
        sa.select(GrantBatch, User.site_id)
        .outerjoin(User, User.id == GrantBatch.actor_id)  # type: ignore[arg-type]
        .where(GrantBatch.batch_key == batch_key)  # type: ignore[arg-type]
    ).first()
    return None if found is None else _result_of(found[0], found[1], replayed=replayed)


def get(batch_key: str) -> BatchResult | None:
    """The stored batch with ``batch_key`` (None when there is none)."""
    if not _BATCH_KEY.fullmatch(batch_key or ""):
        return None
    with session_scope() as db:
        return _load(db, batch_key, replayed=False)


def recent(limit: int = 20) -> list[BatchResult]:
    """The latest batches, newest first (at most 50), each with its per-row results."""
    with session_scope() as db:
        found = db.execute(
            sa.select(GrantBatch, User.site_id)
            .outerjoin(User, User.id == GrantBatch.actor_id)  # type: ignore[arg-type]
            .order_by(GrantBatch.id.desc())  # type: ignore[union-attr]
            .limit(max(1, min(int(limit), RECENT_MAX)))
        ).all()
        return [_result_of(batch, site_id, replayed=False) for batch, site_id in found]


def _players(db: Session, rows: list[grant_csv.CsvRow]) -> dict[str, _Player]:
    """The accounts the valid rows name, by site ID; the payees' gold wallets opened and locked in id order."""
    wanted = sorted({row.site_id for row in rows if row.error is None})
    if not wanted:
        return {}
    users = User.__table__
    found = db.execute(
        sa.select(users.c.site_id, users.c.id, users.c.staff_role, users.c.is_active).where(users.c.site_id.in_(wanted))
    ).all()
    players = {r.site_id: _Player(r.id, r.staff_role, bool(r.is_active)) for r in found}
    payees = sorted({p.id for p in players.values() if p.staff_role is None and p.is_active})
    for user_id in payees:
        ledger.ensure_user_account(db, user_id)
    if payees:  # one transaction credits many wallets: lock them up front in ascending id order (no deadlock)
        accounts = LedgerAccount.__table__
        db.execute(
            sa.select(accounts.c.id)
            .where(accounts.c.code.in_([ledger.user_account(user_id) for user_id in payees]))
            .order_by(accounts.c.id)
            .with_for_update()
        )
    return players


def _grant_row(db: Session, row: grant_csv.CsvRow, player: _Player | None, batch_key: str, actor_id: int) -> RowResult:
    """Credit one row in its own savepoint; a refusal rolls back only this row (and its after-commit pushes)."""

    def result(error: str | None) -> RowResult:
        return RowResult(row.row, row.site_id, row.amount, error is None, error, row.note, row.error)

    if row.error is not None or row.amount is None:
        return result(row.error or "AMOUNT_INVALID")
    if player is None:
        return result("SITE_ID_UNKNOWN")
    if player.staff_role is not None:
        return result("STAFF_ACCOUNT")
    if not player.is_active:
        return result("PLAYER_INACTIVE")
    pushes = db.info.setdefault("after_commit", [])
    mark = len(pushes)
    memo: dict[str, Any] = {"batch_key": batch_key}  # the reason stays on the batch and its audit row
    if row.note:
        memo["note"] = row.note
    try:
        with db.begin_nested():
            posting = ledger.post(
                db,
                key=f"grant-bulk:{batch_key}:{row.row}",
                kind=KIND,
                legs=[ledger.Leg(SOURCE, ledger.user_account(player.id), row.amount, KIND)],
                reference=f"grant-bulk:{batch_key}"[:100],
                actor_id=actor_id,
                memo=memo,
            )
            if not posting.replayed:
                params: dict[str, Any] = {"amount": row.amount}
                if row.note:
                    params["note"] = row.note
                notifications.notify(db, player.id, NOTIFICATION, category="reward", **params)
    except AppError as exc:  # e.g. the same key and row already posted with other content
        del db.info.setdefault("after_commit", [])[mark:]  # nothing of this row happened: push nothing
        return result(exc.error_code)
    return result(None)


def _store(
    db: Session, batch_key: str, reason: str, actor_id: int, results: list[RowResult], ip: str, file_sha256: str
) -> None:
    """Insert the batch row and its audit row in the batch's transaction."""
    granted = [r for r in results if r.ok]
    totals = {
        "rows": len(results),
        "granted": len(granted),
        "failed": len(results) - len(granted),
        "total_gold": sum(r.amount or 0 for r in granted),
    }
    table = GrantBatch.__table__
    batch_id = db.execute(
        sa.insert(table)
        .values(
            batch_key=batch_key,
            actor_id=actor_id,
            reason=reason,
            results=[asdict(r) for r in results],
            created_at=clock.now(),
            **totals,
        )
        .returning(table.c.id)
    ).scalar_one()
    audit.record(
        db,
        actor_id=actor_id,
        action="gold.grant_bulk",
        target_type="grant_batch",
        target_id=batch_key,
        details={
            "batch_id": batch_id,
            "file_sha256": file_sha256,
            "failed_rows": [r.row for r in results if not r.ok][:50],
        },
        ip=ip,
        after=totals,
        reason=reason,
    )


def grant_bulk(
    content: bytes, reason: str, *, actor_id: int, batch_key: str | None = None, ip: str = ""
) -> BatchResult:
    """Credit every valid row of the CSV ``content`` once, in one transaction; return the per-row results and totals.

    ``batch_key`` defaults to the file's SHA-256. A key already stored with the same rows returns that batch with
    ``replayed=True`` and grants nothing; with other rows it raises ``Conflict`` (``BATCH_KEY_REUSED``). A bad
    file (``grant_csv.parse``), an empty or too long ``reason`` or a malformed key is a ``ValidationFailed``
    before anything moves. A bad row fails alone; any other failure rolls the whole batch back.
    """
    reason = _checked_reason(reason)
    key = _checked_key(batch_key, content)
    rows = grant_csv.parse(content)
    with session_scope() as db:
        db.execute(_LOCK, {"key": f"grant-bulk:{key}"})  # a second upload of this key waits for the first
        stored = _load(db, key, replayed=True)
        if stored is not None:
            if _stored_rows(stored.results) != [_uploaded(row) for row in rows]:
                raise Conflict(code="BATCH_KEY_REUSED", details={"batch_key": key})
            return stored
        players = _players(db, rows)
        results = [_grant_row(db, row, players.get(row.site_id), key, actor_id) for row in rows]
        _store(db, key, reason, actor_id, results, ip, batch_key_of(content))
        done = _load(db, key, replayed=False)
    assert done is not None
    return done
